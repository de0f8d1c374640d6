"""Values that end up in a mail: e-mail addresses and the names shown beside them.

Both follow the definitions the mail code uses (:mod:`merzig_cli.core.mailaddress`),
so that ``validate`` reports exactly what sending would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.mailaddress import ENCODED_WORD, MAX_LENGTH, PATTERN, address_problem, is_address
from ..core.yamlio import InvalidDate, PathKey
from .values import Checker, Spec, Str


@dataclass
class Name(Str):
    """A name that may stand in a mail header (a sender or recipient): no RFC 2047 encoded word.

    ``=?…?=`` in a header is decoded by mail programs, and some Python versions turn a
    line break decoded from it into a new header line (``Bcc:``), see CVE-2024-6923.
    """

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        super().check(value, path, c)
        if isinstance(value, str) and ENCODED_WORD in value:
            c.error(
                "encoded-word",
                "„=?“ ist in Namen nicht erlaubt: Mailprogramme lesen es als kodiertes Wort "
                "(RFC 2047)",
                path,
                "Das Gleichheitszeichen oder das Fragezeichen entfernen",
            )

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "not": {"pattern": r"=\?"}}

    def describe(self) -> str:
        return super().describe() + ", ohne „=?“"


@dataclass
class Email(Spec):
    """An e-mail address as :mod:`merzig_cli.core.mailaddress` defines it (mail takes it too)."""

    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            if not isinstance(value, InvalidDate):
                self._type_error(value, "E-Mail-Adresse als Text", path, c)
            return
        problem = address_problem(value)
        if problem:
            shown = value if len(value) <= 80 else value[:77] + "…"
            c.error(
                "format",
                f"„{shown}“ ist keine gültige E-Mail-Adresse",
                path,
                f"{problem[:1].upper()}{problem[1:]}; Beispiel: name@example.org",
            )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": MAX_LENGTH, "pattern": PATTERN}

    def fits(self, value: Any) -> bool:
        return is_address(value)

    def describe(self) -> str:
        return "E-Mail-Adresse, z. B. `name@example.org`"

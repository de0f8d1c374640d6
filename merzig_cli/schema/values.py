"""The leaves of the schema language: the checker, the base spec and the scalar specs.

Each spec checks one value and reports German problems through a
:class:`Checker`, describes itself for JSON Schema (``json_schema``) and for
the German format reference (``describe``). Containers (lists, mappings,
records) live in :mod:`merzig_cli.schema.containers`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.languages import ISO_639_1, LANGUAGE_HINT
from ..core.text import close_match
from ..core.yamlio import Document, InvalidDate, PathKey

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

TYPE_DE = {
    str: "Text",
    int: "ganze Zahl",
    bool: "ja/nein (true/false)",
    list: "Liste",
    dict: "Zuordnung (Schlüssel: Wert)",
    float: "Zahl",
    dt.date: "Datum",
}


def type_name(value: Any) -> str:
    if value is None:
        return "leer"
    if isinstance(value, bool):
        return TYPE_DE[bool]
    if isinstance(value, dt.datetime):
        return "Zeitpunkt"
    for t, name in TYPE_DE.items():
        if isinstance(value, t):
            return name
    return type(value).__name__


@dataclass
class RefUse:
    """A reference found in a file, to be resolved once everything is loaded."""

    kind: str
    value: str
    doc: Document
    path: PathKey


@dataclass
class Checker:
    doc: Document
    refs: list[RefUse] = field(default_factory=list)

    def error(
        self, code: str, msg: str, path: PathKey, hint: str | None = None, key: bool = False
    ) -> None:
        self.doc.problems.append(self.doc.problem("error", code, msg, path, hint, key))

    def warn(
        self, code: str, msg: str, path: PathKey, hint: str | None = None, key: bool = False
    ) -> None:
        self.doc.problems.append(self.doc.problem("warning", code, msg, path, hint, key))


class Spec:
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> str:
        """What the value must be, in German, for the format reference."""
        raise NotImplementedError

    def _type_error(
        self, value: Any, expected: str, path: PathKey, c: Checker, hint: str | None = None
    ) -> None:
        c.error("type", f"erwartet {expected}, gefunden {type_name(value)}", path, hint)


@dataclass
class Str(Spec):
    max_len: int | None = None
    numbers_ok: bool = False
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, bool):
            self._type_error(
                value, "Text", path, c, "Werte wie yes/no/on/off in Anführungszeichen setzen"
            )
            return
        if isinstance(value, int | float) and self.numbers_ok:
            c.warn(
                "number-as-text",
                "Zahl statt Text – führende Nullen gehen so verloren",
                path,
                f'In Anführungszeichen setzen: "{value}"',
            )
            return
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            if not isinstance(value, InvalidDate):
                self._type_error(
                    value,
                    "Text",
                    path,
                    c,
                    "Bei Zahlen oder Daten als Text: in Anführungszeichen setzen",
                )
            return
        if not value.strip():
            c.error("empty", "Text ist leer", path)
        if self.max_len is not None and len(value) > self.max_len:
            c.error(
                "too-long",
                f"Text ist {len(value)} Zeichen lang; erlaubt sind höchstens {self.max_len}",
                path,
                "Kürzen; Ausführliches gehört in „description“",
            )

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": ["string", "number"] if self.numbers_ok else "string"}
        if self.max_len:
            out["maxLength"] = self.max_len
        return out

    def describe(self) -> str:
        text = "Text"
        if self.max_len:
            text += f", höchstens {self.max_len} Zeichen"
        if self.numbers_ok:
            text += " (in Anführungszeichen, damit führende Nullen bleiben)"
        return text


@dataclass
class Regex(Spec):
    """A regular expression (Python syntax) that must compile."""

    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            self._type_error(value, "regulären Ausdruck als Text", path, c)
            return
        try:
            re.compile(value)
        except (re.error, RecursionError, OverflowError) as exc:
            c.error(
                "regex-invalid",
                f"„{value}“ ist kein gültiger regulärer Ausdruck ({exc})",
                path,
                "In einfache Anführungszeichen setzen, z. B. 'FK\\d{2}-\\d{2}'",
            )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "regex"}

    def describe(self) -> str:
        return "regulärer Ausdruck"


@dataclass
class Pattern(Spec):
    regex: re.Pattern[str]
    what: str
    example: str
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, str) or isinstance(value, bool):
            hint = None
            if isinstance(value, int) and self.what == "Uhrzeit":
                hint = f'Uhrzeiten in Anführungszeichen setzen, z. B. "{self.example}"'
            self._type_error(value, f"{self.what} als Text", path, c, hint)
            return
        if not self.regex.fullmatch(value):
            c.error(
                "format",
                f"„{value}“ ist keine gültige {self.what}",
                path,
                f"Beispiel: {self.example}",
            )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.regex.pattern}

    def fits(self, value: Any) -> bool:
        return isinstance(value, str) and bool(self.regex.fullmatch(value))

    def describe(self) -> str:
        return f"{self.what}, z. B. `{self.example}`"


def Slug(description: str = "") -> Pattern:
    return Pattern(
        SLUG_RE, "Kennung (Kleinbuchstaben, Ziffern, Bindestriche)", "jobcenter-merzig", description
    )


def Url(description: str = "") -> Pattern:
    return Pattern(
        URL_RE, "Webadresse (nur http:// oder https://)", "https://example.org", description
    )


def Time(description: str = "") -> Pattern:
    return Pattern(TIME_RE, "Uhrzeit", "09:00", description)


@dataclass
class Date(Spec):
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, InvalidDate):
            return  # reported by the parser already
        if isinstance(value, dt.datetime):
            c.error(
                "date-format",
                "erwartet ein Datum ohne Uhrzeit",
                path,
                "Format JJJJ-MM-TT, z. B. 2026-11-20",
            )
            return
        if isinstance(value, dt.date):
            return
        if isinstance(value, str):
            c.error(
                "date-format",
                f"„{value}“ ist kein ISO-Datum",
                path,
                "Format JJJJ-MM-TT, z. B. 2026-11-20",
            )
            return
        self._type_error(value, "Datum (JJJJ-MM-TT)", path, c)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def describe(self) -> str:
        return "Datum JJJJ-MM-TT, z. B. `2026-11-20`"


@dataclass
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self._type_error(value, "ganze Zahl", path, c)
            return
        if self.minimum is not None and value < self.minimum:
            c.error("range", f"{value} ist kleiner als {self.minimum}", path)
        if self.maximum is not None and value > self.maximum:
            c.error("range", f"{value} ist größer als {self.maximum}", path)

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out

    def fits(self, value: Any) -> bool:
        low = self.minimum is None or value >= self.minimum
        return low and (self.maximum is None or value <= self.maximum)

    def describe(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"ganze Zahl von {self.minimum} bis {self.maximum}"
        if self.minimum is not None:
            return f"ganze Zahl ab {self.minimum}"
        return "ganze Zahl"


@dataclass
class Bool(Spec):
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, bool):
            self._type_error(value, "true oder false", path, c)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def describe(self) -> str:
        return "`true` oder `false`"


@dataclass(init=False)
class Enum(Spec):
    """One of a vocabulary's ids (:mod:`merzig_cli.core.vocab`)."""

    values: tuple[str, ...]
    labels: dict[str, str]
    description: str = ""

    def __init__(self, values: Iterable[str], description: str = "") -> None:
        self.labels = dict(values) if isinstance(values, dict) else {}
        self.values = tuple(values)
        self.description = description

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, str) and value in self.values:
            return
        shown = value if not isinstance(value, bool) else str(value).lower()
        hint = "Erlaubt: " + " | ".join(self.values)
        close = close_match(str(shown), self.values)
        if close:
            hint = f"Meinten Sie „{close}“? " + hint
        c.error("enum", f"„{shown}“ ist kein erlaubter Wert", path, hint)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def fits(self, value: Any) -> bool:
        return value in self.values

    def describe(self) -> str:
        shown = [
            f"`{v}` ({self.labels[v]})" if self.labels.get(v, v) != v else f"`{v}`"
            for v in self.values
        ]
        return "einer der Werte " + ", ".join(shown)


@dataclass
class Lang(Spec):
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, bool):
            c.error(
                "type",
                "Sprachcode wurde als ja/nein gelesen",
                path,
                'Codes wie no (Norwegisch) in Anführungszeichen setzen: "no"',
            )
            return
        if not isinstance(value, str) or value not in ISO_639_1:
            c.error(
                "language",
                f"„{value}“ ist kein Sprachcode nach ISO 639-1",
                path,
                LANGUAGE_HINT,
            )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[a-z]{2}$"}

    def describe(self) -> str:
        return "Sprachcode nach ISO 639-1, z. B. `de`, `ar`"

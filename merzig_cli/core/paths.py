"""Values that become part of a path: checked by one function before any file is named.

Ids, language codes and other values from a workspace end up in output file
names (``auszug-<actor>.pdf``, ``…-<lang>.html``). A hostile or broken value
(``../x``, a slash, a newline, 500 characters) must never name a file outside
the folder it is meant for.
"""

from __future__ import annotations

import re

from .errors import UserError

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def safe_name(value: str, what: str = "Kennung") -> str:
    """``value`` if it may be part of a file name (lowercase slug, at most 80 characters)."""
    if not isinstance(value, str) or not _NAME.match(value):
        shown = repr(value)[:60]
        raise UserError(
            f"{what} {shown} taugt nicht als Teil eines Dateinamens",
            "Nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 80 Zeichen",
        )
    return value

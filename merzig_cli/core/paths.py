"""Values that become part of a path: checked by one function before any file is named.

Ids, language codes and other values from a workspace end up in output file
names (``auszug-<actor>.pdf``, ``…-<lang>.html``). A hostile or broken value
(``../x``, a slash, a newline, 500 characters) must never name a file outside
the folder it is meant for.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UserError

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _shown(value: object) -> str:
    """A rejected value as a message shows it: printable, at most 60 characters."""
    text = str(value)
    shown = text if text.isprintable() else repr(text)[1:-1]
    return shown if len(shown) <= 60 else shown[:57] + "…"


def safe_name(value: str, what: str = "Kennung") -> str:
    """``value`` if it may be part of a file name (lowercase slug, at most 80 characters).

    ``what`` names the value in the German message (a feminine noun: „… ist keine
    gültige Kennung“).
    """
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise UserError(
            f"„{_shown(value)}“ ist keine gültige {what} (sie wird Teil eines Dateinamens)",
            "Nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 80 Zeichen, "
            "z. B. caritas-merzig",
        )
    return value


def within(base: Path, path: Path) -> bool:
    """Whether ``path`` lies inside ``base`` once every symbolic link is resolved."""
    try:
        path.resolve().relative_to(base.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def in_workspace(root: Path, path: Path) -> Path:
    """``path`` if it stays inside the workspace ``root`` once every link is resolved.

    Every record and every file the tool keeps (cache, send log, statistics,
    invitations) is read and written through this check: a link in a merge
    request (a folder ``cases/2026`` pointing elsewhere, a ``.merzig-cache``
    pointing at ``/tmp``) never makes the tool read or write outside.
    """
    if within(root, path):
        return path
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    raise UserError(
        f"{shown} führt über eine symbolische Verknüpfung aus dem Arbeitsbereich hinaus – "
        "nicht gelesen und nicht geschrieben",
        "Die Verknüpfung durch einen gewöhnlichen Ordner oder eine gewöhnliche Datei ersetzen",
    )


_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def safe_file_name(name: str) -> str:
    """``name`` if it names a file directly inside a folder (no separator, no ``..``)."""
    if not isinstance(name, str) or not _FILE_NAME.fullmatch(name) or ".." in name:
        raise UserError(
            f"Dateiname „{_shown(name)}“ ist nicht erlaubt",
            "Nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich, ohne Ordner",
        )
    return name

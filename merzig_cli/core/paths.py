"""Paths: the values that become part of one, and the one check every read and write passes.

Ids, language codes and other values from a workspace end up in output file
names (``auszug-<actor>.pdf``, ``…-<lang>.html``). A hostile or broken value
(``../x``, a slash, a newline, 500 characters) must never name a file outside
the folder it is meant for.

A folder or a file of a workspace may itself be a symbolic link, and a link
inside the workspace is as dangerous as one out of it (``templates`` pointing
at the workspace root, a year folder of inquiries pointing at the cases). So
every file the tool reads or writes is reached with no link on the way from
its root (the workspace, the templates folder, the ``--out`` folder), the
file itself included: :func:`no_link`, by ``lstat`` on each part. The root is
the folder the user named and is not looked at, except that ``--out`` itself
must not be a link (:func:`out_path`). The check guards against links that
arrive with the workspace (a merge request, an archive); a process that swaps
folders while the tool runs could edit the files directly anyway.
"""

from __future__ import annotations

import os
import re
import stat
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


def first_link(root: Path, path: Path) -> Path | None:
    """The first part of ``path`` below ``root`` that is a symbolic link (``path`` included).

    ``root`` itself is not looked at: it is the folder the user named. Each
    part is looked at with ``lstat``, never followed; a part that does not
    exist yet ends the search (nothing below it can be a link). ``ValueError``
    if ``path`` does not lie below ``root`` as written (``..`` included).
    """
    parts = path.relative_to(root).parts
    if ".." in parts:
        raise ValueError(f"{path} leaves {root}")
    probe = root
    for part in parts:
        probe = probe / part
        try:
            mode = os.lstat(probe).st_mode
        except OSError:  # missing, or not even looked at: nothing to follow
            return None
        if stat.S_ISLNK(mode):
            return probe
    return None


def link_refused(root: Path, link: Path, place: str = "dem Arbeitsbereich") -> UserError:
    """The German error for a symbolic link found on the way to a file (:func:`first_link`)."""
    try:
        shown = _shown(link.relative_to(root).as_posix())
    except ValueError:
        shown = _shown(link.as_posix())
    if within(root, link):
        what = "ist eine symbolische Verknüpfung"
    else:
        what = f"führt über eine symbolische Verknüpfung aus {place} hinaus"
    return UserError(
        f"{shown} {what} – nichts gelesen, geschrieben oder gelöscht: das Werkzeug "
        "geht nie über eine Verknüpfung",
        "Die Verknüpfung durch einen gewöhnlichen Ordner oder eine gewöhnliche Datei ersetzen",
    )


def no_link(root: Path, path: Path, place: str = "dem Arbeitsbereich") -> Path:
    """``path`` if it lies below ``root`` with no symbolic link on the way, itself included.

    The one check every read and every write of the tool goes through: a
    record, a template, a file the tool keeps, a file written below ``--out``.
    A link is refused even when it points to a file inside ``root``: a
    ``templates/`` folder pointing at the workspace, a year folder of
    inquiries pointing at the cases, a Steckbrief pointing at a case file
    would each make one kind of file be read, published or deleted as another.
    """
    try:
        link = first_link(root, path)
    except ValueError:
        raise UserError(
            f"{_shown(path.as_posix())} liegt nicht in {_shown(root.as_posix())} – "
            "nicht gelesen und nicht geschrieben"
        ) from None
    if link is not None:
        raise link_refused(root, link, place)
    return path


def in_workspace(root: Path, path: Path) -> Path:
    """``path`` if it lies in the workspace ``root`` with no symbolic link on the way.

    Every record and every file the tool keeps (cache, send log, statistics,
    invitations) is read and written through this check (:func:`no_link`).
    """
    return no_link(root, path)


def out_path(path: Path) -> Path:
    """A path the user named with ``--out`` (a folder, or a file), normalised and checked.

    The path itself must not be a symbolic link (an ``output`` link in a
    checked-out repository could point into a tracked folder), and no part of
    it below the current folder either: the current folder is usually the
    repository, whose links are untrusted. The folders above an absolute path
    outside the current folder are the user's own choice (``/tmp`` is a link
    on some systems) and are not looked at. ``..`` is resolved by the name,
    before anything is looked at, so the path checked is the path written.
    """
    named = Path(os.path.normpath(path))
    full = Path(os.path.abspath(named))
    here = Path(os.getcwd())
    base = here if full == here or full.is_relative_to(here) else full.parent
    link = first_link(base, full)
    if link is not None:
        shown = link.relative_to(here) if link.is_relative_to(here) else link
        raise UserError(
            f"Ausgabeziel „{_shown(named.as_posix())}“: "
            f"„{_shown(shown.as_posix())}“ ist eine symbolische Verknüpfung – nichts geschrieben",
            "Einen gewöhnlichen Ordner als --out angeben; das Werkzeug schreibt nie "
            "durch eine Verknüpfung",
        )
    return named


_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def safe_file_name(name: str) -> str:
    """``name`` if it names a file directly inside a folder (no separator, no ``..``)."""
    if not isinstance(name, str) or not _FILE_NAME.fullmatch(name) or ".." in name:
        raise UserError(
            f"Dateiname „{_shown(name)}“ ist nicht erlaubt",
            "Nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich, ohne Ordner",
        )
    return name

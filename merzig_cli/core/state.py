"""Files the tool keeps for itself, read and written as untrusted as any other workspace file.

The invitation state (``invitations/<conference>.json``) and the anonymous
statistics (``statistics/<year>.yaml``) are written by the tool, but they lie
in the workspace, travel through git and can be edited, replaced or broken
like a record: a folder or a named pipe in a file's place, a file in a
folder's place, a link, 64 MiB, 100,000 levels of brackets, numbers with
thousands of digits. :func:`read_state_json` turns every such file into one
German error naming it (exit code 1) and hands on only plain JSON values, at
most :data:`MAX_DEPTH` levels deep; what the values must be is checked by the
module that owns the file. :func:`write_state` writes atomically and refuses,
with a German error, a place where no file can be written.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

from .errors import UserError
from .files import MAX_STATE_BYTES, FileRefused, atomic_write_text, read_limited_stat
from .paths import in_workspace

# No state file nests deeper than five levels; anything deeper is not the tool's.
MAX_DEPTH = 16


def _refused(rel: str, reason: str, hint: str | None) -> UserError:
    return UserError(f"„{rel}“ kann nicht gelesen werden: {reason}", hint)


def _blocking_folder(root: Path, rel: str) -> str | None:
    """The first folder on the way to ``root/rel`` that is something else, or None."""
    here = root
    for part in Path(rel).parts[:-1]:
        here = here / part
        if os.path.lexists(here) and not here.is_dir():
            return here.relative_to(root).as_posix()
    return None


def read_state_bytes(root: Path, rel: str, hint: str | None = None) -> bytes | None:
    """The bytes of the state file ``root/rel``, None if there is none; else a German error.

    A link in the file's place is refused (the tool writes these files itself,
    never as links), as is anything but a regular file of at most 64 MiB.
    """
    path = in_workspace(root, root / rel)
    try:
        return read_limited_stat(path, MAX_STATE_BYTES, follow_links=False)[0]
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        folder = _blocking_folder(root, rel)
        raise _refused(rel, f"„{folder}“ ist eine Datei, kein Ordner", hint) from None
    except FileRefused as refused:
        raise _refused(rel, str(refused), hint) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise _refused(rel, "ist eine symbolische Verknüpfung, keine Datei", hint) from None
        raise _refused(rel, exc.strerror or str(exc), hint) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"„{name}“ ist keine Zahl")


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (without recursion)."""
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            inner = item.values() if isinstance(item, dict) else item
            todo.extend((x, depth + 1) for x in inner)
    return False


def parse_state_json(text: str, rel: str, hint: str | None = None) -> Any:
    """The JSON value of ``text`` (the file ``rel``), or a German error naming the file.

    ``NaN`` and ``Infinity`` are no numbers here, and a number with more than
    4,300 digits or nesting deeper than :data:`MAX_DEPTH` is refused.
    """
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        reason = f"kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno})"
        raise _refused(rel, reason, hint) from None
    except RecursionError:
        raise _refused(rel, "zu tief verschachtelt", hint) from None
    except ValueError as exc:  # a number of too many digits, NaN, Infinity
        reason = str(exc) if "„" in str(exc) else "eine Zahl hat zu viele Stellen"
        raise _refused(rel, reason, hint) from None
    if _too_deep(value, MAX_DEPTH):
        raise _refused(rel, "zu tief verschachtelt", hint)
    return value


def read_state_json(
    root: Path, rel: str, hint: str | None = None, comments: bool = False
) -> Any | None:
    """The JSON value of the state file ``root/rel``; None if there is none.

    With ``comments``, lines that begin with ``#`` are blank to the parser (a
    header that explains the file; JSON with such a header is still YAML).
    """
    data = read_state_bytes(root, rel, hint)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(rel, "keine UTF-8-Textdatei", hint) from None
    if comments:
        text = "\n".join("" if line.startswith("#") else line for line in text.split("\n"))
    return parse_state_json(text, rel, hint)


def write_state(root: Path, rel: str, text: str, hint: str | None = None) -> None:
    """Write the state file ``root/rel`` atomically, or explain in German why it cannot be.

    A file where a folder of the way belongs, or a folder, pipe or link where
    the file belongs, is refused; it is never replaced.
    """
    path = in_workspace(root, root / rel)
    folder = _blocking_folder(root, rel)
    if folder is not None:
        raise UserError(
            f"„{rel}“ kann nicht geschrieben werden: „{folder}“ ist eine Datei, kein Ordner", hint
        )
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UserError(f"„{rel}“ kann nicht geschrieben werden: {exc.strerror}", hint) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(
            f"„{rel}“ kann nicht geschrieben werden: dort steht keine gewöhnliche Datei "
            "(sondern ein Ordner, eine Pipe, ein Gerät oder ein Verweis)",
            hint,
        )
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(
            f"„{rel}“ kann nicht geschrieben werden: {exc.strerror or exc}", hint
        ) from None

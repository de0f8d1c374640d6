"""Write a set of generated files into an output folder, or tell what writing would change.

A scheduled job rebuilds the brochure (or the minutes) and commits the
result; because the bytes only change when the data does, a check can tell
whether anything would change without writing, and an unchanged file is not
even touched. The folder named with ``--out`` must not be a symbolic link, nor
anything on the way from it to a file, the file included; every path is
checked before the first file is written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError, UserError
from ..core.files import atomic_write_bytes, read_limited_stat
from ..core.paths import no_link, out_path, safe_file_name


@dataclass(frozen=True)
class Output:
    """One generated file: its name below the output folder and its bytes.

    A case document also says which cases it holds, what kind of document it is
    and for whom (an actor id, or "" for the office), for the manifest of
    outputs (:mod:`merzig_cli.documents.manifest`).
    """

    name: str
    data: bytes
    lang: str = ""
    format: str = ""
    cases: tuple[str, ...] = ()
    kind: str = ""
    recipient: str = ""


@dataclass(frozen=True)
class Written:
    name: str
    path: Path
    size: int
    status: str  # new | changed | unchanged


def _status(path: Path, data: bytes) -> str:
    if not path.is_file():
        return "new"
    try:
        same = read_limited_stat(path, len(data), follow_links=False)[0] == data
    except OSError:  # larger than the new bytes, or unreadable: it changes
        return "changed"
    return "unchanged" if same else "changed"


def compare(out_dir: Path, outputs: Sequence[Output], base: Path | None = None) -> list[Written]:
    """What writing would do, file by file, without writing anything.

    ``base``: the folder the user named with ``--out`` when ``out_dir`` is a
    folder the tool makes below it (a conference's, a round mail's); by
    default ``out_dir`` itself. The named folder must be no symbolic link
    (:func:`~merzig_cli.core.paths.out_path`), and nothing on the way from it
    to a file, the file included (:func:`~merzig_cli.core.paths.no_link`):
    a link is refused with a German error before anything is written.
    """
    base = out_path(base if base is not None else out_dir)
    out_dir = Path(os.path.normpath(out_dir))
    result = []
    for o in outputs:
        path = no_link(base, out_dir / safe_file_name(o.name), "dem Ausgabeordner")
        result.append(Written(o.name, path, len(o.data), _status(path, o.data)))
    return result


def write_outputs(
    out_dir: Path, outputs: Sequence[Output], base: Path | None = None, mode: int | None = None
) -> list[Written]:
    """Write new and changed files atomically; unchanged files keep their timestamp.

    Every path is checked before anything is written (:func:`compare`): the
    output folder, every folder below it and every file must not be links.
    ``mode``: the permissions of every file (case documents: 0600 or 0640),
    an unchanged file included.
    """
    named = out_path(base if base is not None else out_dir)
    folder = no_link(named, Path(os.path.normpath(out_dir)), "dem Ausgabeordner")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _NoFolder(
            f"Ausgabeordner „{folder}“ kann nicht angelegt werden: {exc.strerror}", exc.strerror
        ) from None
    written = compare(folder, outputs, named)
    for w, o in zip(written, outputs, strict=True):
        try:
            if w.status != "unchanged":
                atomic_write_bytes(w.path, o.data, mode)
            elif mode is not None and os.lstat(w.path).st_mode & 0o7777 != mode:
                os.chmod(w.path, mode)  # checked above: a regular file, no link on the way
        except OSError as exc:
            raise UserError(
                f"„{w.path}“ kann nicht geschrieben werden: {exc.strerror}",
                "Schreibrechte des Ausgabeordners prüfen oder --out ändern",
            ) from None
    return written


class _NoFolder(UserError):
    """The output folder cannot be made (a file in its place, no permission)."""

    def __init__(self, message: str, reason: str | None) -> None:
        super().__init__(message)
        self.reason = reason


def write_file(path: Path, data: bytes, mode: int | None = None) -> Written:
    """One file the user named with ``--out`` (a report, an export): checked like any output."""
    path = Path(os.path.normpath(path))
    try:
        return write_outputs(path.parent, [Output(path.name, data)], mode=mode)[0]
    except _NoFolder as exc:
        raise UserError(
            f"„{path}“ kann nicht geschrieben werden: {exc.reason}",
            "Schreibrechte prüfen oder einen anderen Pfad angeben",
        ) from None


def parse_formats(value: str, allowed: Sequence[str]) -> list[str]:
    """``--format html,pdf``: the formats asked for, each one of ``allowed``, in that order."""
    shown = ", ".join(allowed)
    formats = [v.strip().lower() for v in value.split(",") if v.strip()]
    for f in formats:
        if f not in allowed:
            raise UsageError(f"--format {f}: unbekanntes Format", f"Erlaubt: {shown}")
    if not formats:
        raise UsageError("--format: kein Format angegeben", f"z. B. --format {','.join(allowed)}")
    return list(dict.fromkeys(formats))

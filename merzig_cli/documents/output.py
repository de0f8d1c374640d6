"""Write a set of generated files into an output folder, or tell what writing would change.

A scheduled job rebuilds the brochure (or the minutes) and commits the
result; because the bytes only change when the data does, a check can tell
whether anything would change without writing, and an unchanged file is not
even touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError, UserError
from ..core.files import atomic_write_bytes
from ..core.paths import safe_file_name, within


@dataclass(frozen=True)
class Output:
    """One generated file: its name below the output folder and its bytes."""

    name: str
    data: bytes
    lang: str = ""
    format: str = ""


@dataclass(frozen=True)
class Written:
    name: str
    path: Path
    size: int
    status: str  # new | changed | unchanged


def _status(path: Path, data: bytes) -> str:
    if path.is_symlink():
        return "changed"  # a link is replaced by the file, never written through
    if not path.is_file():
        return "new"
    try:
        return "unchanged" if path.read_bytes() == data else "changed"
    except OSError:
        return "changed"


def compare(out_dir: Path, outputs: Sequence[Output]) -> list[Written]:
    """What writing would do, file by file, without writing anything."""
    result = []
    for o in outputs:
        path = out_dir / safe_file_name(o.name)
        result.append(Written(o.name, path, len(o.data), _status(path, o.data)))
    return result


def write_outputs(
    out_dir: Path, outputs: Sequence[Output], base: Path | None = None
) -> list[Written]:
    """Write new and changed files atomically; unchanged files keep their timestamp.

    ``base``: the output folder the user named, when ``out_dir`` is a folder the
    tool makes below it (a conference's, its invitations'): those must not be
    links that lead elsewhere. A file that is a link is replaced, never written through.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Ausgabeordner „{out_dir}“ kann nicht angelegt werden: {exc.strerror}"
        ) from None
    if base is not None:
        _below(base, out_dir)
    written = compare(out_dir, outputs)
    for w, o in zip(written, outputs, strict=True):
        if w.status == "unchanged":
            continue
        try:
            atomic_write_bytes(w.path, o.data)
        except OSError as exc:
            raise UserError(
                f"„{w.path}“ kann nicht geschrieben werden: {exc.strerror}",
                "Schreibrechte des Ausgabeordners prüfen oder --out ändern",
            ) from None
    return written


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


def _below(base: Path, folder: Path) -> None:
    """Refuse a folder below ``base`` that is a link, or that leads out of ``base``."""
    probe = folder
    while probe != base and probe != probe.parent:
        if probe.is_symlink():
            raise UserError(
                f"Ausgabeordner „{probe}“ ist eine Verknüpfung an einen anderen Ort",
                "Die Verknüpfung löschen; das Werkzeug legt den Ordner selbst an",
            )
        probe = probe.parent
    if not within(base, folder if folder.exists() else folder.parent):
        raise UserError(f"Ausgabeordner „{folder}“ liegt nicht in „{base}“")

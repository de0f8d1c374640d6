"""Printing what a command wrote into an output folder (brochure, conference documents)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import count, stderr, stdout
from .tables import Column, table

STATUS_DE = {"new": "neu", "changed": "geändert", "unchanged": "unverändert"}


def size_text(n: int) -> str:
    """A file size in German: „150,7 KiB“."""
    text = f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"
    return text.replace(".", ",")


def print_written(results: Sequence[Any]) -> None:
    """A table of the files: path, size, new/changed/unchanged."""
    n = len(results)
    columns = [
        Column("Datei", "path", 9),
        Column("Größe", "number", 5),
        Column("Status", "id", 3),
    ]
    rows = [[str(r.path), size_text(r.size), STATUS_DE[r.status]] for r in results]
    stdout().print(table(f"{count(n, 'Datei', 'Dateien')} geschrieben", columns, rows))


def report_check(out: Path, changed: Sequence[Any], count_all: int, command: str) -> None:
    """What ``--check`` found: all files current, or which would change (and ``command``)."""
    if not changed:
        stdout().print(
            f"✓ {count(count_all, 'Datei', 'Dateien')} in {out} "
            f"{'ist' if count_all == 1 else 'sind'} aktuell.",
            soft_wrap=True,
            markup=False,
        )
        return
    err = stderr()
    items(
        err,
        f"✗ {len(changed)} von {count(count_all, 'Datei', 'Dateien')} in {out} "
        f"{'würde' if len(changed) == 1 else 'würden'} sich ändern:",
        [f"{STATUS_DE[r.status]}: {r.path}" for r in changed],
        "  ",
    )
    err.print(f"→ {command} ausführen und das Ergebnis übernehmen.", markup=False)


def items(console: Any, head: str, lines: list[str], bullet: str) -> None:
    """A line, then one indented line per item; paths and keys stay whole and unformatted."""
    console.print(head, soft_wrap=True, markup=False)
    for line in lines:
        console.print(f"{bullet}{line}", soft_wrap=True, markup=False)

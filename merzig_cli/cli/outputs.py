"""Printing what a command wrote into an output folder (brochure, conference documents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import stdout

STATUS_DE = {"new": "neu", "changed": "geändert", "unchanged": "unverändert"}


def size_text(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def print_written(results: Sequence[Any]) -> None:
    """A table of the files: path, size, new/changed/unchanged."""
    from rich.markup import escape
    from rich.table import Table

    count = len(results)
    table = Table(
        title=f"{count} {'Datei' if count == 1 else 'Dateien'} geschrieben", title_justify="left"
    )
    for col, justify in (("Datei", "left"), ("Größe", "right"), ("Status", "left")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in results:
        table.add_row(escape(str(r.path)), size_text(r.size), STATUS_DE[r.status])
    stdout().print(table)

"""Printing what a command wrote into an output folder (brochure, conference documents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import count, stdout
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

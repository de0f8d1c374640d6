"""The anonymous counts that outlive deleted records: ``statistics/<year>.yaml``.

``merzig privacy purge`` adds the counts of every inquiry and case it deletes
to the file of the record's year before the file is deleted, so that the
annual evaluation survives deletion. The file holds only numbers and the ids
of the records already counted (ids name no person), so that a purge that is
interrupted and run again never counts a record twice. Both reports read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import MAX_STATE_BYTES, atomic_write_text, read_limited
from ..core.paths import in_workspace

FOLDER = "statistics"
HEADER = (
    "# Anonyme Zahlen gelöschter Datensätze (merzig privacy purge): keine Namen, keine Texte.\n"
    "# Von Hand nichts ändern – die Auswertungen lesen diese Datei.\n"
)


@dataclass
class YearStatistics:
    year: int
    counted: list[str] = field(default_factory=list)
    conferences: dict[str, dict[str, Any]] = field(default_factory=dict)
    inquiries: dict[str, Any] = field(default_factory=dict)


def path_of(root: Path, year: int) -> Path:
    return in_workspace(root, root / FOLDER / f"{year:04d}.yaml")


def years(root: Path) -> list[int]:
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit())


def _only_counts(value: Any, where: str) -> None:
    """Counts are whole numbers ≥ 0, lists of them, or mappings of them; else ValueError."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _only_counts(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for inner in value:
            _only_counts(inner, where)
    elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"„{str(value)[:40]}“ unter {where} ist keine Anzahl")


def read(root: Path, year: int) -> YearStatistics:
    """The statistics of ``year`` (empty when there are none); a broken file is a German error."""
    path = path_of(root, year)
    if not path.is_file():
        return YearStatistics(year)
    try:
        text = read_limited(path, MAX_STATE_BYTES).decode("utf-8")
        # JSON below the comment header: no YAML aliases that could blow up when counted
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        data = json.loads(body) if body.strip() else {}
        if not isinstance(data, dict):
            raise ValueError("keine Zuordnung")
        for part in ("conferences", "inquiries"):
            _only_counts(data.get(part) or {}, part)
        return YearStatistics(
            year,
            [str(x) for x in data.get("counted") or []],
            dict(data.get("conferences") or {}),
            dict(data.get("inquiries") or {}),
        )
    except (OSError, ValueError, TypeError, RecursionError) as exc:
        raise UserError(
            f"{FOLDER}/{year:04d}.yaml kann nicht gelesen werden: {exc}",
            "Die Datei wird von merzig privacy purge geschrieben; aus git wiederherstellen",
        ) from None


def write(root: Path, stats: YearStatistics) -> None:
    """Write atomically; JSON is valid YAML and keeps the numbers exact."""
    body = {
        "counted": sorted(set(stats.counted)),
        "conferences": stats.conferences,
        "inquiries": stats.inquiries,
    }
    text = HEADER + json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(path_of(root, stats.year), text)


def merge(a: Any, b: Any) -> Any:
    """Add two sets of counts: numbers add up, mappings merge key by key, lists join."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: merge(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in {*a, *b}}
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a + b)
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    raise UserError("statistics: Zahlen passen nicht zusammen", "Datei aus git wiederherstellen")

"""The anonymous counts that outlive deleted records: ``statistics/<year>.yaml``.

``merzig privacy purge`` adds the counts of every inquiry and case it deletes
to the file of the record's year before the file is deleted, so that the
annual evaluation survives deletion. The file holds only numbers and the ids
of the records already counted (ids name no person), so that a purge that is
interrupted and run again never counts a record twice. Both reports read it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.paths import in_workspace
from ..core.state import read_state_json, write_state

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


def years(root: Path) -> list[int]:
    """The years with a statistics file; a file where the folder belongs is a German error."""
    folder = in_workspace(root, root / FOLDER)
    if not folder.is_dir():
        if os.path.lexists(folder):
            raise UserError(
                f"„{FOLDER}“ ist eine Datei, kein Ordner; dort stehen die anonymen Zahlen", HINT
            )
        return []
    return sorted(
        int(p.stem)
        for p in folder.glob("*.yaml")
        if len(p.stem) == 4 and p.stem.isdecimal() and p.stem.isascii()
    )


# What the file may hold: per conference, the counts of its deleted cases
# (``Counts.to_plain`` of :mod:`merzig_cli.conference.report`); for inquiries,
# their counts added up (:func:`merzig_cli.inquiries.stats.count_inquiry`).
COUNT, COUNTER = "Anzahl (ganze Zahl ≥ 0)", "Zuordnung von Anzahlen (ganze Zahlen ≥ 0)"
DAYS = "Liste von Tagen (ganze Zahlen)"
CASE_COUNTS: dict[str, Any] = {
    **dict.fromkeys(("cases", "closed", "with_agreement", "steps", "done", "on_time"), COUNT),
    **dict.fromkeys(("perspectives", "reached", "outcomes"), COUNTER),
    "dropped": COUNT,
    "days_late": DAYS,
    "days_overdue": DAYS,
}
INQUIRY_COUNTS: dict[str, Any] = {
    **dict.fromkeys(("inquiries", "closed", "referrals", "with_feedback"), COUNT),
    **dict.fromkeys(
        ("by_topic", "by_group", "by_channel", "by_language", "by_month", "outcomes"), COUNTER
    ),
    "days_to_feedback": DAYS,
    "per_actor": {"*": dict.fromkeys(("referrals", "with_feedback", "done"), COUNT)},
}
MAX_COUNT = 10**9  # more than any town's records in any number of years
MAX_DAYS = 100_000  # days between two dates of a record, either way
MAX_ID = 200  # the length of a counted id ("case:fk-2026-01")
HINT = "Die Datei wird von merzig privacy purge geschrieben; aus git wiederherstellen"


def _number(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check(value: Any, shape: Any, where: str) -> None:
    """``value`` has ``shape`` (a kind above, or a mapping of keys to shapes, ``"*"`` for
    any key); else ValueError with a German reason. The shape bounds the depth."""
    if shape == COUNT:
        ok = _number(value, 0, MAX_COUNT)
    elif shape == DAYS:
        ok = isinstance(value, list) and all(_number(x, -MAX_DAYS, MAX_DAYS) for x in value)
    elif shape == COUNTER:
        ok = isinstance(value, dict) and all(_number(x, 0, MAX_COUNT) for x in value.values())
    else:
        if not isinstance(value, dict):
            raise ValueError(f"{where} ist keine Zuordnung")
        for key, inner in value.items():
            inner_shape = shape.get(key, shape.get("*"))
            if inner_shape is None:
                raise ValueError(f"unbekannter Schlüssel „{key[:40]}“ unter {where}")
            _check(inner, inner_shape, f"{where}.{key[:40]}")
        return
    if not ok:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        raise ValueError(f"{shown} unter {where} ist keine {shape}")


def _counted(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(x, str) and 0 < len(x) <= MAX_ID for x in value
    ):
        raise ValueError("counted ist keine Liste von Kennungen")
    return value


def read(root: Path, year: int) -> YearStatistics:
    """The statistics of ``year`` (empty when there are none); a broken file is a German error."""
    rel = f"{FOLDER}/{year:04d}.yaml"
    # JSON below the comment header: no YAML aliases that could blow up when counted
    data = read_state_json(root, rel, HINT, comments=True)
    if data is None:
        return YearStatistics(year)
    try:
        if not isinstance(data, dict):
            raise ValueError("keine Zuordnung")
        unknown = sorted(set(data) - {"counted", "conferences", "inquiries"})
        if unknown:
            raise ValueError(f"unbekannter Schlüssel „{unknown[0][:40]}“")
        _check(data.get("conferences", {}), {"*": CASE_COUNTS}, "conferences")
        _check(data.get("inquiries", {}), INQUIRY_COUNTS, "inquiries")
        counted = _counted(data.get("counted", []))
    except ValueError as exc:
        raise UserError(f"„{rel}“ kann nicht gelesen werden: {exc}", HINT) from None
    return YearStatistics(year, counted, data.get("conferences", {}), data.get("inquiries", {}))


def write(root: Path, stats: YearStatistics) -> None:
    """Write atomically; JSON is valid YAML and keeps the numbers exact."""
    body = {
        "counted": sorted(set(stats.counted)),
        "conferences": stats.conferences,
        "inquiries": stats.inquiries,
    }
    text = HEADER + json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_state(root, f"{FOLDER}/{stats.year:04d}.yaml", text, HINT)


def merge(a: Any, b: Any) -> Any:
    """Add two sets of counts: numbers add up, mappings merge key by key, lists join."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: merge(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in {*a, *b}}
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a + b)
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    raise UserError("statistics: Zahlen passen nicht zusammen", "Datei aus git wiederherstellen")

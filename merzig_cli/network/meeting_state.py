"""What the tool remembers of an exchange meeting, so that calendars update instead of adding.

A calendar replaces its entry only for an invitation with the same UID and a
higher SEQUENCE; the same SEQUENCE again is ignored, a new UID is a second
appointment. So the tool, not the user, keeps both: ``meetings/<id>.json``
(``id`` from the title; meant to be kept in git, it holds no personal data)
records the UID, the sequence and what was announced. Announcing the meeting
again with the same details sends the same version; a changed day, time,
duration, place or text raises the sequence by one; ``--cancel`` raises it
and sends ``METHOD:CANCEL``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.paths import in_workspace
from ..core.state import read_state_json, write_state

FOLDER = "meetings"
MAX_SEQUENCE = 2**31 - 1  # an INTEGER of iCalendar (RFC 5545, 3.3.8)
_HINT = (
    "Die Datei schreibt merzig network meeting; aus git wiederherstellen. Ohne sie "
    "beginnt die Zählung der Fassungen neu, und Kalender übergehen spätere Änderungen"
)
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class Recorded:
    """One meeting as last announced (or cancelled)."""

    id: str
    uid: str
    sequence: int
    method: str  # REQUEST | CANCEL
    campaign: str  # name of the first invitation's send ledger; versions add -vN
    title: str
    date: dt.date
    start: dt.time
    minutes: int
    place: str | None
    list: str | None
    content: str  # fingerprint of what was announced

    @property
    def begins(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)


def _rel(ident: str) -> str:
    return f"{FOLDER}/{ident}.json"


def _problem(data: Any) -> str | None:
    """Why a state file is not what :func:`record` writes, or None."""
    if not isinstance(data, dict):
        return "keine Zuordnung"
    texts = ("id", "uid", "method", "campaign", "title", "date", "start", "content")
    for name in texts:
        if not isinstance(data.get(name), str) or not data[name]:
            return f"„{name}“ fehlt oder ist kein Text"
    for name in ("place", "list"):
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"„{name}“ ist kein Text"
    for name, low, high in (("sequence", 0, MAX_SEQUENCE - 1), ("minutes", 1, 24 * 60)):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"„{name}“ ist keine ganze Zahl zwischen {low} und {high}"
    if data["method"] not in ("REQUEST", "CANCEL"):
        return "„method“ ist weder REQUEST noch CANCEL"
    if not _ID.fullmatch(data["id"]) or not _ID.fullmatch(data["campaign"]):
        return "„id“ oder „campaign“ ist keine Kennung"
    try:
        dt.date.fromisoformat(data["date"])
    except ValueError:
        return "„date“ ist kein Datum"
    if not _TIME.fullmatch(data["start"]):
        return "„start“ ist keine Uhrzeit HH:MM"
    return None


def read(root: Path, ident: str) -> Recorded | None:
    """The recorded meeting ``ident``, None if there is none; a German error if broken."""
    rel = _rel(ident)
    data = read_state_json(root, rel, _HINT)
    if data is None:
        return None
    problem = _problem(data)
    if problem:
        raise UserError(f"„{rel}“ kann nicht gelesen werden: {problem}", _HINT)
    fields = {k: data.get(k) for k in Recorded.__dataclass_fields__}
    fields["date"] = dt.date.fromisoformat(data["date"])
    fields["start"] = dt.time.fromisoformat(data["start"])
    return Recorded(**fields)


def upcoming(root: Path, today: dt.date) -> list[Recorded]:
    """The announced (not cancelled) meetings from ``today`` on, soonest first."""
    folder = in_workspace(root, root / FOLDER)
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        if _ID.fullmatch(path.stem):
            meeting = read(root, path.stem)
            if meeting and meeting.method == "REQUEST" and meeting.date >= today:
                found.append(meeting)
    return sorted(found, key=lambda m: (m.begins, m.id))


def record(root: Path, meeting: Recorded) -> None:
    """Remember ``meeting`` (atomic)."""
    data = asdict(meeting)
    data["date"] = meeting.date.isoformat()
    data["start"] = meeting.start.strftime("%H:%M")
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_state(root, _rel(meeting.id), text, _HINT)

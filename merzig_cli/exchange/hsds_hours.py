"""Opening hours as HSDS schedules, where the free text can be read without guessing.

``Mo–Fr 8:00–12:00 Uhr, Do 14:00–17:00 Uhr`` becomes two weekly schedules.
A text is read only when it consists of nothing but days and times (``Mo``,
``Mo–Fr``, ``Di und Do``, ``Mo, Mi``, ``9–12``, ``9:00–12:30 Uhr``, joined by
commas, semicolons or ``und``); anything else ("nach Vereinbarung", "Verwaltung
Mo–Fr …", "jeden 2. Dienstag") leaves the whole text as a description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    "mo": 0,
    "montag": 0,
    "di": 1,
    "dienstag": 1,
    "mi": 2,
    "mittwoch": 2,
    "do": 3,
    "donnerstag": 3,
    "fr": 4,
    "freitag": 4,
    "sa": 5,
    "samstag": 5,
    "so": 6,
    "sonntag": 6,
}
_DASH = r"\s*(?:–|-|—|bis)\s*"
_DAY = r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so)\.?"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_TOKEN = re.compile(
    rf"(?P<days>{_DAY}(?:{_DASH}{_DAY})?)(?![a-zäöüß])"
    rf"|(?P<times>{_TIME}{_DASH}{_TIME})(?!\d)"
    r"|(?P<skip>uhr\b|und\b|,|;)"
    r"|(?P<space>\s+)",
    re.I,
)


@dataclass(frozen=True)
class Hours:
    """One weekly schedule: days (HSDS byday codes) and opening and closing time."""

    days: tuple[str, ...]
    opens: str  # HH:MM:SS
    closes: str


def _clock(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:  # 24:00 is no time of day in HSDS (nor in a CSV time column)
        return None
    return f"{h:02d}:{m:02d}:00"


def _days(match: re.Match[str]) -> list[int] | None:
    first = _DAY_WORDS[match.group(2).lower()]
    last = _DAY_WORDS[match.group(3).lower()] if match.group(3) else first
    return list(range(first, last + 1)) if last >= first else None


def read_hours(text: str | None) -> list[Hours] | None:
    """The schedules of ``text``, or None when any part of it is more than days and times."""
    if not text or len(text) > 500:
        return None
    found: list[Hours] = []
    days: list[int] = []
    after_time = False
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        if m.group("days"):
            if after_time:
                days, after_time = [], False
            more = _days(m)
            if more is None:
                return None
            days += [d for d in more if d not in days]
        elif m.group("times"):
            opens, closes = _clock(m.group(5), m.group(6)), _clock(m.group(7), m.group(8))
            if not days or opens is None or closes is None or opens >= closes:
                return None
            found.append(Hours(tuple(_DAYS[d] for d in sorted(days)), opens, closes))
            after_time = True
    if not found or not after_time:  # days with no time after them
        return None
    return found

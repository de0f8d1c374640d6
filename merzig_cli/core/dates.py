"""Reading a date or a clock time a person typed: ISO or German, a few relative forms.

One parser for every date option and every prompt: ``2026-11-24``,
``24.11.2026`` and ``24.11.26`` mean the same day; with ``today`` given,
``heute``, ``morgen``, ``in 4 Wochen``, ``in 10 Tagen``, ``in 2 Monaten``,
``Anfang/Mitte/Ende August`` are understood too (the next such month from
today on). A date of the right form that does not exist (``31.02.2027``) is
named as such — „gibt es nicht“ — rather than as a wrong format.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .errors import UsageError

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
MONTH_NAMES = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_IN = re.compile(r"^in\s+(\d{1,3})\s+(tag|tagen|woche|wochen|monat|monaten)$")
_PART = re.compile(r"^(anfang|mitte|ende)\s+([a-zäöü]+)\.?(?:\s+(\d{4}))?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?$", re.IGNORECASE)
EXAMPLES = "z. B. 2027-06-29, 29.06.2027 oder 29.06.27"
CLOCK_HINT = "Format HH:MM, z. B. 09:00 oder 13:30"
RELATIVE = "„in 4 Wochen“, „Ende August“, „morgen“"


def parse_day(text: str, what: str = "Datum", today: dt.date | None = None) -> dt.date:
    """The day ``text`` names; :class:`UsageError` in German otherwise.

    ``what`` names the option or question in the message. Relative forms are
    read only when ``today`` is given (prompts and due dates).
    """
    raw = " ".join(str(text).split())
    word = raw.lower()
    found = _ISO.match(raw)
    if found:
        year, month, day = (int(g) for g in found.groups())
        return _real(year, month, day, raw, what)
    found = _GERMAN.match(raw)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if len(found.group(3)) == 2:
            year += 2000
        return _real(year, month, day, raw, what)
    if today is not None:
        relative = _relative(word, today, raw, what)
        if relative is not None:
            return relative
    hint = EXAMPLES + (f"; auch {RELATIVE}" if today is not None else "")
    raise UsageError(f"{what}: „{raw[:40]}“ ist kein Datum", hint)


def _real(year: int, month: int, day: int, raw: str, what: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        why = f"einen Monat {month} gibt es nicht"
    elif not 1 <= year <= 9999:
        why = f"das Jahr {year} gibt es hier nicht"
    else:
        last = calendar.monthrange(year, month)[1]
        why = f"der {MONTH_NAMES[month - 1]} {year} hat {last} Tage"
    raise UsageError(f"{what}: den {raw[:40]} gibt es nicht – {why}", EXAMPLES)


def _relative(word: str, today: dt.date, raw: str, what: str) -> dt.date | None:
    if word == "heute":
        return today
    if word == "morgen":
        return today + dt.timedelta(days=1)
    if word in ("übermorgen", "uebermorgen"):
        return today + dt.timedelta(days=2)
    found = _IN.match(word)
    if found:
        n, unit = int(found.group(1)), found.group(2)
        if unit.startswith("tag"):
            return today + dt.timedelta(days=n)
        if unit.startswith("woche"):
            return today + dt.timedelta(weeks=n)
        month = today.month - 1 + n
        year, month = today.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    found = _PART.match(word)
    if found:
        part, name, year_text = found.groups()
        if name not in MONTHS:
            raise UsageError(f"{what}: „{raw[:40]}“ – „{name}“ ist kein Monat", EXAMPLES)
        month = MONTHS[name]
        year = int(year_text) if year_text else today.year + (month < today.month)
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, {"anfang": 1, "mitte": 15, "ende": last}[part])
    return None


def parse_clock(text: str, what: str = "Uhrzeit") -> dt.time:
    """``18:00``, ``9``, ``9.30 Uhr``: one reader for every clock time an option or prompt takes;
    :class:`UsageError` in German otherwise (``what`` names the option or question)."""
    raw = " ".join(str(text).split())
    found = _CLOCK.match(raw)
    if found is None:
        raise UsageError(f"{what}: „{raw[:20]}“ ist keine Uhrzeit", CLOCK_HINT)
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise UsageError(f"{what}: die Uhrzeit {raw} gibt es nicht", CLOCK_HINT)
    return dt.time(hours, minutes)


def german(day: dt.date) -> str:
    """``24.11.2026``: a day as a German reader writes it."""
    return day.strftime("%d.%m.%Y")

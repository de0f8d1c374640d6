"""Today: the real date, or the one ``MERZIG_TODAY`` pins for tests and demos."""

from __future__ import annotations

import datetime as dt
import os

from .errors import UsageError


def today() -> dt.date:
    """The day a command runs; ``MERZIG_TODAY=YYYY-MM-DD`` pins it (a wrong value is an error)."""
    pinned = os.environ.get("MERZIG_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise UsageError(
            f"MERZIG_TODAY=„{pinned[:40]}“ ist kein Datum im Format JJJJ-MM-TT",
            "Die Umgebungsvariable korrigieren oder entfernen (unset MERZIG_TODAY)",
        ) from None


def now() -> dt.datetime:
    """This moment in UTC, for time stamps of what the tool did (a mail sent, a calendar
    entry made); the day a command works on is :func:`today`."""
    return dt.datetime.now(dt.UTC)


def file_clock_ns() -> int:
    """Now, as the file system stamps a file changed now (nanoseconds since the epoch).

    Whether a file changed "just now" is a question for the clock that wrote
    its time stamps, not for the process's clock: a new pipe's change time is
    that clock, read without touching the disk. (Under a faked process clock,
    as in the test run years ahead, the two differ by years.)
    """
    read, write = os.pipe()
    try:
        return os.fstat(read).st_ctime_ns
    finally:
        os.close(read)
        os.close(write)

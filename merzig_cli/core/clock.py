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

"""Controlled values of the data model that commands need without the schemas.

Kept apart from records.py so that option help texts can name them without
building every schema at start-up.
"""

from __future__ import annotations

import re

LEVELS = ("municipality", "district", "state", "federal", "civil-society", "private")
CHANNELS = ("phone", "email", "walk-in", "event", "other")
REFERRAL_STATUS = ("open", "accepted", "done", "declined", "not-reached")
TRANSLATION_STATUS = ("current", "outdated", "machine")
STATUS_LABELS = {
    "open": "offen",
    "accepted": "angenommen",
    "done": "erledigt",
    "declined": "abgelehnt",
    "not-reached": "nicht erreicht",
}
CHANNEL_LABELS = {
    "phone": "Telefon",
    "email": "E-Mail",
    "walk-in": "persönlich vor Ort",
    "event": "Veranstaltung",
    "other": "anderer Weg",
}
INQUIRY_ID_RE = re.compile(r"^\d{4}-\d{4,}$")

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
INQUIRY_ID_RE = re.compile(r"^\d{4}-\d{4,}$")

"""The controlled values of the data model, each with its German label.

One mapping per vocabulary, ``id -> German label``: the ids are what files
hold, the labels are what people read (terminal, minutes, reports, help).
The schema's enumerations, the option help texts and every German label
come from here.
"""

from __future__ import annotations

import re

LEVELS = {
    "municipality": "Kommune",
    "district": "Landkreis",
    "state": "Land",
    "federal": "Bund",
    "civil-society": "Zivilgesellschaft",
    "private": "Privatwirtschaft",
}
CHANNELS = {
    "phone": "Telefon",
    "email": "E-Mail",
    "walk-in": "persönlich vor Ort",
    "event": "Veranstaltung",
    "other": "anderer Weg",
}
REFERRAL_STATUS = {
    "open": "offen",
    "accepted": "angenommen",
    "done": "erledigt",
    "declined": "abgelehnt",
    "not-reached": "nicht erreicht",
}
TRANSLATION_STATUS = {
    "current": "aktuell",
    "outdated": "veraltet",
    "machine": "maschinell übersetzt",
}
PAGE_SIZES = {"A4": "DIN A4", "A5": "DIN A5"}

CONSENT_BY = {"self": "die junge Person selbst", "guardian": "Sorgeberechtigte"}
RESIDENCE_STATUS = {
    "aufenthaltsgestattung": "Aufenthaltsgestattung",
    "duldung": "Duldung",
    "aufenthaltserlaubnis": "Aufenthaltserlaubnis",
    "niederlassungserlaubnis": "Niederlassungserlaubnis",
    "eu": "Freizügigkeit (EU)",
    "german": "deutsche Staatsangehörigkeit",
    "unclear": "ungeklärt",
}
WORK_PERMIT = {
    "yes": "ja",
    "no": "nein",
    "with-approval": "mit Zustimmung der Ausländerbehörde",
    "unclear": "ungeklärt",
}
LANGUAGE_LEVELS = {level: level for level in ("A1", "A2", "B1", "B2", "C1", "C2")}
PERSPECTIVES = {
    "training": "Ausbildung",
    "school-training": "schulische Ausbildung",
    "entry-qualification": "Einstiegsqualifizierung",
    "vocational-preparation": "Berufsvorbereitung",
    "internship": "Praktikum",
    "further-school": "weiterer Schulbesuch",
    "employment": "Arbeit",
    "unskilled-work": "Arbeit ohne Ausbildung",
    "language-course": "Sprachkurs",
    "other": "anderes",
}
STEP_STATUS = {"open": "offen", "done": "erledigt", "dropped": "entfallen"}
OUTCOMES = {
    "training-started": "Ausbildung begonnen",
    "school-training-started": "schulische Ausbildung begonnen",
    "entry-qualification-started": "Einstiegsqualifizierung begonnen",
    "vocational-preparation-started": "Berufsvorbereitung begonnen",
    "internship-started": "Praktikum begonnen",
    "further-school": "weiter zur Schule",
    "employment-started": "Arbeit aufgenommen",
    "unskilled-work-started": "Arbeit ohne Ausbildung aufgenommen",
    "language-course-started": "Sprachkurs begonnen",
    "moved-away": "weggezogen",
    "no-contact": "kein Kontakt mehr",
    "other": "anderes",
}

INQUIRY_ID_RE = re.compile(r"^\d{4}-\d{4,}$")

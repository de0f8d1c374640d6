"""The controlled values of the data model, each with its German label.

One mapping per vocabulary, ``id -> German label``: the ids are what files
hold, the labels are what people read (terminal, minutes, reports, help).
The schema's enumerations, the option help texts and every German label
come from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

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

# Words people type for a value besides its id and its German label; the
# files always keep the id.
SYNONYMS: dict[str, dict[str, str]] = {
    "channel": {
        "persönlich": "walk-in",
        "vor Ort": "walk-in",
        "Besuch": "walk-in",
        "Anruf": "phone",
        "telefonisch": "phone",
        "Mail": "email",
        "anders": "other",
        "sonstiges": "other",
    },
    "status": {"fertig": "done", "unerreichbar": "not-reached"},
}
# Names of languages that Babel's CLDR data does not list under ISO 639-1.
LANGUAGE_SYNONYMS = {
    "Farsi": "fa",
    "Dari": "fa",
    "Kurmandschi": "ku",
    "Kurmanci": "ku",
    "Sorani": "ku",
    "Swahili": "sw",
    "Paschto": "ps",
    "Pashto": "ps",
    "Tigrinisch": "ti",
    "Tigrigna": "ti",
}


def _key(text: str) -> str:
    from .text import words

    return " ".join(words(text))


def allowed_text(labels: Mapping[str, str]) -> str:
    """ "erledigt (done), abgelehnt (declined)": the hint after a wrong value."""
    return "Erlaubt: " + ", ".join(
        f"{label} ({ident})" if label and _key(label) != _key(ident) else ident
        for ident, label in labels.items()
    )


def accept(
    value: str,
    labels: Mapping[str, str],
    what: str,
    names: Mapping[str, Iterable[str]] | None = None,
    synonyms: Mapping[str, str] | None = None,
) -> str:
    """The id a person meant by ``value``: the id, its German label or another name.

    Case, umlauts and hyphens do not matter ("E-Mail", "email", "nicht
    erreicht", "Persönlich"); the first word of a longer label is enough when
    it is unique ("persönlich" for "persönlich vor Ort"). A value that means
    nothing raises :class:`UsageError` naming ``what`` (an option or a field),
    with the closest value and every allowed one with its label.
    """
    wanted = _key(value)
    table: dict[str, set[str]] = {}

    def add(name: str, ident: str) -> None:
        if name:
            table.setdefault(_key(name), set()).add(ident)

    for ident, label in labels.items():
        add(ident, ident)
        add(label, ident)
    for ident, more in (names or {}).items():
        for name in more:
            add(name, ident)
    for name, ident in (synonyms or {}).items():
        add(name, ident)
    exact = table.get(wanted, set())
    if len(exact) == 1:
        return next(iter(exact))
    if wanted and not exact:
        heads = {i for name, ids in table.items() if name.startswith(wanted + " ") for i in ids}
        if len(heads) == 1:
            return next(iter(heads))
    if value in labels:
        return value
    raise _not_allowed(value, labels, what, "")


def accept_exact(value: str, labels: Mapping[str, str], what: str) -> str:
    """Only the exact id or the whole German label (case, umlauts and hyphens aside): for a
    choice that ends something, such as the result of a case, no first word or near match."""
    wanted = _key(value)
    for ident, label in labels.items():
        if value == ident or (wanted and wanted in (_key(ident), _key(label))):
            return ident
    raise _not_allowed(value, labels, what, " (genaue Kennung oder Bezeichnung)")


def _not_allowed(value: str, labels: Mapping[str, str], what: str, note: str) -> Exception:
    """The German refusal of ``value``, with the nearest allowed word when there is one."""
    from .errors import UsageError
    from .text import close_match

    close = close_match(value, [*labels, *labels.values()])
    hint = allowed_text(labels)
    if close:
        hint = f"Meinten Sie „{close}“? {hint}"
    return UsageError(f"{what}: „{value}“ ist nicht erlaubt{note}", hint)


def accept_channel(value: str, what: str = "Weg") -> str:
    """A channel by id, German label or synonym ("Telefon", "E-Mail", "persönlich")."""
    return accept(value, CHANNELS, what, synonyms=SYNONYMS["channel"])


def accept_status(value: str, what: str = "Stand") -> str:
    """A referral status by id, label or synonym ("erledigt", "nicht erreicht")."""
    return accept(value, REFERRAL_STATUS, what, synonyms=SYNONYMS["status"])


@cache
def language_labels() -> dict[str, str]:
    """Every ISO 639-1 code with its German name, for ``accept`` and help texts."""
    from .languages import ISO_639_1, language_name

    return {code: language_name(code) for code in sorted(ISO_639_1)}


@cache
def language_words() -> dict[str, str]:
    """Folded language name -> code: German and English names and LANGUAGE_SYNONYMS."""
    from .languages import ISO_639_1, language_name

    out: dict[str, str] = {}
    for code in sorted(ISO_639_1):
        for in_lang in ("de", "en"):
            name = language_name(code, in_lang)
            if name != code:
                out.setdefault(_key(name), code)
    for name, code in LANGUAGE_SYNONYMS.items():
        out[_key(name)] = code
    return out


def accept_language(value: str, what: str = "Sprache") -> str:
    """A language by ISO code ("ar") or by name ("Arabisch", "Arabic", "Farsi")."""
    if value in language_labels():
        return value
    if value.lower() in language_labels() and len(value) == 2:
        return value.lower()
    code = language_words().get(_key(value))
    if code:
        return code
    from .errors import UsageError

    raise UsageError(
        f"{what}: „{value}“ ist keine bekannte Sprache",
        "Sprachcode nach ISO 639-1 (z. B. ar, fa, uk, ti) oder der deutsche Name "
        "(z. B. Arabisch, Persisch, Ukrainisch, Tigrinya)",
    )

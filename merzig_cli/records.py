"""The record kinds of the data model (shared/spec/data-model.md) as schemas.

This is the one place that says which keys exist, which are required and
which values are allowed; validation and the JSON Schema export both read it.
"""

from __future__ import annotations

from .records_cases import (
    CASE,
    CONFERENCE,
    CONSENT_BY,
    LANGUAGE_LEVELS,
    OUTCOMES,
    PERSPECTIVES,
    RESIDENCE_STATUS,
    STEP,
    STEP_STATUS,
    WORK_PERMIT,
)
from .schema import (
    Bool,
    Date,
    Email,
    Enum,
    Field,
    Int,
    Lang,
    ListOf,
    Obj,
    Pattern,
    Ref,
    Slug,
    Str,
    Url,
)
from .vocab import CHANNELS, INQUIRY_ID_RE, LEVELS, REFERRAL_STATUS, TRANSLATION_STATUS

# The conference and case kinds live in records_cases; re-exported from here.
__all__ = [
    "CASE",
    "CHANNELS",
    "CONFERENCE",
    "CONSENT_BY",
    "INQUIRY_ID_RE",
    "LANGUAGE_LEVELS",
    "LEVELS",
    "OUTCOMES",
    "PERSPECTIVES",
    "REFERRAL_STATUS",
    "RESIDENCE_STATUS",
    "STEP",
    "STEP_STATUS",
    "TRANSLATION_STATUS",
    "WORK_PERMIT",
]

LABEL = Obj(
    {"de": Field(Str(), required=True, doc="Bezeichnung auf Deutsch")},
    open_keys=Str(),
    lang_keys=True,
)

ENTRY_FIELDS = {
    "id": Field(Slug(), required=True, doc="Kennung, Kleinbuchstaben und Bindestriche"),
    "label": Field(LABEL, required=True, doc="Bezeichnung je Sprache; label.de ist Pflicht"),
}

CONFIG = Obj(
    {
        "municipality": Field(Str(), required=True, doc="Name der Kommune"),
        "office": Field(
            Obj(
                {
                    "name": Field(Str(), doc="Name der Anlaufstelle"),
                    "email": Field(Email()),
                    "phone": Field(Str(numbers_ok=True)),
                    "address": Field(
                        Obj(
                            {
                                "street": Field(Str()),
                                "postal_code": Field(Str(numbers_ok=True)),
                                "city": Field(Str()),
                            }
                        )
                    ),
                    "website": Field(Url()),
                    "opening_hours": Field(Str()),
                }
            ),
            required=True,
            doc="Die Anlaufstelle selbst",
        ),
        "brochure": Field(
            Obj(
                {
                    "title": Field(Str(), required=True, doc="Titel der Broschüre"),
                    "languages": Field(
                        ListOf(Lang(), min_items=1, unique=True),
                        doc="Sprachen der Broschüre; die erste ist die Ausgangssprache",
                    ),
                    "page_size": Field(Enum(("A4", "A5")), doc="Papierformat der PDF-Ausgabe"),
                }
            ),
            required=True,
        ),
        "feedback_days": Field(
            Int(minimum=1), doc="Tage bis eine Vermittlung ohne Rückmeldung überfällig ist"
        ),
        "review_months": Field(Int(minimum=1), doc="Monate bis ein Steckbrief als veraltet gilt"),
        "retention": Field(
            Obj(
                {
                    "inquiries_months": Field(Int(minimum=1)),
                    "cases_months": Field(Int(minimum=1)),
                }
            ),
            doc="Aufbewahrungsfristen in Monaten nach Abschluss",
        ),
        "smtp": Field(
            Obj(
                {
                    "host": Field(Str()),
                    "port": Field(Int(minimum=1, maximum=65535)),
                    "starttls": Field(Bool()),
                    "sender": Field(Email()),
                    "username": Field(Str()),
                }
            ),
            doc="Mailversand; das Passwort kommt nur aus MERZIG_SMTP_PASSWORD",
        ),
        "example_data": Field(
            Bool(), doc="true: der Arbeitsbereich enthält nur erfundene Beispieldaten"
        ),
    }
)

TAXONOMY = Obj(
    {
        "topics": Field(
            ListOf(
                Obj(
                    {
                        **ENTRY_FIELDS,
                        "keywords": Field(ListOf(Str()), doc="Suchwörter für die Weiterleitung"),
                        "parent": Field(Ref("topic"), doc="Übergeordnetes Thema"),
                    }
                )
            ),
            required=True,
            doc="Themen / Handlungsfelder",
        ),
        "target_groups": Field(ListOf(Obj(dict(ENTRY_FIELDS))), required=True, doc="Zielgruppen"),
        "categories": Field(
            ListOf(Obj(dict(ENTRY_FIELDS))),
            required=True,
            doc="Arten von Akteuren, in der Reihenfolge der Broschüre",
        ),
    }
)

ABSENCE = Obj({"from": Field(Date(), required=True), "to": Field(Date(), required=True)})

CONTACT = Obj(
    {
        "id": Field(Slug(), required=True, doc="Kennung, eindeutig innerhalb des Akteurs"),
        "name": Field(Str(), required=True, doc="Name der Ansprechperson"),
        "role": Field(Str(), doc="Funktion"),
        "email": Field(Email()),
        "phone": Field(Str(numbers_ok=True)),
        "topics": Field(
            ListOf(Ref("topic"), unique=True),
            doc="Zuständigkeit; ohne Themen: allgemeine Ansprechperson",
        ),
        "languages": Field(ListOf(Lang(), unique=True)),
        "absent": Field(
            ListOf(ABSENCE), doc="Abwesenheiten; die Weiterleitung überspringt diese Tage"
        ),
    }
)

OFFER = Obj(
    {
        "id": Field(Slug(), required=True),
        "name": Field(Str(), required=True),
        "summary": Field(Str()),
        "topics": Field(ListOf(Ref("topic"), unique=True)),
        "target_groups": Field(ListOf(Ref("target_group"), unique=True)),
        "eligibility": Field(Str()),
        "cost": Field(Str()),
    }
)

TRANSLATION = Obj(
    {
        "name": Field(Str()),
        "summary": Field(Str(max_len=200)),
        "description": Field(Str()),
        "opening_hours": Field(Str()),
        "languages_note": Field(Str()),
        "status": Field(Enum(TRANSLATION_STATUS), doc="current | outdated | machine"),
    }
)

ACTOR = Obj(
    {
        "id": Field(Slug(), required=True, doc="Kennung, gleich dem Dateinamen ohne .yaml"),
        "name": Field(Str(), required=True, doc="Name der Einrichtung"),
        "category": Field(Ref("category"), required=True, doc="Kategorie aus taxonomy.yaml"),
        "level": Field(Enum(LEVELS), required=True, doc="Ebene: " + " | ".join(LEVELS)),
        "summary": Field(
            Str(max_len=200), required=True, doc="Kurzbeschreibung, höchstens 200 Zeichen"
        ),
        "description": Field(Str(), doc="Ausführliche Beschreibung in Markdown"),
        "legal_basis": Field(ListOf(Str())),
        "topics": Field(
            ListOf(Ref("topic"), min_items=1, unique=True),
            required=True,
            doc="Themen aus taxonomy.yaml, mindestens eines",
        ),
        "target_groups": Field(
            ListOf(Ref("target_group"), min_items=1, unique=True),
            required=True,
            doc="Zielgruppen aus taxonomy.yaml, mindestens eine",
        ),
        "languages": Field(
            ListOf(Lang(), min_items=1, unique=True),
            required=True,
            doc="Beratungssprachen als ISO-639-1-Codes",
        ),
        "languages_note": Field(Str()),
        "address": Field(
            Obj(
                {
                    "street": Field(Str()),
                    "postal_code": Field(Str(numbers_ok=True)),
                    "city": Field(Str()),
                }
            )
        ),
        "opening_hours": Field(Str()),
        "website": Field(Url(), doc="Nur http:// oder https://"),
        "email": Field(Email()),
        "phone": Field(Str(numbers_ok=True)),
        "offers": Field(ListOf(OFFER), doc="Angebote"),
        "contacts": Field(
            ListOf(CONTACT, min_items=1), required=True, doc="Ansprechpersonen, mindestens eine"
        ),
        "network": Field(
            Obj(
                {
                    "interests": Field(ListOf(Str())),
                    "lists": Field(ListOf(Slug(), unique=True), doc="Verteiler für Rundmails"),
                }
            )
        ),
        "publish": Field(
            Bool(), required=True, doc="Einwilligung zur Veröffentlichung in der Broschüre"
        ),
        "reviewed": Field(
            Date(), required=True, doc="Datum der letzten Bestätigung des Steckbriefs"
        ),
        "translations": Field(
            Obj({}, open_keys=TRANSLATION, lang_keys=True), doc="Übersetzungen je Sprachcode"
        ),
    }
)

REFERRAL = Obj(
    {
        "actor": Field(Ref("actor"), required=True),
        "contact": Field(Slug(), doc="Ansprechperson; ohne Angabe die allgemeine"),
        "date": Field(Date(), required=True),
        "status": Field(Enum(REFERRAL_STATUS), required=True, doc=" | ".join(REFERRAL_STATUS)),
        "feedback": Field(
            Obj(
                {
                    "date": Field(Date(), required=True),
                    "outcome": Field(Str(), required=True),
                }
            ),
            doc="Rückmeldung der Ansprechperson",
        ),
    }
)

INQUIRY = Obj(
    {
        "id": Field(
            Pattern(INQUIRY_ID_RE, "Anfragenummer (JJJJ-NNNN)", "2026-0042"), required=True
        ),
        "received": Field(Date(), required=True),
        "channel": Field(Enum(CHANNELS), required=True, doc=" | ".join(CHANNELS)),
        "inquirer": Field(
            Ref("target_group"), required=True, doc="Zielgruppe der fragenden Person"
        ),
        "language": Field(Lang(), required=True),
        "topics": Field(ListOf(Ref("topic"), min_items=1, unique=True), required=True),
        "question": Field(Str(), required=True, doc="Die Frage, ohne Namen und Kontaktdaten"),
        "referrals": Field(ListOf(REFERRAL)),
        "closed": Field(Date()),
    }
)

KINDS: dict[str, Obj] = {
    "config": CONFIG,
    "taxonomy": TAXONOMY,
    "actor": ACTOR,
    "inquiry": INQUIRY,
    "conference": CONFERENCE,
    "case": CASE,
}

KIND_TITLES = {
    "config": "Einstellungen (config.yaml)",
    "taxonomy": "Themen, Zielgruppen und Kategorien (taxonomy.yaml)",
    "actor": "Steckbrief eines Akteurs (actors/<id>.yaml)",
    "inquiry": "Anfrage an die Anlaufstelle (inquiries/<JJJJ>/<id>.yaml)",
    "conference": "Förderkonferenz (conferences/<id>.yaml)",
    "case": "Fall einer Förderkonferenz (cases/<JJJJ>/<id>.yaml)",
}

"""The questions of a Steckbrief, written once for the form, the survey and the import.

Each field has a flat key (``name``, ``address.city``, ``contacts.2.email``)
that the form keeps in its hidden key column, the survey turns into a
question code and the import turns back into the record. The German labels
and explanations are what an actor reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

TEXT = "text"  # one line
LONG = "long"  # several lines
CHOICE = "choice"  # one value of a vocabulary
MULTI = "multi"  # several values of a vocabulary

FORM_VERSION = "merzig-steckbrief-1"
CONTACT_BLOCKS = 4  # empty blocks a new form offers; a pre-filled form has one more than used
OFFER_BLOCKS = 4
SURVEY_BLOCKS = 3  # contact persons and offers a survey asks for


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    help: str
    kind: str = TEXT
    vocab: str = ""  # category | level | topic | target_group | language
    required: bool = False
    slots: int = 1  # MULTI: drop-down cells in the form
    code: str = ""  # the survey's question code (letters and digits)
    max_len: int | None = None


ACTOR_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "Name der Einrichtung",
        "So, wie er in der Broschüre stehen soll.",
        required=True,
        code="name",
    ),
    Field(
        "category",
        "Kategorie",
        "Art der Einrichtung: bitte aus der Liste wählen.",
        CHOICE,
        "category",
        required=True,
        code="kategorie",
    ),
    Field(
        "level",
        "Ebene",
        "Für welches Gebiet die Einrichtung zuständig ist (Liste).",
        CHOICE,
        "level",
        required=True,
        code="ebene",
    ),
    Field(
        "summary",
        "Kurzbeschreibung",
        "Ein bis zwei Sätze, höchstens 200 Zeichen.",
        required=True,
        code="kurz",
        max_len=200,
    ),
    Field(
        "description",
        "Beschreibung",
        "Ausführlich: was Sie anbieten, für wen, wie man Sie erreicht. Absätze sind erlaubt.",
        LONG,
        code="beschreibung",
    ),
    Field(
        "legal_basis",
        "Rechtsgrundlagen",
        "Falls zutreffend, z. B. „SGB II, SGB VIII“ (mit Komma trennen).",
        code="recht",
    ),
    Field(
        "topics",
        "Themen",
        "Mindestens ein Thema aus der Liste; eines je Zeile.",
        MULTI,
        "topic",
        required=True,
        slots=8,
        code="themen",
    ),
    Field(
        "target_groups",
        "Zielgruppen",
        "Mindestens eine Zielgruppe aus der Liste; eine je Zeile.",
        MULTI,
        "target_group",
        required=True,
        slots=6,
        code="zielgruppen",
    ),
    Field(
        "languages",
        "Beratungssprachen",
        "Mindestens eine Sprache, in der Sie beraten; eine je Zeile.",
        MULTI,
        "language",
        required=True,
        slots=8,
        code="sprachen",
    ),
    Field(
        "languages_note",
        "Hinweis zu den Sprachen",
        "Z. B. „Arabisch donnerstags nachmittags“.",
        code="sprachhinweis",
    ),
    Field("address.street", "Straße und Hausnummer", "Anschrift der Einrichtung.", code="strasse"),
    Field("address.postal_code", "Postleitzahl", "Fünf Ziffern.", code="plz"),
    Field("address.city", "Ort", "", code="ort"),
    Field("opening_hours", "Öffnungszeiten", "Z. B. „Mo–Fr 8–12 Uhr“.", code="zeiten"),
    Field("website", "Internetseite", "Beginnt mit https:// oder http://.", code="web"),
    Field("email", "E-Mail der Einrichtung", "Allgemeine Adresse, z. B. info@…", code="email"),
    Field("phone", "Telefon der Einrichtung", "Mit Vorwahl.", code="telefon"),
)

CONTACT_FIELDS: tuple[Field, ...] = (
    Field("name", "Name", "Vor- und Nachname der Ansprechperson.", required=True, code="name"),
    Field("role", "Funktion", "Z. B. „Beratung Anerkennung“.", code="funktion"),
    Field("email", "E-Mail", "E-Mail oder Telefon ist Pflicht.", code="email"),
    Field("phone", "Telefon", "E-Mail oder Telefon ist Pflicht.", code="telefon"),
    Field(
        "topics",
        "Zuständig für Themen",
        "Leer lassen bei der allgemeinen Ansprechperson.",
        MULTI,
        "topic",
        slots=4,
        code="themen",
    ),
    Field(
        "languages",
        "Sprachen",
        "Sprachen, in denen diese Person berät.",
        MULTI,
        "language",
        slots=4,
        code="sprachen",
    ),
)

OFFER_FIELDS: tuple[Field, ...] = (
    Field("name", "Name des Angebots", "", required=True, code="name"),
    Field("summary", "Kurzbeschreibung", "Ein Satz.", code="kurz"),
    Field("topics", "Themen", "Themen dieses Angebots.", MULTI, "topic", slots=3, code="themen"),
    Field(
        "target_groups",
        "Zielgruppen",
        "Für wen das Angebot ist.",
        MULTI,
        "target_group",
        slots=3,
        code="zielgruppen",
    ),
    Field(
        "eligibility", "Wer es nutzen kann", "Z. B. „Alle mit ausländischem Abschluss“.", code="wer"
    ),
    Field("cost", "Kosten", "Z. B. „kostenlos“.", code="kosten"),
)

BLOCKS = {"contacts": CONTACT_FIELDS, "offers": OFFER_FIELDS}
BLOCK_TITLES = {"contacts": "Ansprechperson", "offers": "Angebot"}
BLOCK_CODES = {"contacts": "person", "offers": "angebot"}


def block_fields(block: str, number: int) -> list[Field]:
    """The fields of the ``number``-th block (1-based): ``contacts.2.email`` ..."""
    return [replace(f, key=f"{block}.{number}.{f.key}") for f in BLOCKS[block]]


def all_fields(contacts: int, offers: int) -> list[Field]:
    out = list(ACTOR_FIELDS)
    for n in range(1, contacts + 1):
        out += block_fields("contacts", n)
    for n in range(1, offers + 1):
        out += block_fields("offers", n)
    return out


_BLOCK_KEY = re.compile(r"^(contacts|offers)\.(\d{1,3})\.([a-z_]+)$")


def field_for(key: str) -> Field | None:
    """The field of a flat key, blocks of any number included."""
    m = _BLOCK_KEY.match(key)
    if m:
        block, _number, sub = m.groups()
        base = next((f for f in BLOCKS[block] if f.key == sub), None)
        return replace(base, key=key) if base else None
    return next((f for f in ACTOR_FIELDS if f.key == key), None)


def block_of(key: str) -> tuple[str, int, str] | None:
    """("contacts", 2, "email") for ``contacts.2.email``."""
    m = _BLOCK_KEY.match(key)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else None

"""The office's settings (``config.yaml``) and its vocabularies (``taxonomy.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.vocab import PAGE_SIZES
from .containers import Field, ListOf, Obj, Ref
from .mailvalues import Email, Name
from .record import Rec, key
from .values import Bool, Enum, Int, Lang, Regex, Slug, Str, Url


def pick_label(label: dict[str, str], lang: str) -> str:
    """The label in ``lang``, falling back to German."""
    return label.get(lang) or label.get("de") or next(iter(label.values()), "")


def label_of(entries: Mapping[str, Any], key: str, lang: str = "de") -> str:
    """The label of a topic or target group; an id the taxonomy does not know stays the id."""
    return pick_label(entries[key].label, lang) if key in entries else key


def taxonomy_id(entries: Mapping[str, Any], value: str, what: str) -> str:
    """A topic or target group by id or by one of its labels ("Geflüchtete" -> refugees)."""
    from ..core.vocab import accept

    labels = {k: pick_label(e.label, "de") for k, e in entries.items()}
    return accept(value, labels, what, names={k: e.label.values() for k, e in entries.items()})


LABEL = Obj(
    {"de": Field(Str(), required=True, doc="Bezeichnung auf Deutsch")},
    open_keys=Str(),
    lang_keys=True,
)


@dataclass
class Address:
    street: str | None = key(Str(), "Straße und Hausnummer")
    postal_code: str | None = key(Str(numbers_ok=True), "Postleitzahl, in Anführungszeichen")
    city: str | None = key(Str(), "Ort")

    def one_line(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


@dataclass
class Office:
    name: str = key(Name(), "Name der Anlaufstelle", default="Anlaufstelle")
    email: str | None = key(Email(), "E-Mail-Adresse der Anlaufstelle")
    phone: str | None = key(Str(numbers_ok=True), "Telefonnummer der Anlaufstelle")
    address: Address | None = key(Rec(Address), "Anschrift der Anlaufstelle")
    website: str | None = key(Url(), "Internetseite der Anlaufstelle")
    opening_hours: str | None = key(Str(), "Sprechzeiten der Anlaufstelle")


@dataclass
class BrochureTexts:
    """The brochure's title and fixed texts in one language."""

    title: str | None = key(Str(), "Titel der Broschüre in dieser Sprache")
    labels: dict[str, str] = key(
        Obj({}, open_keys=Str()),
        "Feste Texte in dieser Sprache, z. B. offers: Services (Schlüssel wie in "
        "templates/brochure/strings.yaml); ersetzen die mitgelieferten",
        factory=dict,
    )


@dataclass
class BrochureSettings:
    title: str = key(Str(), "Titel der Broschüre", required=True, default="Broschüre")
    languages: list[str] = key(
        ListOf(Lang(), min_items=1, unique=True),
        "Sprachen der Broschüre; die erste ist die Ausgangssprache",
        factory=lambda: ["de"],
    )
    page_size: str = key(Enum(PAGE_SIZES), "Papierformat der PDF-Ausgabe", default="A4")
    pdf_parts: bool | None = key(
        Bool(),
        "ohne Wirkung, nur noch geduldet: eine lange Broschüre wird in Teilen gesetzt, "
        "wenn der Arbeitsbereich keine eigene brochure.html.j2 oder pdf.css hat",
    )
    translations: dict[str, BrochureTexts] = key(
        Obj({}, open_keys=Rec(BrochureTexts), lang_keys=True),
        "Titel und feste Texte der Broschüre je Sprachcode, z. B. en: {title: …}",
        factory=dict,
    )


@dataclass
class Retention:
    inquiries_months: int = key(
        Int(minimum=1), "Monate, die eine abgeschlossene Anfrage aufbewahrt wird", default=24
    )
    cases_months: int = key(
        Int(minimum=1), "Monate, die ein abgeschlossener Fall aufbewahrt wird", default=36
    )
    withdrawn_days: int = key(
        Int(minimum=1),
        "Tage nach einem Widerruf, nach denen der Inhalt des Falls gelöscht wird",
        default=30,
    )


@dataclass
class OutputSettings:
    group_readable: bool = key(
        Bool(),
        "true: Falldokumente (Protokoll, Auszüge, Vereinbarungen) auch für die Gruppe lesbar "
        "(0640); Standard: nur für die eigene Benutzerkennung (0600)",
        default=False,
    )


@dataclass
class Smtp:
    host: str = key(Str(), "Name des Mailservers", default="localhost")
    port: int = key(Int(minimum=1, maximum=65535), "Port des Mailservers", default=25)
    starttls: bool = key(Bool(), "Verbindung mit STARTTLS verschlüsseln", default=False)
    sender: str | None = key(Email(), "Absenderadresse der Rundmails")
    user: str | None = key(Str(), "Anmeldename am Mailserver")
    per_minute: int = key(
        Int(minimum=1, maximum=10000), "Höchstens so viele Mails je Minute", default=30
    )


@dataclass
class Followup:
    silence_days: int = key(
        Int(minimum=1),
        "Tage ohne Aktivität, nach denen ein Fall bei followup --check auffällt",
        default=90,
    )


@dataclass
class Reminders:
    interval_days: int = key(
        Int(minimum=1, maximum=366),
        "Tage, nach denen dieselbe Erinnerung (und eine Mail an dieselbe Person) frühestens "
        "wieder hinausgeht",
        default=7,
    )
    escalate_after: int = key(
        Int(minimum=1, maximum=100),
        "Nach so vielen Erinnerungen zur selben Sache bekommt die Leitung des Akteurs "
        "(lead: true) eine Kopie",
        default=3,
    )


@dataclass
class ConferenceSettings:
    mail_excerpts: bool = key(
        Bool(),
        "true: conference send hängt jedem Teilnehmenden seinen Auszug an die Mail an; "
        "Standard false: die Auszüge verlassen die Anlaufstelle nicht per Mail",
        default=False,
    )


@dataclass
class Officer:
    """The data protection officer the Art. 15 export names."""

    name: str | None = key(Str(), "Name oder Funktion, z. B. Datenschutzbeauftragte der Kreisstadt")
    email: str | None = key(Email(), "E-Mail-Adresse der oder des Datenschutzbeauftragten")
    phone: str | None = key(Str(numbers_ok=True), "Telefonnummer")
    address: str | None = key(Str(), "Anschrift")


@dataclass
class Authority:
    """The supervisory authority a person may complain to (Art. 77 DSGVO)."""

    name: str | None = key(Str(), "Name der Aufsichtsbehörde")
    address: str | None = key(Str(), "Anschrift der Aufsichtsbehörde")
    email: str | None = key(Email(), "E-Mail-Adresse der Aufsichtsbehörde")
    website: str | None = key(Url(), "Internetseite der Aufsichtsbehörde")


@dataclass
class Privacy:
    officer: Officer | None = key(Rec(Officer), "Die oder der Datenschutzbeauftragte")
    authority: Authority | None = key(
        Rec(Authority), "Die Datenschutz-Aufsichtsbehörde für Beschwerden"
    )
    pseudonym_pattern: str | None = key(
        Regex(),
        "Regulärer Ausdruck, dem jedes Pseudonym ganz entsprechen muss, z. B. "
        "'FK\\d{2}-\\d{2}' (ohne: Initialen oder ein Code)",
    )


@dataclass
class Config:
    municipality: str = key(Str(), "Name der Kommune", required=True, default="Kommune")
    state: str | None = key(
        Str(), "Bundesland der Kommune, z. B. Saarland (steht im HSDS-Export in jeder Anschrift)"
    )
    office: Office = key(Rec(Office), "Die Anlaufstelle selbst", required=True, factory=Office)
    brochure: BrochureSettings = key(
        Rec(BrochureSettings),
        "Titel und Sprachen der Broschüre",
        required=True,
        factory=BrochureSettings,
    )
    feedback_days: int = key(
        Int(minimum=1), "Tage bis eine Vermittlung ohne Rückmeldung überfällig ist", default=14
    )
    review_months: int = key(
        Int(minimum=1), "Monate bis ein Steckbrief als veraltet gilt", default=12
    )
    retention: Retention = key(
        Rec(Retention),
        "Aufbewahrungsfristen: Monate nach Abschluss, Tage nach einem Widerruf",
        factory=Retention,
    )
    smtp: Smtp | None = key(
        Rec(Smtp), "Mailversand; das Passwort kommt nur aus MERZIG_SMTP_PASSWORD"
    )
    followup: Followup = key(Rec(Followup), "Nachverfolgung der Fälle", factory=Followup)
    reminders: Reminders = key(
        Rec(Reminders), "Takt der Erinnerungen (mail reminders)", factory=Reminders
    )
    conference: ConferenceSettings = key(
        Rec(ConferenceSettings),
        "Förderkonferenz: ob Auszüge per Mail hinausgehen (conference send)",
        factory=ConferenceSettings,
    )
    privacy: Privacy = key(
        Rec(Privacy),
        "Datenschutz: Datenschutzbeauftragte, Aufsichtsbehörde (für die Auskunft) und "
        "Format der Pseudonyme",
        factory=Privacy,
    )
    output: OutputSettings = key(
        Rec(OutputSettings), "Erzeugte Falldokumente", factory=OutputSettings
    )
    example_data: bool = key(
        Bool(), "true: der Arbeitsbereich enthält nur erfundene Beispieldaten", default=False
    )


@dataclass
class Topic:
    id: str = key(Slug(), "Kennung, Kleinbuchstaben und Bindestriche", required=True, default="")
    label: dict[str, str] = key(
        LABEL, "Bezeichnung je Sprache; label.de ist Pflicht", required=True, factory=dict
    )
    keywords: list[str] = key(ListOf(Str()), "Suchwörter für die Weiterleitung", factory=list)
    parent: str | None = key(Ref("topic"), "Übergeordnetes Thema")


@dataclass
class Entry:
    """A target group or an actor category."""

    id: str = key(Slug(), "Kennung, Kleinbuchstaben und Bindestriche", required=True, default="")
    label: dict[str, str] = key(
        LABEL, "Bezeichnung je Sprache; label.de ist Pflicht", required=True, factory=dict
    )


@dataclass
class Taxonomy:
    topics: dict[str, Topic] = key(
        ListOf(Rec(Topic)), "Themen / Handlungsfelder", required=True, factory=dict, keyed_by="id"
    )
    target_groups: dict[str, Entry] = key(
        ListOf(Rec(Entry)), "Zielgruppen", required=True, factory=dict, keyed_by="id"
    )
    categories: dict[str, Entry] = key(
        ListOf(Rec(Entry)),
        "Arten von Akteuren, in der Reihenfolge der Broschüre",
        required=True,
        factory=dict,
        keyed_by="id",
    )

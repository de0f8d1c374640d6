"""The Steckbrief of an actor (``actors/<id>.yaml``): offers, contact persons, translations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.vocab import LEVELS, TRANSLATION_STATUS
from .config import Address
from .containers import ListOf, Obj, Ref
from .mailvalues import Email, Name
from .record import Rec, key
from .values import Bool, Date, Enum, Lang, Slug, Str, Url


@dataclass
class Absence:
    start: dt.date = key(Date(), "Erster Tag der Abwesenheit", required=True, name="from")
    end: dt.date = key(Date(), "Letzter Tag der Abwesenheit", required=True, name="to")


@dataclass
class Contact:
    id: str = key(Slug(), "Kennung, eindeutig innerhalb des Akteurs", required=True, default="")
    name: str = key(Name(), "Name der Ansprechperson", required=True, default="")
    role: str | None = key(Str(), "Funktion")
    email: str | None = key(Email(), "E-Mail-Adresse (E-Mail oder Telefon ist Pflicht)")
    phone: str | None = key(Str(numbers_ok=True), "Telefonnummer (E-Mail oder Telefon ist Pflicht)")
    topics: list[str] = key(
        ListOf(Ref("topic"), unique=True),
        "Zuständigkeit; ohne Themen: allgemeine Ansprechperson",
        factory=list,
    )
    languages: list[str] = key(
        ListOf(Lang(), unique=True), "Sprachen, in denen diese Person berät", factory=list
    )
    lead: bool = key(
        Bool(),
        "true: Leitung, bekommt eine Kopie von Erinnerungen, die mehrmals ohne Antwort blieben",
        default=False,
    )
    absent: list[Absence] = key(
        ListOf(Rec(Absence)),
        "Abwesenheiten; die Weiterleitung überspringt diese Tage",
        factory=list,
    )

    @property
    def is_general(self) -> bool:
        return not self.topics

    def is_absent(self, day: dt.date) -> bool:
        return any(a.start <= day <= a.end for a in self.absent)


@dataclass
class ActorRef:
    """A reference to an actor (a referral, a conference participant, a case's support)."""

    actor: str = key(Ref("actor"), "Akteur (Kennung aus actors/)", required=True, default="")


@dataclass
class ActorContact(ActorRef):
    """An actor and, optionally, one of its contact persons."""

    contact: str | None = key(
        Slug(), "Ansprechperson beim Akteur (Kennung); ohne Angabe die allgemeine"
    )


@dataclass
class Offer:
    id: str = key(Slug(), "Kennung, eindeutig innerhalb des Akteurs", required=True, default="")
    name: str = key(Str(), "Name des Angebots", required=True, default="")
    summary: str | None = key(Str(), "Kurzbeschreibung des Angebots")
    topics: list[str] = key(ListOf(Ref("topic"), unique=True), "Themen des Angebots", factory=list)
    target_groups: list[str] = key(
        ListOf(Ref("target_group"), unique=True), "Zielgruppen des Angebots", factory=list
    )
    eligibility: str | None = key(Str(), "Wer das Angebot nutzen kann")
    cost: str | None = key(Str(), "Kosten, z. B. „kostenlos“")


@dataclass
class Network:
    interests: list[str] = key(
        ListOf(Str()), "Was der Akteur sich vom Netzwerk wünscht", factory=list
    )
    lists: list[str] = key(ListOf(Slug(), unique=True), "Verteiler für Rundmails", factory=list)


TRANSLATED_FIELDS = ("name", "summary", "description", "opening_hours", "languages_note")


@dataclass
class Translation:
    name: str | None = key(Str(), "Name in dieser Sprache")
    summary: str | None = key(Str(max_len=200), "Kurzbeschreibung in dieser Sprache")
    description: str | None = key(Str(), "Beschreibung in dieser Sprache (Markdown)")
    opening_hours: str | None = key(Str(), "Öffnungszeiten in dieser Sprache")
    languages_note: str | None = key(Str(), "Hinweis zu den Sprachen in dieser Sprache")
    status: str | None = key(
        Enum(TRANSLATION_STATUS), "Stand der Übersetzung: current | outdated | machine"
    )

    def texts(self) -> dict[str, str]:
        """The translated fields that hold text."""
        found = {name: getattr(self, name) for name in TRANSLATED_FIELDS}
        return {name: text for name, text in found.items() if text and text.strip()}


@dataclass
class Actor:
    id: str = key(Slug(), "Kennung, gleich dem Dateinamen ohne .yaml", required=True, default="")
    name: str = key(Name(), "Name der Einrichtung", required=True, default="")
    category: str = key(Ref("category"), "Kategorie aus taxonomy.yaml", required=True, default="")
    level: str = key(Enum(LEVELS), "Ebene: " + " | ".join(LEVELS), required=True, default="")
    summary: str = key(
        Str(max_len=200), "Kurzbeschreibung, höchstens 200 Zeichen", required=True, default=""
    )
    description: str | None = key(Str(), "Ausführliche Beschreibung in Markdown")
    legal_basis: list[str] = key(ListOf(Str()), "Rechtsgrundlagen, z. B. SGB II", factory=list)
    topics: list[str] = key(
        ListOf(Ref("topic"), min_items=1, unique=True),
        "Themen aus taxonomy.yaml, mindestens eines",
        required=True,
        factory=list,
    )
    target_groups: list[str] = key(
        ListOf(Ref("target_group"), min_items=1, unique=True),
        "Zielgruppen aus taxonomy.yaml, mindestens eine",
        required=True,
        factory=list,
    )
    languages: list[str] = key(
        ListOf(Lang(), min_items=1, unique=True),
        "Beratungssprachen als ISO-639-1-Codes",
        required=True,
        factory=list,
    )
    languages_note: str | None = key(Str(), "Hinweis zu den Sprachen, z. B. Sprechzeiten")
    address: Address | None = key(Rec(Address), "Anschrift")
    opening_hours: str | None = key(Str(), "Öffnungszeiten")
    website: str | None = key(Url(), "Nur http:// oder https://")
    email: str | None = key(Email(), "E-Mail-Adresse der Einrichtung")
    phone: str | None = key(Str(numbers_ok=True), "Telefonnummer der Einrichtung")
    offers: list[Offer] = key(ListOf(Rec(Offer)), "Angebote", factory=list)
    contacts: list[Contact] = key(
        ListOf(Rec(Contact), min_items=1),
        "Ansprechpersonen, mindestens eine",
        required=True,
        factory=list,
    )
    network: Network = key(Rec(Network), "Netzwerk: Interessen und Verteiler", factory=Network)
    publish: bool = key(
        Bool(), "Einwilligung zur Veröffentlichung in der Broschüre", required=True, default=False
    )
    reviewed: dt.date | None = key(
        Date(), "Datum der letzten Bestätigung des Steckbriefs", required=True
    )
    translations: dict[str, Translation] = key(
        Obj({}, open_keys=Rec(Translation), lang_keys=True),
        "Übersetzungen je Sprachcode",
        factory=dict,
    )
    source: str = ""  # the file, relative to the workspace (not a key of the file)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    @property
    def lead_contact(self) -> Contact | None:
        """The contact marked ``lead: true``, else the general contact."""
        return next((c for c in self.contacts if c.lead), None) or self.general_contact

    @property
    def general_contact(self) -> Contact | None:
        """The contact without a topic area, else the first one."""
        return next(
            (c for c in self.contacts if c.is_general), self.contacts[0] if self.contacts else None
        )

"""What a template sees of the brochure: plain records, each text with its language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is really in (a fallback stays German)."""

    text: str
    lang: str


@dataclass
class Link:
    text: str
    href: str


@dataclass
class ContactView:
    name: str
    role: Text | None
    email: Link | None
    phone: Link | None
    languages: list[str]


@dataclass
class OfferView:
    name: Text
    summary: Text | None
    eligibility: Text | None
    cost: Text | None


@dataclass
class ActorView:
    id: str
    anchor: str
    name: Text
    summary: Text
    description: Text | None
    notes: list[str]  # notices above the entry ("only in German", "machine translation")
    offers: list[OfferView]
    contacts: list[ContactView]
    languages: list[str]
    languages_note: Text | None
    opening_hours: Text | None
    address: str | None
    website: Link | None
    email: Link | None
    phone: Link | None
    legal_basis: list[str]
    description_note: str | None = None  # above a German description under a translated summary
    towns: list[str] = field(default_factory=list)  # a district brochure: the towns it serves


@dataclass
class CategoryView:
    id: str
    anchor: str
    label: Text
    actors: list[ActorView]


@dataclass
class IndexEntry:
    anchor: str
    label: Text
    depth: int
    actors: list[ActorView]


@dataclass
class Brochure:
    """Everything one language edition shows, ready for a template."""

    lang: str
    source_lang: str
    dir: str
    title: Text
    municipality: Text
    date: dt.date | None
    strings: dict[str, str]
    office: dict[str, Any]
    categories: list[CategoryView]
    topic_index: list[IndexEntry]
    group_index: list[IndexEntry]
    actor_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

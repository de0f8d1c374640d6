"""Typed records, built from the YAML files by :mod:`merzig_cli.workspace`.

Every record keeps ``source``: the file it came from, relative to the
workspace, so that services can point the user back to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def pick_label(label: dict[str, str], lang: str) -> str:
    """The label in ``lang``, falling back to German."""
    return label.get(lang) or label.get("de") or next(iter(label.values()), "")


@dataclass
class Topic:
    id: str
    label: dict[str, str]
    keywords: list[str] = field(default_factory=list)
    parent: str | None = None


@dataclass
class Entry:
    """A target group or an actor category."""

    id: str
    label: dict[str, str]


@dataclass
class Taxonomy:
    topics: dict[str, Topic] = field(default_factory=dict)
    target_groups: dict[str, Entry] = field(default_factory=dict)
    categories: dict[str, Entry] = field(default_factory=dict)


@dataclass
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    sender: str | None = None
    username: str | None = None


@dataclass
class Address:
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None

    def one_line(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


@dataclass
class Office:
    name: str = "Anlaufstelle"
    email: str | None = None
    phone: str | None = None
    address: Address | None = None
    website: str | None = None
    opening_hours: str | None = None


@dataclass
class Config:
    municipality: str
    office: Office
    brochure_title: str
    brochure_languages: list[str] = field(default_factory=lambda: ["de"])
    page_size: str = "A4"
    feedback_days: int = 14
    review_months: int = 12
    retention_inquiries_months: int = 24
    retention_cases_months: int = 36
    smtp: SmtpSettings | None = None
    example_data: bool = False


@dataclass
class Absence:
    start: dt.date
    end: dt.date


@dataclass
class Contact:
    id: str
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    absent: list[Absence] = field(default_factory=list)

    @property
    def is_general(self) -> bool:
        return not self.topics

    def is_absent(self, day: dt.date) -> bool:
        return any(a.start <= day <= a.end for a in self.absent)


@dataclass
class Offer:
    id: str
    name: str
    summary: str | None = None
    topics: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    eligibility: str | None = None
    cost: str | None = None


@dataclass
class Actor:
    id: str
    name: str
    category: str
    level: str
    summary: str
    topics: list[str]
    target_groups: list[str]
    languages: list[str]
    contacts: list[Contact]
    publish: bool
    reviewed: dt.date | None
    source: str = ""
    description: str | None = None
    legal_basis: list[str] = field(default_factory=list)
    languages_note: str | None = None
    address: Address | None = None
    opening_hours: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    offers: list[Offer] = field(default_factory=list)
    network_interests: list[str] = field(default_factory=list)
    network_lists: list[str] = field(default_factory=list)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    @property
    def general_contact(self) -> Contact | None:
        """The contact without a topic area, else the first one."""
        return next(
            (c for c in self.contacts if c.is_general), self.contacts[0] if self.contacts else None
        )


@dataclass
class Feedback:
    date: dt.date
    outcome: str


@dataclass
class Referral:
    actor: str
    date: dt.date
    status: str
    contact: str | None = None
    feedback: Feedback | None = None


@dataclass
class Inquiry:
    id: str
    received: dt.date
    channel: str
    inquirer: str
    language: str
    topics: list[str]
    question: str
    referrals: list[Referral] = field(default_factory=list)
    closed: dt.date | None = None
    source: str = ""

    @property
    def year(self) -> int:
        return int(self.id[:4])


@dataclass
class Participant:
    actor: str
    contact: str | None = None


@dataclass
class Conference:
    id: str
    title: str
    date: dt.date
    location: str
    start: str = "09:00"
    slot_minutes: int = 20
    host: str | None = None
    participants: list[Participant] = field(default_factory=list)
    source: str = ""


@dataclass
class Consent:
    date: dt.date | None
    by: str | None
    share_with: list[str] = field(default_factory=list)
    withdrawn: dt.date | None = None

    def active(self, on: dt.date) -> bool:
        """Consent given and not withdrawn on ``on``."""
        if self.date is None:
            return False
        return self.withdrawn is None or on < self.withdrawn


@dataclass
class Step:
    action: str
    by: str
    status: str
    support: str | None = None
    due: dt.date | None = None
    done: dt.date | None = None


@dataclass
class FollowUp:
    date: dt.date
    note: str


@dataclass
class CaseActor:
    actor: str
    role: str | None = None


@dataclass
class Case:
    id: str
    conference: str
    pseudonym: str
    birth_year: int
    consent: Consent
    source: str = ""
    school: dict[str, str] = field(default_factory=dict)
    residence: dict[str, object] = field(default_factory=dict)
    language_level: str | None = None
    situation: dict[str, object] = field(default_factory=dict)
    actors: list[CaseActor] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    agreement_date: dt.date | None = None
    perspective: str | None = None
    steps: list[Step] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)
    outcome_date: dt.date | None = None
    outcome_result: str | None = None
    closed: dt.date | None = None

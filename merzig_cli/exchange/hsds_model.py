"""The published directory as HSDS 3.0 tables, one language at a time.

Each published actor (``publish: true``, the brochure's rule) becomes an
``organization``; each offer a ``service`` (an actor without offers is its
own service); the address a ``location`` with an ``address``; the contact
persons ``contact`` rows with a ``phone``; readable opening hours weekly
``schedule`` rows (:mod:`.hsds_hours`); topics, target groups and the category
``taxonomy_term`` rows linked by ``attribute`` rows; ``reviewed`` the services'
``assured_date``; the languages of counselling ``language`` rows.

Only actors, the taxonomy and the config are read: the caller loads a
workspace with actors only. Ids are UUIDv5 of the workspace's own ids in one
fixed namespace, so that a second export gives the same ids, and the same
actor has the same id in every language. Rows hold only the values there
are (HSDS allows no ``null``); the CSV writer fills the empty columns.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from ..brochure.content import published
from ..brochure.texts import translation_notes
from ..core.languages import language_name
from ..documents.sanitize import web_url
from ..schema.actor import Actor
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from .hsds_hours import read_hours

# Fixed for good: every id of every export is derived in it (uuid5 of "urn:merzig-cli:hsds").
NAMESPACE = uuid.UUID("1699792b-60e8-54b4-8ce4-abd866a4d361")
COUNTRY = "DE"

Row = dict[str, Any]

# The three vocabularies of taxonomy.yaml: (key in the ids, name, description) per language.
VOCABULARIES = {
    "topic": {
        "de": ("Themen", "Themen und Handlungsfelder der Integrationsarbeit"),
        "en": ("Topics", "Topics and fields of integration work"),
    },
    "target-group": {
        "de": ("Zielgruppen", "Für wen ein Angebot gedacht ist"),
        "en": ("Target groups", "Whom a service is meant for"),
    },
    "category": {
        "de": ("Arten von Einrichtungen", "Art der Einrichtung, die Angebote macht"),
        "en": ("Kinds of organization", "The kind of organization that offers services"),
    },
}
NO_STATE = (
    "config.yaml nennt kein Bundesland (state): die Anschriften stehen nur als Beschreibung "
    "des Orts im Export, denn HSDS verlangt zu jeder Anschrift das Bundesland"
)
LINK_TYPES = {"topic": "topic", "target-group": "audience", "category": "category"}


def hsds_id(*parts: str) -> str:
    """The UUIDv5 of a workspace id path, e.g. ``hsds_id("actor", "caritas-merzig")``."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def web_uri(url: str | None) -> str | None:
    """A website as an ASCII URI (RFC 3986), as HSDS requires: the host in IDNA
    (``bürgerbüro.example`` -> ``xn--brgerbro-…``), other characters percent-encoded;
    None for anything but http(s) or what cannot be written so."""
    safe = web_url(url)
    if safe is None:
        return None
    try:
        parts = urlsplit(safe)
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = f":{parts.port}" if parts.port else ""
    except (UnicodeError, ValueError):
        return None
    if not host:
        return None
    keep = "/:@!$&'()*+,;=-._~%?#[]"
    rest = (quote(part, safe=keep) for part in (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme.lower(), host + port, *rest))


def _clean(row: Row) -> Row:
    return {k: v for k, v in row.items() if v is not None and v != ""}


@dataclass
class Tables:
    """The rows of each HSDS table, in a fixed order; notes for the user (German)."""

    lang: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    seen: set[str] = field(default_factory=set)

    def add(self, table: str, row: Row) -> str:
        """Add ``row`` to ``table``; a second row with the same id (an offer or a contact
        whose id is doubled, which validation reports) is left out: HSDS ids are unique."""
        clean = _clean(row)
        ident = str(clean["id"])
        if ident not in self.seen:
            self.seen.add(ident)
            self.rows.setdefault(table, []).append(clean)
        return ident


class _Export:
    def __init__(self, ws: Workspace, lang: str) -> None:
        self.ws = ws
        self.lang = lang
        self.source = (ws.config.brochure.languages or ["de"])[0]
        self.out = Tables(lang)
        self.state = (ws.config.state or "").strip()

    def vocabulary_names(self, kind: str) -> tuple[str, str]:
        names = VOCABULARIES[kind]
        return names.get(self.lang) or names["en"]

    def entries(self, kind: str) -> Mapping[str, Any]:
        tax = self.ws.taxonomy
        vocabularies: dict[str, Mapping[str, Any]] = {
            "topic": tax.topics,
            "target-group": tax.target_groups,
            "category": tax.categories,
        }
        return vocabularies[kind]

    def taxonomies(self) -> None:
        for kind in VOCABULARIES:
            entries = self.entries(kind)
            name, description = self.vocabulary_names(kind)
            taxonomy = self.out.add(
                "taxonomy",
                {"id": hsds_id("taxonomy", kind), "name": name, "description": description},
            )
            for ident, entry in entries.items():
                parent = getattr(entry, "parent", None)
                label = pick_label(entry.label, self.lang) or ident
                self.out.add(
                    "taxonomy_term",
                    {
                        "id": hsds_id(kind, ident),
                        "code": f"{kind}:{ident}",
                        "name": label,
                        "description": f"{name}: {label}",
                        "parent_id": hsds_id(kind, parent)
                        if isinstance(parent, str) and parent in entries and parent != ident
                        else None,
                        "taxonomy": name,
                        "language": self.lang,
                        "taxonomy_id": taxonomy,
                    },
                )

    def attributes(self, link: str, entity: str, kind: str, idents: list[str]) -> None:
        known = self.entries(kind)
        for ident in dict.fromkeys(idents):
            if ident in known:  # validation reports an unknown id; the export leaves it out
                self.out.add(
                    "attribute",
                    {
                        "id": hsds_id("attribute", link, kind, ident),
                        "link_id": link,
                        "taxonomy_term_id": hsds_id(kind, ident),
                        "link_type": LINK_TYPES[kind],
                        "link_entity": entity,
                    },
                )

    def languages(self, codes: list[str], note: str | None, **owner: str) -> None:
        ((key, link),) = owner.items()
        for code in dict.fromkeys(codes):
            self.out.add(
                "language",
                {
                    "id": hsds_id("language", link, code),
                    key: link,
                    "name": language_name(code, self.lang),
                    "code": code,
                    "note": note,
                },
            )

    def actor(self, a: Actor) -> None:
        tr, _notes = translation_notes(a, self.lang, self.source)
        org = self.out.add(
            "organization",
            {
                "id": hsds_id("actor", a.id),
                "name": tr.get("name") or a.name or a.id,
                "description": tr.get("summary") or a.summary or a.name or a.id,
                "email": a.email,
                "website": web_uri(a.website),
            },
        )
        self.attributes(org, "organization", "category", [a.category])
        if a.phone:
            self.out.add(
                "phone",
                {"id": hsds_id("actor", a.id, "phone"), "organization_id": org, "number": a.phone},
            )
        for c in a.contacts:
            contact = self.out.add(
                "contact",
                {
                    "id": hsds_id("actor", a.id, "contact", c.id),
                    "organization_id": org,
                    "name": c.name,
                    "title": c.role,
                    "email": c.email,
                },
            )
            if c.phone:
                phone = self.out.add(
                    "phone",
                    {
                        "id": hsds_id("actor", a.id, "contact", c.id, "phone"),
                        "contact_id": contact,
                        "number": c.phone,
                    },
                )
                self.languages(c.languages, None, phone_id=phone)
        location = self.location(a, org)
        services = self.services(a, org, tr)
        self.schedules(a, tr, location, services)
        for service in services if location is not None else []:
            assert location is not None
            self.out.add(
                "service_at_location",
                {
                    "id": hsds_id("at", service, location),
                    "service_id": service,
                    "location_id": location,
                },
            )

    def location(self, a: Actor, org: str) -> str | None:
        address = a.address
        if address is None or not address.one_line():
            return None
        location = self.out.add(
            "location",
            {
                "id": hsds_id("actor", a.id, "location"),
                "location_type": "physical",
                "organization_id": org,
                "name": a.name,
            },
        )
        complete = address.street and address.postal_code and address.city
        if complete and self.state:
            self.out.add(
                "address",
                {
                    "id": hsds_id("actor", a.id, "address"),
                    "location_id": location,
                    "address_1": address.street,
                    "city": address.city,
                    "state_province": self.state,
                    "postal_code": address.postal_code,
                    "country": COUNTRY,
                    "address_type": "physical",
                },
            )
        else:  # HSDS requires street, postal code, city and state: the rest stays a description
            self.out.rows["location"][-1]["description"] = address.one_line()
            if complete and NO_STATE not in self.out.notes:
                self.out.notes.append(NO_STATE)
        return location

    def services(self, a: Actor, org: str, tr: dict[str, str]) -> list[str]:
        common = {
            "organization_id": org,
            "email": a.email,
            "url": web_uri(a.website),
            "status": "active",
            "assured_date": a.reviewed.isoformat() if a.reviewed else None,
        }
        made = []
        if not a.offers:
            description = tr.get("description") or tr.get("summary") or a.description or a.summary
            made.append(
                (
                    self.out.add(
                        "service",
                        {
                            "id": hsds_id("actor", a.id, "service"),
                            "name": tr.get("name") or a.name or a.id,
                            "description": description,
                            **common,
                        },
                    ),
                    a.topics,
                    a.target_groups,
                )
            )
        for o in a.offers:
            made.append(
                (
                    self.out.add(
                        "service",
                        {
                            "id": hsds_id("actor", a.id, "offer", o.id),
                            "name": o.name or o.id,
                            "description": o.summary,
                            "eligibility_description": o.eligibility,
                            "fees_description": o.cost,
                            **common,
                        },
                    ),
                    o.topics or a.topics,
                    o.target_groups or a.target_groups,
                )
            )
        note = tr.get("languages_note") or a.languages_note
        for service, topics, groups in made:
            self.attributes(service, "service", "topic", topics)
            self.attributes(service, "service", "target-group", groups)
            self.languages(a.languages, note, service_id=service)
        return [service for service, _, _ in made]

    def schedules(
        self, a: Actor, tr: dict[str, str], location: str | None, services: list[str]
    ) -> None:
        text = tr.get("opening_hours") or a.opening_hours
        if not text:
            return
        owners = [("location_id", location)] if location else [("service_id", s) for s in services]
        hours = read_hours(a.opening_hours) or []
        for key, owner in owners:
            if not hours:
                self.out.add(
                    "schedule",
                    {"id": hsds_id("schedule", owner), key: owner, "description": text},
                )
            for n, h in enumerate(hours):
                self.out.add(
                    "schedule",
                    {
                        "id": hsds_id("schedule", owner, str(n)),
                        key: owner,
                        "freq": "WEEKLY",
                        "byday": ",".join(h.days),
                        "opens_at": h.opens,
                        "closes_at": h.closes,
                        "description": text,
                    },
                )


def hsds_tables(ws: Workspace, lang: str) -> Tables:
    """The HSDS rows of the published actors of ``ws`` in ``lang``."""
    export = _Export(ws, lang)
    export.taxonomies()
    for a in published(ws):
        export.actor(a)
    return export.out

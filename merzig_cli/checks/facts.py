"""What one file tells the rules across files: its id, references, contacts and dates.

The rules across files (:mod:`merzig_cli.checks.cross_file`) read these facts,
never the files, so that the validation cache (:mod:`merzig_cli.checks.validation_cache`)
can keep them for the files that did not change. Facts hold ids, dates and a
hash of an actor's names, nothing else: no name, no question, no note. Read
from a file they also say where each value stands (``path``); the cached form
leaves that out, and a file whose facts break a rule is read again to say where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.yamlio import Document, PathKey
from ..schema.kinds import KINDS
from ..schema.record import build
from ..schema.values import SLUG_RE, RefUse
from .raw_data import entries, mapping

Where = PathKey | None  # where a value stands in its file; None: known from the cache only


def digest(texts: Iterable[str]) -> str:
    """A hash that stands for ``texts`` (in their order) without holding any of them."""
    h = hashlib.blake2b(digest_size=16)
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


@dataclass
class Facts:
    kind: str
    rel: str
    known_id: str = ""  # what references to this file may use (the id as text)
    id: str | None = None  # the id when it is text: checked for duplicates
    refs: list[tuple[str, str, Where]] = field(default_factory=list)  # (kind, id, where)
    contacts: list[str] = field(default_factory=list)  # an actor's contact ids
    contact_uses: list[tuple[str, str, Where]] = field(default_factory=list)  # (actor, contact)
    conference: tuple[str, dt.date] | None = None  # a conference's record id and date
    consent: tuple[str, dt.date] | None = None  # a case: its conference, the day of consent
    steps_by: list[tuple[str, Where]] = field(default_factory=list)  # who does a case's step
    names: list[str] = field(default_factory=list)  # an actor's names; never cached
    names_digest: str = ""  # … which the cache keeps instead
    needs_names: bool = False  # the file's warnings depend on the workspace's names


def stem(rel: str) -> str:
    """The file name without its extension, as ``PurePosixPath(rel).stem`` (faster)."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def actor_names(data: Any) -> list[str]:
    """The names in an actor's file: the institution's and its contact persons'."""
    names = [data["name"]] if isinstance(data.get("name"), str) else []
    return names + [
        c["name"] for _, c in entries(data, "contacts") if isinstance(c.get("name"), str)
    ]


def extract(doc: Document, kind: str, refs: list[RefUse]) -> Facts:
    """The facts of one parsed file (its data of any shape) and the references found in it."""
    data = doc.data
    ident = data.get("id")
    facts = Facts(
        kind=kind,
        rel=doc.rel,
        known_id=str(ident),
        id=ident if isinstance(ident, str) else None,
        refs=[(r.kind, r.value, r.path) for r in refs],
    )
    if kind == "actor":
        facts.contacts = [
            c["id"] for _, c in entries(data, "contacts") if isinstance(c.get("id"), str)
        ]
        facts.names = actor_names(data)
        facts.names_digest = digest(facts.names)
    uses = {"inquiry": "referrals", "conference": "participants"}
    if kind in uses:
        for i, item in entries(data, uses[kind]):
            actor, contact = item.get("actor"), item.get("contact")
            if isinstance(actor, str) and isinstance(contact, str):
                facts.contact_uses.append((actor, contact, (uses[kind], i, "contact")))
    if kind == "conference":
        record = build(KINDS["conference"].record, data, doc.rel)
        if record is not None:
            facts.conference = (record.id, record.date)
    if kind == "case" and isinstance(data.get("consent"), dict):  # else: the schema's error
        given = data["consent"].get("date")
        if isinstance(given, dt.date):
            facts.consent = (str(data.get("conference")), given)
        for i, step in entries(mapping(data, "agreement"), "steps"):
            by = step.get("by")
            if isinstance(by, str) and by != "youth":
                facts.steps_by.append((by, ("agreement", "steps", i, "by")))
    return facts


# The cached form: ten texts (:data:`FACT_COLUMNS`), lists separated by spaces. Every
# value in them is an id (a slug), a date or a hash, so none holds a separator; a file
# whose facts hold anything else is not cached at all.
FACT_COLUMNS = (
    "id",
    "has_id",
    "refs",
    "contacts",
    "uses",
    "conference",
    "consent",
    "steps",
    "names",
    "needs_names",
)


def to_fields(f: Facts) -> list[str] | None:
    """The facts without positions as the cache keeps them, or None if they hold more than ids."""
    ids = [f.known_id, *(v for _, v, _ in f.refs), *f.contacts, *(b for b, _ in f.steps_by)]
    ids += [x for a, c, _ in f.contact_uses for x in (a, c)]
    ids += [pair[0] for pair in (f.conference, f.consent) if pair is not None]
    if not all(SLUG_RE.match(i) for i in ids):
        return None
    return [
        f.known_id,
        "1" if f.id is not None else "",
        " ".join(f"{kind}:{value}" for kind, value, _ in f.refs),
        " ".join(f.contacts),
        " ".join(f"{a}/{c}" for a, c, _ in f.contact_uses),
        f"{f.conference[0]} {f.conference[1].isoformat()}" if f.conference else "",
        f"{f.consent[0]} {f.consent[1].isoformat()}" if f.consent else "",
        " ".join(b for b, _ in f.steps_by),
        f.names_digest,
        "1" if f.needs_names else "",
    ]


def uncached_fields(f: Facts) -> list[str]:
    """Of facts that are not cached, what stands in for them in this run: the id (for
    the check of duplicates) and the hash of names; the rest is read from the facts."""
    return [
        f.known_id,
        "1" if f.id is not None else "",
        *[""] * (len(FACT_COLUMNS) - 4),
        f.names_digest,
        "1" if f.needs_names else "",
    ]

"""One district out of several towns: their vocabularies merged, their actors listed once.

* **Taxonomies** are merged by id, in the order of the members. An id that two
  towns give a different meaning – a different label in a language both name,
  or (for a topic) a different parent – is an error that names both files.
* **Actors**: copies of one actor in several towns (the same id, or the same
  name and address) become one entry with the towns it serves. The copy used
  is the one with the newest ``reviewed`` date (on a tie, the first town's);
  where copies differ, a warning names the fields and the copy used. An actor
  is listed only when every copy consents (``publish: true``): a town whose copy
  says no is not overruled by another town's copy (a warning says so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.problems import Problem
from ..core.text import fold
from ..schema.actor import Actor
from ..schema.config import Taxonomy
from ..schema.record import attributes
from .members import Member

DISTRICT_LEVELS = ("district", "state", "federal")
# Not compared between copies: the date decides which copy is used, consent is checked on
# its own, and the network block (mailing lists) belongs to each town's office.
NOT_COMPARED = ("reviewed", "publish", "network")
KIND_NAMES = {"topics": "Thema", "target_groups": "Zielgruppe", "categories": "Kategorie"}


@dataclass
class Copy:
    member: Member
    actor: Actor

    @property
    def file(self) -> str:
        return self.member.file(self.actor.source or f"actors/{self.actor.id}.yaml")


@dataclass
class Entry:
    """One actor of the district: the copy used and every copy, in the order of the towns."""

    used: Copy
    copies: list[Copy]

    @property
    def towns(self) -> list[Member]:
        return list({c.member.index: c.member for c in self.copies}.values())

    @property
    def first_town(self) -> Member:
        return self.copies[0].member


def merge_taxonomies(members: list[Member]) -> tuple[Taxonomy, list[Problem]]:
    """The members' taxonomies merged by id; a conflict is an error naming both files."""
    merged = Taxonomy()
    origin: dict[tuple[str, str], Member] = {}
    problems: list[Problem] = []
    for member in members:
        tax = member.ws.taxonomy
        for kind in KIND_NAMES:
            target: dict[str, Any] = getattr(merged, kind)
            for ident, entry in getattr(tax, kind).items():
                if ident not in target:
                    target[ident] = dataclasses.replace(entry, label=dict(entry.label))
                    origin[kind, ident] = member
                    continue
                first = origin[kind, ident]
                why = _conflict(target[ident], entry)
                if why:
                    problems.append(_taxonomy_problem(kind, ident, why, first, member))
                else:
                    for lang, text in entry.label.items():
                        target[ident].label.setdefault(lang, text)
    return merged, problems


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _conflict(kept: Any, other: Any) -> str:
    for lang in sorted(set(kept.label) & set(other.label)):
        if not _same(kept.label[lang], other.label[lang]):
            return f"label.{lang} „{kept.label[lang]}“ und „{other.label[lang]}“"
    if getattr(kept, "parent", None) != getattr(other, "parent", None):
        return f"parent „{kept.parent or '–'}“ und „{other.parent or '–'}“"
    return ""


def _taxonomy_line(member: Member, kind: str, ident: str) -> tuple[str, int | None]:
    """``losheim/taxonomy.yaml`` and the line of the entry ``ident`` of ``kind`` there."""
    docs = member.ws.documents.get("taxonomy", [])
    file = member.file("taxonomy.yaml")
    if not docs or not isinstance(docs[0].data, dict):
        return file, None
    items = docs[0].data.get(kind)
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and str(item.get("id")) == ident:
            return file, docs[0].where((kind, i))[0]
    return file, None


def _taxonomy_problem(kind: str, ident: str, why: str, first: Member, other: Member) -> Problem:
    first_file, first_line = _taxonomy_line(first, kind, ident)
    file, line = _taxonomy_line(other, kind, ident)
    there = f"{first_file}:{first_line}" if first_line else first_file
    return Problem(
        "error",
        "district-taxonomy-conflict",
        f"{KIND_NAMES[kind]} „{ident}“ bedeutet hier etwas anderes als in {there}: {why}",
        file,
        line,
        hint="Dieselbe Kennung muss in allen Städten dasselbe bedeuten: Bezeichnung angleichen "
        "oder eine neue Kennung wählen",
    )


def group_actors(members: list[Member]) -> tuple[list[Entry], list[Problem]]:
    """Every actor of the district once (consenting copies only); warnings for differences."""
    copies = [Copy(m, a) for m in members for a in m.ws.actors.values()]
    groups = _groups(copies)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for group in groups:
        if not any(c.actor.publish for c in group):
            continue
        used = max(group, key=lambda c: (c.actor.reviewed or dt.date.min, -c.member.index))
        refused = [c for c in group if not c.actor.publish]
        if refused:
            problems.append(_refused(used, refused))
            continue
        problems += [p for c in group if c is not used and (p := _differs(used, c))]
        entries.append(Entry(used, group))
    return entries, problems


def _groups(copies: list[Copy]) -> list[list[Copy]]:
    """Copies of one actor together (same id, or same name and address), in town order."""
    parent = list(range(len(copies)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, ...], int] = {}
    for i, c in enumerate(copies):
        keys: list[tuple[str, ...]] = [("id", c.actor.id)]
        place = c.actor.address.one_line() if c.actor.address else ""
        if place.strip():
            keys.append(("name", fold(c.actor.name), fold(place)))
        for k in keys:
            if k in first:
                parent[root(i)] = root(first[k])
            else:
                first[k] = i
    grouped: dict[int, list[Copy]] = {}
    for i, c in enumerate(copies):
        grouped.setdefault(root(i), []).append(c)
    return sorted(grouped.values(), key=lambda g: (g[0].member.index, g[0].actor.id))


def differing_fields(a: Actor, b: Actor) -> list[str]:
    """The keys of the file in which two copies of an actor differ."""
    return [
        attr.key
        for attr in attributes(Actor)
        if attr.attr not in NOT_COMPARED and getattr(a, attr.attr) != getattr(b, attr.attr)
    ]


def _differs(used: Copy, other: Copy) -> Problem | None:
    fields = differing_fields(used.actor, other.actor)
    if not fields:
        return None
    line = other.member.ws.document("actor", other.actor.id)
    where = line.where((fields[0],), key=True)[0] if line else None
    date = used.actor.reviewed.isoformat() if used.actor.reviewed else "ohne Datum"
    return Problem(
        "warning",
        "district-copy-differs",
        f"Akteur „{other.actor.id}“ steht auch in {used.file}, mit anderen Angaben in: "
        f"{', '.join(fields)}; verwendet wird die Kopie {used.file} "
        f"({used.member.name}, reviewed {date}, der neueste Stand)",
        other.file,
        where,
        hint="Die Kopien abgleichen, damit alle Städte dasselbe zeigen",
    )


def _refused(used: Copy, refused: list[Copy]) -> Problem:
    towns = ", ".join(c.member.name for c in refused)
    first = refused[0]
    line = first.member.ws.document("actor", first.actor.id)
    return Problem(
        "warning",
        "district-publish-refused",
        f"Akteur „{used.actor.id}“ erscheint nicht in der Broschüre des Landkreises: "
        f"die Kopie aus {towns} hat keine Einwilligung (publish: false)",
        first.file,
        line.where(("publish",), key=True)[0] if line else None,
        hint="Eine Einwilligung gilt nur für die Stadt, die sie eingeholt hat; "
        "in allen Kopien publish: true eintragen, wenn der Akteur zustimmt",
    )

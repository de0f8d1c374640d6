"""Queries over the actor directory (the Steckbriefe)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.text import fold, term_in, words
from ..schema.actor import Actor
from ..schema.config import Taxonomy, pick_label
from ..workspace.loader import Workspace


def topic_with_children(taxonomy: Taxonomy, topic: str) -> set[str]:
    """A topic and every topic below it."""
    found = {topic}
    changed = True
    while changed:
        changed = False
        for t in taxonomy.topics.values():
            if t.parent in found and t.id not in found:
                found.add(t.id)
                changed = True
    return found


def filter_actors(
    ws: Workspace,
    topic: str | None = None,
    group: str | None = None,
    lang: str | None = None,
    category: str | None = None,
    level: str | None = None,
) -> list[Actor]:
    """Actors matching every given filter, in brochure order (category, then name)."""
    topics = topic_with_children(ws.taxonomy, topic) if topic else None
    out = []
    for a in ws.actors.values():
        offer_topics = {t for o in a.offers for t in o.topics}
        if topics and not topics & (set(a.topics) | offer_topics):
            continue
        if group and group not in a.target_groups:
            continue
        if lang and lang not in a.languages and not any(lang in c.languages for c in a.contacts):
            continue
        if category and a.category != category:
            continue
        if level and a.level != level:
            continue
        out.append(a)
    return sort_actors(ws.taxonomy, out)


def sort_actors(taxonomy: Taxonomy, actors: list[Actor]) -> list[Actor]:
    order = {c: i for i, c in enumerate(taxonomy.categories)}
    return sorted(actors, key=lambda a: (order.get(a.category, len(order)), fold(a.name), a.id))


@dataclass
class Hit:
    actor: Actor
    score: float
    fields: list[str]


FIELD_WEIGHTS = {
    "Name": 3.0,
    "Kurzbeschreibung": 2.0,
    "Themen": 2.0,
    "Angebote": 1.5,
    "Beschreibung": 1.0,
    "Ansprechpersonen": 1.0,
}


def _fields(actor: Actor, taxonomy: Taxonomy) -> dict[str, str]:
    topic_text = " ".join(
        pick_label(taxonomy.topics[t].label, "de") + " " + " ".join(taxonomy.topics[t].keywords)
        for t in actor.topics
        if t in taxonomy.topics
    )
    offers = " ".join(f"{o.name} {o.summary or ''}" for o in actor.offers)
    contacts = " ".join(f"{c.name} {c.role or ''}" for c in actor.contacts)
    return {
        "Name": fold(f"{actor.name} {actor.id}"),
        "Kurzbeschreibung": fold(actor.summary),
        "Themen": fold(topic_text),
        "Angebote": fold(offers),
        "Beschreibung": fold(f"{actor.description or ''} {' '.join(actor.legal_basis)}"),
        "Ansprechpersonen": fold(contacts),
    }


def search_actors(ws: Workspace, query: str) -> list[Hit]:
    """Every actor that contains all query words, best first."""
    terms = list(dict.fromkeys(words(query)))  # a word said twice is looked up once
    if not terms:
        return []
    hits = []
    for actor in ws.actors.values():
        fields = _fields(actor, ws.taxonomy)
        score, matched = 0.0, list[str]()
        for term in terms:
            where = [name for name, text in fields.items() if term_in(term, text)]
            if not where:
                break
            score += sum(FIELD_WEIGHTS[n] for n in where)
            matched.extend(n for n in where if n not in matched)
        else:
            hits.append(Hit(actor, score, matched))
    return sorted(hits, key=lambda h: (-h.score, fold(h.actor.name)))


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def stale_actors(ws: Workspace, today: dt.date) -> list[tuple[Actor, int | None]]:
    """Steckbriefe not confirmed within ``review_months``, oldest first, with their age in months."""
    limit = ws.config.review_months
    out: list[tuple[Actor, int | None]] = []
    for a in ws.actors.values():
        if a.reviewed is None:
            out.append((a, None))
            continue
        age = months_between(a.reviewed, today)
        if age >= limit:
            out.append((a, age))
    return sorted(out, key=lambda x: (x[0].reviewed or dt.date.min, x[0].id))

"""The content of the brochure „Arbeiten und Leben in …“, one language at a time.

This module decides *what* the brochure says: which actors (only
``publish: true``), in which order (taxonomy category order, then name),
which text in which language (a translation, else the German text marked as
such), and the two indexes („Ich suche Hilfe bei …“, „Ich bin …“). The
renderers in :mod:`merzig_cli.brochure.render` only lay it out. Nothing here
reads the clock: the date on the cover is the newest ``reviewed`` date, so
the same data always gives the same brochure.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..core.languages import direction, language_name
from ..core.text import fold
from ..directory.query import sort_actors
from ..documents.sanitize import mailto, tel, web_url
from ..schema.actor import Actor
from ..schema.config import Address, Office, Taxonomy
from ..workspace.loader import Workspace
from .template_data import (
    ActorView,
    Brochure,
    CategoryView,
    ContactView,
    IndexEntry,
    Link,
    OfferView,
    Text,
)
from .texts import (
    brochure_strings,
    brochure_title,
    load_strings,
    translation_notes,
    translation_state,
)


def anchor(prefix: str, ident: str) -> str:
    """A stable fragment id: the record id, reduced to safe characters."""
    return prefix + "-" + (re.sub(r"[^a-z0-9-]+", "-", ident.lower()).strip("-") or "x")


def slug(title: str) -> str:
    """File name stem from the brochure title: „Arbeiten und Leben in Merzig“ → arbeiten-und-leben-in-merzig."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    if len(stem) > 80:  # a long title gives a file name that still fits everywhere
        stem = stem[:80].rsplit("-", 1)[0]
    return stem or "broschuere"


def published(ws: Workspace) -> list[Actor]:
    """Only actors that consented (``publish: true``), in brochure order."""
    return sort_actors(ws.taxonomy, [a for a in ws.actors.values() if a.publish])


def edition_date(actors: list[Actor]) -> dt.date | None:
    """The newest confirmation date: the brochure's „Stand“, independent of the clock."""
    dates = [a.reviewed for a in actors if a.reviewed is not None]
    return max(dates) if dates else None


class ViewBuilder:
    """Turns one workspace's records into what a template sees, in one language."""

    def __init__(self, ws: Workspace, lang: str, source: str | None = None) -> None:
        self.ws = ws
        self.lang = lang
        self.source = source or (ws.config.brochure.languages or ["de"])[0]

    def src(self, value: str | None) -> Text | None:
        return Text(value, self.source) if value else None

    def label(self, labels: dict[str, str], fallback: str) -> Text:
        if labels.get(self.lang):
            return Text(labels[self.lang], self.lang)
        if labels.get(self.source):
            return Text(labels[self.source], self.source)
        return Text(next(iter(labels.values()), fallback), self.source)

    def language_names(self, codes: list[str]) -> list[str]:
        return [language_name(c, self.lang) for c in codes]

    def actor(self, a: Actor) -> ActorView:
        tr, notes = translation_notes(a, self.lang, self.source)

        def pick(key: str, value: str | None) -> Text | None:
            if key in tr:
                return Text(tr[key], self.lang)
            return self.src(value)

        return ActorView(
            id=a.id,
            anchor=anchor("akteur", a.id),
            name=pick("name", a.name) or Text(a.id, self.source),
            summary=pick("summary", a.summary) or Text("", self.source),
            description=pick("description", a.description),
            notes=[n for n in notes if n != "description_fallback_note"],
            description_note=(
                "description_fallback_note" if "description_fallback_note" in notes else None
            ),
            offers=[
                OfferView(
                    self.src(o.name) or Text(o.id, self.source),
                    self.src(o.summary),
                    self.src(o.eligibility),
                    self.src(o.cost),
                )
                for o in a.offers
            ],
            contacts=[
                ContactView(
                    name=c.name,
                    role=self.src(c.role),
                    email=_link(c.email, mailto(c.email)),
                    phone=_link(c.phone, tel(c.phone)),
                    languages=self.language_names(c.languages),
                )
                for c in a.contacts
            ],
            languages=self.language_names(a.languages),
            languages_note=pick("languages_note", a.languages_note),
            opening_hours=pick("opening_hours", a.opening_hours),
            address=_address(a.address),
            website=_link(a.website, web_url(a.website)),
            email=_link(a.email, mailto(a.email)),
            phone=_link(a.phone, tel(a.phone)),
            legal_basis=list(a.legal_basis),
        )

    def office(self, o: Office | None = None) -> dict[str, Any]:
        """The office of config.yaml, or the one given (a district's own office)."""
        o = o or self.ws.config.office
        return {
            "name": Text(o.name, self.source),
            "email": _link(o.email, mailto(o.email)),
            "phone": _link(o.phone, tel(o.phone)),
            "address": _address(o.address),
            "website": _link(o.website, web_url(o.website)),
            "opening_hours": self.src(o.opening_hours),
        }


def _link(text: str | None, href: str | None) -> Link | None:
    return Link(text.strip(), href) if text and href else None


def _address(address: Address | None) -> str | None:
    return (address.one_line() or None) if address else None


def _index(
    entries: list[tuple[str, Text, int]], actors: list[ActorView], members: dict[str, set[str]]
) -> list[IndexEntry]:
    out = []
    for ident, label, depth in entries:
        hits = [a for a in actors if a.id in members.get(ident, set())]
        if hits:
            out.append(IndexEntry(ident, label, depth, hits))
    return out


def _topic_depths(tax: Taxonomy) -> list[tuple[str, int]]:
    """Topics in taxonomy order with children right after their parent."""
    children: dict[str | None, list[str]] = {}
    for t in tax.topics.values():
        parent = t.parent if t.parent in tax.topics and t.parent != t.id else None
        children.setdefault(parent, []).append(t.id)
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    todo = [(tid, 0) for tid in reversed(children.get(None, []))]  # a stack, not recursion:
    while todo:  # a chain of thousands of topics must not exhaust Python's call depth
        tid, depth = todo.pop()
        if tid not in seen:
            seen.add(tid)
            out.append((tid, depth))
            todo.extend((child, depth + 1) for child in reversed(children.get(tid, [])))
    out.extend((tid, 0) for tid in tax.topics if tid not in seen)  # parent cycles
    return out


def category_views(
    b: ViewBuilder,
    tax: Taxonomy,
    actors: list[Actor],
    views: list[ActorView],
    prefix: str = "kategorie",
) -> list[CategoryView]:
    """The actors by category, in taxonomy order (unknown categories last, by id)."""
    by_id = {v.id: v for v in views}
    categories = []
    cat_ids = list(tax.categories) + sorted({a.category for a in actors} - set(tax.categories))
    for cid in cat_ids:
        members = [by_id[a.id] for a in actors if a.category == cid]
        if members:
            entry = tax.categories.get(cid)
            label = b.label(entry.label, cid) if entry else Text(cid, b.source)
            categories.append(CategoryView(cid, anchor(prefix, cid), label, members))
    return categories


def indexes(
    b: ViewBuilder, tax: Taxonomy, actors: list[Actor], views: list[ActorView]
) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """The two indexes („Ich suche Hilfe bei …“, „Ich bin …“) over ``actors`` and their views."""
    topic_members: dict[str, set[str]] = {}
    group_members: dict[str, set[str]] = {}
    for a in actors:
        for t in {*a.topics, *(t for o in a.offers for t in o.topics)}:
            topic_members.setdefault(t, set()).add(a.id)
        for g in {*a.target_groups, *(g for o in a.offers for g in o.target_groups)}:
            group_members.setdefault(g, set()).add(a.id)
    topic_entries = [
        (anchor("thema", tid), b.label(tax.topics[tid].label, tid), depth)
        for tid, depth in _topic_depths(tax)
    ]
    group_entries = [
        (anchor("zielgruppe", gid), b.label(g.label, gid), 0)
        for gid, g in tax.target_groups.items()
    ]
    topic_members = {anchor("thema", k): v for k, v in topic_members.items()}
    group_members = {anchor("zielgruppe", k): v for k, v in group_members.items()}
    return (
        _index(topic_entries, views, topic_members),
        _index(group_entries, views, group_members),
    )


def build_brochure(ws: Workspace, lang: str) -> Brochure:
    """The brochure content in ``lang`` from the published actors of ``ws``."""
    b = ViewBuilder(ws, lang)
    actors = published(ws)
    strings = brochure_strings(ws, lang, b.source)
    views = [b.actor(a) for a in actors]
    tax = ws.taxonomy
    categories = category_views(b, tax, actors, views)
    topic_index, group_index = indexes(b, tax, actors, views)
    return Brochure(
        lang=lang,
        source_lang=b.source,
        dir=direction(lang),
        title=brochure_title(ws, lang, b.source),
        municipality=Text(ws.config.municipality, b.source),
        date=edition_date(actors),
        strings=strings,
        office=b.office(),
        categories=categories,
        topic_index=topic_index,
        group_index=group_index,
        actor_count=len(views),
    )


def missing_labels(ws: Workspace, lang: str, source: str) -> list[str]:
    """What the brochure shows in ``lang`` in the source language for lack of a translation."""
    missing = []
    own = ws.config.brochure.translations.get(lang)
    if not (own and own.title):
        missing.append("Titel (config.yaml: brochure.translations." + lang + ".title)")
    files = load_strings(ws)
    known = set(files.get(lang, {})) | set(own.labels if own else {})
    missing += [
        f"Text „{k}“ (templates/brochure/strings.yaml oder brochure.translations.{lang}.labels)"
        for k in files.get(source, {})
        if k not in known
    ]
    actors = published(ws)
    tax = ws.taxonomy
    used = (
        ("Kategorie", tax.categories, {a.category for a in actors}),
        (
            "Thema",
            tax.topics,
            {t for a in actors for t in [*a.topics, *(t for o in a.offers for t in o.topics)]},
        ),
        ("Zielgruppe", tax.target_groups, {g for a in actors for g in a.target_groups}),
    )
    for what, entries, ids in used:
        missing += [
            f"{what} „{i}“ (taxonomy.yaml: label.{lang})"
            for i in entries
            if i in ids and not entries[i].label.get(lang)
        ]
    return missing


def translation_report(ws: Workspace) -> dict[str, dict[str, list[str]]]:
    """Per brochure language: each published actor once, by state, and the missing labels.

    ``missing``: no translated summary; ``partial``: summary translated, the
    description not; ``outdated``/``machine``: as marked; ``labels``: title,
    fixed texts and taxonomy labels without a translation.
    """
    langs = ws.config.brochure.languages or ["de"]
    source = langs[0]
    report: dict[str, dict[str, list[str]]] = {}
    actors = published(ws)
    for lang in langs[1:]:
        row: dict[str, list[str]] = {"missing": [], "partial": [], "outdated": [], "machine": []}
        for a in actors:
            state = translation_state(a, lang, source)
            if state in row:
                row[state].append(a.id)
        row["labels"] = missing_labels(ws, lang, source)
        report[lang] = row
    return report

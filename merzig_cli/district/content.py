"""The content of the district brochure, one language at a time.

The district's own actors (level ``district``, ``state``, ``federal``) come
once, in a section of their own; then each town with its office and its local
actors (an actor of several towns stands in the first town's section); then
the indexes by town, topic and target group. Each Steckbrief is laid out as
in the town brochure (:class:`~merzig_cli.brochure.content.ViewBuilder`), in
its own town's source language, with the towns it serves. Nothing here reads
the clock: the date is the newest ``reviewed`` date of the actors listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..brochure.content import (
    ViewBuilder,
    anchor,
    category_views,
    edition_date,
    indexes,
    slug,
)
from ..brochure.template_data import ActorView, Brochure, CategoryView, IndexEntry, Text
from ..brochure.texts import read_strings
from ..core.languages import direction
from ..directory.query import sort_actors
from ..schema.actor import Actor
from ..schema.config import Taxonomy
from .members import LoadedDistrict, Member
from .merge import DISTRICT_LEVELS, Entry


@dataclass
class SectionView:
    """The whole district, or one town: its office (a town's) and its actors by category."""

    anchor: str
    title: Text
    intro: str | None
    office: dict[str, Any] | None
    categories: list[CategoryView]


@dataclass
class DistrictBrochure(Brochure):
    """A :class:`Brochure` whose actors stand in sections, with an index by town."""

    sections: list[SectionView] = field(default_factory=list)
    town_index: list[IndexEntry] = field(default_factory=list)


@dataclass
class Merged:
    """The district after merging: its vocabulary and its actors, each once."""

    district: LoadedDistrict
    taxonomy: Taxonomy
    entries: list[Entry]
    languages: list[str]


def district_title(d: LoadedDistrict, lang: str, source: str) -> Text:
    titles = d.record.titles
    if titles.get(lang):
        return Text(titles[lang], lang)
    text = titles.get(source) or titles.get("") or next(iter(titles.values()), "Landkreis")
    return Text(text, source)


def file_stem(d: LoadedDistrict, source: str) -> str:
    """e.g. ``landkreis-merzig-wadern``: the slug of the title in the source language."""
    return slug(district_title(d, source, source).text)


def strings(d: LoadedDistrict, lang: str, source: str) -> dict[str, str]:
    """The brochure's fixed texts and the district's, in ``lang`` (else the source language)."""
    merged: dict[str, str] = {}
    for name in ("brochure/strings.yaml", "district/strings.yaml"):
        files = read_strings(name, d.folder)
        merged |= {**files.get(source, {}), **files.get(lang, {})}
    return merged


def build_district(m: Merged, lang: str) -> DistrictBrochure:
    """The district brochure in ``lang`` (a district has at least one member)."""
    d = m.district
    source = m.languages[0]
    b = ViewBuilder(d.members[0].ws, lang, source)
    texts = strings(d, lang, source)
    wide = [i for i, e in enumerate(m.entries) if e.used.actor.level in DISTRICT_LEVELS]
    in_wide = set(wide)
    views = []
    for i, entry in enumerate(m.entries):
        view = ViewBuilder(entry.used.member.ws, lang).actor(entry.used.actor)
        if i in in_wide or len(entry.towns) > 1:  # a local actor of one town stands under it
            view.towns = [t.name for t in entry.towns]
        views.append(view)
    sections: list[SectionView] = []
    if wide:
        title = Text(texts.get("district_section", "Im ganzen Landkreis"), lang)
        cats = _categories(b, m, wide, views, "kategorie-landkreis")
        intro = texts.get("district_section_intro")
        sections.append(SectionView(anchor("bereich", "landkreis"), title, intro, None, cats))
    for member in d.members:
        local = [
            i
            for i, e in enumerate(m.entries)
            if i not in in_wide and e.first_town.index == member.index
        ]
        town = ViewBuilder(member.ws, lang)
        cats = _categories(b, m, local, views, f"kategorie-{_town_slug(member)}")
        title = Text(member.name, town.source)
        sections.append(SectionView(_town_anchor(member), title, None, town.office(), cats))
    position = {id(v): i for i, v in enumerate(views)}
    order = [position[id(a)] for s in sections for c in s.categories for a in c.actors]
    ordered = [views[i] for i in order]
    actors = [m.entries[i].used.actor for i in order]
    topic_index, group_index = indexes(b, m.taxonomy, actors, ordered)
    town_index = []
    for member in d.members:
        serving = [views[i] for i in order if member in m.entries[i].towns]
        if serving:
            label = Text(member.name, source)
            town_index.append(IndexEntry(_town_anchor(member, "ort"), label, 0, serving))
    return DistrictBrochure(
        lang=lang,
        source_lang=source,
        dir=direction(lang),
        title=district_title(d, lang, source),
        municipality=Text(" · ".join(mb.name for mb in d.members), source),
        date=edition_date(actors),
        strings=texts,
        office=b.office(d.record.office),
        categories=[],
        topic_index=topic_index,
        group_index=group_index,
        actor_count=len(ordered),
        sections=sections,
        town_index=town_index,
    )


def _categories(
    b: ViewBuilder, m: Merged, which: list[int], views: list[ActorView], prefix: str
) -> list[CategoryView]:
    actors: list[Actor] = sort_actors(m.taxonomy, [m.entries[i].used.actor for i in which])
    return category_views(b, m.taxonomy, actors, [views[i] for i in which], prefix)


def _town_slug(member: Member) -> str:
    return f"{member.index + 1}-{slug(member.name)}"


def _town_anchor(member: Member, prefix: str = "ort-abschnitt") -> str:
    return anchor(prefix, _town_slug(member))

"""Build the district brochure: load, merge, then render each language and format.

The same mechanisms as ``brochure build``: the brochure's templates (with the
district's own parts in ``templates/district/``; a ``templates/`` folder beside
``district.yaml`` may override any of them), the same cleaning, the same bytes
for the same data, ``--check`` through the same comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..brochure.build import choose_languages, render_outputs
from ..brochure.render import Renderer
from ..core.paths import safe_name
from ..core.problems import Problem
from ..documents.output import Output
from .content import Merged, build_district, file_stem
from .members import LoadedDistrict
from .merge import group_actors, merge_taxonomies

FORMATS = ("html", "pdf", "md")


class DistrictRenderer(Renderer):
    """The brochure's renderer with the district's page templates; the PDF in one piece."""

    html_template = "district/district.html.j2"
    md_template = "district/district.md.j2"
    in_parts = False


def merge(d: LoadedDistrict) -> tuple[Merged, list[Problem]]:
    """The district's vocabulary and actors, and what merging found (conflicts, differences)."""
    taxonomy, problems = merge_taxonomies(d.members)
    entries, found = group_actors(d.members)
    return Merged(d, taxonomy, entries, district_languages(d)), problems + found


def district_languages(d: LoadedDistrict) -> list[str]:
    """``languages`` of district.yaml, else the brochure languages every member has."""
    if d.record.languages:
        return list(d.record.languages)
    first = d.members[0].ws.config.brochure.languages or ["de"]
    common = [
        lang
        for lang in first
        if all(lang in (m.ws.config.brochure.languages or ["de"]) for m in d.members)
    ]
    return common or first[:1]


def parse_languages(m: Merged, value: str) -> list[str]:
    """``de``, ``de,en`` or ``all``, checked against the district's languages."""
    return choose_languages(
        m.languages, value, "languages der district.yaml (ohne: die Sprachen aller Mitglieder)"
    )


def build_outputs(
    m: Merged, langs: Sequence[str], formats: Sequence[str], page_size: str = "A4"
) -> list[Output]:
    """Every (language, format) pair of the district brochure."""
    stem = file_stem(m.district, m.languages[0])
    return render_outputs(
        DistrictRenderer(m.district.folder),
        lambda lang: build_district(m, lang),
        lambda lang, fmt: f"{stem}-{safe_name(lang, 'Sprachangabe')}.{fmt}",
        langs,
        formats,
        page_size,
    )

"""A long brochure's PDF, laid out in parts on two cores and joined with one structure tree.

WeasyPrint lays out one document on one core, about a tenth of a second per
page: 50 s for the 480 pages of 1,000 actors. From ``PARTS_MIN_ACTORS``
published actors the brochure is therefore laid out in parts, each a tagged
PDF (PDF/UA-1) of its own, and ``documents/pdf_join.py`` joins them into one
document with one structure tree, bookmarks and working links:

1. the body (the office, then the categories with their actors) in two halves
   of similar length, in two worker processes (on a machine with one core, one
   after the other: the same PDF); meanwhile here the front (cover and
   contents) with placeholder page numbers, which tells how many pages it takes;
2. the two indexes, now that the actors' page numbers are known, in the
   workers; meanwhile here the *stamp* of the body: blank pages that carry
   nothing but the continuous page numbers, drawn over the body's pages as an
   artifact (no part has numbers of its own, since none but the first knows
   where it starts);
3. the stamp of the indexes, the front with the real numbers and its stamp (if
   the front grew, all again from step 2).

Parts that do not come out as they must (a stamp of the wrong length, a
worker that died) give ``None``: the caller lays the brochure out in one piece.

WeasyPrint's ``target-counter`` cannot reach into another document: a link's
page number is written into its ``data-page`` attribute (``pdf.css`` shows
it), and the link itself points at ``LINK_SCHEME`` + anchor, which the join
turns into an internal link. A workspace with its own ``brochure.html.j2`` or
``pdf.css`` gets the PDF in one piece: its templates need not know the parts.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from ..documents.pdf import cores, layout, pdf_bytes, worker_pool
from ..documents.pdf_join import LINK_SCHEME, Part, join_tagged
from ..workspace.resources import packaged_templates, template_file
from .render import PdfPart
from .template_data import ActorView, Brochure, CategoryView

PARTS_MIN_ACTORS = 150  # as many as TOC_ACTORS_MAX: a long brochure
PARTS_ENV = "MERZIG_PDF_PARTS_MIN_ACTORS"  # tests lay out small brochures in parts
# The templates that lay out the pages: a workspace's own copy gets the PDF in one piece.
PAGE_TEMPLATES = ("brochure/brochure.html.j2", "brochure/pdf.css")
# The parts leave page numbers (and whatever else stands in a page's margin) to the stamps.
# The program's style sheets come as user style sheets: their !important wins over any rule
# of a page's own, however specific.
MARGINS = (
    "top-left-corner top-left top-center top-right top-right-corner right-top right-middle "
    "right-bottom bottom-right-corner bottom-right bottom-center bottom-left bottom-left-corner "
    "left-bottom left-middle left-top"
).split()
NO_NUMBERS_CSS = (
    "@page { " + " ".join(f"@{m} {{ content: none !important; }}" for m in MARGINS) + " }"
)
# A stamp: its blank pages only, transparent, one to a page, however the workspace styles them.
STAMP_CSS = """
@page { background: none !important; }
html, body { background: none !important; }
body::before, body::after, body > :not(.stamp) { display: none !important; content: none !important; }
.stamp { display: block !important; height: 0 !important; margin: 0 !important; padding: 0 !important;
  border: 0 !important; break-before: page !important; }
.stamp:first-child { break-before: auto !important; }
"""
FRONT = PdfPart("front")

HtmlOf = Callable[[Brochure, PdfPart], str]


@dataclass(frozen=True)
class LaidOut:
    """One part's tagged PDF, its number of pages and the page (from 0) of each anchor."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    levels: list[int]  # of the bookmarks, in order
    tables: bool  # has header cells (their IDs are made unique in the join)


def parts_min_actors() -> int:
    value = os.environ.get(PARTS_ENV, "").strip()
    return int(value) if value.isdigit() else PARTS_MIN_ACTORS


def use_parts(b: Brochure, workspace_root: Path | None) -> bool:
    """In parts: a long brochure and the packaged page templates. Not the number of cores:
    the same data gives the same PDF on every machine (on one core the parts come in turn)."""
    if b.actor_count < max(2, parts_min_actors()):
        return False
    for name in PAGE_TEMPLATES:
        found = template_file(name, workspace_root)
        if found is not None and found[0] != packaged_templates():
            return False
    return True


def lay_out(html: str) -> LaidOut:
    """Lay out and write one part (in a worker process), without page numbers: the stamps
    bring them."""
    document = layout(html, NO_NUMBERS_CSS)
    anchors: dict[str, int] = {}
    levels: list[int] = []
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
        levels.extend(level for level, *_rest in page.bookmarks)
    tables = "<th" in html.lower()
    return LaidOut(pdf_bytes(document), len(document.pages), anchors, levels, tables)


class NotInParts(Exception):
    """The parts did not come out as they must: the brochure is laid out in one piece."""


def stamp(html: str, first: int, count: int) -> bytes:
    """``count`` blank pages with the page numbers from ``first`` (untagged: the join draws
    them as an artifact), transparent, so that they can lie over the pages."""
    css = STAMP_CSS + (
        f"@page :first {{ counter-reset: page {first} !important; "
        "@bottom-center { content: counter(page) !important; } }"
    )
    document = layout(html, css)
    if len(document.pages) != count:  # a workspace style that adds or drops a page
        raise NotInParts(f"stamp of {len(document.pages)} pages for {count}")
    data = document.write_pdf()
    return bytes(data) if data is not None else b""


# A link to an anchor of this document, in a start tag the template wrote: text between tags
# has its "<" escaped, so no text a profile holds can look like one.
_HREF = re.compile(r'(<a\s[^<>]*?)\bhref="#([^"<>]*)"')


def linked(html: str, numbers: Mapping[str, str], placeholder: str = "") -> str:
    """Every link to an anchor as a link between parts, with the anchor's page number.

    ``placeholder`` stands in for every number while they are not known yet.
    """

    def swap(m: re.Match[str]) -> str:
        page = placeholder or numbers.get(m.group(2), "")
        shown = f' data-page="{page}"' if page else ""
        return f'{m.group(1)}href="{LINK_SCHEME}{m.group(2)}"{shown}'

    return _HREF.sub(swap, html)


def parts_pdf(html_of: HtmlOf, b: Brochure) -> bytes | None:
    """The brochure's PDF from parts (see the module docstring); ``html_of`` lays out a part.

    None when the parts do not come out as they must (a workspace style that adds a
    page to a stamp, a worker process that died): the caller lays out in one piece.
    """
    from concurrent.futures.process import BrokenProcessPool

    try:
        with worker_pool(min(2, cores())) as pool:
            return _in_parts(pool, html_of, b)
    except (NotInParts, BrokenProcessPool):
        return None


def _in_parts(pool: Executor, html_of: HtmlOf, b: Brochure) -> bytes:
    halves = split_body(b)
    index_keys = [
        key
        for key, entries in (("index-themen", b.topic_index), ("index-zielgruppen", b.group_index))
        if entries
    ]
    body_jobs = [pool.submit(lay_out, linked(html_of(h, p), {})) for h, p in halves]
    front_html = html_of(b, FRONT)
    front_pages = len(layout(linked(front_html, {}, placeholder="000"), NO_NUMBERS_CSS).pages)
    body = [job.result() for job in body_jobs]
    for _attempt in range(3):
        starts = _starts(front_pages, body)
        numbers = _numbers(body, starts)
        index_start = starts[-1] + body[-1].pages
        index_jobs = [
            pool.submit(lay_out, linked(html_of(b, PdfPart(key)), numbers)) for key in index_keys
        ]
        stamps = [(front_pages, _stamp_of(html_of, b, front_pages, index_start - front_pages))]
        index = [job.result() for job in index_jobs]
        numbers.update(_numbers(index, _starts(index_start, index)))
        if index:
            pages = sum(part.pages for part in index)
            stamps.append((index_start, _stamp_of(html_of, b, index_start, pages)))
        front = lay_out(linked(front_html, numbers))
        if front.pages == front_pages:
            if front_pages > 1:  # the cover has no number
                stamps.insert(0, (1, _stamp_of(html_of, b, 1, front_pages - 1)))
            parts = [Part(p.pdf, p.levels, p.tables) for p in (front, *body, *index)]
            return join_tagged(parts, stamps)
        front_pages = front.pages
    raise NotInParts("the contents grew on every attempt")


def _stamp_of(html_of: HtmlOf, b: Brochure, start: int, count: int) -> bytes:
    """The stamp for ``count`` pages from page index ``start``."""
    empty = dataclasses.replace(b, categories=[])
    return stamp(html_of(empty, PdfPart("stamp", stamp_pages=count)), start + 1, count)


def _starts(first: int, parts: list[LaidOut]) -> list[int]:
    """The index of each part's first page, the first part starting at ``first``."""
    starts = []
    for part in parts:
        starts.append(first)
        first += part.pages
    return starts


def _numbers(parts: list[LaidOut], starts: list[int]) -> dict[str, str]:
    """The printed page number of every anchor of ``parts``."""
    return {
        name: str(start + index + 1)
        for part, start in zip(parts, starts, strict=True)
        for name, index in part.anchors.items()
    }


def _weight(a: ActorView) -> int:
    """Rough length of an actor's Steckbrief in characters: what the layout takes time for."""
    texts = [a.summary, a.description, a.opening_hours, a.languages_note]
    size = 400 + sum(len(t.text) for t in texts if t)
    size += sum(150 + len(o.summary.text if o.summary else "") for o in a.offers)
    return size + 120 * len(a.contacts)


def split_body(b: Brochure) -> list[tuple[Brochure, PdfPart]]:
    """Two halves of similar length at an actor, at a category if one is as good (2 % off)."""
    flat = [(ci, a) for ci, c in enumerate(b.categories) for a in c.actors]
    weights = [_weight(a) for _, a in flat]
    total = sum(weights)
    before = [0, *itertools.accumulate(weights)]  # weight before actor i
    cut = min(range(1, len(flat)), key=lambda i: abs(2 * before[i] - total))
    starts = [i for i in range(1, len(flat)) if flat[i][0] != flat[i - 1][0]]
    near = [i for i in starts if abs(2 * before[i] - total) <= total // 25]
    if near:
        cut = min(near, key=lambda i: abs(2 * before[i] - total))
    halves = []
    for n, chunk in enumerate((flat[:cut], flat[cut:])):
        cats: list[CategoryView] = []
        for ci, a in chunk:
            if not cats or cats[-1].id != b.categories[ci].id:
                cats.append(dataclasses.replace(b.categories[ci], actors=[]))
            cats[-1].actors.append(a)
        # the second half may go on with the first half's last category: no heading again
        continued = frozenset({cats[0].id} if n == 1 and flat[cut][0] == flat[cut - 1][0] else ())
        part = PdfPart("body", with_office=n == 0, continued=continued)
        halves.append((dataclasses.replace(b, categories=cats), part))
    return halves

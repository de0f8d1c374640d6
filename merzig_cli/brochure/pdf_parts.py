"""A long brochure's PDF, rendered in parts on several processor cores.

WeasyPrint lays out one document on one core, about a tenth of a second per
page. A long brochure (from ``PARTS_MIN_ACTORS`` published actors) is
therefore cut into parts, each a document of its own:

* the body (categories with their actors) in two halves of similar length,
  rendered in parallel worker processes, without page numbers;
* meanwhile the front matter (cover, contents, the office) in this process,
  with placeholder numbers, which tells how many pages it takes;
* then the two indexes, again in parallel, with the page numbers of the
  actors written out from the anchors the body parts report (WeasyPrint's
  ``target-counter`` cannot reach into another document);
* meanwhile „stamps“: blank pages that carry only the continuous page
  numbers, to be laid over the body and index pages.

The front matter is then rendered again with the real numbers (if it grew, the
offsets are computed anew), and pypdf joins the parts, rebuilds the bookmarks
and the links from the contents and indexes into the other parts. pypdf
writes no random file ID and no timestamp: the same data still gives the same
bytes. A short brochure stays one WeasyPrint document, as before.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..documents.pdf import layout, pdf_bytes
from .template_data import ActorView, Brochure, CategoryView

PARTS_MIN_ACTORS = 150  # as many as TOC_ACTORS_MAX: a long brochure
PARTS_ENV = "MERZIG_PDF_PARTS_MIN_ACTORS"  # tests force the parts with a small number
PX_TO_PT = 0.75  # WeasyPrint reports CSS pixels (1/96 in), PDF counts points (1/72 in)


@dataclass(frozen=True)
class PdfPart:
    """Which part of the brochure to render (a long PDF is made of parts) and how.

    ``page_no`` maps anchors to printed page numbers (else ``target-counter``),
    ``page_css`` is extra CSS for the part (its page numbers), ``stamp_pages``
    the number of blank pages of a stamp (see the module docstring).
    """

    name: str = "all"  # all | front | body | index-themen | index-zielgruppen | stamp
    page_no: dict[str, str] | None = None
    page_css: str = ""
    stamp_pages: int = 0


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    page: int
    x: float
    y: float


@dataclass(frozen=True)
class LinkBox:
    target: str
    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedPart:
    """One part's PDF and what the others need to know of it (page indexes from 0)."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    positions: dict[str, tuple[float, float]]  # of the anchors on their page, in CSS pixels
    bookmarks: list[Bookmark]
    links: list[LinkBox]


def parts_min_actors() -> int:
    value = os.environ.get(PARTS_ENV, "")
    return int(value) if value.strip().isdigit() else PARTS_MIN_ACTORS


def use_parts(b: Brochure) -> bool:
    """Render in parts: a long brochure, a machine with more than one core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and b.actor_count >= parts_min_actors() and b.actor_count >= 2


def render_part(html: str) -> RenderedPart:
    """Lay out one part (in a worker process) and report its pages, anchors and links."""
    document = layout(html)
    anchors: dict[str, int] = {}
    positions: dict[str, tuple[float, float]] = {}
    bookmarks: list[Bookmark] = []
    links: list[LinkBox] = []
    for index, page in enumerate(document.pages):
        for name, (x, y, *_rest) in page.anchors.items():
            if name not in anchors:
                anchors[name] = index
                positions[name] = (x, y)
        for level, label, (x, y), _state in page.bookmarks:
            bookmarks.append(Bookmark(level, label, index, x, y))
        for kind, target, rect, _box in page.links:
            if kind == "internal":
                links.append(LinkBox(target, index, tuple(rect)))
    return RenderedPart(
        pdf_bytes(document), len(document.pages), anchors, positions, bookmarks, links
    )


def _weight(a: ActorView) -> int:
    """Rough length of an actor's Steckbrief in characters: what the layout takes time for."""
    texts = [a.summary, a.description, a.opening_hours, a.languages_note]
    size = 400 + sum(len(t.text) for t in texts if t)
    size += sum(150 + len(o.summary.text if o.summary else "") for o in a.offers)
    return size + 120 * len(a.contacts)


def split_body(b: Brochure) -> list[Brochure]:
    """Two halves of similar length at an actor boundary, at a category one if that is as good."""
    flat = [(ci, a) for ci, c in enumerate(b.categories) for a in c.actors]
    weights = [_weight(a) for _, a in flat]
    total = sum(weights)
    before = [0, *itertools.accumulate(weights)]  # weight before actor i
    cut = min(range(1, len(flat)), key=lambda i: abs(2 * before[i] - total))
    starts = [i for i in range(1, len(flat)) if flat[i][0] != flat[i - 1][0]]
    near = [i for i in starts if abs(2 * before[i] - total) <= total // 25]  # 2 % off the middle
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
        continued = {cats[0].id} if n == 1 and flat[cut][0] == flat[cut - 1][0] else set()
        halves.append(
            dataclasses.replace(b, categories=cats, extra={**b.extra, "continued": continued})
        )
    return halves


def _numbers_css(first: int) -> str:
    """Page numbers of a part that starts on page ``first`` (also on its first page)."""
    return (
        f"@page :first {{ counter-reset: page {first}; "
        "@bottom-center { content: counter(page); } }"
    )


def _part(
    name: str, page_no: dict[str, str] | None = None, css: str = "", pages: int = 0
) -> PdfPart:
    return PdfPart(name, page_no, PARTS_CSS + css, pages)


NO_NUMBERS_CSS = "@page { @bottom-center { content: none; } }"
# Here, not in pdf.css, so that a workspace's own pdf.css cannot break the parts.
PARTS_CSS = """
.toc a[data-page]::after { content: leader(".") " " attr(data-page); }
.index a[data-page]::after { content: "\\00a0(" attr(data-page) ")"; }
.category.continued { break-before: auto; }
.stamp + .stamp { break-before: page; }
"""


HtmlOf = Callable[[Brochure, PdfPart], str]


def chunked_pdf(html: HtmlOf, b: Brochure) -> bytes:
    """The brochure's PDF from parts rendered in parallel; see the module docstring.

    ``html`` lays out a (part of the) brochure as HTML for print.
    """
    import multiprocessing

    workers = 2
    # fork: the workers start at once with WeasyPrint already loaded, and a caller's
    # script is not run again (spawn would import its __main__ anew in every worker).
    # This process starts no threads, so forking it is safe; elsewhere spawn.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        body_jobs = [
            pool.submit(render_part, html(half, _part("body", css=NO_NUMBERS_CSS)))
            for half in split_body(b)
        ]
        placeholders = dict.fromkeys(_toc_keys(b), "000")
        front = render_part(html(b, _part("front", placeholders)))
        body = [job.result() for job in body_jobs]
        index_keys = [
            key
            for key, entries in (
                ("index-themen", b.topic_index),
                ("index-zielgruppen", b.group_index),
            )
            if entries
        ]
        for _attempt in range(3):
            body_starts = _starts(front.pages, body)
            numbers = _page_numbers([front, *body], [0, *body_starts])
            index_jobs = [
                pool.submit(render_part, html(b, _part(key, numbers, NO_NUMBERS_CSS)))
                for key in index_keys
            ]
            # the numbers on the body while the workers lay out the indexes
            stamps = [
                (start, render_part(_stamp_html(html, b, start, part.pages)))
                for start, part in zip(body_starts, body, strict=True)
            ]
            index = [job.result() for job in index_jobs]
            index_starts = _starts(body_starts[-1] + body[-1].pages, index)
            numbers.update(_page_numbers(index, index_starts))
            if index:
                count = sum(part.pages for part in index)
                stamps.append(
                    (index_starts[0], render_part(_stamp_html(html, b, index_starts[0], count)))
                )
            final_front = render_part(html(b, _part("front", numbers)))
            if final_front.pages == front.pages:
                return _join([final_front, *body, *index], stamps)
            front = final_front
    raise RuntimeError("Inhaltsverzeichnis der PDF-Broschüre wächst bei jedem Durchlauf")


def _starts(first: int, parts: list[RenderedPart]) -> list[int]:
    """Index of the first page of each part, the first part starting at ``first``."""
    starts = []
    for part in parts:
        starts.append(first)
        first += part.pages
    return starts


def _stamp_html(html: HtmlOf, b: Brochure, start: int, count: int) -> str:
    """Blank pages with only the page numbers from ``start + 1``, to lay over ``count`` pages."""
    empty = dataclasses.replace(b, categories=[])
    return html(empty, _part("stamp", None, _numbers_css(start + 1), count))


def _toc_keys(b: Brochure) -> list[str]:
    keys = ["anlaufstelle", "index-themen", "index-zielgruppen"]
    for c in b.categories:
        keys.append(c.anchor)
        keys.extend(a.anchor for a in c.actors)
    return keys


def _page_numbers(parts: list[RenderedPart], offsets: list[int]) -> dict[str, str]:
    """Printed page number (from 1) of every anchor; the first occurrence counts."""
    numbers: dict[str, str] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, index in part.anchors.items():
            numbers.setdefault(name, str(offset + index + 1))
    return numbers


def _join(parts: list[RenderedPart], stamps: list[tuple[int, RenderedPart]]) -> bytes:
    """One PDF from the parts: numbers stamped on, bookmarks and links rebuilt."""
    import pypdf
    from pypdf.generic import Fit, NameObject

    readers = [pypdf.PdfReader(io.BytesIO(p.pdf)) for p in parts]
    writer = pypdf.PdfWriter()
    offsets: list[int] = []
    for reader in readers:
        offsets.append(len(writer.pages))
        writer.append(reader, import_outline=False)
    for start, stamp in stamps:
        stamp_pages = pypdf.PdfReader(io.BytesIO(stamp.pdf)).pages
        if start + len(stamp_pages) > len(writer.pages):
            raise RuntimeError("PDF-Broschüre: mehr Seitenzahlen als Seiten")
        for i, stamp_page in enumerate(stamp_pages):
            writer.pages[start + i].merge_page(stamp_page)
    height = [float(p.mediabox.height) for p in writer.pages]

    anchors: dict[str, tuple[int, float, float]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, page in part.anchors.items():
            x, y = part.positions[name]
            anchors.setdefault(
                name, (offset + page, x * PX_TO_PT, height[offset + page] - y * PX_TO_PT)
            )
    for part, offset in zip(parts, offsets, strict=True):
        for link in part.links:
            target = anchors.get(link.target)
            if target is None or link.target in part.anchors:
                continue  # unknown, or WeasyPrint already linked it inside the part
            _add_link(writer, offset + link.page, link.rect, target, height[offset + link.page])

    stack: list[tuple[int, Any]] = []
    for part, offset in zip(parts, offsets, strict=True):
        for bm in part.bookmarks:
            while stack and stack[-1][0] >= bm.level:
                stack.pop()
            page = offset + bm.page
            fit = Fit.xyz(bm.x * PX_TO_PT, height[page] - bm.y * PX_TO_PT)
            parent = stack[-1][1] if stack else None
            item = writer.add_outline_item(title=bm.label, page_number=page, parent=parent, fit=fit)
            stack.append((bm.level, item))

    source = readers[0]
    if source.metadata:
        writer.add_metadata(dict(source.metadata))
    root = source.root_object
    for key in ("/Lang", "/PageMode"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_link(
    writer: Any,
    page: int,
    rect: tuple[float, float, float, float],
    target: tuple[int, float, float],
    height: float,
) -> None:
    """A link annotation on ``page`` to a place (page, left, top in points) in another part."""
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    x1, y1, x2, y2 = (v * PX_TO_PT for v in rect)
    box = (x1, height - y2, x2, height - y1)
    fit = Fit.xyz(target[1], target[2])
    writer.add_annotation(page, Link(rect=box, target_page_index=target[0], fit=fit))

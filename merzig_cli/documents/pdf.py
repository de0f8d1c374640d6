"""HTML to PDF with WeasyPrint, set up once for every document.

WeasyPrint may fetch nothing but ``data:`` URLs: a hostile profile or
template cannot make the build (or the reader's viewer) call out. The same
HTML always gives the same bytes: the documents carry their own dates and
WeasyPrint writes no timestamp of its own for them.

Every PDF is PDF/UA-1 (tagged, with language, title and text alternatives):
:func:`layout` refuses a page that lacks them and :func:`pdf_bytes` fails when
WeasyPrint reports a missing alternative while writing (``accessible.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .accessible import check_html, html_language, reported_errors, with_svg_titles

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Tagged PDF for assistive technology (ISO 14289-1), as BITV 2.0 / EN 301 549 ask of
# documents a public body publishes; WeasyPrint 66 and later.
PDF_VARIANT = "pdf/ua-1"
# A run of letters this long is no word of any language: a break may fall inside it.
LONGEST_WORD = 40
# A run longer than a line of text holds is no address either: it breaks every RUN_PIECE
# letters, a piece that fits even a title's line.
LONGEST_RUN = 100
RUN_PIECE = 10
# Markup that is not closed runs to the end, as in a browser: looked for from every "<",
# a missing end would be searched for again each time (time by the square of the length).
_MARKUP = re.compile(
    r"(<(style|script)\b.*?(?:</\2\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^>]*(?:>|\Z))", re.I | re.S
)
_RUN = re.compile(rf"[^\s&<>\u200b]{{{LONGEST_WORD + 1},}}")
_PIECE = re.compile(rf".{{1,{LONGEST_WORD}}}", re.S)
_SHORT_PIECE = re.compile(rf".{{1,{RUN_PIECE}}}", re.S)


def breakable(html: str) -> str:
    """``html`` with a zero-width space after every 40 letters of an overlong word, and
    after every 10 letters of a run longer than a line (over 100 letters).

    WeasyPrint looks for a line break in such a word letter by letter, once
    per line, over the whole rest of the paragraph: a 10,000-letter word from
    a profile took minutes. With a break opportunity in reach it takes
    milliseconds, if the piece before it fits on the line. Where it does not
    (40 letters of a 24-point title are wider than the page), WeasyPrint laid
    out the whole rest of the run again for each line, and a line held a piece
    and a stub: a 10,000-letter brochure title took 5 s of its 8. Pieces of
    10 letters fit even a title's line, and lines fill as lines of words do.
    An address or a path fits on a line and keeps its pieces of 40 (rare
    breaks inside it). Only text between tags changes, never markup, style
    or an entity, and real words (up to 40 letters) stay whole.
    """
    parts = _MARKUP.split(html)
    for i in range(0, len(parts), 3):  # text, markup, name of a style or script element, …
        if len(parts[i]) > LONGEST_WORD:
            parts[i] = _RUN.sub(_pieces, parts[i])
    return "".join(parts[i] for i in range(len(parts)) if i % 3 != 2)


def _pieces(run: re.Match[str]) -> str:
    piece = _PIECE if len(run.group()) <= LONGEST_RUN else _SHORT_PIECE
    return "\u200b".join(piece.findall(run.group()))


def layout(html: str, css: str = "") -> Any:
    """The laid-out WeasyPrint document of ``html`` (pages, anchors, links, bookmarks).

    ``css`` is the program's own style sheet after the page's (never a workspace's).
    """
    import logging

    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"})
    page = HTML(string=with_svg_titles(breakable(html)), base_url=None, url_fetcher=fetcher)
    sheets = [_last_word(), *([CSS(string=css)] if css else [])]
    with reported_errors():
        document = page.render(stylesheets=sheets)
    # after the layout, so that a hostile page meets WeasyPrint's own defences all the same
    check_html(html)
    return document


def _last_word() -> Any:
    """Our rule after every style sheet: a word breaks only where nothing else can.

    ``overflow-wrap: anywhere`` (right for browsers) makes WeasyPrint measure
    a table cell letter by letter, again for every letter: minutes per page.
    ``break-word`` breaks the same overlong words on the page, but a cell is
    measured by its words, which :func:`breakable` keeps at 40 letters.
    """
    from weasyprint import CSS

    return CSS(string=PRINT_RULES)


# After every style sheet, for every PDF: addresses (the ``addr`` filter of documents/jinja.py)
# are never hyphenated and, up to LONGEST_WORD letters, never broken inside.
PRINT_RULES = """
* { overflow-wrap: break-word !important }
.addr { hyphens: none !important; white-space: nowrap !important }
.addr-long { white-space: normal !important }
"""


def _page_references_once() -> None:
    """Make pydyf list the page references once per page count, not once per tag.

    WeasyPrint's tagging asks ``pdf.page_references[n]`` for every structure
    element, and pydyf builds the whole tuple of all pages each time: time by
    pages × elements, 55 s of 110 for a 1,000-actor brochure. The pages only
    ever grow (``add_page`` appends), so the tuple is kept while their number
    stays. Where pydyf is not as expected, nothing changes.
    """
    import pydyf

    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or getattr(current.fget, "merzig", False):
        return
    getter: Any = current.fget

    def page_references(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_merzig_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), getter(self))
            self.__dict__["_merzig_page_references"] = cached
        return cached[1]  # type: ignore[no-any-return]

    page_references.merzig = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


def pdf_bytes(document: Any) -> bytes:
    """The PDF/UA-1 file of a laid-out document (its tags are made here, while writing)."""
    _page_references_once()
    with reported_errors():
        data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return bytes(data) if data is not None else b""


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document, byte-identical for identical input."""
    return pdf_bytes(layout(html))


def cores() -> int:
    """The processor cores this process may use."""
    import os

    found = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return found or 1


def worker_pool(workers: int, pages: Sequence[str] = ()) -> ProcessPoolExecutor:
    """Processes that lay out PDFs beside this one (WeasyPrint uses one core per document).

    fork: the workers start at once with WeasyPrint and the hyphenation dictionaries
    of ``pages`` already loaded (:func:`_preload`), and a caller's script is not run
    again (spawn would import its ``__main__`` anew in every worker). This process
    starts no threads, so forking it is safe; elsewhere spawn.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods
    if forked:
        _preload(pages)
    context = multiprocessing.get_context("fork" if forked else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


_HYPHENATED = re.compile(r"hyphens\s*:\s*auto", re.I)


def _preload(pages: Sequence[str]) -> None:
    """Load in this process what every worker would otherwise load again for itself.

    WeasyPrint (half a second to import) and, for pages it will hyphenate, the
    dictionary of each page's language: pyphen reads the German one in about a
    second and keeps it for the process, so forked workers inherit it.
    """
    import pyphen
    import weasyprint  # noqa: F401

    languages = {
        found for page in pages if _HYPHENATED.search(page) and (found := html_language(page))
    }
    for language in sorted(languages):
        known = pyphen.language_fallback(language.replace("-", "_"))
        if known:
            pyphen.Pyphen(lang=known)


def many_to_pdf(pages: list[str]) -> list[bytes]:
    """The PDFs of several HTML documents, laid out on every core (a conference has dozens)."""
    workers = min(cores(), 4, len(pages))
    if workers < 2:
        return [html_to_pdf(p) for p in pages]
    with worker_pool(workers, pages) as pool:
        return list(pool.map(html_to_pdf, pages, chunksize=max(1, len(pages) // (workers * 4))))

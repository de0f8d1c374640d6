"""Lay out a :class:`~merzig_cli.brochure.Brochure` as HTML, PDF or Markdown.

All three come from templates in ``templates/brochure/`` (a workspace may
override each file). The output must be byte-identical for the same data,
so nothing here reads the clock, and the PDF's dates are the brochure's own
date. WeasyPrint may fetch nothing but ``data:`` URLs: a hostile profile or
template cannot make the build (or the reader's viewer) call out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .brochure import Brochure
from .errors import UsageError
from .languages import RTL_LANGUAGES
from .render import MdSafe, environment, get_template, long_date, render
from .sanitize import html_to_markdown, markdown_to_html

PAGE_SIZES = ("A4", "A5")
TOC_ACTORS_MAX = 150  # a longer brochure lists only the categories in its table of contents


def _dir_of(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def _context(
    b: Brochure, for_pdf: bool, page_size: str, part: PdfPart | None = None
) -> dict[str, Any]:
    from markupsafe import Markup

    part = part or PdfPart()
    return {
        "b": b,
        "lang": b.lang,
        "s": b.strings,
        "for_pdf": for_pdf,
        "toc_actors": b.actor_count <= TOC_ACTORS_MAX,
        "page_size": page_size,
        "dir_of": _dir_of,
        "date_text": long_date(b.date, b.lang) if b.date else "",
        "part": part.name,
        "page_no": part.page_no,
        "page_css": Markup(part.page_css),
        "stamp_pages": part.stamp_pages,
    }


@dataclass(frozen=True)
class PdfPart:
    """Which part of the brochure to render (a long PDF is made of parts) and how.

    ``page_no`` maps anchors to printed page numbers (else ``target-counter``),
    ``page_css`` is extra CSS for the part (its page numbers), ``stamp_pages``
    the number of blank pages of a stamp (see :mod:`merzig_cli.brochure_pdf`).
    """

    name: str = "all"  # all | front | body | index-themen | index-zielgruppen | stamp
    page_no: dict[str, str] | None = None
    page_css: str = ""
    stamp_pages: int = 0


class Renderer:
    """Holds the template environments of one workspace across languages and formats."""

    def __init__(self, workspace_root: Path | None) -> None:
        from markupsafe import Markup

        self._html_env = environment(workspace_root)
        self._html_env.filters["markdown"] = lambda text: Markup(markdown_to_html(text))
        self._md_env = environment(workspace_root, markdown=True)
        self._md_env.filters["markdown"] = lambda text: MdSafe(
            html_to_markdown(markdown_to_html(text))
        )
        self._md_env.filters["autolink"] = _autolink
        self._md_env.globals["md_raw"] = MdSafe

    def html(
        self,
        b: Brochure,
        for_pdf: bool = False,
        page_size: str = "A4",
        part: PdfPart | None = None,
    ) -> str:
        if page_size not in PAGE_SIZES:
            raise UsageError(f"Papierformat „{page_size}“ gibt es nicht", "Erlaubt: A4 oder A5")
        template = get_template(self._html_env, "brochure/brochure.html.j2")
        return render(template, _context(b, for_pdf, page_size, part))

    def renders_in_parts(self) -> bool:
        """Whether the (maybe overridden) template knows the parts of a long PDF."""
        template = get_template(self._html_env, "brochure/brochure.html.j2")
        filename = template.filename
        if not filename:
            return False
        return "pdf-parts" in Path(filename).read_text(encoding="utf-8")

    def markdown(self, b: Brochure) -> str:
        template = get_template(self._md_env, "brochure/brochure.md.j2")
        text = render(template, _context(b, False, "A4"))
        return _tidy_blank_lines(text)

    def pdf(self, b: Brochure, page_size: str = "A4") -> bytes:
        from .brochure_pdf import chunked_pdf, use_parts

        if use_parts(b) and self.renders_in_parts():
            return chunked_pdf(self, b, page_size)
        return html_to_pdf(self.html(b, for_pdf=True, page_size=page_size))


def _autolink(url: str) -> MdSafe:
    return MdSafe("<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">")


def _tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row and one newline at the end, whatever the template does."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document, byte-identical for identical input."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    data = document.write_pdf()
    return bytes(data) if data is not None else b""

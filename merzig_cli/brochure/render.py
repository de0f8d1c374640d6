"""Lay out a :class:`~merzig_cli.brochure.content.Brochure` as HTML, PDF or Markdown.

All three come from templates in ``templates/brochure/`` (a workspace may
override each file). The output must be byte-identical for the same data,
so nothing here reads the clock, and the PDF's dates are the brochure's own
date. A long brochure's PDF is laid out in parts on several cores and joined
with one structure tree (``pdf_parts.py``); a short one is one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.languages import direction
from ..core.vocab import PAGE_SIZES
from ..documents.jinja import MdSafe, environment, get_template, long_date, render, tidy_markdown
from ..documents.pdf import LONGEST_WORD, html_to_pdf
from ..documents.sanitize import html_to_markdown, markdown_to_html
from .template_data import Brochure

TOC_ACTORS_MAX = 150  # a longer brochure lists only the categories in its table of contents


@dataclass(frozen=True)
class PdfPart:
    """Which part of the brochure a template lays out (``pdf_parts.py``); "all" is the whole.

    ``with_office``: a body part that opens with the office; ``continued``: ids of the
    categories the part goes on with (no heading again); ``stamp_pages``: the number of
    blank pages of a stamp, which carries nothing but page numbers.
    """

    name: str = "all"  # all | front | body | index-themen | index-zielgruppen | stamp
    with_office: bool = False
    continued: frozenset[str] = frozenset()
    stamp_pages: int = 0


WHOLE = PdfPart()


def _context(b: Brochure, for_pdf: bool, page_size: str, part: PdfPart = WHOLE) -> dict[str, Any]:
    from markupsafe import Markup

    return {
        "b": b,
        "lang": b.lang,
        "s": b.strings,
        "for_pdf": for_pdf,
        "toc_actors": b.actor_count <= TOC_ACTORS_MAX,
        "page_size": page_size,
        "dir_of": direction,
        "date_text": long_date(b.date, b.lang) if b.date else "",
        "part": part.name,
        "with_office": part.with_office,
        "continued": part.continued,
        "stamp_pages": part.stamp_pages,
        # an older copy of brochure.html.j2 asks for these
        "page_no": None,
        "page_css": Markup(""),
    }


class Renderer:
    """Holds the template environments of one workspace across languages and formats."""

    html_template = "brochure/brochure.html.j2"
    md_template = "brochure/brochure.md.j2"
    in_parts = True  # a long PDF from parts (pdf_parts.py); the templates know them

    def __init__(self, workspace_root: Path | None) -> None:
        from jinja2 import pass_context
        from markupsafe import Markup

        @pass_context
        def markdown(context: Any, text: str) -> Markup:
            html = markdown_to_html(text)
            return Markup(print_addresses(html) if context.get("for_pdf") else html)

        self.workspace_root = workspace_root
        self._html_env = environment(workspace_root)
        self._html_env.filters["markdown"] = markdown
        self._md_env = environment(workspace_root, markdown=True)
        self._md_env.filters["markdown"] = lambda text: MdSafe(
            html_to_markdown(markdown_to_html(text))
        )
        self._md_env.filters["autolink"] = _autolink
        self._md_env.globals["md_raw"] = MdSafe

    def html(
        self, b: Brochure, for_pdf: bool = False, page_size: str = "A4", part: PdfPart = WHOLE
    ) -> str:
        if page_size not in PAGE_SIZES:
            raise UsageError(f"Papierformat „{page_size}“ gibt es nicht", "Erlaubt: A4 oder A5")
        template = get_template(self._html_env, self.html_template)
        return render(template, _context(b, for_pdf, page_size, part))

    def markdown(self, b: Brochure) -> str:
        template = get_template(self._md_env, self.md_template)
        text = render(template, _context(b, False, "A4"))
        return tidy_markdown(text)

    def pdf(self, b: Brochure, page_size: str = "A4") -> bytes:
        from .pdf_parts import parts_pdf, use_parts

        if self.in_parts and use_parts(b, self.workspace_root):
            joined = parts_pdf(lambda part, p: self.html(part, True, page_size, p), b)
            if joined is not None:
                return joined
        return html_to_pdf(self.html(b, for_pdf=True, page_size=page_size))


# The text of a link ends at its "</a>" and never reaches into the next link, so a link
# without an end is read once, not once for every link after it (time by the square).
_LINK = re.compile(r'<a href="([^"]*)">([^<]*(?:<(?!/a>|a\s)[^<]*)*)</a>')
_TAG = re.compile(r"<[^<>]*>")


def print_addresses(html: str) -> str:
    """Links of cleaned HTML marked with their address for paper (pdf.css prints it after them).

    A link whose text already is its address ("https://…", "info@…") is left as it is.
    An address that fits a line is printed without a break (class ``short-address``).
    """
    import html as htmllib

    def mark(m: re.Match[str]) -> str:
        href, inner = m.group(1), m.group(2)
        address = re.sub(r"^(?:mailto|tel):", "", href)
        shown = htmllib.unescape(_TAG.sub("", inner)).strip()
        if shown in (htmllib.unescape(address), htmllib.unescape(href)):
            return m.group(0)
        whole = ' class="short-address"' if len(htmllib.unescape(address)) <= LONGEST_WORD else ""
        return f'<a href="{href}" data-address="{address}"{whole}>{inner}</a>'

    return _LINK.sub(mark, html)


def _autolink(url: str) -> MdSafe:
    return MdSafe("<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">")

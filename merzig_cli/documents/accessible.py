"""What makes a PDF accessible (PDF/UA-1) beyond WeasyPrint's own tagging.

WeasyPrint (from version 66) tags the structure, but where a document lacks
what PDF/UA needs it only logs, or says nothing at all: an ``<img>`` without
``alt`` and an ``<html>`` without ``lang`` are logged, an inline ``<svg>``
without ``<title>`` and a page without ``<title>`` pass silently. Here those
become a German error naming the element, before (and while) the PDF is written:

* :func:`check_html` looks at the HTML for what WeasyPrint does not report;
* :func:`reported_errors` collects what WeasyPrint logs while it writes;
* :func:`label_svg` gives an inline SVG its text alternative (``<title>``,
  ``role="img"``, ``aria-label``): the PDF reads the title, a browser the label.
"""

from __future__ import annotations

import contextlib
import html as htmllib
import logging
import re
from collections.abc import Iterator

from ..core.errors import UserError

HINT = (
    "Die Vorlage im Ordner templates/ des Arbeitsbereichs ergänzen (Alternativtext, "
    "Sprache, Titel) – barrierefreie PDF (PDF/UA-1) brauchen das für jedes Element"
)
# A tag ends at its ">" and never reaches past the next "<" (pages come serialised by
# scriptfree.py, which writes "<" and ">" in attribute values as entities): a page of a
# million "<svg" is searched once, not once per "<svg" to its end (time by the square).
_SVG_TAG = re.compile(r"<(/?)svg\b[^<>]*>", re.I)
_TITLE_FIRST = re.compile(r"\s*<title\b[^<>]*>\s*[^<\s]", re.I)
_HTML_LANG = re.compile(r"<html\b[^<>]*?\blang\s*=\s*[\"']?\s*([^\s\"'<>]+)", re.I)
_PAGE_TITLE = re.compile(r"<title\b[^<>]*>\s*[^<\s]", re.I)
_ARIA_LABEL = re.compile(r"\baria-label\s*=\s*\"([^\"]*)\"", re.I)
# The messages WeasyPrint's tagging (weasyprint/pdf/tags.py) logs for a missing alternative.
_ALT_LOG = re.compile(r'Image "(.*)" has no required alt description', re.S)
_LANG_LOG = 'Missing required "lang" attribute'


def _shown(tag: str, limit: int = 80) -> str:
    """An element's start tag for a message, a long one (a data: URL) cut short."""
    one = " ".join(tag.split())
    return one if len(one) <= limit else one[: limit - 1] + "…>"


def _outer_svgs(html: str) -> Iterator[re.Match[str]]:
    """The start tags of the outermost ``<svg>`` elements (a nested one is part of its figure)."""
    depth = 0
    for m in _SVG_TAG.finditer(html):
        if m.group(1):
            depth = max(depth - 1, 0)
            continue
        if depth == 0:
            yield m
        if not m.group(0).endswith("/>"):
            depth += 1


def label_svg(svg: str, label: str) -> str:
    """``svg`` with ``label`` as its text alternative on the outermost ``<svg>`` element.

    An SVG that already has a ``<title>`` first keeps it (a workspace's own logo).
    """
    label = " ".join(label.split())
    out: list[str] = []
    end = 0
    for m in _outer_svgs(svg):
        tag = m.group(0)
        out.append(svg[end : m.start()])
        end = m.end()
        if _TITLE_FIRST.match(svg, end):
            out.append(tag)
            continue
        attrs = re.sub(r"\s(role|aria-label|aria-hidden)\s*=\s*\"[^\"]*\"", "", tag[4:])
        quoted = htmllib.escape(label)
        closed = attrs.endswith("/>")
        attrs = attrs[:-2].rstrip() + ">" if closed else attrs
        title = f"<title>{quoted}</title>" + ("</svg>" if closed else "")
        out.append(f'<svg role="img" aria-label="{quoted}"{attrs}{title}')
    out.append(svg[end:])
    return "".join(out)


def html_language(html: str) -> str | None:
    """The ``lang`` of the page's ``<html>`` tag, None without one."""
    found = _HTML_LANG.search(html)
    return found.group(1) if found else None


def check_html(html: str) -> None:
    """Refuse a page that cannot become an accessible PDF, naming what is missing.

    An inline SVG with an ``aria-label`` but no ``<title>`` gets its label as title
    later (:func:`with_svg_titles`); one with neither is refused here.
    """
    if html_language(html) is None:
        raise UserError("PDF: das Element <html> hat keine Sprache (Attribut lang fehlt)", HINT)
    if not _PAGE_TITLE.search(html):
        raise UserError(
            "PDF: das Dokument hat keinen Titel (Element <title> fehlt oder leer)", HINT
        )
    for m in _outer_svgs(html):
        label = _ARIA_LABEL.search(m.group(0))
        if not _TITLE_FIRST.match(html, m.end()) and not (label and label.group(1).strip()):
            raise UserError(
                f"PDF: Grafik ohne Alternativtext: {_shown(m.group(0))} "
                "(<title> als erstes Kind oder aria-label fehlt)",
                HINT,
            )


def with_svg_titles(html: str) -> str:
    """Every outermost inline SVG that has an ``aria-label`` but no ``<title>`` gets one."""
    if "<svg" not in html.lower():
        return html
    out: list[str] = []
    end = 0
    for m in _outer_svgs(html):
        label = _ARIA_LABEL.search(m.group(0))
        if label is None or _TITLE_FIRST.match(html, m.end()):
            continue
        out.append(html[end : m.end()])
        out.append(f"<title>{label.group(1)}</title>")  # already escaped in the attribute
        end = m.end()
    out.append(html[end:])
    return "".join(out)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        alt = _ALT_LOG.search(text)
        if alt:
            self.found.append(f"Bild ohne Alternativtext: {_shown(f'<img src={alt.group(1)!r}>')}")
        elif _LANG_LOG in text:
            self.found.append("das Element <html> hat keine Sprache (Attribut lang fehlt)")


@contextlib.contextmanager
def reported_errors() -> Iterator[None]:
    """Fail with a German message when WeasyPrint logs an accessibility error meanwhile."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
    if collector.found:
        raise UserError("PDF nicht barrierefrei: " + "; ".join(collector.found[:3]), HINT)

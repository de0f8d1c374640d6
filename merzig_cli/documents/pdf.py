"""HTML to PDF with WeasyPrint, set up once for every document.

WeasyPrint may fetch nothing but ``data:`` URLs: a hostile profile or
template cannot make the build (or the reader's viewer) call out. The same
HTML always gives the same bytes: the documents carry their own dates and
WeasyPrint writes no timestamp of its own for them.
"""

from __future__ import annotations

from typing import Any


def layout(html: str) -> Any:
    """The laid-out WeasyPrint document of ``html`` (pages, anchors, links, bookmarks)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render()


def pdf_bytes(document: Any) -> bytes:
    data = document.write_pdf()
    return bytes(data) if data is not None else b""


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document, byte-identical for identical input."""
    return pdf_bytes(layout(html))

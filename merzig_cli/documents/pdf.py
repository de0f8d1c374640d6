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


def many_to_pdf(pages: list[str]) -> list[bytes]:
    """The PDFs of several HTML documents, laid out on every core (a conference has dozens)."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = min(cores or 1, 4, len(pages))
    if workers < 2:
        return [html_to_pdf(p) for p in pages]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once with WeasyPrint loaded; this process runs no threads.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(html_to_pdf, pages, chunksize=max(1, len(pages) // (workers * 4))))

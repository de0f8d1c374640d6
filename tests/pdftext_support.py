"""The text of a PDF as a reader copies it out, page by page: one reader for every test.

pdfium (pypdfium2; the PDF engine of Chromium's viewer) reads a page's text in C++: a
28-page brochure in 0.07 s, where pypdf's pure-Python reader took 1.7 s, parsing every
glyph WeasyPrint writes as a string of its own. The tests read back dozens of PDFs, so
this was a sixth of the suite's time. Lines end in ``\\n`` as they did with pypdf (pdfium
writes ``\\r\\n``), and a line ending in a hyphen keeps it and its break (pdfium gives
U+FFFE instead). A PDF is read once per test process: several tests ask for the same pages.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pypdfium2


def page_texts(pdf: bytes | Path) -> tuple[str, ...]:
    """The text of every page of ``pdf`` (its bytes or its file), in page order."""
    return _read(pdf.read_bytes() if isinstance(pdf, Path) else pdf)


def pdf_text(pdf: bytes | Path) -> str:
    """The whole text of ``pdf``, its pages joined by line breaks."""
    return "\n".join(page_texts(pdf))


@functools.lru_cache(maxsize=32)
def _read(data: bytes) -> tuple[str, ...]:
    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            # pdfium gives a hyphen at the end of a line as U+FFFE and drops the break:
            # read back as pypdf does, "Merzig-" and "Wadern" on lines of their own
            text = textpage.get_text_range().replace("\r\n", "\n")
            texts.append(text.replace("\ufffe", "-\n"))
            textpage.close()
            page.close()
        return tuple(texts)
    finally:
        document.close()

"""The tests read PDFs' text with pdfium (tests/pdftext_support.py): it must read as pypdf,
the reader the checks were written against, or a check may pass for the wrong reason."""

from __future__ import annotations

import io

import pypdf
from pdftext_support import pdf_text


def test_pdfium_reads_a_line_ending_in_a_hyphen_as_pypdf_does() -> None:
    import weasyprint

    html = (
        '<!DOCTYPE html><html lang="de"><body><p style="width:3cm;font-size:12pt">'
        "Kreisstadt Merzig-Wadern-Saarland-Mitte, Jugendmigrationsdienst-Beratung</p>"
        "</body></html>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    text = pdf_text(pdf)
    assert text == pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "-\n" in text and "\ufffe" not in text

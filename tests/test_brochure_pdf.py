"""The PDF through real WeasyPrint, read back with pypdf (its structure) and pdfium (its text);
and byte-identical rebuilds."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pdftext_support import page_texts, pdf_text
from pdfua_support import assert_pdfua
from shared_support import once_per_run
from test_brochure_support import small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only
from merzig_cli.documents.output import Output

A4 = (595, 842)
A5 = (420, 595)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Output]]:
    """The workspace, and its brochure in German, English and Arabic in every format (the
    PDFs in A4) plus a German PDF in A5, made once per run."""

    def make(folder: Path) -> tuple[Path, list[Output]]:
        root = small_workspace(folder / "ws")
        ws = load_actors_only(root)
        outputs = build_outputs(ws, ["de", "en", "ar"], ["html", "pdf", "md"])
        return root, [*outputs, *build_outputs(ws, ["de"], ["pdf"], page_size="A5")]

    return once_per_run(tmp_path_factory, "small-brochure", make)


@pytest.fixture(scope="module")
def pdfs(built: tuple[Path, list[Output]]) -> dict[str, bytes]:
    """German, English and Arabic PDF (A4) plus a German A5 one."""
    _, outputs = built
    pdfs = [o for o in outputs if o.format == "pdf"]
    return {o.lang: o.data for o in pdfs[:3]} | {"de-a5": pdfs[3].data}


def _reader(data: bytes) -> Any:
    """The PDF read back; pypdf's objects are typed too loosely to index, so Any."""
    return pypdf.PdfReader(io.BytesIO(data))


def test_pdf_is_a4_with_cover_toc_and_extractable_german_text(pdfs: dict[str, bytes]) -> None:
    reader = _reader(pdfs["de"])
    assert len(reader.pages) >= 4  # cover, contents, content pages
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    text = pdf_text(pdfs["de"])
    for expected in (
        "Arbeiten und Leben in Musterstadt",
        "Jobcenter Musterkreis",
        "Ärztliche Sprachhilfe",
    ):
        assert expected in text
    assert "Geheimer Verein" not in text
    meta = reader.metadata
    assert meta is not None and meta.get("/CreationDate") == "D:20261105"


def test_table_of_contents_has_real_page_numbers(pdfs: dict[str, bytes]) -> None:
    reader = _reader(pdfs["de"])
    texts = page_texts(pdfs["de"])
    toc = texts[1]
    assert toc.startswith("Inhalt")
    pages = {}
    for name in ("Jobcenter Musterkreis", "Ärztliche Sprachhilfe Sprachcafé"):
        match = re.search(re.escape(name) + r"\s*\.+\s*(\d+)", toc)
        assert match, toc
        pages[name] = int(match.group(1))
    assert 2 < pages["Jobcenter Musterkreis"] < pages["Ärztliche Sprachhilfe Sprachcafé"]
    for name, page in pages.items():
        assert name in texts[page - 1]
        others = texts[2 : page - 1]
        assert not any(name in text for text in others)
    titles = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    assert "Inhalt" in titles and "Behörden und Ämter" in titles  # PDF bookmarks too


def test_page_numbers_printed_on_content_pages(pdfs: dict[str, bytes]) -> None:
    texts = page_texts(pdfs["de"])
    assert len(texts) == len(_reader(pdfs["de"]).pages)
    assert texts[-1].strip().endswith(str(len(texts)))


def test_fonts_are_embedded(pdfs: dict[str, bytes]) -> None:
    for key in ("de", "ar"):
        reader = _reader(pdfs[key])
        fonts = reader.pages[2]["/Resources"]["/Font"]
        for ref in fonts.values():
            descendant = ref.get_object()
            desc = descendant.get("/DescendantFonts")
            font = desc[0].get_object() if desc else descendant
            fd = font["/FontDescriptor"]
            assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_arabic_pdf_has_shaped_arabic_text_and_german_names(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs["ar"])
    assert "المحتويات" in text  # the heading "Contents", shaped letters extractable
    assert "ترجمة آلية" in text
    assert "Jobcenter Musterkreis" in text  # German name kept left to right inside the page
    assert "SGB II" in text


def test_a5_option(pdfs: dict[str, bytes]) -> None:
    reader = _reader(pdfs["de-a5"])
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A5
    assert len(reader.pages) >= len(_reader(pdfs["de"]).pages)


def test_rebuild_gives_identical_bytes_in_every_format(built: tuple[Path, list[Output]]) -> None:
    """Built again from the files, in the same process: the module's build, byte for byte."""
    root, built_first = built
    first = [o for o in built_first[:9] if o.lang in ("de", "ar")]
    second = build_outputs(load_actors_only(root), ["de", "ar"], ["html", "pdf", "md"])
    assert [o.name for o in first] == [o.name for o in second]
    for a, b in zip(first, second, strict=True):
        assert a.data == b.data, a.name


@pytest.mark.parametrize("key", ["de", "en", "ar", "de-a5"])
def test_brochure_is_pdf_ua_1_in_its_language(pdfs: dict[str, bytes], key: str) -> None:
    lang = key.split("-")[0]
    tags = assert_pdfua(pdfs[key], lang, title="Musterstadt")
    figures = [alt for tag, alt in tags if tag == "Figure"]
    assert figures == [figures[0]] and "Musterstadt" in figures[0]  # the cover logo, named
    names = {"de": "Logo: Musterstadt", "en": "Logo: Musterstadt", "ar": "الشعار: Musterstadt"}
    assert figures[0] == names[lang]
    assert ("Table", "") not in tags or ("TH", "") in tags
    assert sum(tag == "Link" for tag, _ in tags) >= 5  # contents, e-mail, phone, web links
    assert [tag for tag, _ in tags if tag.startswith("H")][:2] == ["H1", "H2"]

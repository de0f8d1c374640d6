"""Joining tagged PDFs (documents/pdf_join.py): small parts laid out by real WeasyPrint,
joined with pikepdf, checked by the independent PDF/UA-1 validator and read back."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pypdf
import pytest
from pdftext_support import page_texts
from pdfua_support import assert_pdfua, structure

from merzig_cli.documents.pdf import layout, pdf_bytes
from merzig_cli.documents.pdf_join import LINK_SCHEME, Part, join_tagged

PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Testheft</title>
<style>@page {{ size: A5; margin: 15mm; @bottom-center {{ content: counter(page); }} }}
@page :first {{ @bottom-center {{ content: none; }} }} html {{ background: #fff; }}
h1 {{ bookmark-level: 1; }} h2 {{ bookmark-level: 2; }} .s + .s {{ break-before: page; }}</style>
</head><body>{body}</body></html>"""
NO_NUMBERS = "@page { @bottom-center { content: none !important; } }"
TEXT = "Beratung zu Arbeit und Anerkennung. " * 40


def _part(body: str, css: str = "") -> tuple[bytes, int, list[int]]:
    document = layout(PAGE.format(body=body), css)
    levels = [level for page in document.pages for level, *_ in page.bookmarks]
    return pdf_bytes(document), len(document.pages), levels


@pytest.fixture(scope="module")
def joined() -> tuple[bytes, int]:
    front, front_pages, _ = _part(
        f'<h1>Heft</h1><p><a href="{LINK_SCHEME}b2">Zu B 2</a> '
        f'<a href="{LINK_SCHEME}nirgends">Ins Leere</a> '
        '<a href="https://example.org/">Nach draußen</a></p>'
    )
    first, first_pages, first_levels = _part(
        '<h1 id="a">Teil A</h1>'
        + "".join(f'<h2 id="a{i}">A {i}</h2><p>{TEXT}</p>' for i in (1, 2)),
        NO_NUMBERS,
    )
    # the second part goes on with part A's chapter: its first sections belong under „Teil A“
    second, second_pages, second_levels = _part(
        '<h2 id="a3">A 3</h2><p>x</p><h1 id="b">Teil B</h1>'
        + "".join(f'<h2 id="b{i}">B {i}</h2><p>{TEXT}</p>' for i in (1, 2)),
        NO_NUMBERS,
    )
    body_pages = first_pages + second_pages
    stamp_css = (
        "html { background: none !important; } "
        f"@page :first {{ counter-reset: page {front_pages + 1} !important; "
        "@bottom-center { content: counter(page) !important; } }"
    )
    stamp = layout(PAGE.format(body='<div class="s"></div>' * body_pages), stamp_css).write_pdf()
    parts = [Part(front), Part(first, first_levels), Part(second, second_levels)]
    return join_tagged(parts, [(front_pages, stamp)]), front_pages


def _reader(data: bytes) -> Any:
    return pypdf.PdfReader(io.BytesIO(data))


def test_the_joined_file_is_pdf_ua_with_one_tree_in_part_order(joined: tuple[bytes, int]) -> None:
    data, _ = joined
    tags = assert_pdfua(data, "de", "Testheft")
    headings = [tag for tag, _alt in tags if tag in ("H1", "H2")]
    assert headings == ["H1", "H1", "H2", "H2", "H2", "H1", "H2", "H2"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.Root.StructTreeRoot.K) == 1
        document = pdf.Root.StructTreeRoot.K[0]
        for tag, element in structure(pdf)[1:]:
            while element.objgen != document.objgen:  # up to the one Document element
                assert element.get("/Type") == "/StructElem", tag
                element = element.P
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert len(set(keys)) == len(keys)
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) > max(keys)
        entries = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", ())]
        assert len(annotations) == 3
        for annotation in annotations:  # each link's entry is the Link element that holds it
            element = entries[int(annotation.StructParent)]
            assert element.S == "/Link"
            held = [k.Obj.objgen for k in element.K if isinstance(k, pikepdf.Dictionary)]
            assert annotation.objgen in held


def test_page_numbers_come_from_the_stamp_as_an_artifact(joined: tuple[bytes, int]) -> None:
    data, front_pages = joined
    texts = page_texts(data)
    assert len(texts) == len(_reader(data).pages)
    assert not any(line.strip().isdigit() for line in texts[0].splitlines())  # no number
    for number, text in enumerate(texts[front_pages:], start=front_pages + 1):
        assert str(number) in [line.strip() for line in text.splitlines()], (number, text)
        assert text.count("\n" + str(number)) <= 1  # not twice: the part has none of its own
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[front_pages:]:
            last = page.obj.Contents[-1].read_bytes()
            assert last == b"Q\n/Artifact BMC q /MerzigStamp Do Q EMC\n"


def test_links_between_parts_become_internal_and_an_unknown_one_inert(
    joined: tuple[bytes, int],
) -> None:
    data, _ = joined
    reader = _reader(data)
    named = reader.named_destinations
    assert {"a", "a1", "a2", "a3", "b", "b1", "b2"} <= set(named)
    links = [a.get_object() for a in reader.pages[0]["/Annots"]]
    by_text = {str(link["/Contents"]): link for link in links}
    to_b2 = by_text["b2"]
    assert "/A" not in to_b2 and str(to_b2["/Dest"]) == "b2"
    page = reader.get_destination_page_number(named["b2"])
    assert "B 2" in page_texts(data)[page]
    nowhere = by_text["nirgends"]
    assert "/A" not in nowhere and "/Dest" not in nowhere  # a link to nothing does nothing
    outside = next(link for link in links if "/A" in link)
    assert str(outside["/A"]["/URI"]) == "https://example.org/"


def test_bookmarks_are_nested_by_their_levels_across_the_parts(joined: tuple[bytes, int]) -> None:
    data, _ = joined
    outline = _reader(data).outline
    titles = [item["/Title"] for item in outline if not isinstance(item, list)]
    assert titles == ["Heft", "Teil A", "Teil B"]
    children = [[i["/Title"] for i in item] for item in outline if isinstance(item, list)]
    assert children == [["A 1", "A 2", "A 3"], ["B 1", "B 2"]]


def test_the_same_parts_give_the_same_bytes(joined: tuple[bytes, int]) -> None:
    data, _ = joined
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]
    front = pdf_bytes(layout(PAGE.format(body="<h1>Heft</h1>")))
    other = pdf_bytes(layout(PAGE.format(body="<h1>Anderes</h1>")))
    assert join_tagged([Part(front), Part(other)]) == join_tagged([Part(front), Part(other)])


def test_header_cells_keep_unique_ids_across_parts() -> None:
    table = (
        "<table><thead><tr><th>Träger</th><th>Angebot</th></tr></thead>"
        "<tbody><tr><td>Jobcenter</td><td>Beratung</td></tr></tbody></table>"
    )
    first = pdf_bytes(layout(PAGE.format(body=f"<h1>Eins</h1>{table}")))
    second = pdf_bytes(layout(PAGE.format(body=f"<h1>Zwei</h1>{table}")))
    data = join_tagged([Part(first, tables=True), Part(second, tables=True)])
    assert_pdfua(data, "de")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tags = structure(pdf)
        ids = [bytes(e.ID) for tag, e in tags if tag == "TH"]
        assert len(ids) == 4 and len(set(ids)) == 4
        for tag, element in tags:
            if tag == "TD":
                headers = [bytes(h) for h in element.A.Headers]
                assert headers and set(headers) <= set(ids)
        # each part's cells name the headers of their own table
        cells = [e for tag, e in tags if tag == "TD"]
        assert not set(bytes(h) for h in cells[0].A.Headers) & {
            bytes(h) for h in cells[-1].A.Headers
        }

"""A long brochure's PDF laid out in parts (merzig_cli/brochure/pdf_parts.py), through real
WeasyPrint, joined with one structure tree (documents/pdf_join.py).

The parts start from a handful of actors here (``MERZIG_PDF_PARTS_MIN_ACTORS``), so the
tests stay quick; the joined PDF is read back with pypdf, pikepdf and pdfium and checked by the
independent PDF/UA-1 validator.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from conftest import ACTOR, write
from pdftext_support import page_texts
from pdfua_support import assert_pdfua, structure
from shared_support import once_per_run
from test_brochure_support import small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only
from merzig_cli.brochure.content import build_brochure
from merzig_cli.brochure.pdf_parts import PARTS_ENV, split_body, use_parts

EXTRA = [f"Beratungsstelle Nummer {i:02d}" for i in range(1, 11)]
COUNSELLING = ["Ärztliche Sprachhilfe Sprachcafé", *EXTRA, "IQ Beratung 0"]  # brochure order
NAMES = ["Jobcenter Musterkreis", *COUNSELLING]


def _workspace(root: Path) -> Path:
    small_workspace(root)
    for i, name in enumerate(EXTRA, start=1):
        write(
            root,
            f"actors/extra-{i:02d}.yaml",
            ACTOR.format(id=f"extra-{i:02d}", name=name, category="counselling"),
        )
    return root


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """German and Arabic PDF in parts, the German one built twice (made once per run)."""

    def make(folder: Path) -> dict[str, bytes]:
        root = _workspace(folder / "ws")
        out: dict[str, bytes] = {}
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(PARTS_ENV, "5")
            for o in build_outputs(load_actors_only(root), ["de", "ar"], ["pdf"]):
                out[o.lang] = o.data
            [again] = build_outputs(load_actors_only(root), ["de"], ["pdf"])
            out["de-again"] = again.data
        return out

    return once_per_run(tmp_path_factory, "brochure-parts", make)


def _reader(data: bytes) -> Any:
    """The PDF read back; pypdf's objects are typed too loosely to index, so Any."""
    return pypdf.PdfReader(io.BytesIO(data))


def _texts(data: bytes) -> list[str]:
    return list(page_texts(data))


def _first_page_with(texts: list[str], name: str, start: int) -> int:
    """Page number (from 1) of the first page from index ``start`` on that shows ``name``."""
    return next(i + 1 for i in range(start, len(texts)) if name in texts[i])


def test_the_parts_start_from_the_threshold_and_only_with_the_packaged_page_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    b = build_brochure(load_actors_only(root), "de")
    assert b.actor_count == 13
    assert not use_parts(b, root)  # 13 actors: one document, on any number of cores
    monkeypatch.setenv(PARTS_ENV, "5")
    assert use_parts(b, root)
    for own in ("brochure/brochure.html.j2", "brochure/pdf.css"):
        path = write(root, f"templates/{own}", "{# an own copy: it need not know the parts #}")
        assert not use_parts(b, root), own
        path.unlink()
    write(root, "templates/brochure/actor.html.j2", "<article></article>")
    assert use_parts(b, root)  # an actor's entry is laid out the same in every part


def test_body_is_cut_in_two_halves_in_order(tmp_path: Path) -> None:
    b = build_brochure(load_actors_only(_workspace(tmp_path / "ws")), "de")
    (first, first_part), (second, second_part) = split_body(b)
    names = [a.name.text for half in (first, second) for c in half.categories for a in c.actors]
    assert names == [a.name.text for c in b.categories for a in c.actors]
    assert 4 <= sum(len(c.actors) for c in first.categories) <= 8
    # the cut falls inside „Beratung“: the second half goes on without its heading
    assert first.categories[-1].id == second.categories[0].id == "counselling"
    assert second_part.continued == {"counselling"} and not first_part.continued
    assert first_part.with_office and not second_part.with_office


def test_page_numbers_run_on_across_the_parts(parts: dict[str, bytes]) -> None:
    texts = _texts(parts["de"])
    assert len(texts) >= 6
    assert not re.search(r"\n\d+$", texts[0].strip())  # no number on the cover
    for number, text in enumerate(texts[1:], start=2):
        assert re.search(rf"(^|\n){number}(\n|$)", text.strip()), (number, text[-80:])


def test_contents_and_index_point_to_the_actors_pages(parts: dict[str, bytes]) -> None:
    texts = _texts(parts["de"])
    toc = texts[1]
    assert toc.startswith("Inhalt")
    body_start = 2
    index_start = next(i for i, t in enumerate(texts) if t.startswith("Ich suche Hilfe bei"))
    index = "\n".join(texts[index_start:])
    for name in NAMES:
        page = _first_page_with(texts, name, body_start)
        match = re.search(re.escape(name) + r"\s*\.+\s*(\d+)", toc)
        assert match and int(match.group(1)) == page, (name, page, toc)
        cited = {int(n) for n in re.findall(re.escape(name) + r"\xa0\((\d+)\)", index)}
        assert cited == {page}, (name, page)
    heading = re.search(r"Ich bin …\s*\.+\s*(\d+)", toc)
    assert heading and texts[int(heading.group(1)) - 1].startswith("Ich bin")


def test_bookmarks_and_links_reach_across_the_parts(parts: dict[str, bytes]) -> None:
    reader = _reader(parts["de"])
    texts = _texts(parts["de"])
    outline = reader.outline
    titles = [item["/Title"] for item in outline if isinstance(item, dict)]
    assert titles == [
        "Inhalt",
        "Ihre Anlaufstelle",
        "Behörden und Ämter",
        "Beratung",
        "Ich suche Hilfe bei …",
        "Ich bin …",
    ]
    at = titles.index("Beratung")
    counselling = [item for item in outline if isinstance(item, list)][at - 2]
    assert [item["/Title"] for item in counselling] == COUNSELLING  # both halves, one heading
    for item in counselling:
        page = reader.get_destination_page_number(item) + 1
        assert page == _first_page_with(texts, item["/Title"], 2)
    named = reader.named_destinations
    targets = {}
    for annot in reader.pages[1].get("/Annots") or []:
        link = annot.get_object()
        assert link.get("/Subtype") == "/Link" and "/A" not in link  # no address left over
        dest = named[str(link["/Dest"])]
        targets[str(link["/Dest"])] = reader.get_destination_page_number(dest) + 1
    last = _first_page_with(texts, "Beratungsstelle Nummer 10", 2)
    assert last in targets.values()  # from the contents into the second half
    assert targets["index-zielgruppen"] == _first_page_with(texts, "Ich bin …", 2)
    index = _first_page_with(texts, "Ich suche Hilfe bei", 2) - 1
    from_index = set()
    for annot in reader.pages[index].get("/Annots") or []:  # from the index into the body
        link = annot.get_object()
        from_index.add(reader.get_destination_page_number(named[str(link["/Dest"])]) + 1)
    assert last in from_index and _first_page_with(texts, "Jobcenter Musterkreis", 2) in from_index


def test_the_joined_pdf_is_pdf_ua_with_one_tree_in_reading_order(parts: dict[str, bytes]) -> None:
    for lang in ("de", "ar"):
        assert_pdfua(parts[lang], lang)
    with pikepdf.open(io.BytesIO(parts["de"])) as pdf:
        tags = [tag for tag, _element in structure(pdf)]
        assert len(pdf.Root.StructTreeRoot.K) == 1  # one Document element
        assert tags.count("H2") == 6  # contents, office, 2 categories, 2 indexes: once each
        assert tags.count("H3") == 13  # every actor once
        keys = [int(pdf.pages[i].obj.StructParents) for i in range(len(pdf.pages))]
        assert len(set(keys)) == len(keys)  # every page its own entry in the parent tree
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        assert set(keys) <= {int(nums[i]) for i in range(0, len(nums), 2)}


def test_parts_are_byte_identical_with_metadata_and_embedded_fonts(parts: dict[str, bytes]) -> None:
    assert parts["de"] == parts["de-again"]
    with pikepdf.open(io.BytesIO(parts["de"])) as pdf:
        stamped = ["/MerzigStamp" in page.obj.Resources.get("/XObject", {}) for page in pdf.pages]
        assert stamped == [False] + [True] * (len(stamped) - 1)  # every number but the cover's
    reader = _reader(parts["de"])
    meta = reader.metadata
    assert meta is not None and str(meta.get("/CreationDate", "")).startswith("D:20261")
    assert reader.trailer["/Root"]["/Lang"] == "de"
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"].values()
        stamp = page["/Resources"].get("/XObject", {}).get("/MerzigStamp")
        if stamp is not None:
            fonts = [*fonts, *stamp.get_object()["/Resources"]["/Font"].values()]
        for ref in fonts:
            font = ref.get_object()
            desc = font.get("/DescendantFonts")
            font = desc[0].get_object() if desc else font
            assert any(
                k in font["/FontDescriptor"] for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )


def test_arabic_brochure_in_parts(parts: dict[str, bytes]) -> None:
    texts = _texts(parts["ar"])
    text = "\n".join(texts)
    assert "المحتويات" in text  # shaped Arabic letters, extractable
    assert "ترجمة آلية" in text
    assert "Jobcenter Musterkreis" in text and "SGB II" in text
    for number, page in enumerate(texts[1:], start=2):
        assert re.search(rf"(^|\n){number}(\n|$)", page.strip()), (number, page[-80:])


def test_a_workspace_style_sheet_neither_covers_the_pages_nor_breaks_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An own brochure.css with a page colour, a running head with the page number and a
    rule that would add a page: the stamps stay transparent, one to a page, numbers run on."""
    from merzig_cli.workspace.resources import template_file

    root = _workspace(tmp_path / "ws")
    own = template_file("brochure/brochure.css")
    assert own is not None
    css = own[1].read_text(encoding="utf-8") + (
        "@page { background: #fdf6e3; @top-right { content: 'Musterstadt ' counter(page); } }\n"
        "main { break-before: page; } body::after { content: 'Ende'; }\n"
    )
    write(root, "templates/brochure/brochure.css", css)
    monkeypatch.setenv(PARTS_ENV, "5")
    [out] = build_outputs(load_actors_only(root), ["de"], ["pdf"])
    assert_pdfua(out.data, "de")
    texts = _texts(out.data)
    for number, text in enumerate(texts[1:], start=2):
        assert text.count(f"Musterstadt {number}") == 1, (number, text[-120:])
    with pikepdf.open(io.BytesIO(out.data)) as pdf:
        for page in pdf.pages[1:]:
            stamp = page.obj.Resources.XObject.MerzigStamp.read_bytes()
            assert b" re" not in stamp  # no rectangle: nothing painted over the page


def test_parts_that_do_not_come_out_right_give_the_pdf_in_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from merzig_cli.brochure import pdf_parts

    def refuse(*_args: object) -> bytes:
        raise pdf_parts.NotInParts("a stamp of the wrong length")

    root = _workspace(tmp_path / "ws")
    monkeypatch.setenv(PARTS_ENV, "5")
    monkeypatch.setattr(pdf_parts, "stamp", refuse)
    [out] = build_outputs(load_actors_only(root), ["de"], ["pdf"])
    assert_pdfua(out.data, "de")
    with pikepdf.open(io.BytesIO(out.data)) as pdf:
        assert not any("/XObject" in p.obj.Resources and "/MerzigStamp" in p.obj.Resources.XObject
                       for p in pdf.pages)  # fmt: skip
    texts = _texts(out.data)
    assert all(name in "".join(texts) for name in NAMES)


def test_only_links_in_start_tags_are_rewritten() -> None:
    from merzig_cli.brochure.pdf_parts import linked

    html = (
        '<p>Code: href="#akteur-x" im Text</p><svg><use href="#form"/></svg>'
        '<a class="x" href="#akteur-x">X</a><a href="https://example.org/#akteur-x">Y</a>'
    )
    assert linked(html, {"akteur-x": "7"}) == (
        '<p>Code: href="#akteur-x" im Text</p><svg><use href="#form"/></svg>'
        '<a class="x" href="merzig-part:akteur-x" data-page="7">X</a>'
        '<a href="https://example.org/#akteur-x">Y</a>'
    )

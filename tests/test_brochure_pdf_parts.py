"""A long brochure's PDF rendered in parts (merzig_cli/brochure/pdf_parts.py), through real WeasyPrint.

The parts start from a handful of actors here (``MERZIG_PDF_PARTS_MIN_ACTORS``),
so the tests stay quick; the merged PDF is read back with pypdf.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import ACTOR, write
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
    """German and Arabic PDF in parts, each built twice."""
    root = _workspace(tmp_path_factory.mktemp("parts") / "ws")
    out: dict[str, bytes] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(PARTS_ENV, "5")
        for run in ("", "-again"):
            for o in build_outputs(load_actors_only(root), ["de", "ar"], ["pdf"]):
                out[o.lang + run] = o.data
    return out


def _reader(data: bytes) -> Any:
    """The PDF read back; pypdf's objects are typed too loosely to index, so Any."""
    return pypdf.PdfReader(io.BytesIO(data))


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in _reader(data).pages]


def _first_page_with(texts: list[str], name: str, start: int) -> int:
    """Page number (from 1) of the first page from index ``start`` on that shows ``name``."""
    return next(i + 1 for i in range(start, len(texts)) if name in texts[i])


def test_the_parts_start_from_the_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = build_brochure(load_actors_only(_workspace(tmp_path / "ws")), "de")
    assert b.actor_count == 13
    assert not use_parts(b)  # 13 actors: one document, as before
    monkeypatch.setenv(PARTS_ENV, "5")
    assert use_parts(b)


def test_body_is_cut_in_two_halves_in_order(tmp_path: Path) -> None:
    b = build_brochure(load_actors_only(_workspace(tmp_path / "ws")), "de")
    first, second = split_body(b)
    names = [a.name.text for half in (first, second) for c in half.categories for a in c.actors]
    assert names == [a.name.text for c in b.categories for a in c.actors]
    assert 4 <= sum(len(c.actors) for c in first.categories) <= 8
    # the cut falls inside „Beratung“: the second half goes on without its heading
    assert first.categories[-1].id == second.categories[0].id == "counselling"
    assert second.extra["continued"] == {"counselling"}
    assert not first.extra["continued"]


def test_page_numbers_run_on_across_the_parts(parts: dict[str, bytes]) -> None:
    texts = _texts(parts["de"])
    assert len(texts) >= 6
    assert not re.search(r"\n\d+$", texts[0].strip())  # no number on the cover
    for number, text in enumerate(texts[1:], start=2):
        assert text.strip().endswith("\n" + str(number)), (number, text[-80:])


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
    assert re.search(r"Ich bin …\s*\.+\s*(\d+)", toc)
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
    at = next(
        i
        for i, item in enumerate(outline)
        if isinstance(item, dict) and item["/Title"] == "Beratung"
    )
    counselling = outline[at + 1]  # an item's children follow it as a list
    assert isinstance(counselling, list)
    assert [item["/Title"] for item in counselling] == COUNSELLING  # both halves, one heading
    for item in counselling:
        page = reader.get_destination_page_number(item) + 1
        assert page == _first_page_with(texts, item["/Title"], 2)
    targets = set()
    for annot in reader.pages[1].get("/Annots") or []:
        link = annot.get_object()
        dest = link.get("/Dest")
        if link.get("/Subtype") == "/Link" and isinstance(dest, pypdf.generic.ArrayObject):
            targets.add(reader.get_page_number(dest[0].get_object()) + 1)  # into another part
    assert _first_page_with(texts, "Beratungsstelle Nummer 10", 2) in targets


def test_parts_are_byte_identical_with_metadata_and_embedded_fonts(parts: dict[str, bytes]) -> None:
    assert parts["de"] == parts["de-again"]
    assert parts["ar"] == parts["ar-again"]
    reader = _reader(parts["de"])
    meta = reader.metadata
    assert meta is not None and meta.get("/CreationDate") == "D:20261105"
    assert reader.trailer["/Root"]["/Lang"] == "de"
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
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
        assert page.strip().endswith(str(number)), (number, page[-80:])
    assert _reader(parts["ar"]).trailer["/Root"]["/Lang"] == "ar"


def test_an_own_template_is_set_in_one_piece_unless_the_config_asks_for_parts(
    tmp_path: Path,
) -> None:
    from merzig_cli.brochure.render import pdf_in_parts
    from merzig_cli.workspace.resources import read_template

    root = _workspace(tmp_path / "ws")
    assert pdf_in_parts(load_actors_only(root))
    write(root, "templates/brochure/brochure.html.j2", read_template("brochure/brochure.html.j2"))
    assert not pdf_in_parts(load_actors_only(root))  # it may be an older copy: one document
    config = (root / "config.yaml").read_text(encoding="utf-8")
    parts_on = config.replace("brochure:\n", "brochure:\n  pdf_parts: true\n")
    (root / "config.yaml").write_text(parts_on, encoding="utf-8")
    assert pdf_in_parts(load_actors_only(root))  # the explicit setting wins
    (root / "config.yaml").write_text(parts_on.replace("true", "false"), encoding="utf-8")
    (root / "templates/brochure/brochure.html.j2").unlink()
    assert not pdf_in_parts(load_actors_only(root))

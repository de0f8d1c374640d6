"""The brochure on paper, through real WeasyPrint, read back (tests/pdftext_support.py).

Links show their address, no heading stands alone at the bottom of a page,
and no page is left mostly blank because a block moved on (only the end of a
category, before the next one starts on a new page, may leave room).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pdftext_support import page_texts
from shared_support import once_per_run
from test_brochure_support import small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only

_WORD_TEXT = """Beratung Begleitung Anerkennung Abschlüsse Unterlagen Antrag Sprachkurs Termin
Arbeit Ausbildung Familie Wohnung Kita Schule Hilfe Vermittlung Bescheid Fristen"""
WORDS = _WORD_TEXT.split()


def pages_of(data: bytes) -> list[list[str]]:
    """The text lines of every page, without the page number at the bottom."""
    out = []
    for text in page_texts(data):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if lines and lines[-1].isdigit():
            lines = lines[:-1]
        out.append(lines)
    return out


def long_workspace(root: Path, actors: int = 24) -> tuple[Path, list[str]]:
    """Actors of very different length: long descriptions, up to nine contact persons."""
    from conftest import CONFIG, TAXONOMY, write

    write(root, "config.yaml", CONFIG)
    write(root, "taxonomy.yaml", TAXONOMY)
    rnd = random.Random(7)
    names = []
    for i in range(actors):
        desc = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(20, 300)))
        people = "".join(
            f"  - id: p-{j}\n    name: Person {j} Beispiel\n    role: Beratung zu "
            f'{rnd.choice(WORDS)}\n    email: p{j}@example.org\n    phone: "+49 6861 000-{j:03d}"\n'
            for j in range(rnd.randint(1, 9))
        )
        offers = "".join(
            f"  - id: o-{j}\n    name: Angebot {j}\n    summary: "
            + " ".join(rnd.choice(WORDS) for _ in range(14))
            + ".\n"
            for j in range(rnd.randint(1, 4))
        )
        name = f"Stelle {i:02d} {rnd.choice(WORDS)}"
        names.append(name)
        write(
            root,
            f"actors/a-{i:02d}.yaml",
            f"id: a-{i:02d}\nname: {name}\ncategory: {['authority', 'counselling'][i % 2]}\n"
            f"level: district\nsummary: Kurz {i}.\ndescription: |\n  {desc}\n"
            "topics: [work]\ntarget_groups: [refugees]\nlanguages: [de, ar]\n"
            f"offers:\n{offers}contacts:\n{people}publish: true\nreviewed: 2026-10-01\n",
        )
    return root, names


@pytest.fixture(scope="module")
def long_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], list[str]]:
    """The long brochure in A4 and A5, and its actors' names (made once per run)."""

    def make(folder: Path) -> tuple[dict[str, bytes], list[str]]:
        root, names = long_workspace(folder / "ws")
        ws = load_actors_only(root)
        sizes = ("A4", "A5")
        return {s: build_outputs(ws, ["de"], ["pdf"], page_size=s)[0].data for s in sizes}, names

    return once_per_run(tmp_path_factory, "long-brochure", make)


HEADINGS = ("Angebote", "Ansprechpersonen", "Behörden und Ämter", "Beratung", "Ihre Anlaufstelle")
STARTS = ("Behörden und Ämter", "Beratung", "Ich suche Hilfe bei …", "Ich bin …")


@pytest.fixture(params=["A4", "A5"], scope="module")
def pages(request: pytest.FixtureRequest, long_pdfs: tuple[dict[str, bytes], list[str]]) -> Any:
    """(text lines of every page, the actors' names) of the long brochure in one paper size,
    read once per size (reading a PDF's text takes seconds)."""
    data, names = long_pdfs
    return pages_of(data[request.param]), names


def test_no_heading_stands_alone_at_the_bottom_of_a_page(pages: Any) -> None:
    lines_of, names = pages
    for n, lines in enumerate(lines_of[1:-1], start=2):
        assert lines, f"Seite {n} ist leer"
        assert lines[-1] not in (*HEADINGS, *names), f"Seite {n} endet mit „{lines[-1]}“"


def test_no_page_is_left_mostly_blank_by_a_block_that_moved_on(pages: Any) -> None:
    lines_of, _ = pages
    full = max(len(lines) for lines in lines_of)
    for n in range(2, len(lines_of) - 1):  # from the first body page to the one before the last
        lines, after = lines_of[n], lines_of[n + 1]
        if len(lines) < full * 0.3:
            assert after and after[0] in STARTS, (
                f"Seite {n + 1}: {len(lines)} Zeilen, dann {after[:1]}"
            )
    office = next(lines for lines in lines_of if "Ihre Anlaufstelle" in lines)
    assert "Telefon: +49 6861 000-0" in office and "Behörden und Ämter" in office


def test_links_in_descriptions_show_their_address_on_paper(tmp_path: Path) -> None:
    root = small_workspace(tmp_path / "ws")
    path = root / "actors" / "jobcenter-test.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - Bürgergeld\n", "  - Bürgergeld, direkt: <https://example.org/direkt>\n"
        ),
        encoding="utf-8",
    )
    ws = load_actors_only(root)
    pdf, html = build_outputs(ws, ["de"], ["pdf", "html"])
    text = " ".join(" ".join(lines) for lines in pages_of(pdf.data))
    assert "Merkblatt (https://example.org/merkblatt)" in text
    assert "https://example.org/direkt" in text and "(https://example.org/direkt)" not in text
    page = html.data.decode("utf-8")
    assert "data-address" not in page  # on screen the link is a link

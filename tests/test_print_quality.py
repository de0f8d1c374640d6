"""Print quality: addresses stay whole, plain language is not hyphenated, fallbacks in
an Arabic page are isolated left-to-right runs, a missing translation is announced.

One agreement sheet is laid out through the real pipeline (Jinja, WeasyPrint) with
helpers whose names push their addresses across the end of a line, and read back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pdftext_support import page_texts
from pdfua_support import assert_pdfua
from test_brochure_support import small_workspace

from merzig_cli.conference.documents import Document, render
from merzig_cli.conference.minimised import CaseView, StepView
from merzig_cli.workspace.loader import load_workspace

LONG_WORDS = (
    "Bewerbungsunterlagen Ausbildungsplatzangebote Berufsinformationszentrum "
    "Ausbildungsvergütung Jugendberufsagentur Berufsausbildungsbeihilfe"
)
# Names of growing length: one of the addresses after them meets the end of a line.
HELPERS = [
    {
        "name": "Jugendmigrationsdienst" + " Talbrücke" * (k % 4) + " Beratung" * (k // 4),
        "phone": f"+49 6861 9300-{k:02d}",
        "email": f"jmd-talbrueck-{k:02d}@example.org",
    }
    for k in range(12)
]


def _step(n: int) -> StepView:
    action = f"{LONG_WORDS} {n}"
    return StepView(n, action, "Jobcenter", False, "Jugendmigrationsdienst", None, "open",
                    "offen", None, None, None)  # fmt: skip


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    """The agreement sheet as HTML and as PDF, laid out once for the module."""
    ws = load_workspace(small_workspace(tmp_path_factory.mktemp("sheet") / "ws"))
    context = {
        "conference": SimpleNamespace(
            title="Förderkonferenz Herbst", date=dt.date(2026, 11, 5), location="Rathaus"
        ),
        "municipality": "Musterstadt",
        "office": SimpleNamespace(
            name="Anlaufstelle Integration", phone="+49 6861 000-0", email="integration@example.org"
        ),
        "day": dt.date(2026, 11, 5),
        "host": None,
        "case": CaseView("fk-2026-01", "T01", "fk-2026", steps=[_step(n) for n in range(1, 7)]),
        "guardian": False,
        "helpers": HELPERS,
    }
    html, pdf = render(ws, [Document("vereinbarung", "conference/sheet", context)], ["html", "pdf"])
    return html.data.decode("utf-8"), pdf.data


def _lines(pdf: bytes) -> list[str]:
    return [ln for text in page_texts(pdf) for ln in text.splitlines()]


def test_addresses_on_the_sheet_are_never_broken_or_hyphenated(sheet: tuple[str, bytes]) -> None:
    html, pdf = sheet
    lines = _lines(pdf)
    for helper in HELPERS:
        for key in ("phone", "email"):
            assert f'<span class="addr">{helper[key]}</span>' in html
            assert any(helper[key] in line for line in lines), (helper[key], lines)
    ends = [ln for ln in lines if re.search(r"\w[-‐]$", ln.rstrip())]
    assert not ends, ends  # no line of the sheet ends in a hyphen: no word was hyphenated
    text = "\n".join(lines)
    assert "Ausbildungsplatzangebote" in text and "Berufsausbildungsbeihilfe" in text
    assert_pdfua(pdf, "de", title="Vereinbarung T01")


def test_the_sheets_lines_are_full_so_the_addresses_did_meet_line_ends(
    sheet: tuple[str, bytes],
) -> None:
    """The check above could not fail if no address came near the end of a line."""
    lines = _lines(sheet[1])
    helper_lines = [ln for ln in lines if "Jugendmigrationsdienst" in ln or "@example" in ln]
    widths = {len(ln) for ln in helper_lines}
    assert len(helper_lines) > len(HELPERS)  # the helper entries wrapped
    assert max(widths) >= 70


def test_a_run_longer_than_a_line_fills_the_lines_of_a_title() -> None:
    """A run of 2,100 letters (pasted data, an attack) in a 24-point title breaks as text does:
    every letter there, lines about as full as the page allows. Its pieces of 40 letters were
    wider than the title's line: a full line and a stub of a dozen letters in turn, and
    WeasyPrint laid out the rest of the run again for each line (documents/pdf.py)."""
    from merzig_cli.documents.pdf import html_to_pdf

    run = "Donaudampfschifffahrt" * 100
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>Titel</title></head><body>'
        f'<h1 style="font-size: 24pt; width: 16cm">{run}</h1></body></html>'
    )
    lines = [ln.replace("\u200b", "") for ln in _lines(html_to_pdf(html)) if ln.strip()]
    assert "".join(lines) == run
    widths = [len(ln) for ln in lines[:-1]]
    assert min(widths) >= max(widths) / 2, widths


def test_arabic_html_sets_german_fallbacks_as_isolated_ltr_runs(tmp_path: Path) -> None:
    from merzig_cli.brochure.build import build_outputs, load_actors_only

    ws = load_actors_only(small_workspace(tmp_path / "ws"))
    [out] = build_outputs(ws, ["ar"], ["html"])
    page = out.data.decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "bdi, [dir] { unicode-bidi: isolate; }" in page
    # an offer name without translation, a role, a phone number and an e-mail address
    assert re.search(r'<strong lang="de" dir="ltr">[^<]+</strong>', page)
    assert re.search(r'<bdi lang="de" dir="ltr">[^<]+</bdi>', page)
    assert re.search(r'<a href="tel:[^"]+" class="addr" aria-label="[^"]*" dir="ltr">', page) or (
        re.search(r'<a href="tel:[^"]+" class="addr"[^>]* dir="ltr">', page)
    )
    assert re.search(r'<a href="mailto:[^"]+" class="addr"[^>]* dir="ltr">', page)
    # a category label that falls back to German sits on the link itself, not inside it
    assert not re.search(r"<a [^>]*><bdi", page)


def test_build_warns_when_a_language_lacks_its_labels(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = small_workspace(tmp_path / "ws")
    result = cli(
        "brochure", "build", "--data", str(root), "--lang", "ar", "--format", "md",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    err = " ".join(result.stderr.split())
    assert "Hinweis: Broschüre „ar“:" in err and "ohne Übersetzung" in err
    assert "Kategorie „" in err and "taxonomy.yaml: label.ar" in err
    german = cli(
        "brochure", "build", "--data", str(root), "--lang", "de", "--format", "md",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert "ohne Übersetzung" not in german.stderr

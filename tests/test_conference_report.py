"""The evaluation of the Förderkonferenz: hand-computed figures, no pseudonyms, HTML and PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conference_support import conference_workspace
from pdftext_support import pdf_text
from pdfua_support import assert_pdfua


def _edit(root: Path, case: str, old: str, new: str) -> None:
    path = root / f"cases/2027/{case}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _workspace(tmp_path: Path) -> Path:
    root = conference_workspace(tmp_path / "ws")
    first_open = "status: open\n      done: null"
    _edit(root, "fk-2027-06", first_open, "status: done\n      done: 2027-07-25")  # 10 days late
    _edit(root, "fk-2027-08", first_open, "status: done\n      done: 2027-07-19")  # 4 days late
    _edit(
        root,
        "fk-2027-10",
        "closed: null",
        "outcome: {date: 2027-09-01, result: training-started}\nclosed: 2027-09-01",
    )
    return root


def test_figures_are_the_hand_computed_ones(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    result = cli("report", "conference", "--data", str(root), "--date", "2027-10-01", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    total = data["total"]
    # 20 admitted cases of fk-2027 (not 04, 07) and 2 of fk-2026, two steps each;
    # done on time: step 1 of cases 01–03; late: 06 (10 days) and 08 (4 days).
    assert (total["cases"], total["with_agreement"], total["closed"]) == (22, 22, 2)
    assert total["perspectives"] == {"training": 22} and total["reached"] == {"training": 1}
    assert total["outcomes"] == {"training-started": 1}
    assert (total["steps"], total["done"], total["on_time"], total["days_late"]) == (
        44,
        5,
        3,
        [4, 10],
    )
    assert data["median_days_late"] == 7.0
    # Open and past their due date on 2027-10-01: step 1 of the 15 fk-2027 cases neither done
    # nor withheld, step 2 of all 20, and both steps of fk-2026-01 (381 and 365 days) and of
    # fk-2026-02, counted until it was closed (47 and 31 days). On time: 3 of 5 + 39 due.
    assert data["overdue_open_steps"] == 39 and data["max_days_overdue"] == 381
    assert data["on_time_share"] == 3 / 44
    shown = cli("report", "conference", "--data", str(root), "--date", "2027-10-01")
    assert "pünktlich: 7 % der fälligen" in shown.stdout
    assert "39 offene Schritte überfällig" in shown.stdout and "höchstens 381 Tage" in shown.stdout
    only = cli(
        "report", "conference", "fk-2026", "--data", str(root), "--date", "2027-10-01", "--json"
    )
    assert json.loads(only.stdout)["total"]["cases"] == 2


def test_html_and_pdf_hold_figures_only(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    html, pdf = tmp_path / "a.html", tmp_path / "a.pdf"
    result = cli(
        "report", "conference", "--data", str(root), "--date", "2027-10-01",
        "--html", str(html), "--pdf", str(pdf),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "22 Fälle mit Einwilligung" in " ".join(result.stdout.split())
    page = html.read_text(encoding="utf-8")
    text = pdf_text(pdf)
    for document in (page, text):
        assert "Auswertung der Förderkonferenz" in document
        for secret in ("T05", "R01", "W. D.", "Bewerbungen", "Familiengeheimnis", "fk-2027-0"):
            assert secret not in document, secret
    assert "<script" not in page and "Ausbildung" in page and "<svg" in page
    tags = assert_pdfua(pdf.read_bytes(), "de", title="Auswertung der Förderkonferenz")
    charts = [alt for tag, alt in tags if tag == "Figure"]
    assert charts and all(alt.startswith("Balkendiagramm „") for alt in charts), charts
    assert any("Ausbildung: " in alt for alt in charts)  # what the bars show, in words


def test_an_empty_selection_says_so(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    for path in (root / "cases").rglob("*.yaml"):
        path.unlink()
    html = tmp_path / "leer.html"
    result = cli("report", "conference", "--data", str(root), "--html", str(html))
    assert result.exit_code == 0, result.stderr
    assert "noch keine Fälle" in html.read_text(encoding="utf-8")

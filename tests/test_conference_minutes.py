"""Minutes, agreement sheets and excerpts: golden files, PDFs read back, data minimisation."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace
from goldens import golden
from pdftext_support import pdf_text
from pdfua_support import assert_pdfua
from shared_support import once_per_run

AFTER = "2027-07-01"  # the day the minutes are made


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minutes, sheets and excerpts of fk-2027 in every format (made once per run)."""

    def make(base: Path) -> Path:
        from typer.testing import CliRunner

        from merzig_cli.cli.main import app

        root = conference_workspace(base / "ws")
        out = base / "out"
        args = ["conference", "minutes", "fk-2027", "--data", str(root), "--out", str(out)]
        result = CliRunner().invoke(app, [*args, "--date", AFTER])
        assert result.exit_code == 0, result.stderr
        return out / "fk-2027"

    return once_per_run(tmp_path_factory, "minutes", make)


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


def _body(html: str) -> str:
    return re.sub(r"<style>.*</style>", "<style>…</style>", html, flags=re.S)


@pytest.mark.parametrize(
    "name",
    [
        "protokoll.html",
        "protokoll.md",
        "vereinbarung-fk-2027-12.html",
        "vereinbarung-fk-2027-12.md",
        "auszug-jmd.html",
        "auszug-jmd.md",
    ],
)
def test_documents_match_their_golden_files(folder: Path, name: str) -> None:
    actual = _body(_text(folder / name))
    assert actual == golden(f"conference/{name}", actual)


def test_every_document_exists_in_every_format_and_the_pdfs_read_back(folder: Path) -> None:
    stems = {p.stem for p in folder.iterdir()}
    sheets = {f"vereinbarung-fk-2027-{i:02d}" for i in range(1, 23) if i not in (4, 7)}
    excerpts = {f"auszug-{a}" for a in ("anlaufstelle", "jmd", "jobcenter", "jugendamt", "schule")}
    assert stems == {"protokoll", *sheets, *excerpts}
    for stem in stems:
        for fmt in ("html", "md", "pdf"):
            assert (folder / f"{stem}.{fmt}").is_file(), (stem, fmt)
    minutes = _text(folder / "protokoll.pdf")
    assert (
        "Protokoll: Förderkonferenz 2027" in minutes
        and "20 Fälle mit gültiger Einwilligung" in minutes
    )
    sheet = _text(folder / "vereinbarung-fk-2027-12.pdf")
    assert "Deine Vereinbarung" in sheet and "Unterschrift der Sorgeberechtigten" in sheet
    assert "Bewerbungen schreiben (fk-2027-12)" in sheet


def test_minutes_sheets_and_excerpts_are_pdf_ua_1(folder: Path) -> None:
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 26
    for pdf in pdfs:
        tags = assert_pdfua(pdf.read_bytes(), "de")
        assert ("TH", "") in tags or "Table" not in {t for t, _ in tags}, pdf.name


def test_the_withdrawn_and_the_late_case_are_in_no_file(folder: Path) -> None:
    for path in folder.iterdir():
        text = _text(path)
        for secret in ("W. D.", "fk-2027-04", "fk-2027-07", "Familiengeheimnis"):
            assert secret not in text, (path.name, secret)


def test_an_excerpt_holds_only_what_its_actor_may_see(folder: Path) -> None:
    jobcenter = _text(folder / "auszug-jobcenter.md")
    # only even cases share with the Jobcenter; of each, only the step it accompanies
    shown = sorted(set(re.findall(r"\(fk-2027-(\d\d)\)", jobcenter)))
    assert shown == [f"{i:02d}" for i in range(2, 23, 2) if i != 4]
    assert "Hilfeplangespräch führen (fk-2027-02)" in jobcenter
    assert "Bewerbungen schreiben" not in jobcenter
    jmd = _text(folder / "auszug-jmd.md")
    assert sorted(set(re.findall(r"\(fk-2027-(\d\d)\)", jmd))) == [
        "03",
        "06",
        "09",
        "12",
        "15",
        "18",
        "21",
    ]
    # in the support system: the situation; case 12 only through a step: no situation
    assert "Stärke fk-2027-03" in jmd and "Stärke fk-2027-12" not in jmd
    assert "Bewerbungen schreiben (fk-2027-12)" in jmd
    office = _text(folder / "auszug-anlaufstelle.md")
    assert "keine Fälle" in office  # it moderates; no consent names it


def test_minutes_keep_family_details_out(folder: Path) -> None:
    minutes = _text(folder / "protokoll.md")
    assert "Familiengeheimnis" not in minutes and "Stärke fk-2027-01" in minutes
    sheet = _text(folder / "vereinbarung-fk-2027-01.md")
    assert "Stärke" not in sheet  # the young person's sheet has the agreement only


def test_minutes_command_says_which_cases_it_left_out(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = conference_workspace(tmp_path / "ws")
    result = cli(
        "conference", "minutes", "fk-2027", "--data", str(root), "--out", str(tmp_path / "o"),
        "--format", "md", "--date", AFTER, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "fk-2027-04 ausgelassen" in result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["withheld"] == ["fk-2027-04", "fk-2027-07"] and len(data["cases"]) == 20

"""``merzig actors form`` and importing filled forms: XLSX and ODS, through LibreOffice too."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from merzig_cli.exchange.ods import read_ods


def fill(path: Path, answers: dict[str, Any], out: Path | None = None) -> Path:
    """Type answers into a form as an actor would: column C of the rows keyed in column A."""
    book = load_workbook(path)
    sheet = book["Steckbrief"]
    slots: dict[str, list[Any]] = {}
    for row in sheet.iter_rows(min_row=5):
        key = str(row[0].value)
        if key in answers:
            slots.setdefault(key, []).append(row[2])
    for key, value in answers.items():
        values = value if isinstance(value, list) else [value]
        cells = slots[key]
        for i, cell in enumerate(cells):
            cell.value = values[i] if i < len(values) else None
    target = out or path
    book.save(target)
    return target


def form(cli: Callable[..., Any], ws: Path, out: Path, *args: str) -> Path:
    result = cli("actors", "form", *args, "--out", str(out), "--data", str(ws))
    assert result.exit_code == 0, result.output
    return out


NEW_ACTOR = {
    "name": "Sprachcafé Musterstadt",
    "category": "Beratung",
    "level": "Zivilgesellschaft",
    "summary": "Offenes Sprachcafé zum Deutschüben.",
    "topics": ["Deutsch lernen"],
    "target_groups": ["Geflüchtete", "refugees"],  # label and id of the same group: once
    "languages": ["Deutsch", "Arabisch"],
    "contacts.1.name": "Jana Nowak",
    "contacts.1.email": "jana.nowak@example.org",
    "contacts.1.languages": ["Deutsch"],
}


def test_the_form_has_lists_protection_and_hidden_keys(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    path = form(cli, ws, tmp_path / "iq.xlsx", "iq-beratung")
    book = load_workbook(path)
    sheet, lists = book["Steckbrief"], book["Listen"]
    assert lists.sheet_state == "hidden"
    assert sheet.protection.sheet and lists.protection.sheet
    assert sheet.column_dimensions["A"].hidden
    assert sheet["A1"].value == "merzig-steckbrief-1" and sheet["A2"].value == "iq-beratung"
    assert len(sheet["A3"].value) == 16  # the layout's checksum
    rows: dict[str, Any] = {}
    for r in sheet.iter_rows(min_row=5):
        if r[0].value:
            rows.setdefault(str(r[0].value), r)  # a list's first slot
    assert rows["name"][2].value == "IQ Beratung 0"
    assert rows["category"][2].value == "Beratung"  # the label, as the drop-down shows it
    assert rows["topics"][2].value == "Anerkennung ausländischer Abschlüsse"
    assert rows["contacts.1.name"][2].value == "Erika Beispiel"
    assert rows["name"][1].value == "Name der Einrichtung" and rows["name"][3].value
    assert not rows["name"][2].protection.locked and rows["name"][1].protection.locked
    category = rows["category"][2].coordinate
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation
                if category in str(dv.sqref).split()}  # fmt: skip
    assert formulas == {"Listen!$A$1:$A$3"}  # the list sheet, not an inline list
    assert [c.value for c in lists["C"] if c.value] == [
        "Arbeit und Beruf",
        "Anerkennung ausländischer Abschlüsse",
        "Deutsch lernen",
    ]


def test_a_filled_empty_form_creates_an_unpublished_actor(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    path = fill(form(cli, ws, tmp_path / "neu.xlsx"), NEW_ACTOR)
    result = cli("actors", "import", str(path), "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "+ neu: Sprachcafé Musterstadt (sprachcafe-musterstadt)" in result.output
    text = (ws / "actors" / "sprachcafe-musterstadt.yaml").read_text(encoding="utf-8")
    assert "publish: false" in text and "reviewed: 2026-12-01" in text
    assert "target_groups: [refugees]" in text and "languages: [de, ar]" in text
    assert "id: j-nowak" in text
    assert cli("validate", "--data", str(ws)).exit_code == 0


def test_a_changed_form_changes_only_its_lines(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    record = ws / "actors" / "iq-beratung.yaml"
    before = "# Gepflegt von der Anlaufstelle\n" + record.read_text(encoding="utf-8").replace(
        "level: district", "level: district  # Landkreis"
    )
    record.write_text(before, encoding="utf-8")
    path = form(cli, ws, tmp_path / "iq.xlsx", "iq-beratung")
    fill(path, {"contacts.1.phone": "+49 6861 000-7", "topics": ["Anerkennung ausländischer "
         "Abschlüsse", "Arbeit und Beruf"]})  # fmt: skip
    result = cli("actors", "import", str(path), "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Ansprechpersonen e-beispiel › Telefonnummer (contacts[e-beispiel].phone)" in (
        result.output
    )
    after = record.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert sorted(changed) == [
        "+    phone: +49 6861 000-7",
        "+reviewed: 2026-12-01",
        "+topics: [recognition, work]",
        "-reviewed: 2026-10-01",
        "-topics: [recognition]",
    ]
    assert after.startswith("# Gepflegt von der Anlaufstelle\n") and "# Landkreis" in after
    phone = after.index("phone:")
    assert after.index("email: erika") < phone < after.index("    topics: [recognition]")


def test_a_form_with_errors_writes_nothing_and_names_the_cell(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    bad = fill(
        form(cli, ws, tmp_path / "a.xlsx"),
        {**NEW_ACTOR, "category": "Beratng", "summary": None, "website": "ftp://x.test"},
    )
    good = fill(form(cli, ws, tmp_path / "b.xlsx"), {**NEW_ACTOR, "name": "Nähcafé"})
    result = cli("actors", "import", str(bad), str(good), "--data", str(ws))
    assert result.exit_code == 1
    assert "a.xlsx:7:3: Fehler in Blatt „Steckbrief“, Zelle C7, „Kategorie“" in result.stderr
    assert "Meinten Sie „Beratung“?" in result.stderr
    assert "Zelle C9, „Kurzbeschreibung“: Pflichtfeld „Kurzbeschreibung“ ist leer" in result.stderr
    assert "„Internetseite“: „ftp://x.test“ ist keine gültige Webadresse" in result.stderr
    assert sorted(p.name for p in (ws / "actors").iterdir()) == [
        "iq-beratung.yaml",
        "naehcafe.yaml",
    ]


def test_a_form_with_moved_rows_is_refused(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    path = fill(form(cli, ws, tmp_path / "a.xlsx"), NEW_ACTOR)
    book = load_workbook(path)
    book["Steckbrief"].insert_rows(8)
    book.save(path)
    result = cli("actors", "import", str(path), "--data", str(ws))
    assert result.exit_code == 1
    assert "Das Formular wurde verändert" in result.stderr
    assert sorted(p.name for p in (ws / "actors").iterdir()) == ["iq-beratung.yaml"]


def test_the_ods_form_reads_back_unchanged(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    path = form(cli, ws, tmp_path / "iq.ods", "iq-beratung")
    content = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
    assert 'table:protected="true"' in content and "cell-content-is-in-list" in content
    sheets = read_ods(path, path.read_bytes())
    assert [s.name for s in sheets] == ["Steckbrief"]  # the list sheet is hidden
    result = cli("actors", "import", str(path), "--dry-run", "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "0 neu, 0 entfernt, 1 geändert" in result.output  # only the day of confirmation
    assert "(reviewed): 2026-10-01 → 2026-12-01" in result.output


def test_an_ods_file_with_a_broken_part_is_refused_and_not_printed(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """odfpy prints a part it cannot parse to stdout and goes on with half a sheet: the
    file's text (escape sequences included) must not reach the terminal, the file is refused."""
    ws = make_ws()
    whole = form(cli, ws, tmp_path / "ganz.ods", "iq-beratung")
    broken = tmp_path / "halb.ods"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as dst:
        for member in src.infolist():
            data = src.read(member.filename)
            if member.filename == "content.xml":
                data = data[: len(data) // 2] + b"\x1b[2J"
            dst.writestr(member, data)
    result = cli("actors", "import", str(broken), "--data", str(ws))
    assert result.exit_code == 1, result.output
    assert "halb.ods kann nicht gelesen werden: die ODS-Datei ist beschädigt" in result.stderr
    assert "office:document-content" not in result.output and "\x1b" not in result.output


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_a_form_saved_by_libreoffice_keeps_lists_and_answers(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The filled form opened and saved by LibreOffice (as ODS) imports the same answers."""
    assert SOFFICE, "LibreOffice (Debian: libreoffice-calc-nogui) is needed for this test"
    ws = make_ws()
    path = fill(form(cli, ws, tmp_path / "neu.xlsx"), NEW_ACTOR)
    out = tmp_path / "lo"
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "ods", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    converted = out / "neu.ods"
    content = zipfile.ZipFile(converted).read("content.xml").decode("utf-8")
    assert "cell-content-is-in-list" in content and 'table:protected="true"' in content
    result = cli("actors", "import", str(converted), "--data", str(ws))
    assert result.exit_code == 0, result.output
    text = (ws / "actors" / "sprachcafe-musterstadt.yaml").read_text(encoding="utf-8")
    assert "languages: [de, ar]" in text and "Jana Nowak" in text


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_form_for_an_unknown_actor_is_a_german_error(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path, suffix: str
) -> None:
    ws = make_ws()
    result = cli("actors", "form", "iq-beratug", "--out", str(tmp_path / f"x.{suffix}"),
                 "--data", str(ws))  # fmt: skip
    assert result.exit_code == 1
    assert "iq-beratung" in result.stderr  # the suggestion
    assert not (tmp_path / f"x.{suffix}").exists()


def test_a_steckbrief_text_that_looks_like_a_formula_stays_text_in_the_form(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    record = ws / "actors" / "iq-beratung.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(
            "summary: Beratung zur Anerkennung ausländischer Berufsabschlüsse.",
            'summary: \'=HYPERLINK("http://x.test";"klick")\'',
        ),
        encoding="utf-8",
    )
    path = form(cli, ws, tmp_path / "iq.xlsx", "iq-beratung")
    sheet = load_workbook(path)["Steckbrief"]
    cell = next(r[2] for r in sheet.iter_rows(min_row=5) if r[0].value == "summary")
    assert cell.data_type == "s" and cell.quotePrefix  # Excel shows it, never calculates it
    assert cell.value == '=HYPERLINK("http://x.test";"klick")'
    result = cli("actors", "import", str(path), "--dry-run", "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Kurzbeschreibung" not in result.output  # read back as the same text

"""Contact export for address books and spreadsheets, read back by vobject, csv and openpyxl;
a profile can never plant a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import vobject
from mailserver import network_ws

from merzig_cli.network.contacts import COLUMNS

Cli = Callable[..., Any]
HOSTILE = """\
id: hostile
name: "=HYPERLINK(\\"http://evil.example\\", \\"Klick\\")"
category: counselling
level: district
summary: Test.
topics: [language]
target_groups: [refugees]
languages: [de]
contacts:
  - id: x
    name: "Müller, Jörg; Dr."
    role: "@SUM(1+1)"
    email: joerg@example.org
    phone: "+49 6861 000-9"
  - id: y
    name: "-2+3"
    role: "\\tTab"
    phone: "=1+1"
network:
  lists: [alle]
publish: false
reviewed: 2026-10-01
"""


def _ws(tmp_path: Path) -> Path:
    ws = network_ws(tmp_path / "ws", 25, actors=2)
    (ws / "actors" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    return ws


def test_vcard_is_read_back_by_a_vcard_library(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    result = cli("actors", "export", "--format", "vcf", "--data", str(ws))
    assert result.exit_code == 0, result.output
    cards = list(vobject.readComponents(result.stdout))
    assert len(cards) == 6
    jorg = next(c for c in cards if c.fn.value == "Müller, Jörg; Dr.")
    assert jorg.email.value == "joerg@example.org" and jorg.tel.value == "+49 6861 000-9"
    assert jorg.org.value == ['=HYPERLINK("http://evil.example", "Klick")']
    assert jorg.title.value == "@SUM(1+1)"
    anna = next(c for c in cards if c.fn.value == "Anna Muster1")
    assert anna.n.value.family == "Muster1" and anna.n.value.given == "Anna"
    assert anna.categories.value == ["alle"]
    assert anna.uid.value.startswith("urn:uuid:")
    lines = result.stdout_bytes.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines) and b"\n" not in b"".join(lines)  # RFC lines


def test_csv_opens_in_excel_with_umlauts_and_no_formula(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    out = tmp_path / "kontakte.csv"
    result = cli("actors", "export", "--format", "csv", "--out", str(out), "--data", str(ws))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS and rows[0][6] == "Zuständig für"
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    hostile = [row for row in rows if row[1] == "hostile"]
    assert hostile[0][0] == '\'=HYPERLINK("http://evil.example", "Klick")'
    assert hostile[0][2] == "Müller, Jörg; Dr." and hostile[0][3] == "'@SUM(1+1)"
    assert hostile[0][5] == "'+49 6861 000-9"
    assert hostile[1][2] == "'-2+3" and hostile[1][5] == "'=1+1"
    assert hostile[1][3] == "Tab"  # a leading tab is whitespace: cells are single-spaced
    assert "6 Ansprechpersonen von 3 Akteuren" in result.stdout


def test_xlsx_keeps_values_exact_as_text_never_as_formula(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    out = tmp_path / "kontakte.xlsx"
    result = cli("actors", "export", "--format", "xlsx", "--out", str(out), "--data", str(ws))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    assert tuple(c.value for c in rows[0]) == COLUMNS
    assert all(c.data_type == "s" for row in rows for c in row if c.value is not None)
    hostile = next(row for row in rows if row[1].value == "hostile")
    assert hostile[0].value == '=HYPERLINK("http://evil.example", "Klick")'
    assert (
        hostile[0].quotePrefix and hostile[5].value == "+49 6861 000-9" and hostile[5].quotePrefix
    )
    plain = next(row for row in rows if row[1].value == "akteur-1")
    assert not plain[0].quotePrefix and plain[0].value == "Beratungsstelle 1"  # text stays text
    no_out = cli("actors", "export", "--format", "xlsx", "--data", str(ws))
    assert no_out.exit_code == 2 and "--out" in no_out.stderr


def test_export_filters_by_list_and_refuses_unknown_formats(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25, actors=4)
    result = cli("actors", "export", "--format", "csv", "--list", "sprache", "--data", str(ws))
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert sorted({r[1] for r in rows[1:]}) == ["akteur-2", "akteur-4"]
    wrong = cli("actors", "export", "--format", "pdf", "--data", str(ws))
    assert wrong.exit_code == 2 and "vcf, csv, xlsx" in wrong.stderr


def test_topic_and_group_by_their_german_label(cli: Cli, tmp_path: Path) -> None:
    from conftest import BUNDLED

    def export(*choice: str) -> str:
        result = cli("actors", "export", "--format", "csv", *choice, "--data", str(BUNDLED))
        assert result.exit_code == 0, result.output
        return str(result.stdout)

    assert export("--topic", "Wohnen") == export("--topic", "housing")
    assert export("--group", "Geflüchtete") == export("--group", "refugees")
    assert "Wohnungsamt" in export("--topic", "wohnen")
    wrong = cli("actors", "export", "--format", "csv", "--topic", "Wonen", "--data", str(BUNDLED))
    assert wrong.exit_code == 2 and "Wohnen (housing)" in wrong.stderr

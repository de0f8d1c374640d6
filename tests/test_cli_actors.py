"""merzig actors …: exit codes, stdout and stderr of every subcommand."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from merzig_cli import validate_path

IQ = """\
id: iq-netzwerk
name: IQ Netzwerk Saarland
category: counselling
level: state
summary: Hilfe für Menschen mit ausländischem Berufsabschluss.
topics: [recognition]
target_groups: [refugees]
languages: [de, ar]
offers:
  - id: anerkennungsberatung
    name: Anerkennungsberatung
    topics: [recognition]
contacts:
  - id: s-beispiel
    name: Sami Beispiel
    email: sami.beispiel@example.org
publish: true
reviewed: 2025-02-01
"""

PRAXIS = """\
id: praxis-hauptstrasse
name: Gemeinschaftspraxis Hauptstraße
category: office
level: private
summary: Ärztin mit Sprechstunde auf Ukrainisch.
topics: [language]
target_groups: [employers]
languages: [de, uk]
contacts:
  - id: a-muster
    name: Anna Muster
    phone: "+49 6861 000-9"
publish: false
reviewed: 2024-07-01
"""


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich tables wrap at 80 columns when not on a terminal; keep rows on one line."""
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    return make_ws({"actors/iq-netzwerk.yaml": IQ, "actors/praxis-hauptstrasse.yaml": PRAXIS})


def _ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


def test_list_shows_a_table_of_all_actors(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "list", "--data", str(ws))
    assert result.exit_code == 0
    assert result.stdout.startswith("3 Akteure")
    assert "iq-netzwerk" in result.stdout
    assert "nicht veröffentlicht" in result.stdout  # the praxis has publish: false
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ["praxis-hauptstrasse", "iq-beratung", "iq-netzwerk"]),
        (("--topic", "work"), ["iq-beratung", "iq-netzwerk"]),  # recognition is below work
        (("--topic", "language"), ["praxis-hauptstrasse"]),
        (("--group", "employers"), ["praxis-hauptstrasse"]),
        (("--lang", "uk"), ["praxis-hauptstrasse"]),
        (("--lang", "ar", "--topic", "recognition"), ["iq-beratung", "iq-netzwerk"]),
        (("--category", "counselling", "--level", "state"), ["iq-netzwerk"]),
        (("--level", "federal"), []),
    ],
)
def test_list_filters(
    ws: Path, cli: Callable[..., Any], options: tuple[str, ...], expected: list[str]
) -> None:
    assert _ids(cli("actors", "list", "--data", str(ws), "--json", *options)) == expected


def test_list_rejects_unknown_filter_ids(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "list", "--data", str(ws), "--topic", "recogniton")
    assert result.exit_code == 2
    assert "--topic: „recogniton“ ist nicht erlaubt" in result.stderr
    assert "Meinten Sie „recognition“?" in result.stderr


def test_show_prints_the_whole_steckbrief(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "show", "iq-netzwerk", "--data", str(ws))
    assert result.exit_code == 0
    out = result.stdout
    for text in (
        "IQ Netzwerk Saarland",
        "Anerkennung ausländischer Abschlüsse",
        "Geflüchtete",
        "Angebot: Anerkennungsberatung",
        "Ansprechperson: Sami Beispiel (s-beispiel)",
        "sami.beispiel@example.org",
        "2025-02-01",
        "actors/iq-netzwerk.yaml",
    ):
        assert text in out, text


def test_show_json_has_every_field(ws: Path, cli: Callable[..., Any]) -> None:
    data = json.loads(cli("actors", "show", "iq-netzwerk", "--data", str(ws), "--json").stdout)
    assert data["id"] == "iq-netzwerk"
    assert data["offers"][0]["name"] == "Anerkennungsberatung"
    assert data["contacts"][0]["email"] == "sami.beispiel@example.org"
    assert data["reviewed"] == "2025-02-01"
    assert data["file"] == "actors/iq-netzwerk.yaml"


def test_show_unknown_actor_suggests_the_closest(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "show", "iq-netzwerc", "--data", str(ws))
    assert result.exit_code == 1
    assert "Akteur „iq-netzwerc“ gibt es nicht" in result.stderr
    assert "Meinten Sie „iq-netzwerk“?" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anerkennung", "iq-netzwerk"),  # only the offer "Anerkennungsberatung" has it
        ("Anerkennungsberatung", "iq-netzwerk"),
        ("Strasse", "praxis-hauptstrasse"),
        ("Straße", "praxis-hauptstrasse"),
        ("ARZT", "praxis-hauptstrasse"),
        ("ärztin", "praxis-hauptstrasse"),
    ],
)
def test_search_folds_german(ws: Path, cli: Callable[..., Any], query: str, expected: str) -> None:
    assert expected in _ids(cli("actors", "search", query, "--data", str(ws), "--json"))
    table = cli("actors", "search", query, "--data", str(ws))
    assert table.exit_code == 0
    assert expected in table.stdout
    assert f"Treffer für „{query}“" in table.stdout


def test_search_without_hits_exits_1(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "search", "Zahnarzt", "--data", str(ws))
    assert result.exit_code == 1
    assert "Keine Treffer für „Zahnarzt“." in result.stdout


def test_stale_lists_oldest_first(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "stale", "--data", str(ws), "--date", "2026-11-20", "--json")
    rows = json.loads(result.stdout)
    assert [(r["id"], r["months"]) for r in rows] == [
        ("praxis-hauptstrasse", 28),
        ("iq-netzwerk", 21),
    ]
    table = cli("actors", "stale", "--data", str(ws), "--date", "2026-11-20").stdout
    assert "2 Steckbriefe älter als 12 Monate (Stand 2026-11-20)" in table
    assert table.index("praxis-hauptstrasse") < table.index("iq-netzwerk")
    assert "+49 6861 000-9" in table  # whom to ask for the confirmation


def test_stale_honours_the_date_and_review_months(ws: Path, cli: Callable[..., Any]) -> None:
    early = cli("actors", "stale", "--data", str(ws), "--date", "2025-01-01")
    assert early.exit_code == 0
    assert "Alle Steckbriefe wurden in den letzten 12 Monaten bestätigt." in early.stdout
    config = ws / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("review_months: 12", "review_months: 24"))
    later = cli("actors", "stale", "--data", str(ws), "--date", "2026-11-20", "--json")
    assert _ids(later) == ["praxis-hauptstrasse"]


def test_stale_rejects_a_bad_date(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "stale", "--data", str(ws), "--date", "20.11.")
    assert result.exit_code == 2
    assert "„20.11.“ ist kein Datum" in result.stderr and "29.06.2027" in result.stderr
    impossible = cli("actors", "stale", "--data", str(ws), "--date", "31.11.2026")
    assert impossible.exit_code == 2
    assert "den 31.11.2026 gibt es nicht" in " ".join(impossible.stderr.split())
    german = cli("actors", "stale", "--data", str(ws), "--date", "20.11.26", "--json")
    assert german.exit_code == 0, german.stderr


def test_new_writes_a_commented_template_that_validates_once_filled(
    ws: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERZIG_TODAY", "2026-11-20")
    result = cli("actors", "new", "caritas-merzig", "--data", str(ws))
    assert result.exit_code == 0
    path = ws / "actors" / "caritas-merzig.yaml"
    assert f"angelegt: {path}" in result.stdout
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/actor.schema.json\n")
    assert "id: caritas-merzig\n" in text
    assert "reviewed: 2026-11-20\n" in text
    assert "publish: false\n" in text
    assert "#   counselling              Beratung" in text  # allowed ids, with labels
    # every top-level key sits in a block of keys that a German comment explains
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            j = i - 1
            while re.match(r"^[a-z_]+:", lines[j]):
                j -= 1
            assert lines[j].startswith("#"), line

    placeholders = [p for p in validate_path(str(ws)).problems if p.code == "placeholder"]
    todo_lines = [ln for ln in lines if "TODO:" in ln and not ln.lstrip().startswith("#")]
    assert len(placeholders) == len(todo_lines) == 10
    assert {p.file for p in placeholders} == {"actors/caritas-merzig.yaml"}

    filled = re.sub(r'"TODO: [^"]*"', '"Caritasverband Merzig"', text)
    filled = filled.replace("TODO: Wen beraten Sie", "Wir beraten")
    assert "TODO" not in re.sub(r"(?m)^#.*$", "", filled)
    path.write_text(filled, encoding="utf-8")
    report = validate_path(str(ws))
    assert report.errors == [], [p.format() for p in report.errors]
    assert report.warnings == []


def test_new_never_overwrites(ws: Path, cli: Callable[..., Any]) -> None:
    path = ws / "actors" / "iq-netzwerk.yaml"
    before = path.read_bytes()
    result = cli("actors", "new", "iq-netzwerk", "--data", str(ws))
    assert result.exit_code == 1
    assert "gibt es schon; nichts wurde überschrieben" in result.stderr
    assert path.read_bytes() == before


def test_new_rejects_an_invalid_id(ws: Path, cli: Callable[..., Any]) -> None:
    result = cli("actors", "new", "Caritas Merzig", "--data", str(ws))
    assert result.exit_code == 1
    assert "„Caritas Merzig“ ist keine gültige Kennung" in result.stderr
    assert not list((ws / "actors").glob("Caritas*"))


def test_queries_warn_about_a_broken_workspace(ws: Path, cli: Callable[..., Any]) -> None:
    (ws / "actors" / "kaputt.yaml").write_text("id: kaputt\nname: 'offen\n", encoding="utf-8")
    result = cli("actors", "list", "--data", str(ws), "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    assert "1 Fehler im Arbeitsbereich" in result.stderr
    assert "merzig validate" in result.stderr

"""``merzig actors survey`` and ``merzig actors import`` of survey exports (LimeSurvey,
KoboToolbox, Microsoft/Nextcloud Forms with a mapping) and of hostile cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from merzig_cli.exchange import readers


def structure(cli: Callable[..., Any], ws: Path, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "survey.txt"
    result = cli("actors", "survey", "--out", str(out), "--data", str(ws))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))


def headings(rows: list[dict[str, str]], underscore: bool = False) -> dict[str, list[str]]:
    """Question code -> the export's column headings, as LimeSurvey names them."""
    out: dict[str, list[str]] = {}
    current = ""
    for row in rows:
        if row["class"] == "Q":
            current = row["name"]
            out[current] = [] if row["type/scale"] in "MQ" else [current]
        elif row["class"] == "SQ":
            sub = f"{current}_{row['name']}" if underscore else f"{current}[{row['name']}]"
            out[current].append(sub)
    return out


def sub_code(rows: list[dict[str, str]], question: str, text: str) -> str:
    """The code LimeSurvey gives the subquestion or answer ``text`` of ``question``."""
    current = ""
    for row in rows:
        if row["class"] == "Q":
            current = row["name"]
        elif current == question and row["class"] in ("SQ", "A") and row["text"] == text:
            return row["name"]
    raise AssertionError(f"{question}: {text} not in the survey")


META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp"]


def limesurvey_rows(rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    cols = headings(rows)
    head = META + [h for hs in cols.values() for h in hs]
    cat = sub_code(rows, "kategorie", "Beratung")
    sprachcafe = {
        "name": "Sprachcafé Musterstadt", "kategorie": cat, "ebene": "Zivilgesellschaft",
        "kurz": "Offenes Sprachcafé zum Deutschüben.",
        f"themen[{sub_code(rows, 'themen', 'Deutsch lernen')}]": "Y",
        f"zielgruppen[{sub_code(rows, 'zielgruppen', 'Geflüchtete')}]": "Y",
        f"sprachen[{sub_code(rows, 'sprachen', 'Deutsch')}]": "Y",
        f"sprachen[{sub_code(rows, 'sprachen', 'Arabisch')}]": "Y",
        "person1[name]": "Jana Nowak", "person1[email]": "jana.nowak@example.org",
        "beschreibung": "Jeden Dienstag.\r\nIm Bürgerhaus.",
    }  # fmt: skip
    broken = {**sprachcafe, "name": "Kaputtes Café", "kurz": "", "kategorie": "Beratng"}
    update = {
        "name": "IQ Beratung 0", "kategorie": cat, "ebene": "Landkreis",
        "kurz": "Beratung zur Anerkennung ausländischer Berufsabschlüsse.",
        f"themen[{sub_code(rows, 'themen', 'Anerkennung ausländischer Abschlüsse')}]": "Y",
        f"zielgruppen[{sub_code(rows, 'zielgruppen', 'Geflüchtete')}]": "Y",
        f"sprachen[{sub_code(rows, 'sprachen', 'Deutsch')}]": "Y",
        f"sprachen[{sub_code(rows, 'sprachen', 'Arabisch')}]": "Y",
        "person1[name]": "Erika Beispiel", "person1[telefon]": "+49 6861 000-9",
        "beschreibung": "Wir beraten **kostenlos**.",
    }  # fmt: skip
    body = []
    for n, answers in enumerate((sprachcafe, broken, update), start=1):
        meta = [str(n), "2026-11-20 10:00:00", "3", "de", "123", "", "2026-11-20 09:50:00", ""]
        body.append(meta + [answers.get(h, "") for h in head[len(META) :]])
    return head, body


def limesurvey_csv(path: Path, head: list[str], body: list[list[str]]) -> Path:
    """As LimeSurvey writes it: BOM, ';', CRLF, every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([head, *body])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def xlsx(path: Path, rows: list[list[Any]], hidden_first: list[list[Any]] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if hidden_first is not None:
        for r in hidden_first:
            sheet.append(r)
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("Antworten")
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def test_a_limesurvey_export_creates_updates_and_reports_bad_rows(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    rows = structure(cli, ws, tmp_path)
    assert {"S", "SL", "G", "Q", "SQ", "A"} <= {r["class"] for r in rows}
    head, body = limesurvey_rows(rows)
    export = limesurvey_csv(tmp_path / "results-survey123.csv", head, body)
    before = (ws / "actors" / "iq-beratung.yaml").read_text(encoding="utf-8")
    result = cli("actors", "import", str(export), "--data", str(ws))
    assert result.exit_code == 1  # one row had errors
    assert "+ neu: Sprachcafé Musterstadt (sprachcafe-musterstadt)" in result.output
    assert "Ansprechpersonen e-beispiel › Telefonnummer" in result.output
    column = head.index("kategorie") + 1
    assert f"results-survey123.csv:3:{column}: Fehler in Zeile 3, Spalte J, „kategorie“" in (
        result.stderr
    )
    assert "„Beratng“ steht nicht in der Liste – Meinten Sie „Beratung“?" in result.stderr
    assert "Pflichtfeld „Kurzbeschreibung“ ist leer" in result.stderr
    assert not (ws / "actors" / "kaputtes-cafe.yaml").exists()
    new = (ws / "actors" / "sprachcafe-musterstadt.yaml").read_text(encoding="utf-8")
    assert "reviewed: 2026-11-20" in new and "publish: false" in new  # the submit date
    assert "Jeden Dienstag.\n  Im Bürgerhaus." in new  # CRLF inside a field: one line break
    after = (ws / "actors" / "iq-beratung.yaml").read_text(encoding="utf-8")
    assert (
        after.replace("    phone: +49 6861 000-9\n", "").replace("2026-11-20", "2026-10-01")
        == before
    )
    assert cli("validate", "--data", str(ws)).exit_code == 0


def test_an_import_reports_as_json_what_the_plan_found(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """--json: each entry's actor, outcome and problems for a script, the same as the plan."""
    from merzig_cli.exchange.importing import plan_import
    from merzig_cli.workspace.loader import load_workspace

    ws = make_ws()
    head, body = limesurvey_rows(structure(cli, ws, tmp_path))
    export = limesurvey_csv(tmp_path / "results.csv", head, body)
    before = sorted(p.name for p in (ws / "actors").iterdir())
    result = cli("actors", "import", str(export), "--dry-run", "--json", "--data", str(ws))
    assert result.exit_code == 1  # one row had errors, as without --json
    report = json.loads(result.stdout)
    plan = plan_import(load_workspace(ws, kinds={"actor"}), [export], None, dt.date(2026, 12, 1))
    assert report["dry_run"] is True and report["problems"] == []
    assert [(e["actor"], e["status"]) for e in report["entries"]] == [
        (o.built.actor_id, o.status) for o in plan.outcomes
    ]
    assert {e["status"] for e in report["entries"]} == {"new", "error", "changed"}
    broken = next(e for e in report["entries"] if e["status"] == "error")
    assert any("Kurzbeschreibung" in p["message"] for p in broken["problems"])
    assert sorted(p.name for p in (ws / "actors").iterdir()) == before


def test_a_limesurvey_xlsx_export_in_a_dry_run_writes_nothing(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    rows = structure(cli, ws, tmp_path)
    head, body = limesurvey_rows(rows)
    head = [h.replace("[", "_").replace("]", "") for h in head]  # the other heading style
    export = xlsx(tmp_path / "results.xlsx", [head, body[0], body[0]])
    before = sorted(p.name for p in (ws / "actors").iterdir())
    result = cli("actors", "import", str(export), "--dry-run", "--data", str(ws))
    assert result.exit_code == 1
    assert "kommt in diesem Import mehrfach vor" in result.stderr
    assert sorted(p.name for p in (ws / "actors").iterdir()) == before
    single = xlsx(tmp_path / "single.xlsx", [head, body[0]])
    result = cli("actors", "import", str(single), "--dry-run", "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Probelauf, nichts geschrieben" in result.output and "+ neu: Sprachcafé" in result.output
    assert sorted(p.name for p in (ws / "actors").iterdir()) == before


def test_a_kobotoolbox_export_is_read_by_its_group_and_choice_columns(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    head = ["start", "end", "einrichtung/name", "einrichtung/kategorie", "einrichtung/ebene",
            "einrichtung/kurz", "einrichtung/themen", "einrichtung/themen/language",
            "einrichtung/themen/work", "einrichtung/zielgruppen", "einrichtung/zielgruppen/refugees",
            "einrichtung/sprachen", "person/person1/name", "person/person1/telefon",
            "einrichtung/farbe", "_id", "_uuid", "_submission_time", "_index"]  # fmt: skip
    row = ["2026-11-02T10:00", "2026-11-02T10:20", "Lernwerkstatt", "counselling",
           "municipality", "Hausaufgabenhilfe für Kinder.", "language", 1, 0, "refugees", 1,
           "de ar", "Omar Haddad", "+49 6861 000-5", "blau", 17, "a1b2", "2026-11-02T10:20:11",
           1]  # fmt: skip
    export = xlsx(tmp_path / "kobo.xlsx", [head, row])
    result = cli("actors", "import", str(export), "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Spalte O, „einrichtung/farbe“: Unbekannte Spalte" in result.stderr
    text = (ws / "actors" / "lernwerkstatt.yaml").read_text(encoding="utf-8")
    assert "topics: [language]" in text and "target_groups: [refugees]" in text
    assert "languages: [de, ar]" in text and "reviewed: 2026-11-02" in text
    assert "id: o-haddad" in text


FORMS_HEAD = ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name",
              "Wie heißt Ihre Einrichtung?", "Art der Einrichtung", "Zuständigkeit",
              "Beschreiben Sie Ihr Angebot in einem Satz", "Welche Themen?", "Für wen?",
              "In welchen Sprachen beraten Sie?", "Ansprechperson", "Telefon"]  # fmt: skip
MAPPING = """\
columns:
  "Wie heißt Ihre Einrichtung?": name
  "Art der Einrichtung": category
  "Zuständigkeit": level
  "Beschreiben Sie Ihr Angebot in einem Satz": summary
  "Welche Themen?": topics
  "Für wen?": target_groups
  "In welchen Sprachen beraten Sie?": languages
  "Ansprechperson": contacts.1.name
  "Telefon": contacts.1.phone
  "Fertigstellungszeit": submitted
  "Name": ignore
"""


def test_a_forms_export_is_read_through_a_mapping(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    row = ["1", "11/3/2026 9:12:00", "11/3/2026 9:30:00", "anonymous", "", "Jobwerkstatt",
           "Beratung", "Kommune", "Bewerbungstraining für Zugewanderte.",
           "Arbeit und Beruf;Deutsch lernen;", "Geflüchtete;Arbeitgebr", "Deutsch;Englisch",
           "Lea Sommer", "+49 6861 000-3"]  # fmt: skip
    export = tmp_path / "forms.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([FORMS_HEAD, row])
    skeleton = cli("actors", "import", str(export), "--mapping-skeleton", "--data", str(ws))
    assert skeleton.exit_code == 0, skeleton.output
    assert '"Fertigstellungszeit": submitted' in skeleton.output
    assert '"Telefon": ' in skeleton.output and "contacts.1.phone" in skeleton.output
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = cli("actors", "import", str(export), "--mapping", str(mapping), "--data", str(ws))
    assert result.exit_code == 1
    assert "„Arbeitgebr“ steht nicht in der Liste – Meinten Sie „Arbeitgeber“?" in result.stderr
    assert "Unbekannte Spalte" in result.stderr and "„E-Mail“" in result.stderr
    row[10] = "Geflüchtete;Arbeitgeber"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([FORMS_HEAD, row])
    result = cli("actors", "import", str(export), "--mapping", str(mapping), "--data", str(ws))
    assert result.exit_code == 0, result.output
    text = (ws / "actors" / "jobwerkstatt.yaml").read_text(encoding="utf-8")
    assert "topics: [work, language]" in text and "target_groups: [refugees, employers]" in text
    assert "languages: [de, en]" in text and "reviewed: 2026-11-03" in text


def test_a_mapping_naming_no_field_is_refused(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    mapping = tmp_path / "map.yaml"
    mapping.write_text('columns:\n  "Wie heißt Ihre Einrichtung?": nam\n', encoding="utf-8")
    export = tmp_path / "x.csv"
    export.write_text("a;b\n1;2\n", encoding="utf-8")
    result = cli("actors", "import", str(export), "--mapping", str(mapping), "--data", str(ws))
    assert result.exit_code == 1
    assert "„nam“ (für Spalte „Wie heißt Ihre Einrichtung?“) ist kein Feld" in result.stderr


HOSTILE_HEAD = ["name", "kategorie", "ebene", "kurz", "beschreibung", "themen[language]",
                "zielgruppen[refugees]", "sprachen[de]", "person1[name]", "person1[email]"]  # fmt: skip
ROW = ["Formelhaus", "counselling", "municipality", '=HYPERLINK("http://x.test","klick")',
       "Einfach", "Y", "Y", "Y", "Uta Lang", "uta@example.org"]  # fmt: skip


def test_formulas_stay_text_and_hidden_sheets_and_huge_cells_are_not_taken(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    huge = ["Riesenhaus", *ROW[1:4], "x" * (readers.MAX_CELL + 1), *ROW[5:8], "Uli Groß", ""]
    decoy = [HOSTILE_HEAD, ["Versteckt", *ROW[1:]]]
    export = xlsx(tmp_path / "hostile.xlsx", [HOSTILE_HEAD, ROW, huge], hidden_first=decoy)
    result = cli("actors", "import", str(export), "--data", str(ws))
    assert result.exit_code == 1
    assert "Zeile 3, Spalte E, „beschreibung“: Zelle länger als 10000 Zeichen" in result.stderr
    text = (ws / "actors" / "formelhaus.yaml").read_text(encoding="utf-8")
    assert 'summary: =HYPERLINK("http://x.test","klick")\n' in text  # text, not evaluated
    assert not (ws / "actors" / "versteckt.yaml").exists()  # the hidden sheet is not read
    assert not (ws / "actors" / "riesenhaus.yaml").exists()


def test_control_characters_are_removed_with_a_warning(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    ws = make_ws()
    row = [*ROW[:4], "Text\x1b[2Jmit\u202eSteuerzeichen", *ROW[5:]]
    row[0] = "Steuer\x07haus"
    export = limesurvey_csv(tmp_path / "ctl.csv", HOSTILE_HEAD, [row])
    result = cli("actors", "import", str(export), "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Spalte E, „beschreibung“: Steuer- oder unsichtbare Zeichen entfernt" in result.stderr
    text = (ws / "actors" / "steuerhaus.yaml").read_text(encoding="utf-8")
    assert "description: Text[2JmitSteuerzeichen" in text and "name: Steuerhaus" in text


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ws = make_ws()
    monkeypatch.setattr(readers, "MAX_UNPACKED", 1024 * 1024)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    result = cli("actors", "import", str(bomb), "--data", str(ws))
    assert result.exit_code == 1
    assert "bomb.xlsx kann nicht gelesen werden: entpackt über 1 MiB groß" in result.stderr


def test_the_bundled_examples_import_into_a_copy(cli: Callable[..., Any], tmp_path: Path) -> None:
    """make demo's import: the example survey export and filled form, into a copy of data/."""
    from conftest import BUNDLED

    copy = tmp_path / "data"
    shutil.copytree(BUNDLED, copy, ignore=shutil.ignore_patterns(".merzig-cache"))
    examples = sorted((BUNDLED / "import").iterdir())
    assert [p.name for p in examples] == ["limesurvey-antworten.csv", "steckbrief-awo-merzig.xlsx"]
    result = cli("actors", "import", *map(str, examples), "--data", str(copy))
    assert result.exit_code == 0, result.output
    assert "1 neu, 0 entfernt, 1 geändert" in result.output
    assert "+ neu: Interkultureller Garten Merzig" in result.output
    assert "Öffnungszeiten (opening_hours)" in result.output
    assert cli("validate", "--data", str(copy)).exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leer.csv: Fehler: Die Tabelle ist leer"),
        (b"PK\x03\x04kaputt", "keine gültige Arbeitsmappe (kein ZIP-Archiv)"),
    ],
)
def test_an_unreadable_file_is_a_german_error(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path, content: bytes,
    message: str,
) -> None:  # fmt: skip
    ws = make_ws()
    path = tmp_path / ("leer.csv" if not content else "kaputt.xlsx")
    path.write_bytes(content)
    result = cli("actors", "import", str(path), "--data", str(ws))
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_workbook_with_a_broken_sheet_is_a_german_error(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """openpyxl's read-only mode parses a sheet only while its rows are read: a sheet cut
    in half (a broken download) must be named, not end in an internal error."""
    ws = make_ws()
    whole = xlsx(tmp_path / "ganz.xlsx", [["name", "kurz"], ["Sprachcafé", "Deutsch üben"]])
    broken = tmp_path / "halb.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as dst:
        for member in src.infolist():
            data = src.read(member.filename)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            dst.writestr(member, data)
    result = cli("actors", "import", str(broken), "--data", str(ws))
    assert result.exit_code == 1, result.output
    assert "halb.xlsx kann nicht gelesen werden: Blatt „Sheet“ ist beschädigt" in result.stderr

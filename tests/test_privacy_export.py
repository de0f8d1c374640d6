"""The Art. 15 answer (``merzig privacy export``) read back as the person reads it.

A real workspace with a real SMTP server: a step reminder is really sent, then
the young person withdraws the consent and asks what is kept. The answer is
written as Markdown, HTML and PDF and parsed back (the text, html.parser,
pdfium); each must hold every key and value of the raw case file (an unknown
key included), every date, the reminder that reached an actor, the rights,
the supervisory authority and the data protection officer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from mailserver import network_ws, running_server
from pdftext_support import pdf_text
from pdfua_support import assert_pdfua
from shared_support import once_per_run

Cli = Callable[..., Any]
SENT_ON = "2026-11-02"  # the reminder's day; the export is made on conftest.TODAY (2026-12-01)

PRIVACY = """\
privacy:
  officer: {name: Datenschutzbeauftragte der Musterstadt, email: datenschutz@musterstadt.example.org}
  authority: {name: Unabhängiges Datenschutzzentrum Saarland, address: "Fritz-Dobisch-Straße 12, 66111 Saarbrücken"}
"""

CONFERENCE = "{id: fk-2026, title: Förderkonferenz 2026, date: 2026-06-30, location: BBZ}\n"

CASE = """\
id: fk-2026-01
conference: fk-2026
pseudonym: A. K.
birth_year: 2008
school: {name: BBZ Musterstadt, class: BVJ, certificate: Hauptschulabschluss erwartet}
consent:
  date: 2026-06-01
  by: guardian
  purpose: Abstimmung der Unterstützung beim Übergang Schule–Beruf
  share_with: [akteur-1, akteur-2]
  withdrawn: WITHDRAWN
residence: {status: duldung, valid_until: 2027-09-30, work_permit: with-approval}
language_level: B1
situation:
  family: Lebt mit Mutter und zwei Geschwistern.
  competencies: [handwerkliches Geschick, Kochen]
  interests: [Kfz-Mechatronik]
  motivation: hoch
lieblingsfarbe: Grün und Blau
telefonat: {am: 2026-07-03, mit: Schulsozialarbeit, vertraulich: true}
actors:
  - {actor: akteur-2, role: SGB VIII}
options: [training, internship]
agreement:
  date: 2026-06-30
  perspective: training
  steps:
    - action: Bewerbung für eine Ausbildung schreiben
      by: youth
      support: akteur-1
      due: 2026-10-15
      status: open
    - action: Praktikumsplatz in einer Werkstatt suchen
      by: akteur-2
      due: 2026-09-01
      status: done
      done: 2026-08-20
discussion: Praktikum im Herbst als Einstieg vereinbart.
follow_up:
  - {date: 2026-09-05, note: Praktikum in der Werkstatt begonnen.}
outcome: null
closed: null
"""

OTHER = """\
id: fk-2026-02
conference: fk-2026
pseudonym: Z. Q.
birth_year: 2007
consent: {date: 2026-06-01, by: self, share_with: [akteur-3]}
agreement:
  date: 2026-06-30
  steps:
    - {action: Sprachkurs anmelden, by: youth, support: akteur-3, due: 2026-10-20, status: open}
"""


def _workspace(root: Path, port: int, withdrawn: str = "null") -> Path:
    ws = network_ws(root, port)
    with (ws / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(PRIVACY)
    files = {
        "conferences/fk-2026.yaml": CONFERENCE,
        "cases/2026/fk-2026-01.yaml": CASE.replace("WITHDRAWN", withdrawn),
        "cases/2026/fk-2026-02.yaml": OTHER,
    }
    for rel, text in files.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Send the reminders of SENT_ON for real, withdraw, then export in all three formats
    (made once per run)."""
    return once_per_run(tmp_path_factory, "art15", _answers)


def _answers(tmp: Path) -> dict[str, Any]:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        with running_server() as server:
            ws = _workspace(tmp / "ws", server.port)
            patch.setenv("MERZIG_TODAY", SENT_ON)
            sent = runner.invoke(
                app, ["mail", "reminders", "--kind", "steps", "--date", SENT_ON, "--send",
                      "--data", str(ws)],
            )  # fmt: skip
            assert sent.exit_code == 0, sent.output
            received = {r for m in server.handler.received for r in m.rcpt_tos}
        case = ws / "cases/2026/fk-2026-01.yaml"  # the person withdraws after the reminder
        case.write_text(CASE.replace("WITHDRAWN", "2026-11-20"), encoding="utf-8")
        patch.setenv("MERZIG_TODAY", "2026-12-01")
        out: dict[str, Any] = {"ws": ws, "received": received, "raw": yaml.safe_load(CASE.replace(
            "WITHDRAWN", "2026-11-20"))}  # fmt: skip
        for fmt in ("md", "html", "pdf"):
            target = tmp / f"auskunft.{fmt}"
            result = runner.invoke(
                app, ["privacy", "export", "fk-2026-01", "--out", str(target), "--data", str(ws)]
            )
            assert result.exit_code == 0, result.output
            out[fmt] = target
        return out


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_back(fmt: str, path: Path) -> str:
    """What a person reads in the file, by a real parser of its format."""
    if fmt == "md":
        return re.sub(r"\\(.)", r"\1", path.read_text(encoding="utf-8"))  # Markdown escapes
    if fmt == "html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        assert "script" not in parser.tags
        return " ".join(parser.parts)
    return pdf_text(path)


def squeeze(text: str) -> str:
    """Without what a line break may add or remove (spaces, hyphens, break opportunities)."""
    return re.sub(r"[\s\-\u00ad\u200b‐]+", "", text)


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(key, path, value) of every scalar in the raw YAML; a list of scalars is one entry of
    its key, a list of mappings one entry per item (``steps[0]``)."""
    key = path.rsplit(".", 1)[-1].split("[")[0]
    if isinstance(value, dict) and value:
        for name, inner in value.items():
            yield from leaves(inner, f"{path}.{name}" if path else name)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, inner in enumerate(value):
            yield from leaves(inner, f"{path}[{i}]")
    elif isinstance(value, list) and value:
        yield from ((key, path, v) for v in value)
    else:
        yield key, path, value


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return "(leer)"
    return str(value)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_the_answer_holds_everything_the_file_holds(answers: dict[str, Any], fmt: str) -> None:
    text = read_back(fmt, answers[fmt])
    flat = squeeze(text)
    missing = []
    for key, path, value in leaves(answers["raw"]):
        for needle in (key, path, shown(value)):
            if squeeze(needle) not in flat:
                missing.append(f"{path}: {needle}")
    assert missing == []
    # the unknown keys are named as such, the coded values explained
    assert squeeze("Feld, das das Programm nicht kennt") in flat
    for meaning in ("Duldung", "Sorgeberechtigte", "Beratungsstelle 1", "Förderkonferenz 2026"):
        assert squeeze(meaning) in flat, meaning
    assert "Z. Q." not in text and "Sprachkurs" not in text  # nothing of another case


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_the_answer_names_recipients_rights_authority_and_officer(
    answers: dict[str, Any], fmt: str
) -> None:
    flat = squeeze(read_back(fmt, answers[fmt]))
    ws: Path = answers["ws"]
    [ledger] = (ws / ".merzig-mail").glob("erinnerungen-*.jsonl")
    records = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    sent = [r for r in records if r.get("event") == "sent"]
    mine = [r for r in sent if r["key"].startswith("steps:akteur-1:")]
    assert len(mine) == 1 and len(sent) == 2  # akteur-3 got the other case's reminder
    address = mine[0]["key"].split(":", 2)[2]
    assert address in answers["received"]  # the server really took it
    when = dt.datetime.fromisoformat(mine[0]["at"]).strftime("%d.%m.%Y, %H:%M")
    other = next(r for r in sent if r["key"].startswith("steps:akteur-3:"))
    expected = [
        # the reminder that reached akteur-1, when, about which step
        "Beratungsstelle 1", address, when, "Erinnerung an Schritt 1 (fällig 15.10.2026)",
        "vom Mailserver angenommen",
        # purposes, legal basis, source, retention with its rule and its day
        "Abstimmung der Unterstützung beim Übergang Schule–Beruf", "Art. 6 Abs. 1",
        "Woher die Daten stammen", "Sorgeberechtigten", "36 Monate", "30 Tage nach dem Tag des Widerrufs", "20.12.2026",
        "Einwilligung am 20.11.2026 widerrufen",
        # the rights, the authority, the officer
        "Berichtigung (Art. 16 DSGVO)", "Löschung (Art. 17 DSGVO)",
        "Einschränkung (Art. 18 DSGVO)", "Widerspruch (Art. 21 DSGVO)",
        "Widerruf der Einwilligung (Art. 7 Abs. 3 DSGVO)", "Beschwerde (Art. 77 DSGVO)",
        "Unabhängiges Datenschutzzentrum Saarland", "Fritz-Dobisch-Straße 12, 66111 Saarbrücken",
        "Datenschutzbeauftragte der Musterstadt", "datenschutz@musterstadt.example.org",
    ]  # fmt: skip
    assert [e for e in expected if squeeze(e) not in flat] == []
    assert squeeze(other["key"].split(":", 2)[2]) not in flat  # the other case's recipient


def test_the_html_passes_the_pipeline_and_the_pdf_is_a_pdf(answers: dict[str, Any]) -> None:
    page = answers["html"].read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page and "<!DOCTYPE html>" in page
    assert answers["pdf"].read_bytes().startswith(b"%PDF-")
    tags = assert_pdfua(answers["pdf"].read_bytes(), "de")  # Art. 15: PDF/UA-1 too
    assert ("TH", "") in tags
    assert "<" not in answers["md"].read_text(encoding="utf-8").replace("\\<", "")


def _bare(tmp_path: Path, case: str) -> Path:
    ws = network_ws(tmp_path / "ws", 25)
    (ws / "conferences").mkdir()
    (ws / "conferences/fk-2026.yaml").write_text(CONFERENCE, encoding="utf-8")
    (ws / "cases/2026").mkdir(parents=True)
    (ws / "cases/2026/fk-2026-01.yaml").write_text(case, encoding="utf-8")
    return ws


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "--out", "auskunft.md"], "--format pdf passt nicht zur Endung"),
        (["--format", "html", "--out", "auskunft.pdf"], "--format html passt nicht zur Endung"),
        (["--out", "auskunft.txt"], "nennt kein Format der Auskunft"),
        (["--format", "docx"], "--format docx: unbekanntes Format"),
    ],
)
def test_a_format_that_does_not_fit_the_file_name_is_a_usage_error(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    ws = _bare(tmp_path, CASE.replace("WITHDRAWN", "null"))
    args = [a if not a.startswith("auskunft") else str(tmp_path / a) for a in args]
    result = cli("privacy", "export", "fk-2026-01", "--data", str(ws), *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert not list(tmp_path.glob("auskunft*"))


def test_a_case_file_that_does_not_parse_is_a_german_error(cli: Cli, tmp_path: Path) -> None:
    ws = _bare(tmp_path, "id: fk-2026-01\nconsent: {date: 2026-06-01\npseudonym: A. K.\n")
    out = tmp_path / "auskunft.html"
    result = cli("privacy", "export", "fk-2026-01", "--data", str(ws), "--out", str(out))
    assert result.exit_code == 1, result.output
    err = " ".join(result.stderr.split())
    assert "cases/2026/fk-2026-01.yaml:" in err and "Auskunft" in err and "Traceback" not in err
    assert not out.exists()


def test_an_unreadable_withdrawal_hides_nothing_and_is_named(cli: Cli, tmp_path: Path) -> None:
    """The gate withholds this case everywhere; the person still learns all that is kept."""
    ws = _bare(tmp_path, CASE.replace("WITHDRAWN", '"20.11.2026"'))
    (ws / ".merzig-mail/erinnerungen-2026-11-03.jsonl").mkdir(parents=True)  # not a ledger
    out = tmp_path / "auskunft.md"
    result = cli("privacy", "export", "fk-2026-01", "--data", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_back("md", out)
    assert "Lebt mit Mutter und zwei Geschwistern." in text and "Grün und Blau" in text
    assert "Widerrufen am:** 20.11.2026" in text
    assert "nicht als Datum, das das Programm lesen kann („20.11.2026“)" in text
    assert "erinnerungen-2026-11-03.jsonl ist keine gewöhnliche Datei" in text


def test_the_bundled_workspace_names_its_officer_and_authority(cli: Cli, tmp_path: Path) -> None:
    from conftest import BUNDLED

    ws = shutil.copytree(BUNDLED, tmp_path / "ws")  # the export is recorded there
    out = tmp_path / "auskunft.md"
    result = cli("privacy", "export", "fk-2026-03", "--data", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_back("md", out)
    assert "Unabhängiges Datenschutzzentrum Saarland" in text
    assert "Datenschutzbeauftragte der Kreisstadt Merzig" in text


def test_a_folder_as_out_gets_the_default_name_in_the_chosen_format(
    cli: Cli, tmp_path: Path
) -> None:
    ws = _bare(tmp_path, CASE.replace("WITHDRAWN", "null"))
    folder = tmp_path / "ausgabe"
    folder.mkdir()
    result = cli("privacy", "export", "fk-2026-01", "--data", str(ws), "--out", str(folder),
                 "--format", "html")  # fmt: skip
    assert result.exit_code == 0, result.output
    [written] = folder.iterdir()
    assert written.name == "auskunft-fk-2026-01.html"
    assert "Auskunft über Ihre gespeicherten Daten" in read_back("html", written)


def test_a_ledger_folder_linked_out_of_the_workspace_is_not_read(cli: Cli, tmp_path: Path) -> None:
    ws = _bare(tmp_path, CASE.replace("WITHDRAWN", "null"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    forged = {"event": "sent", "key": "steps:akteur-1:fremd@example.org", "message_id": "<x@y>",
              "at": "2026-11-02T08:00:00+00:00"}  # fmt: skip
    (elsewhere / "erinnerungen-2026-11-02.jsonl").write_text(json.dumps(forged) + "\n", "utf-8")
    (ws / ".merzig-mail").symlink_to(elsewhere)
    out = tmp_path / "auskunft.md"
    result = cli("privacy", "export", "fk-2026-01", "--data", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_back("md", out)
    assert "fremd@example.org" not in text
    assert ".merzig-mail/ ist eine Verknüpfung und wurde nicht gelesen" in text

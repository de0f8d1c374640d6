"""merzig inquiry: new, refer, feedback, close, show, list – and two coordinators at once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from merzig_cli import validate_path

OPEN = """\
id: "2026-0001"
received: 2026-10-01
channel: phone
inquirer: refugees
language: ar
topics: [recognition]
question: Wie wird ein Zeugnis anerkannt?
referrals:
  - actor: iq-beratung
    contact: e-beispiel
    date: 2026-10-01
    status: open
"""
ANSWERED = """\
id: "2026-0002"
received: 2026-11-10
channel: email
inquirer: employers
language: de
topics: [work]
question: Wie stellen wir eine Fachkraft ein?
referrals:
  - actor: akteur-1
    date: 2026-11-10
    status: done
    feedback: {date: 2026-11-12, outcome: Beraten.}
closed: 2026-11-12
"""
NEW = ["--received", "2026-11-24", "--channel", "walk-in", "--group", "refugees",
       "--lang", "ar", "--topic", "recognition"]  # fmt: skip


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    return make_ws(
        {"inquiries/2026/2026-0001.yaml": OPEN, "inquiries/2026/2026-0002.yaml": ANSWERED},
        actors=2,
    )


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def refused(cli: Callable[..., Any], ws: Path, *args: str) -> str:
    """Run an inquiry command that must be refused: exit 1, inquiry 2026-0001 unchanged.

    Returns the error output as one line."""
    path = ws / "inquiries/2026/2026-0001.yaml"
    before = path.read_bytes()
    result = cli("inquiry", *args, "--data", str(ws))
    assert result.exit_code == 1, result.stdout
    assert path.read_bytes() == before
    return " ".join(result.stderr.split())


def test_new_with_all_options_writes_the_next_id(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("inquiry", "new", "--data", str(ws), *NEW, "--question",
                 "Syrisches Zeugnis anerkennen?", "--refer", "iq-beratung/e-beispiel")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Anfrage 2026-0003 gespeichert" in result.stdout
    assert "Vorschläge:" in result.stdout and "IQ Beratung 0" in result.stdout
    data = load(ws / "inquiries/2026/2026-0003.yaml")
    assert data == {
        "id": "2026-0003",
        "received": __import__("datetime").date(2026, 11, 24),
        "channel": "walk-in",
        "inquirer": "refugees",
        "language": "ar",
        "topics": ["recognition"],
        "question": "Syrisches Zeugnis anerkennen?",
        "referrals": [
            {
                "actor": "iq-beratung",
                "contact": "e-beispiel",
                "date": __import__("datetime").date(2026, 11, 24),
                "status": "open",
            }
        ],
    }
    assert validate_path(str(ws)).ok(strict=True)


def test_new_in_a_new_year_starts_at_one(cli: Callable[..., Any], ws: Path) -> None:
    args = [a if a != "2026-11-24" else "2027-01-02" for a in NEW]
    result = cli("inquiry", "new", "--data", str(ws), *args, "-q", "Zeugnis", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "2027-0001"
    assert (ws / "inquiries/2027/2027-0001.yaml").is_file()


def test_new_without_terminal_and_missing_fields_is_a_usage_error(
    cli: Callable[..., Any], ws: Path
) -> None:
    result = cli("inquiry", "new", "--data", str(ws), "-q", "Zeugnis")
    assert result.exit_code == 2
    assert "Es fehlen Angaben: --channel, --group, --lang" in result.stderr
    assert not (ws / "inquiries/2026/2026-0003.yaml").exists()


def test_new_asks_for_missing_fields_and_takes_a_suggestion_by_number(
    cli: Callable[..., Any], ws: Path
) -> None:
    answers = "\n".join(["Mein Diplom anerkennen lassen", "Telefon", "refugee", "Geflüchtete",
                         "Arabisch", "", "1", "j"]) + "\n"  # fmt: skip
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", "--received",
                 "2026-11-24", input=answers)  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    err = " ".join(result.stderr.split())
    assert "Zielgruppe: „refugee“ ist nicht erlaubt" in err  # said what was wrong ...
    assert "Geflüchtete (refugees), Arbeitgeber (employers)" in err  # ... and what is allowed
    assert "Eingangsdatum: 2026-11-24 (aus --received)" in result.stdout
    assert "Zusammenfassung:" in result.stdout and "Weg:        Telefon" in result.stdout
    data = load(ws / "inquiries/2026/2026-0003.yaml")
    assert (data["channel"], data["inquirer"], data["language"]) == ("phone", "refugees", "ar")
    assert data["topics"] == ["recognition"]  # the detected topic was the default
    first = next(ln for ln in result.stdout.splitlines() if ln.startswith("1. "))
    assert first.endswith(f"[{data['referrals'][0]['actor']}]")
    assert data["referrals"][0]["contact"] == "e-beispiel"


def test_new_warns_about_personal_data(cli: Callable[..., Any], ws: Path) -> None:
    question = "Frau Yilmaz (0151 2345678, a.yilmaz@example.org) fragt nach Anerkennung"
    result = cli("inquiry", "new", "--data", str(ws), *NEW, "-q", question)
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert "eine E-Mail-Adresse und eine Telefonnummer und einen Namen" in warning
    assert "Datensparsamkeit" in warning


def test_new_interactive_lets_the_coordinator_rephrase(cli: Callable[..., Any], ws: Path) -> None:
    answers = "Herr Karimi fragt nach Anerkennung\nn\nFrage nach Anerkennung\n\n\n"
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", *NEW, input=answers)
    assert result.exit_code == 0, result.stderr
    assert load(ws / "inquiries/2026/2026-0003.yaml")["question"] == "Frage nach Anerkennung"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "fax"], "--channel: „fax“ ist nicht erlaubt"),
        (["--lang", "klingonisch"], "--lang: „klingonisch“ ist keine bekannte Sprache"),
        (
            ["--refer", "iq-beratung/niemand"],
            "Ansprechperson „niemand“ gibt es bei iq-beratung nicht",
        ),
    ],
)
def test_new_refuses_bad_values(
    cli: Callable[..., Any], ws: Path, args: list[str], message: str
) -> None:
    result = cli("inquiry", "new", "--data", str(ws), *NEW, "-q", "Zeugnis", *args)
    assert result.exit_code in (1, 2)
    assert message in " ".join(result.stderr.split())
    assert not (ws / "inquiries/2026/2026-0003.yaml").exists()


def test_refer_feedback_close_show(cli: Callable[..., Any], ws: Path) -> None:
    base = ["--data", str(ws)]
    assert (
        cli("inquiry", "refer", "2026-0001", "akteur-1", "--date", "2026-10-05", *base).exit_code
        == 0
    )
    fb = cli("inquiry", "feedback", "2026-0001", "iq-beratung", "--status", "done",
             "--outcome", "Antrag gestellt.", "--date", "2026-10-20", *base)  # fmt: skip
    assert fb.exit_code == 0, fb.stderr
    assert cli("inquiry", "close", "2026-0001", "--date", "2026-10-21", *base).exit_code == 0
    data = load(ws / "inquiries/2026/2026-0001.yaml")
    first, second = data["referrals"]
    assert first["status"] == "done"
    assert first["feedback"]["outcome"] == "Antrag gestellt."
    assert second == {"actor": "akteur-1", "date": __import__("datetime").date(2026, 10, 5),
                      "status": "open"}  # fmt: skip
    assert str(data["closed"]) == "2026-10-21"
    shown = cli("inquiry", "show", "2026-0001", "--json", *base)
    assert json.loads(shown.stdout)["referrals"][0]["feedback"]["outcome"] == "Antrag gestellt."
    text = cli("inquiry", "show", "2026-0001", *base).stdout
    assert "abgeschlossen am 2026-10-21" in text and "Rückmeldung 2026-10-20" in text
    again = cli("inquiry", "close", "2026-0001", *base)
    assert again.exit_code == 1 and "schon seit 2026-10-21 abgeschlossen" in again.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["refer", "2026-0099", "iq-beratung"], 1, "Anfrage 2026-0099 gibt es nicht"),
        (["refer", "42", "iq-beratung"], 1, "keine Anfragenummer"),
        (["feedback", "2026-0001", "akteur-1", "--status", "done", "--outcome", "x"], 1,
         "nicht an „akteur-1“ weitergeleitet"),
        (["feedback", "2026-0001", "iq-beratung", "--status", "vielleicht", "--outcome", "x"], 2,
         "--status: „vielleicht“ ist nicht erlaubt"),
    ],
)  # fmt: skip
def test_wrong_ids_and_values_are_explained(
    cli: Callable[..., Any], ws: Path, args: list[str], code: int, message: str
) -> None:
    before = (ws / "inquiries/2026/2026-0001.yaml").read_bytes()
    result = cli("inquiry", *args, "--data", str(ws))
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (ws / "inquiries/2026/2026-0001.yaml").read_bytes() == before


def ids(cli: Callable[..., Any], ws: Path, *args: str) -> list[str]:
    result = cli("inquiry", "list", "--data", str(ws), "--json", "--date", "2026-11-24", *args)
    assert result.exit_code == 0, result.stderr
    return [i["id"] for i in json.loads(result.stdout)]


def test_list_filters(cli: Callable[..., Any], ws: Path) -> None:
    assert ids(cli, ws) == ["2026-0002", "2026-0001"]
    assert ids(cli, ws, "--open") == ["2026-0001"]
    assert ids(cli, ws, "--overdue") == ["2026-0001"]  # open since 2026-10-01, no feedback
    assert ids(cli, ws, "--actor", "akteur-1") == ["2026-0002"]
    assert ids(cli, ws, "--year", "2025") == []
    early = cli("inquiry", "list", "--data", str(ws), "--json", "--overdue", "--date", "2026-10-10")
    assert json.loads(early.stdout) == []  # 9 days: not yet overdue with feedback_days 14
    table = cli("inquiry", "list", "--data", str(ws), "--date", "2026-11-24").stdout
    assert "iq-beratung" in table and "(überfällig)" in table


def test_two_coordinators_at_once_get_distinct_ids(ws: Path) -> None:
    merzig = Path(sys.executable).parent / "merzig"
    procs = [
        subprocess.Popen(
            [
                str(merzig),
                "inquiry",
                "new",
                "--data",
                str(ws),
                *NEW,
                "-q",
                f"Zeugnis {n}",
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for n in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [r[1] for r in results]
    new_ids = sorted(json.loads(out)["id"] for out, _ in results)
    assert new_ids == ["2026-0003", "2026-0004", "2026-0005", "2026-0006"]
    questions = sorted(load(ws / f"inquiries/2026/{i}.yaml")["question"] for i in new_ids)
    assert questions == [f"Zeugnis {n}" for n in range(4)]
    assert validate_path(str(ws)).ok(strict=True)


def test_new_without_topic_takes_the_detected_one_or_asks_for_it(
    cli: Callable[..., Any], ws: Path
) -> None:
    args = [a for a in NEW if a not in ("--topic", "recognition")]
    found = cli("inquiry", "new", "--data", str(ws), *args, "-q", "Diplom anerkennen", "--json")
    assert found.exit_code == 0, found.stderr
    assert load(Path(json.loads(found.stdout)["file"]))["topics"] == ["recognition"]
    unclear = cli("inquiry", "new", "--data", str(ws), *args, "-q", "Hallo")
    assert unclear.exit_code == 2
    assert "Kein Thema erkannt" in unclear.stderr and "--topic" in unclear.stderr


def test_interactive_replacement_question_is_checked_again(
    cli: Callable[..., Any], ws: Path
) -> None:
    answers = ("Frau Yilmaz fragt nach Anerkennung\nn\n"
               "Herr Karimi, 0176 1234567, fragt\nn\n"
               "Frage nach Anerkennung\n\n\n")  # fmt: skip
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", *NEW, input=answers)
    assert result.exit_code == 0, result.stderr
    err = " ".join(result.stderr.split())
    assert "eine Telefonnummer und einen Namen" in err  # the second text was checked too
    assert load(ws / "inquiries/2026/2026-0003.yaml")["question"] == "Frage nach Anerkennung"


def test_interactive_typo_at_the_last_prompt_asks_again(cli: Callable[..., Any], ws: Path) -> None:
    answers = "Mein Diplom anerkennen lassen\n9\nnobody\niq-beratung/niemand\n1\nja\n"
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", *NEW, input=answers)
    assert result.exit_code == 0, result.stderr
    err = " ".join(result.stderr.split())
    assert "Vorschlag 9 gibt es nicht" in err
    assert "Akteur „nobody“ gibt es nicht" in err
    assert "Ansprechperson „niemand“ gibt es bei iq-beratung nicht" in err
    data = load(ws / "inquiries/2026/2026-0003.yaml")
    assert data["question"] == "Mein Diplom anerkennen lassen"
    assert len(data["referrals"]) == 1


def test_feedback_does_not_overwrite_without_replace(cli: Callable[..., Any], ws: Path) -> None:
    path = ws / "inquiries/2026/2026-0002.yaml"
    before = path.read_bytes()
    base = ["2026-0002", "akteur-1", "--status", "declined", "--outcome", "Neu.", "--data", str(ws)]
    refused = cli("inquiry", "feedback", *base)
    assert refused.exit_code == 1
    err = " ".join(refused.stderr.split())
    assert "schon eine Rückmeldung vom 2026-11-12" in err and "--replace" in err
    assert path.read_bytes() == before
    replaced = cli("inquiry", "feedback", *base, "--replace", "--date", "2026-11-20")
    assert replaced.exit_code == 0, replaced.stderr
    ref = load(path)["referrals"][0]
    assert ref["status"] == "declined" and ref["feedback"]["outcome"] == "Neu."


def test_refer_on_a_closed_inquiry_is_refused(cli: Callable[..., Any], ws: Path) -> None:
    path = ws / "inquiries/2026/2026-0002.yaml"
    before = path.read_bytes()
    result = cli("inquiry", "refer", "2026-0002", "iq-beratung", "--data", str(ws))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "seit 2026-11-12 abgeschlossen" in err and "wieder öffnen" in err
    assert path.read_bytes() == before


def test_referral_before_the_inquiry_was_received_is_refused(
    cli: Callable[..., Any], ws: Path
) -> None:
    err = refused(cli, ws, "refer", "2026-0001", "akteur-1", "--date", "2026-09-30")
    assert "Weiterleitung am 2026-09-30 liegt vor dem Eingang der Anfrage (2026-10-01)" in err
    assert "inquiries/2026/2026-0001.yaml:" in err
    path = ws / "inquiries/2026/2026-0001.yaml"
    path.write_text(OPEN.replace("date: 2026-10-01", "date: 2026-09-01"), encoding="utf-8")
    report = validate_path(str(ws))
    assert any(p.code == "date-order" and p.severity == "error" for p in report.problems)


def test_feedback_before_the_referral_is_an_error(cli: Callable[..., Any], ws: Path) -> None:
    path = ws / "inquiries/2026/2026-0001.yaml"
    before = path.read_bytes()
    result = cli("inquiry", "feedback", "2026-0001", "iq-beratung", "--status", "done",
                 "--outcome", "Beraten.", "--date", "2026-09-01", "--data", str(ws))  # fmt: skip
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert (
        "Rückmeldung am 2026-09-01 läge vor der Weiterleitung an „iq-beratung“ am 2026-10-01" in err
    )
    assert path.read_bytes() == before
    # A file written by hand with that order is an error for merzig validate too.
    path.write_text(
        OPEN + "    feedback: {date: 2026-09-02, outcome: Beraten.}\n", encoding="utf-8"
    )
    found = [p for p in validate_path(str(ws)).problems if p.code == "date-order"]
    assert [(p.severity, p.message) for p in found] == [
        ("error", "Rückmeldung am 2026-09-02 liegt vor der Weiterleitung (2026-10-01)")
    ]


def test_show_and_list_use_german_words(cli: Callable[..., Any], ws: Path) -> None:
    shown = cli("inquiry", "show", "2026-0002", "--data", str(ws), "--date", "2026-11-24")
    text = " ".join(shown.stdout.split())
    assert "Weg: E-Mail" in text and "per email" not in text
    assert "Zielgruppe: Arbeitgeber · Sprache: Deutsch · Themen: Arbeit und Beruf" in text
    assert "am 2026-11-10: erledigt" in text
    listed = cli("inquiry", "list", "--data", str(ws), "--date", "2026-11-24").stdout
    assert "Arbeit und Beruf" in " ".join(listed.split()) and "recognition" not in listed


@pytest.mark.parametrize("command", ["refer", "feedback", "close"])
def test_date_help_names_what_the_date_is(cli: Callable[..., Any], command: str) -> None:
    text = " ".join(cli("inquiry", command, "--help").stdout.split())
    assert "Stichtag" not in text
    assert {"refer": "Datum der Weiterleitung", "feedback": "Datum der Rückmeldung",
            "close": "Datum des Abschlusses"}[command] in text  # fmt: skip


def test_list_reports_broken_files_and_invalid_dates(cli: Callable[..., Any], ws: Path) -> None:
    path = ws / "inquiries/2026/2026-0002.yaml"
    path.write_text(ANSWERED.replace("received: 2026-11-10", "received: 2026-02-30"), "utf-8")
    result = cli("inquiry", "list", "--data", str(ws), "--date", "2026-11-24")
    assert result.exit_code == 0
    assert "1 Fehler im Arbeitsbereich" in " ".join(result.stderr.split())
    assert "0001-01-01" not in result.stdout
    assert "ungültig" in result.stdout


@pytest.mark.parametrize("year", ["0", "-1", "10000"])
def test_list_year_out_of_range_is_a_usage_error(
    cli: Callable[..., Any], ws: Path, year: str
) -> None:
    result = cli("inquiry", "list", "--data", str(ws), "--year", year)
    assert result.exit_code == 2
    assert "--year" in result.stderr


def test_filter_year_zero_is_a_filter() -> None:
    import datetime as dt

    from merzig_cli.inquiries.referrals import filter_inquiries
    from merzig_cli.schema.inquiry import Inquiry

    inq = Inquiry("2026-0001", dt.date(2026, 1, 1), "phone", "refugees", "de", ["work"], "?")
    assert filter_inquiries([inq], dt.date(2026, 2, 1), 14, year=0) == []


def test_feedback_goes_to_the_named_contact_never_a_guessed_one(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    from conftest import inquiry_yaml

    two = inquiry_yaml(
        "2026-0003", "2026-10-01", "recognition", "Zeugnis anerkennen?",
        "  - {actor: iq-beratung, contact: e-beispiel, date: 2026-10-01, status: open}\n"
        "  - {actor: iq-beratung, contact: m-zweite, date: 2026-10-02, status: open}\n",
    )  # fmt: skip
    ws = make_ws({"inquiries/2026/2026-0003.yaml": two})
    actor = ws / "actors/iq-beratung.yaml"
    text = actor.read_text(encoding="utf-8")
    actor.write_text(
        text.replace("contacts:\n", "contacts:\n  - id: m-zweite\n    name: Max Zweite\n", 1)
    )
    args = ["--status", "done", "--outcome", "Beraten.", "--date", "2026-10-20", "--data", str(ws)]
    path = ws / "inquiries/2026/2026-0003.yaml"
    before = path.read_bytes()
    guessed = cli("inquiry", "feedback", "2026-0003", "iq-beratung", *args)
    assert guessed.exit_code == 1 and "e-beispiel, m-zweite" in guessed.stderr
    assert path.read_bytes() == before
    named = cli("inquiry", "feedback", "2026-0003", "iq-beratung/e-beispiel", *args)
    assert named.exit_code == 0, named.output
    refs = load(path)["referrals"]
    assert refs[0]["feedback"]["outcome"] == "Beraten." and "feedback" not in refs[1]
    listed = cli("inquiry", "list", "--date", "2026-12-01", "--data", str(ws))
    assert listed.stdout.count("(überfällig)") == 1  # only the one still without feedback

"""The conference year without an editor, scripted: conference new and attend, case agree,
case step add|edit|done|drop, withdraw, reopen, discuss, close; every wrong entry is
refused in German and leaves every file as it was (bytes compared)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace, flat, yaml_files

from merzig_cli.conference.gate import Reason, gate
from merzig_cli.core.dates import parse_clock, parse_day
from merzig_cli.core.errors import UsageError
from merzig_cli.workspace.loader import load_workspace


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


def test_dates_are_read_in_iso_and_german_and_an_impossible_one_is_named() -> None:
    today = dt.date(2026, 12, 1)
    for text in ("2026-11-24", "24.11.2026", "24.11.26", " 24.11.2026 "):
        assert parse_day(text) == dt.date(2026, 11, 24)
    assert parse_day("in 4 Wochen", today=today) == dt.date(2026, 12, 29)
    assert parse_day("Ende August", today=today) == dt.date(2027, 8, 31)
    assert parse_day("Mitte Dezember", today=today) == dt.date(2026, 12, 15)
    assert parse_day("in 3 Monaten", today=today) == dt.date(2027, 3, 1)
    with pytest.raises(
        UsageError, match=r"den 31\.02\.2027 gibt es nicht – der Februar 2027 hat 28"
    ):
        parse_day("31.02.2027")
    with pytest.raises(UsageError, match="einen Monat 13 gibt es nicht"):
        parse_day("2027-13-01")
    with pytest.raises(UsageError, match="„nächste Woche“ ist kein Datum"):
        parse_day("nächste Woche", today=today)
    with pytest.raises(UsageError, match="ist kein Datum"):
        parse_day("in 4 Wochen")  # relative only where a day to count from is given


def test_one_reader_of_clock_times_for_the_conference_and_the_meeting() -> None:
    """``conference new --start`` and ``network meeting --time`` read the same forms."""
    from merzig_cli.conference.setup import clock_time
    from merzig_cli.network.meeting import parse_time

    for typed in ("18:30", "18.30", "18.30 Uhr", " 18:30 "):
        assert parse_clock(typed) == parse_time(typed) == dt.time(18, 30)
        assert clock_time(typed) == "18:30"
    assert clock_time("9") == "09:00"
    with pytest.raises(UsageError, match="die Uhrzeit 24:00 gibt es nicht"):
        parse_time("24:00")
    with pytest.raises(UsageError, match="„abends“ ist keine Uhrzeit"):
        clock_time("abends")


def test_conference_new_writes_a_commented_valid_file_and_never_overwrites(
    cli: Callable[..., Any], root: Path
) -> None:
    base = ("--data", str(root))
    result = cli(
        "conference", "new", "fk-2028", "--date", "27.06.28", "--location", "Rathaus, Saal 2",
        "--start", "8:30", "--slot-minutes", "25", "--break", "alle 4=10", "--break", "12:00=45",
        "--host", "schule", "--participant", "schule:k-schule", "--participant", "jmd", *base,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    path = root / "conferences/fk-2028.yaml"
    text = path.read_text("utf-8")
    assert "# Wer für welchen Akteur teilnimmt" in text and "# Pausen:" in text
    assert "# Berufsschule Musterstadt · Kontakt Berufsschule Musterstadt" in text
    report = json.loads(cli("validate", "--json", *base).stdout)
    assert [p for p in report["problems"] if p["file"] == "conferences/fk-2028.yaml"] == []
    conference = load_workspace(root).conferences["fk-2028"]
    assert conference.date == dt.date(2028, 6, 27) and conference.start == "08:30"
    assert conference.slot_minutes == 25 and conference.host == "schule"
    assert [(p.actor, p.contact) for p in conference.participants] == [
        ("schule", "k-schule"),
        ("jmd", None),
    ]
    assert [(b.after_case, b.at, b.minutes, b.repeat) for b in conference.breaks] == [
        (4, None, 10, True),
        (None, "12:00", 45, False),
    ]
    before = yaml_files(root)
    refused = [
        (("fk-2028", "--date", "01.07.2028", "--location", "X"), 1, "gibt es schon"),
        (("fk-2029", "--date", "31.06.2029", "--location", "X"), 2, "den 31.06.2029 gibt es nicht"),
        (("fk-2029", "--date", "2026-11-30", "--location", "X"), 1, "liegt in der Vergangenheit"),
        (("fk-2029", "--date", "2029-06-01", "--location", "X", "--participant", "schul"), 1,
         "Akteur „schul“ gibt es nicht"),
        (("fk-2029", "--date", "2029-06-01", "--location", "X", "--participant", "jmd:k-schule"),
         1, "hat keine Ansprechperson „k-schule“"),
        (("fk-2029", "--date", "2029-06-01", "--location", "X", "--break", "mittags"), 1,
         "Pause: „mittags“ ist nicht lesbar"),
        (("fk-2029", "--date", "2029-06-01"), 2, "Es fehlt --location"),  # no terminal: no questions
        (("Fk 2029", "--date", "2029-06-01", "--location", "X"), 1, "keine gültige Konferenzkennung"),
        (("fk-2029", "--date", "2029-06-01", "--location", "X", "--slot-minutes", "0"), 1,
         "Minuten je Fall: erlaubt sind 1 bis 480"),  # 0 is refused, not read as „not given“
    ]  # fmt: skip
    for args, code, words in refused:
        result = cli("conference", "new", *args, *base)
        assert result.exit_code == code, (args, result.stderr)
        assert words in flat(result.stderr), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert yaml_files(root) == before


def test_case_new_shows_one_example_step_with_ids_of_this_workspace(
    cli: Callable[..., Any], root: Path
) -> None:
    assert cli("case", "new", "-c", "fk-2027", "--data", str(root)).exit_code == 0
    text = (root / "cases/2027/fk-2027-23.yaml").read_text("utf-8")
    example = text[text.index("# agreement:") : text.index("\nagreement: null")]
    for key in ("action:", "by: youth", "support: schule", "due: 2027-08-10", "status: open"):
        assert key in example, key
    assert "merzig-wadern" not in text and "jugendamt-merzig" not in text  # not the bundled town
    assert "{actor: schule, role:" in text


def test_steps_are_added_edited_and_finished_and_every_wrong_entry_changes_nothing(
    cli: Callable[..., Any], root: Path
) -> None:
    base = ("--data", str(root))
    rel = "cases/2027/fk-2027-05.yaml"  # shares with schule, jugendamt, hwk
    before = yaml_files(root)
    refused = [
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "jobcenter", "--due", "01.09.27"),
         1, "Jobcenter Musterkreis (jobcenter) ist von der Einwilligung in Fall fk-2027-05 nicht "
         "abgedeckt"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "youth", "--support", "jmd",
          "--due", "01.09.27"), 1, "Wer begleitet: Jugendmigrationsdienst Musterstadt (jmd) ist "
         "von der Einwilligung"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "jugendmat", "--due", "01.09.27"),
         1, "Akteur „jugendmat“ gibt es nicht"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "youth"), 1,
         "braucht ein Datum, bis wann"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "youth", "--due", "30.11.2026"),
         1, "Die Frist 30.11.2026 liegt in der Vergangenheit"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "youth", "--due", "29.02.2027"),
         2, "den 29.02.2027 gibt es nicht"),
        (("add", "fk-2027-05", "--action", "  ", "--by", "youth", "--due", "01.09.27"), 1,
         "Was zu tun ist (--action) fehlt"),
        (("edit", "fk-2027-05", "2", "--support", "jobcenter"), 1, "nicht abgedeckt"),
        (("edit", "fk-2027-05", "2"), 1, "Nichts zu ändern"),
        (("edit", "fk-2027-05", "7", "--due", "01.09.27"), 1, "keinen Schritt 7"),
        (("done", "fk-2027-01", "1"), 1, "nicht mehr offen"),
        (("fk-2027-05", "1"), 2, "--done oder --dropped"),
        (("drop", "fk-2027-05", "1"), 2, "--reason"),
    ]  # fmt: skip
    for args, code, words in refused:
        result = cli("case", "step", *args, *base)
        assert result.exit_code == code, (args, result.stderr)
        assert words in flat(result.stderr), (args, result.stderr)
    assert yaml_files(root) == before

    added = cli(
        "case", "step", "add", "fk-2027-05", "--action", "Praktikum in der Werkstatt suchen",
        "--by", "youth", "--support", "hwk", "--due", "Ende September", "--json", *base,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert '"step": 3' in added.stdout and '"due": "2027-09-30"' in added.stdout
    moved = cli("case", "step", "edit", "fk-2027-05", "2", "--due", "15.09.2027", "--by", "hwk",
                "--support", "-", *base)  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    old_form = cli("case", "step", "fk-2027-05", "1", "--done", "--date", "30.11.2026", *base)
    assert old_form.exit_code == 0 and "neue Form: merzig case step done" in old_form.stderr
    as_markup = cli("case", "step", "[/]", "1", "--done", *base)  # the hint repeats the words
    assert as_markup.exit_code == 1 and "neue Form: merzig case step done [/] 1" in as_markup.stderr
    case = load_workspace(root).cases["fk-2027-05"]
    assert case.agreement is not None
    first, second, third = case.agreement.steps
    assert (first.status, first.done) == ("done", dt.date(2026, 11, 30))
    assert (second.by, second.support, second.due) == ("hwk", None, dt.date(2027, 9, 15))
    assert (third.action, third.by, third.support, third.status) == (
        "Praktikum in der Werkstatt suchen",
        "youth",
        "hwk",
        "open",
    )
    text = (root / rel).read_text("utf-8")
    assert text.startswith("# Erfundener Testfall.")  # comments and form survive


def test_agree_close_reopen_discuss_and_withdraw(
    cli: Callable[..., Any], root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ("--data", str(root))
    agreed = cli("case", "agree", "fk-2027-06", "--perspective", "Praktikum", "--date",
                 "29.06.2027", *base)  # fmt: skip
    assert agreed.exit_code == 0, agreed.stderr
    before = yaml_files(root)
    for args, code, words in [
        (("close", "fk-2027-06", "--result", "Ausbildung"), 2, "Meinten Sie „Ausbildung begonnen“"),
        (
            ("close", "fk-2027-06", "--result", "training-started"),
            1,
            "Schritte 1, 2 sind noch offen",
        ),
        (("reopen", "fk-2027-06", "--reason", "x"), 1, "ist nicht abgeschlossen"),
        (("agree", "fk-2027-06", "--perspective", "Urlaub"), 2, "„Urlaub“ ist nicht erlaubt"),
        (("withdraw", "fk-2027-06", "--date", "02.12.2026"), 1, "liegt in der Zukunft"),
        (("withdraw", "fk-2027-04"), 1, "schon am 2027-05-01 widerrufen"),
        (("discuss", "fk-2027-04", "--text", "x"), 1, "nach einem Widerruf wird nichts mehr"),
    ]:
        result = cli("case", *args, *base)
        assert result.exit_code == code, (args, result.stderr)
        assert words in flat(result.stderr), (args, result.stderr)
    assert yaml_files(root) == before
    closed = cli("case", "close", "fk-2027-06", "--result", "ausbildung begonnen", "--force", *base)
    assert closed.exit_code == 0, closed.stderr
    reopened = cli("case", "reopen", "fk-2027-06", "--reason", "Ausbildung abgebrochen", *base)
    assert reopened.exit_code == 0, reopened.stderr
    noted = cli("case", "discuss", "fk-2027-06", "--text", "Mit Anna Becker gesprochen.", *base)
    assert noted.exit_code == 0 and "vermutlich einen Namen" in flat(noted.stderr)
    case = load_workspace(root).cases["fk-2027-06"]
    assert case.agreement is not None and case.agreement.perspective == "internship"
    assert case.agreement.date == dt.date(2027, 6, 29)
    assert case.closed is None and case.outcome is None
    assert case.follow_up[-1].note.endswith("Ausbildung abgebrochen")
    assert case.discussion == "Mit Anna Becker gesprochen."
    text = (root / "cases/2027/fk-2027-06.yaml").read_text("utf-8")
    assert text.index("discussion:") < text.index("follow_up:")  # where the data model has it

    monkeypatch.setenv("MERZIG_TODAY", "2027-07-02")  # the consent is from 2027-04-01
    early = cli("case", "withdraw", "fk-2027-06", "--date", "31.03.2027", *base)
    assert early.exit_code == 1 and "läge vor der Einwilligung" in early.stderr
    withdrawn = cli("case", "withdraw", "fk-2027-06", "--date", "01.07.2027", "--json", *base)
    assert withdrawn.exit_code == 0, withdrawn.stderr
    ws = load_workspace(root)
    verdict = gate(ws, dt.date(2027, 7, 2)).verdict("fk-2027-06")
    assert verdict is not None and verdict.reason is Reason.WITHDRAWN
    after = cli("case", "step", "add", "fk-2027-06", "--action", "x", "--by", "youth", "--due",
                "01.09.27", *base)  # fmt: skip
    assert after.exit_code == 1 and "nach einem Widerruf" in flat(after.stderr)


def test_attendance_is_recorded_for_participants_only(cli: Callable[..., Any], root: Path) -> None:
    base = ("--data", str(root))
    before = yaml_files(root)
    for args, words in [
        (
            ("--present", "schule,hwk"),
            "Handwerkskammer Musterland (hwk) nimmt an fk-2027 nicht teil",
        ),
        (("--present", "schule", "--excused", "schule"), "Anwesend und entschuldigt zugleich"),
        (("--present", "schuhle"), "Akteur „schuhle“ gibt es nicht"),
    ]:
        result = cli("conference", "attend", "fk-2027", *args, *base)
        assert result.exit_code == 1 and words in flat(result.stderr), result.stderr
    assert yaml_files(root) == before
    result = cli("conference", "attend", "fk-2027", "--present", "schule, jugendamt",
                 "--excused", "jmd", *base)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    attendance = load_workspace(root).conferences["fk-2027"].attendance
    assert attendance is not None
    assert (attendance.present, attendance.excused) == (["schule", "jugendamt"], ["jmd"])
    report = json.loads(cli("validate", "--json", *base).stdout)
    assert [p for p in report["problems"] if p["file"] == "conferences/fk-2027.yaml"] == []
    text = (root / "conferences/fk-2027.yaml").read_text("utf-8")
    assert text.startswith("id: fk-2027\n") and "attendance:" in text


def test_discussion_and_attendance_reach_the_minutes(cli: Callable[..., Any], root: Path) -> None:
    base = ("--data", str(root))
    note = "Praktikum im Herbst als Einstieg vereinbart."
    assert cli("case", "discuss", "fk-2027-08", "--text", note, *base).exit_code == 0
    attended = cli("conference", "attend", "fk-2027", "--present", "schule,jugendamt",
                   "--excused", "jmd", *base)  # fmt: skip
    assert attended.exit_code == 0, attended.stderr
    out = root.parent / "out"
    made = cli("conference", "minutes", "fk-2027", "--format", "md", "--out", str(out),
               "--date", "2027-07-01", *base)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    minutes = (out / "fk-2027/protokoll.md").read_text("utf-8")
    assert f"**Aus der Besprechung:** {note}" in minutes
    assert "Berufsschule Musterstadt: Kontakt Berufsschule Musterstadt – anwesend" in minutes
    assert (
        "Jugendmigrationsdienst Musterstadt: Kontakt Jugendmigrationsdienst Musterstadt – "
        "entschuldigt" in minutes
    )
    assert "Jobcenter Musterkreis: Kontakt Jobcenter Musterkreis – nicht anwesend" in minutes
    excerpt = (out / "fk-2027/auszug-jobcenter.md").read_text("utf-8")
    assert note not in excerpt  # the discussion goes into the minutes, not into excerpts
    shown = cli("case", "show", "fk-2027-08", "--date", "2027-07-01", *base)
    assert note in " ".join(shown.stdout.replace("│", " ").split())


def test_run_without_a_terminal_names_the_commands_for_scripts(
    cli: Callable[..., Any], root: Path
) -> None:
    before = yaml_files(root)
    result = cli("conference", "run", "fk-2027", "--data", str(root))
    assert result.exit_code == 2
    assert "braucht eines" in result.stderr and "merzig case agree" in flat(result.stderr)
    assert yaml_files(root) == before

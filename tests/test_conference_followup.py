"""Cases and their follow-up: new case, step, note, close; the follow-up list; --check."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

from merzig_cli.conference.followup import due_steps
from merzig_cli.conference.gate import gate
from merzig_cli.workspace.loader import load_workspace


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


def _git_diff(root: Path, rel: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(root), "diff", "--no-color", "-U0", "--", rel],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [
        line
        for line in out.stdout.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _commit(root: Path) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_case_new_writes_a_pseudonymised_case_with_the_next_number(
    cli: Callable[..., Any], root: Path
) -> None:
    result = cli("case", "new", "--conference", "fk-2027", "--data", str(root))
    assert result.exit_code == 0, result.stderr
    path = root / "cases/2027/fk-2027-23.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'pseudonym: "FK27-23"' in text and "Einwilligung" in text
    assert "#   jugendamt" in text  # the participants to choose from for share_with
    # until the consent is filled in, validation refuses the file
    report = cli("validate", "--data", str(root), "--json")
    problems = [p for p in json.loads(report.stdout)["problems"] if p["file"].endswith("-23.yaml")]
    assert {"placeholder"} <= {p["code"] for p in problems}
    second = cli(
        "case", "new", "--conference", "fk-2027", "--pseudonym", "B. K.", "--data", str(root)
    )
    assert second.exit_code == 0 and (root / "cases/2027/fk-2027-24.yaml").is_file()
    named = cli(
        "case", "new", "--conference", "fk-2027", "--pseudonym", "Anna Becker", "--data", str(root)
    )
    assert named.exit_code == 2 and "voller Name" in named.stderr


def test_step_note_and_close_change_only_their_lines(
    cli: Callable[..., Any], root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERZIG_TODAY", "2027-09-30")  # after every date recorded below
    _commit(root)
    rel = "cases/2027/fk-2027-05.yaml"
    base = ("--data", str(root))
    assert (
        cli("case", "step", "fk-2027-05", "1", "--done", "--date", "2027-07-12", *base).exit_code
        == 0
    )
    assert _git_diff(root, rel) == [
        "-      status: open",
        "-      done: null",
        "+      status: done",
        "+      done: 2027-07-12",
    ]
    result = cli(
        "case", "step", "fk-2027-05", "2", "--dropped", "--reason", "nicht mehr nötig", *base
    )
    assert result.exit_code == 0, result.stderr
    assert (
        cli(
            "case",
            "followup",
            "fk-2027-05",
            "--note",
            "Praktikum läuft.",
            "--date",
            "2027-07-20",
            *base,
        ).exit_code
        == 0
    )
    assert (
        cli(
            "case",
            "close",
            "fk-2027-05",
            "--result",
            "Ausbildung begonnen",  # the German label, as a coordinator says it
            "--date",
            "2027-09-01",
            *base,
        ).exit_code
        == 0
    )
    text = (root / rel).read_text(encoding="utf-8")
    assert "# Erfundener Testfall." in text  # comments survive
    assert "reason: nicht mehr nötig" in text and "note: Praktikum läuft." in text
    assert "result: training-started" in text and "closed: 2027-09-01" in text
    again = cli("case", "close", "fk-2027-05", "--result", "training-started", *base)
    assert again.exit_code == 1 and "schon seit 2027-09-01 abgeschlossen" in again.stderr


def test_wrong_steps_and_values_are_refused_in_german(cli: Callable[..., Any], root: Path) -> None:
    base = ("--data", str(root))
    cases = [
        (("case", "step", "fk-2027-05", "9", "--done"), 1, "keinen Schritt 9"),
        (("case", "step", "fk-2027-01", "1", "--done"), 1, "nicht mehr offen"),
        (("case", "step", "fk-2027-05", "1"), 2, "--done oder --dropped"),
        (("case", "step", "fk-2027-05", "1", "--dropped"), 2, "--reason"),
        (("case", "close", "fk-2027-05", "--result", "super"), 2, "„super“ ist nicht erlaubt"),
        (("case", "close", "fk-2027-05", "--result", "super"), 2, "weggezogen (moved-away)"),
        (("case", "show", "fk-2027-99"), 1, "gibt es nicht"),
    ]
    for args, code, words in cases:
        result = cli(*args, *base)
        assert result.exit_code == code, (args, result.stderr)
        assert words in " ".join(result.stderr.split()), args


def test_case_show_hides_the_content_of_a_withdrawn_case(
    cli: Callable[..., Any], root: Path
) -> None:
    shown = cli("case", "show", "fk-2027-05", "--data", str(root), "--date", "2027-07-01")
    assert shown.exit_code == 0 and "Familiengeheimnis fk-2027-05" in shown.stdout
    withdrawn = cli("case", "show", "fk-2027-04", "--data", str(root), "--date", "2027-07-01")
    assert withdrawn.exit_code == 0
    assert "widerrufen" in withdrawn.stdout and "Familiengeheimnis" not in withdrawn.stdout
    listed = cli("case", "list", "--data", str(root), "--actor", "hwk", "--date", "2027-07-01")
    assert "fk-2027-05" in listed.stdout and "fk-2027-06" not in listed.stdout


def test_followup_lists_due_and_overdue_steps_by_accompanying_actor(root: Path) -> None:
    day = dt.date(2027, 7, 20)
    steps = due_steps(gate(load_workspace(root), day), day)
    # Step 1 (due 2027-07-15) is still open in cases 05 … 22 (not 04, 07): 5 days late;
    # step 2 is due 2027-08-01 … 05: not within 7 days. The review case fk-2026-01 is
    # 308 and 292 days late (due 2026-09-15 and 2026-10-01) and leads the list.
    open_cases = [i for i in range(5, 23) if i != 7]
    assert [(s.case, s.number, s.days_overdue) for s in steps] == [
        ("fk-2026-01", 1, 308),
        ("fk-2026-01", 2, 292),
        *[(f"fk-2027-{i:02d}", 1, 5) for i in open_cases],
    ]
    # accompanied by the school, in case 12 by the JMD; the youth office carries its own step
    assert {s.accompanied_by for s in steps} == {"schule", "jmd", "jugendamt"}
    later = due_steps(gate(load_workspace(root), dt.date(2027, 7, 27)), dt.date(2027, 7, 27))
    second = sorted(s.case for s in later if s.number == 2 and s.case.startswith("fk-2027"))
    # due 2027-08-0(i % 5 + 1): within 7 days of 07-27 only day 01–03, i.e. i % 5 in (0, 1, 2)
    assert second == sorted(
        f"fk-2027-{i:02d}" for i in [*open_cases, 1, 2, 3] if i % 5 in (0, 1, 2)
    )


def test_followup_command_for_one_actor(cli: Callable[..., Any], root: Path) -> None:
    result = cli(
        "followup", "--actor", "jmd", "--date", "2027-07-20", "--data", str(root), "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert [(s["case"], s["days_overdue"]) for s in json.loads(result.stdout)] == [
        ("fk-2027-12", 5)
    ]
    table = cli("followup", "--date", "2027-07-20", "--data", str(root))
    text = " ".join(table.stdout.split())
    assert "Berufsschule Musterstadt" in text and "19 Schritte, davon 19 überfällig" in text


CHECK_CONFIG_SILENCE = "followup:\n  silence_days: 30\n"


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (
            ("agreement:\n  date: 2026-06-30", "agreement: null\nx:\n  date: 2026-06-30"),
            "no-agreement",
            "keine Vereinbarung",
        ),
        (("      due: 2026-09-15\n", ""), "no-due-date", "keine Frist"),
        (("      support: schule\n", ""), "no-support", "niemand begleitet"),
        (("      by: jugendamt\n", "      by: jobcenter\n"), "not-covered", "nennt jobcenter nicht"),
        (("      support: schule\n", "      support: hwk\n"), "not-covered", "hwk begleitet"),
    ],
)  # fmt: skip
def test_followup_check_fails_for_each_reason(
    cli: Callable[..., Any], root: Path, change: tuple[str, str], code: str, words: str
) -> None:
    path = root / "cases/2026/fk-2026-01.yaml"
    day = "2026-09-20"  # 82 days after the conference: not yet silent
    clean = cli("followup", "--check", "--date", day, "--data", str(root), "--json")
    assert clean.exit_code == 0 and json.loads(clean.stdout) == []
    path.write_text(path.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    result = cli("followup", "--check", "--date", day, "--data", str(root), "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["case"], f["code"]) for f in findings] == [("fk-2026-01", code)]
    assert words in findings[0]["message"]
    human = cli("followup", "--check", "--date", day, "--data", str(root))
    assert human.exit_code == 1 and "fk-2026-01 (R01)" in human.stderr


def test_followup_check_fails_for_a_case_whose_steps_were_all_dropped_without_outcome(
    cli: Callable[..., Any], root: Path
) -> None:
    path = root / "cases/2026/fk-2026-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: open", "status: dropped"))
    day = "2026-09-20"
    result = cli("followup", "--check", "--date", day, "--data", str(root), "--json")
    assert result.exit_code == 1
    assert [(f["case"], f["code"]) for f in json.loads(result.stdout)] == [
        ("fk-2026-01", "only-dropped")
    ]
    text = path.read_text(encoding="utf-8").replace(
        "closed: null", "outcome: {date: 2026-09-01, result: training-started}\nclosed: null"
    )
    path.write_text(text, encoding="utf-8")
    after = cli("followup", "--check", "--date", day, "--data", str(root), "--json")
    assert after.exit_code == 0, after.stdout  # an outcome: nobody is lost


def test_followup_check_finds_a_silent_case(cli: Callable[..., Any], root: Path) -> None:
    (root / "config.yaml").write_text(
        (root / "config.yaml").read_text(encoding="utf-8") + CHECK_CONFIG_SILENCE, encoding="utf-8"
    )
    # fk-2026-01: conference 2026-06-30, agreement the same day, nothing since
    quiet = cli("followup", "--check", "--date", "2026-07-30", "--data", str(root), "--json")
    assert quiet.exit_code == 0
    result = cli("followup", "--check", "--date", "2026-08-01", "--data", str(root), "--json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding["code"] == "silent" and "seit 32 Tagen" in finding["message"]
    note = cli(
        "case",
        "followup",
        "fk-2026-01",
        "--note",
        "Angerufen.",
        "--date",
        "2026-07-31",
        "--data",
        str(root),
    )
    assert note.exit_code == 0, note.stderr
    after = cli("followup", "--check", "--date", "2026-08-01", "--data", str(root))
    assert after.exit_code == 0, after.stderr

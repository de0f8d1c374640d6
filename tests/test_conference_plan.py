"""Agenda and schedules of a 22-case conference: times, breaks, who is needed, the consent gate."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace, shares
from pdftext_support import pdf_text
from pdfua_support import assert_pdfua

from merzig_cli.conference.agenda import plan
from merzig_cli.conference.gate import gate
from merzig_cli.workspace.loader import load_workspace

BEFORE = dt.date(2027, 6, 1)  # the day the agenda is made

# Written by hand from the conference file: review item first (10 min), then 20-minute
# slots from 09:10; 15 minutes after the 6th case; case 8 would run into 12:00, so
# lunch comes first (12:00–12:45) and 11:45–12:00 stays free.
EXPECTED = [
    ("review", "09:00", "09:10", "fk-2026-01"),
    ("case", "09:10", "09:30", "fk-2027-01"),
    ("case", "09:30", "09:50", "fk-2027-02"),
    ("case", "09:50", "10:10", "fk-2027-03"),
    ("case", "10:10", "10:30", "fk-2027-05"),
    ("case", "10:30", "10:50", "fk-2027-06"),
    ("case", "10:50", "11:10", "fk-2027-08"),
    ("break", "11:10", "11:25", None),
    ("case", "11:25", "11:45", "fk-2027-09"),
    ("break", "12:00", "12:45", None),
    ("case", "12:45", "13:05", "fk-2027-10"),
    *[
        ("case", f"{13 + (5 + 20 * k) // 60}:{(5 + 20 * k) % 60:02d}",
         f"{13 + (25 + 20 * k) // 60}:{(25 + 20 * k) % 60:02d}", f"fk-2027-{11 + k:02d}")
        for k in range(12)
    ],
]  # fmt: skip


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


def _slots(root: Path, day: dt.date = BEFORE) -> list[tuple[str, str, str, str | None]]:
    ws = load_workspace(root)
    agenda = plan(gate(ws, day), ws.conferences["fk-2027"])
    return [(s.kind, f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.case) for s in agenda.slots]


def test_agenda_times_and_breaks_are_the_hand_computed_ones(root: Path) -> None:
    assert _slots(root) == EXPECTED
    assert EXPECTED[-1][1:3] == ("16:45", "17:05")


def test_repeated_break_after_every_sixth_case(root: Path) -> None:
    conf = root / "conferences/fk-2027.yaml"
    text = conf.read_text(encoding="utf-8")
    text = text.replace(
        "{after_case: 6, minutes: 15}", "{after_case: 6, minutes: 15, repeat: true}"
    )
    conf.write_text(text.replace('  - {at: "12:00", minutes: 45}\n', ""), encoding="utf-8")
    breaks = [s for s in _slots(root) if s[0] == "break"]
    # after cases 6, 12 and 18 (09:10 + 6 × 20 = 11:10, then 15 minutes each time)
    assert [(b[1], b[2]) for b in breaks] == [
        ("11:10", "11:25"),
        ("13:25", "13:40"),
        ("15:40", "15:55"),
    ]


def test_each_actor_is_needed_only_for_the_cases_its_consent_allows(root: Path) -> None:
    ws = load_workspace(root)
    agenda = plan(gate(ws, BEFORE), ws.conferences["fk-2027"])
    jmd = [s.case for s in agenda.needed("jmd")]
    assert jmd == [f"fk-2027-{i:02d}" for i in (3, 6, 9, 12, 15, 18, 21)]
    for slot in agenda.cases:
        number = int(str(slot.case)[-2:])
        assert set(slot.actors) == set(shares(number))
    assert agenda.absent == [("hwk", "fk-2027-05")]  # needed, but not a participant
    assert agenda.needed("anlaufstelle") == []  # the office moderates; no case needs it


def test_a_withdrawal_removes_the_case_from_the_agenda_from_its_day_on(root: Path) -> None:
    case = root / "cases/2027/fk-2027-09.yaml"
    assert "fk-2027-09" in [s[3] for s in _slots(root, dt.date(2027, 6, 1))]
    case.write_text(
        case.read_text(encoding="utf-8").replace("withdrawn: null", "withdrawn: 2027-06-02"),
        encoding="utf-8",
    )
    assert "fk-2027-09" not in [s[3] for s in _slots(root, dt.date(2027, 6, 2))]
    # a withdrawal dated after the day the plan is made cannot be real: held back as well
    assert "fk-2027-09" not in [s[3] for s in _slots(root, dt.date(2027, 6, 1))]


def test_plan_command_writes_agenda_and_schedules_without_any_withheld_case(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli(
        "conference", "plan", "fk-2027", "--data", str(root), "--out", str(out),
        "--date", "2027-06-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    err = " ".join(result.stderr.split())
    assert "Fall fk-2027-04 ausgelassen: Einwilligung am 2027-05-01 widerrufen" in err
    assert "Fall fk-2027-07 ausgelassen" in err and "hwk wird für Fall fk-2027-05 gebraucht" in err
    folder = out / "fk-2027"
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert (folder / "einladungen").is_dir()
    assert names == sorted(
        f"{stem}.{fmt}"
        for stem in ("tagesordnung", "zeiten-jmd", "zeiten-jobcenter", "zeiten-jugendamt", "zeiten-schule")
        for fmt in ("html", "md", "pdf")
    )  # fmt: skip
    for path in [*folder.glob("*.*"), *folder.glob("einladungen/*.ics")]:
        text = _text(path)
        assert "W. D." not in text and "fk-2027-04" not in text, path.name
        assert "fk-2027-07" not in text, path.name
        assert "Familiengeheimnis" not in text and "Stärke" not in text, path.name
    jmd = _text(folder / "zeiten-jmd.md")
    assert "7 Besprechungen" in jmd and "09:50–10:10 | Fall 3: T03" in jmd
    assert "T02" not in jmd  # case 02 is not shared with the JMD
    agenda = _text(folder / "tagesordnung.html")
    assert "Moderation (ganze Zeit)" in agenda and "12:00–12:45" in agenda
    for pdf in sorted(folder.glob("*.pdf")):  # the agenda and every schedule: PDF/UA-1
        assert_pdfua(pdf.read_bytes(), "de", title="Musterstadt")


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


def test_plan_is_byte_identical_when_made_again(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    args = ("conference", "plan", "fk-2027", "--data", str(root), "--date", "2027-06-01")
    assert cli(*args, "--out", str(tmp_path / "a")).exit_code == 0
    assert cli(*args, "--out", str(tmp_path / "b")).exit_code == 0
    for path in (tmp_path / "a" / "fk-2027").rglob("*.*"):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes()


def test_a_break_needs_either_a_case_count_or_a_clock_time(
    cli: Callable[..., Any], root: Path
) -> None:
    conf = root / "conferences/fk-2027.yaml"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace("{after_case: 6, minutes: 15}", "{minutes: 15}"), "utf-8")
    result = cli("validate", "--data", str(root))
    assert result.exit_code == 1
    assert "conferences/fk-2027.yaml:15:5: Fehler in breaks[0]: Eine Pause braucht entweder" in (
        " ".join(result.stderr.split())
    )


def _earlier_case(root: Path, number: int, old: str, new: str) -> None:
    """A copy of fk-2026-01 as fk-2026-<number>, with ``old`` replaced by ``new``."""
    text = (root / "cases/2026/fk-2026-01.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new).replace("fk-2026-01", f"fk-2026-{number:02d}")
    path = root / f"cases/2026/fk-2026-{number:02d}.yaml"
    path.write_text(text.replace("R01", f"R{number:02d}"), encoding="utf-8")


def test_the_review_list_keeps_the_cases_most_at_risk_each_with_its_reason(
    root: Path, cli: Callable[..., Any]
) -> None:
    agreement = (root / "cases/2026/fk-2026-01.yaml").read_text(encoding="utf-8")
    block = agreement[agreement.index("agreement:") : agreement.index("follow_up:")]
    _earlier_case(root, 3, block, "agreement: null\n")  # nothing was agreed
    _earlier_case(root, 4, "status: open", "status: dropped")  # both steps dropped, no outcome
    _earlier_case(  # all done, but nothing has happened since
        root, 5, "status: open\n      done: null", "status: done\n      done: 2026-09-01"
    )
    text = (root / "cases/2026/fk-2026-05.yaml").read_text(encoding="utf-8")
    text = text.replace("      status: open\n", "      status: done\n      done: 2026-10-01\n")
    (root / "cases/2026/fk-2026-05.yaml").write_text(text, encoding="utf-8")
    _earlier_case(  # both dropped, but with an outcome: nothing at risk, recently active
        root,
        6,
        "follow_up: []",
        "follow_up: [{date: 2027-06-01, by: schule, note: Ausbildung begonnen}]\n"
        "outcome: {date: 2027-06-01, result: training-started}",
    )
    path = root / "cases/2026/fk-2026-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: open", "status: dropped"))
    result = cli("conference", "plan", "fk-2027", "--data", str(root), "--date", "2027-06-01",
                 "--out", str(root.parent / "out"), "--format", "md", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    reviews = {
        s["case"]: s["reasons"] for s in json.loads(result.stdout)["slots"] if s["kind"] == "review"
    }
    assert reviews == {
        "fk-2026-01": ["open-steps", "silent"],
        "fk-2026-03": ["no-agreement", "silent"],
        "fk-2026-04": ["only-dropped", "silent"],
        "fk-2026-05": ["silent"],
    }
    agenda = (root.parent / "out/fk-2027/tagesordnung.md").read_text(encoding="utf-8")
    assert "Wiedervorlage fk-2026-03 (R03): keine Vereinbarung, lange nichts geschehen" in agenda
    assert "alle Schritte entfallen, kein Ergebnis" in agenda
    assert "fk-2026-06" not in agenda and "fk-2026-02" not in agenda  # at no risk, closed

"""A command prints what one library function returns.

The decisions behind ``case list``, ``followup``, ``report conference`` and
``inquiry new`` live in the library; these tests hold the commands' JSON to
the library's result (a script and the library agree) and check the
decisions where the library makes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

from merzig_cli.conference.case_list import list_cases
from merzig_cli.conference.followup import by_accompanying_actor, due_steps
from merzig_cli.conference.gate import gate
from merzig_cli.conference.report import evaluate
from merzig_cli.core.clock import today
from merzig_cli.core.errors import UsageError, UserError
from merzig_cli.inquiries.intake import draft, pick_targets, suggest, topic_ids
from merzig_cli.workspace.loader import load_workspace

CASE_KINDS = {"actor", "conference", "case"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    """Two actors; iq-beratung with the contact e-beispiel for recognition."""
    return make_ws(actors=2)


def _plain(data: Any) -> Any:
    """``data`` as the JSON output spells it (dates as text)."""
    return json.loads(json.dumps(data, default=str))


def test_case_list_json_is_the_library_list_and_a_withdrawn_case_shows_no_pseudonym(
    cli: Callable[..., Any], root: Path
) -> None:
    day = dt.date(2027, 7, 20)
    args = ("case", "list", "--date", day.isoformat(), "--data", str(root))
    listed = cli(*args, "--json")
    assert listed.exit_code == 0, listed.stderr
    ws = load_workspace(root, kinds=CASE_KINDS)
    found = list_cases(gate(ws, day, made=today()), day)
    assert json.loads(listed.stdout) == _plain([r.to_plain() for r in found.rows])
    withdrawn = next(r for r in found.rows if r.id == "fk-2027-04")
    assert withdrawn.pseudonym is None and withdrawn.withheld is not None
    assert next(r for r in found.rows if r.id == "fk-2027-05").pseudonym == "T05"
    table = cli(*args, env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "T05" in table.stdout and "W. D." not in table.stdout


def test_case_list_refuses_an_unknown_conference(root: Path) -> None:
    ws = load_workspace(root, kinds=CASE_KINDS)
    day = dt.date(2027, 7, 20)
    with pytest.raises(UserError, match="fk-2099"):
        list_cases(gate(ws, day, made=day), day, conference="fk-2099")


def test_followup_groups_follow_the_library_order(cli: Callable[..., Any], root: Path) -> None:
    day = dt.date(2027, 7, 20)
    ws = load_workspace(root, kinds=CASE_KINDS)
    steps = due_steps(gate(ws, day, made=today()), day)
    groups = by_accompanying_actor(ws, steps)
    assert sorted((s for g in groups for s in g.steps), key=steps.index) == steps
    named = [g.name.lower() for g in groups if g.actor is not None]
    assert named == sorted(named) and len(named) >= 2
    assert all(s.accompanied_by == g.actor for g in groups for s in g.steps)
    table = cli("followup", "--date", day.isoformat(), "--data", str(root), env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.stderr
    where = [table.stdout.index(g.name) for g in groups if g.actor is not None]
    assert where == sorted(where)  # the groups print in the library's order
    as_json = cli("followup", "--date", day.isoformat(), "--data", str(root), "--json")
    assert json.loads(as_json.stdout) == _plain([s.to_plain() for s in steps])


def test_report_conference_json_is_the_evaluation(cli: Callable[..., Any], root: Path) -> None:
    day = dt.date(2027, 10, 1)
    result = cli("report", "conference", "--data", str(root), "--date", day.isoformat(), "--json")
    assert result.exit_code == 0, result.stderr
    ws = load_workspace(root, kinds=CASE_KINDS)
    assert json.loads(result.stdout) == _plain(
        evaluate(gate(ws, day, made=today()), day).to_plain()
    )


def test_report_conference_names_the_option_of_a_folder_target(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    """Both reports check their output files the same way, before any work."""
    result = cli("report", "conference", "--data", str(root), "--pdf", str(tmp_path))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "--pdf:" in err and "ist ein Ordner, keine Datei" in err and "auswertung.pdf" in err


def test_intake_picks_suggestions_by_number_each_once(ws: Path) -> None:
    loaded = load_workspace(ws, kinds={"actor"})
    day = dt.date(2026, 11, 24)
    result, topics = suggest(loaded, "Zeugnis anerkennen lassen", "refugees", "ar", None, day)
    assert topics == ["recognition"]  # the detected topic when none is given
    first = result.suggestions[0]
    expected = f"{first.actor.id}/{first.contact.id}" if first.contact else first.actor.id
    assert pick_targets(loaded, f"1, ,1, {expected}", result) == [expected]
    with pytest.raises(UsageError, match="Vorschlag 9 gibt es nicht"):
        pick_targets(loaded, "9", result)
    with pytest.raises(UserError):
        pick_targets(loaded, "iq-beratung/niemand", result)
    assert topic_ids(loaded, "Anerkennung ausländischer Abschlüsse, recognition") == ["recognition"]


def test_intake_draft_refers_to_the_targets_and_needs_a_topic(ws: Path) -> None:
    loaded = load_workspace(ws, kinds={"actor"})
    day = dt.date(2026, 11, 24)
    new = draft(loaded, day, "phone", "refugees", "ar", ["recognition"], "Frage?",
                ["iq-beratung/e-beispiel", "akteur-1"])  # fmt: skip
    refs = [(r.actor, r.contact, r.status, r.date) for r in new.inquiry.referrals]
    assert refs == [("iq-beratung", "e-beispiel", "open", day), ("akteur-1", None, "open", day)]
    assert new.absences == []  # no one is away in this workspace
    with pytest.raises(UsageError, match="Kein Thema erkannt"):
        draft(loaded, day, "phone", "refugees", "ar", [], "Frage?", [])

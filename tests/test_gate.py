"""The consent gate: which cases an output may show, and to whom; and the due steps through it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from merzig_cli.conference.followup import due_steps
from merzig_cli.conference.gate import gate
from merzig_cli.workspace.loader import load_workspace

CONFERENCE = """\
id: fk-2027
title: Förderkonferenz 2027
date: 2027-06-29
location: BBZ
"""

CASE = """\
id: {id}
conference: fk-2027
pseudonym: X. Y.
birth_year: 2009
consent:
  date: {consent}
  by: self
  share_with: [iq-beratung]
  withdrawn: {withdrawn}
agreement:
  date: 2027-06-29
  steps:
    - action: Bewerbung schreiben
      by: youth
      support: iq-beratung
      due: 2027-07-15
      status: open
    - action: Praktikum suchen
      by: youth
      due: 2027-07-01
      status: open
"""


def _ws(make_ws: Callable[..., Path]) -> Path:
    files = {"conferences/fk-2027.yaml": CONFERENCE}
    for ident, consent, withdrawn in (
        ("fk-2027-01", "2027-06-01", "null"),
        ("fk-2027-02", "2027-06-01", "2027-07-10"),  # withdrawn after the conference
        ("fk-2027-03", "2027-06-30", "null"),  # consent after the conference
    ):
        files[f"cases/2027/{ident}.yaml"] = CASE.format(
            id=ident, consent=consent, withdrawn=withdrawn
        )
    return make_ws(files)


def test_the_gate_admits_only_valid_consent_on_the_day_of_the_output(
    make_ws: Callable[..., Path],
) -> None:
    ws = load_workspace(_ws(make_ws))
    before = gate(ws, dt.date(2027, 7, 9))
    assert [c.id for c in before.cases()] == ["fk-2027-01", "fk-2027-02"]
    assert [(w.case, w.reason) for w in before.withheld] == [
        ("fk-2027-03", "Einwilligung vom 2027-06-30 liegt nach der Konferenz")
    ]
    after = gate(ws, dt.date(2027, 7, 10))  # the day of the withdrawal: gone from then on
    assert [c.id for c in after.cases()] == ["fk-2027-01"]
    assert "widerrufen" in after.withheld[0].reason
    assert [c.id for c in after.cases_for("iq-beratung")] == ["fk-2027-01"]
    assert after.cases_for("jobcenter") == []  # not named in share_with


def test_due_steps_are_grouped_by_the_accompanying_actor_through_the_gate(
    make_ws: Callable[..., Path],
) -> None:
    ws = load_workspace(_ws(make_ws))
    steps = due_steps(gate(ws, dt.date(2027, 7, 10)), dt.date(2027, 7, 10))
    assert [(s.case, s.number, s.days_overdue, s.accompanied_by) for s in steps] == [
        ("fk-2027-01", 2, 9, None),  # a youth step without support: nobody accompanies it
        ("fk-2027-01", 1, -5, "iq-beratung"),  # due within 7 days
    ]
    mine = due_steps(gate(ws, dt.date(2027, 7, 9)), dt.date(2027, 7, 9), actor="iq-beratung")
    assert [(s.case, s.number) for s in mine] == [("fk-2027-01", 1), ("fk-2027-02", 1)]

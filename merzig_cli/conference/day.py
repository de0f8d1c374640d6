"""The conference day (``merzig conference run``): which cases, in which order, what is left.

The order is the agenda's (:mod:`.agenda`), and only cases the consent gate
admits are on it. A case counts as done on the day when its agreement names a
perspective; ``run`` starts at the first case without one, so that after a
crash or Ctrl-C it resumes where it stopped. Each case is written in one
change (:func:`.agreement.agree`) when its agreement is complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..schema.conference import Case, Conference
from ..workspace.loader import Workspace
from .agenda import CASE, REVIEW, Agenda, Slot, plan
from .followup import open_steps
from .gate import Gate, gate


@dataclass
class Day:
    """The agenda of the day with the gate it was made with."""

    gate: Gate
    agenda: Agenda

    @property
    def conference(self) -> Conference:
        return self.agenda.conference

    def case(self, slot: Slot) -> Case:
        return self.gate.ws.cases[slot.case or ""]

    @property
    def cases(self) -> list[Slot]:
        """The conference's own cases in agenda order."""
        return [s for s in self.agenda.slots if s.kind == CASE]

    @property
    def reviews(self) -> list[Slot]:
        """Cases of earlier conferences that come up again, with open steps."""
        return [s for s in self.agenda.slots if s.kind == REVIEW]

    def pending(self) -> list[Slot]:
        """The cases still without an agreed perspective, in agenda order."""
        return [s for s in self.cases if not agreed(self.case(s))]


def agreed(case: Case) -> bool:
    return case.agreement is not None and case.agreement.perspective is not None


def day_of(ws: Workspace, conference: Conference, today: dt.date) -> Day:
    """The day's agenda: outputs of the conference date, made ``today``."""
    g = gate(ws, conference.date, made=today)
    return Day(g, plan(g, conference))


def earlier_open_steps(case: Case) -> list[tuple[int, Any]]:
    """The steps still open from an earlier agreement of this case."""
    return open_steps(case)


def write_sheet(
    ws: Workspace, day: Day, case_id: str, today: dt.date, out: Path, formats: list[str]
) -> list[Any]:
    """The young person's agreement sheet of ``case_id`` (as ``conference minutes`` writes it)
    into ``out/<conference>/``; returns the written files."""
    from ..core.paths import safe_name
    from ..documents.manifest import write_recorded
    from .documents import minutes_documents, render

    docs = [
        d
        for d in minutes_documents(ws, day.gate, day.agenda, today)
        if d.kind == "sheet" and d.cases == (case_id,)
    ]
    outputs = render(ws, docs, formats)
    folder = out / safe_name(day.conference.id)
    return list(write_recorded(ws.root, ws.config, folder, outputs, today, base=out))

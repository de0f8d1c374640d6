"""The list of cases (``merzig case list``): which cases, in what state, how many steps open.

Every listed case carries its state as the consent gate sees it: a withheld
case says why, and a case whose consent may be withdrawn shows no pseudonym
(``pseudonym`` is ``None``). Withheld cases whose file could not be read
have no row; they come back in :attr:`CaseList.unlisted` so that the caller
can say they were left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..schema.conference import Case
from .agenda import involved
from .cases import conference_of
from .followup import open_steps
from .gate import Gate, Withheld


@dataclass(frozen=True)
class CaseRow:
    """One case of the list; ``pseudonym`` is ``None`` where the gate hides the content."""

    id: str
    conference: str
    pseudonym: str | None
    perspective: str | None
    open_steps: int
    overdue_steps: int
    state: str
    withheld: str | None  # the gate's reason, for machines
    file: str

    def to_plain(self) -> dict[str, Any]:
        """The row for ``--json`` (without the pseudonym, as always)."""
        return {
            "id": self.id,
            "conference": self.conference,
            "state": self.state,
            "withheld": self.withheld,
            "perspective": self.perspective,
            "open_steps": self.open_steps,
            "overdue_steps": self.overdue_steps,
            "file": self.file,
        }


@dataclass(frozen=True)
class CaseList:
    rows: list[CaseRow]
    unlisted: list[Withheld]  # withheld cases without a row (their file was not usable)


def case_state(gate: Gate, case: Case) -> str:
    """The case's state as the gate sees it: why it is withheld, or open or closed."""
    held = gate.verdict(case.id)
    if held is not None:
        return held.text
    return f"abgeschlossen {case.closed.isoformat()}" if case.closed else "offen"


def content_hidden(gate: Gate, case: Case) -> bool:
    """The gate hides the case's content (the consent may be withdrawn)."""
    held = gate.verdict(case.id)
    return held is not None and held.reason.hides_content


def list_cases(
    gate: Gate,
    day: dt.date,
    conference: str | None = None,
    only_open: bool = False,
    actor: str | None = None,
) -> CaseList:
    """The cases of ``conference`` (all by default), sorted by id; ``only_open`` leaves out
    closed cases, ``actor`` keeps the cases that actor is involved in. An unknown
    conference or actor is a :class:`~merzig_cli.core.errors.UserError`."""
    ws = gate.ws
    if conference:
        conference_of(ws, conference)
    if actor:
        ws.actor(actor)
    rows = []
    for case in sorted(ws.cases.values(), key=lambda c: c.id):
        if conference and case.conference != conference:
            continue
        if only_open and case.closed is not None:
            continue
        if actor and actor not in involved(case):
            continue
        steps = open_steps(case)
        held = gate.verdict(case.id)
        rows.append(
            CaseRow(
                id=case.id,
                conference=case.conference,
                pseudonym=None if content_hidden(gate, case) else case.pseudonym,
                perspective=case.agreement.perspective if case.agreement else None,
                open_steps=len(steps),
                overdue_steps=sum(1 for _, s in steps if s.due and s.due < day),
                state=case_state(gate, case),
                withheld=held.reason.value if held else None,
                file=case.source,
            )
        )
    unlisted = [w for w in gate.withheld_from(conference) if w.case not in ws.cases]
    return CaseList(rows, unlisted)

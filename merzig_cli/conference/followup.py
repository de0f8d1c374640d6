"""Follow-up of the agreed steps: what is due, what is overdue, who accompanies it.

The agreement is structured data, so the follow-up needs no one to copy
steps into a task list: every open step with a due date is listed until it
is done or dropped, grouped by the actor that accompanies it (the one who
carries it when no one else is named). Only cases the consent gate admits
are listed.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ..schema.conference import Case, Step
from .gate import Gate

if TYPE_CHECKING:
    from ..workspace.loader import Workspace

DUE_WITHIN_DAYS = 7
YOUTH = "youth"


@dataclass(frozen=True)
class DueStep:
    """One open step that is overdue or due soon; ``number`` counts from 1 within the case."""

    case: str
    conference: str
    pseudonym: str
    number: int
    action: str
    by: str
    accompanied_by: str | None
    due: dt.date
    days_overdue: int  # negative: days until it is due

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    def to_plain(self) -> dict[str, Any]:
        """The step for ``--json``: every field and whether it is overdue."""
        return {**asdict(self), "overdue": self.overdue}


@dataclass(frozen=True)
class DueGroup:
    """The due steps one actor accompanies; ``actor`` is ``None`` for steps no actor does."""

    actor: str | None
    name: str
    steps: list[DueStep]


def accompanying_actor(step: Step) -> str | None:
    """The actor that follows the step up: its ``support``, else the actor that carries it."""
    if step.support:
        return step.support
    return step.by if step.by and step.by != YOUTH else None


CARRY, ACCOMPANY = "carry", "accompany"


def step_actors(by: str, support: str | None) -> list[tuple[str, str]]:
    """Who answers for a step, with the role: the actor that carries it (``by``, unless it is
    the young person) and the actor that accompanies it (``support``), each once."""
    found = []
    if by and by != YOUTH:
        found.append((by, CARRY))
    if support and support != by:
        found.append((support, ACCOMPANY))
    return found


def open_steps(case: Case) -> list[tuple[int, Step]]:
    steps = case.agreement.steps if case.agreement else []
    return [(n, s) for n, s in enumerate(steps, start=1) if s.status == "open"]


def last_activity(case: Case, conference_date: dt.date) -> dt.date:
    """The latest date anything happened in the case (the conference itself at least)."""
    dates = [conference_date, *(f.date for f in case.follow_up)]
    if case.agreement:
        dates += [d for d in (case.agreement.date,) if d]
        dates += [s.done for s in case.agreement.steps if s.done]
    if case.outcome and case.outcome.date:
        dates.append(case.outcome.date)
    return max(dates)


class Review(enum.Enum):
    """Why a case of an earlier conference comes up again (Wiedervorlage)."""

    NO_AGREEMENT = "keine Vereinbarung"
    ONLY_DROPPED = "alle Schritte entfallen, kein Ergebnis"
    OPEN_STEPS = "offene Schritte"
    SILENT = "lange nichts geschehen"

    @property
    def code(self) -> str:
        """The reason for machines (``--json``): ``no-agreement``, ``only-dropped``, …"""
        return self.name.lower().replace("_", "-")


def review_reasons(
    case: Case, conference_date: dt.date, day: dt.date, silence_days: int
) -> list[Review]:
    """Why an open case of a past conference must be discussed again; empty: it need not be.

    The cases most at risk are those with nothing agreed, or with nothing left
    agreed and no outcome: they have no step that would remind anyone of them.
    """
    if case.closed is not None:
        return []
    steps = case.agreement.steps if case.agreement else []
    reasons = []
    if not steps:
        reasons.append(Review.NO_AGREEMENT)
    elif all(s.status == "dropped" for s in steps) and not (case.outcome and case.outcome.result):
        reasons.append(Review.ONLY_DROPPED)
    if open_steps(case):
        reasons.append(Review.OPEN_STEPS)
    if (day - last_activity(case, conference_date)).days > silence_days:
        reasons.append(Review.SILENT)
    return reasons


def due_steps(
    gate: Gate,
    day: dt.date,
    actor: str | None = None,
    within_days: int = DUE_WITHIN_DAYS,
) -> list[DueStep]:
    """Open steps overdue on ``day`` or due within ``within_days``, most overdue first.

    With ``actor``, only the steps that actor accompanies, and only in cases
    whose consent names that actor (the gate decides).
    """
    cases = gate.cases() if actor is None else gate.cases_for(actor)
    found = []
    for case in cases:
        if case.closed is not None:
            continue
        for number, step in open_steps(case):
            who = accompanying_actor(step)
            if step.due is None or (actor is not None and who != actor):
                continue
            late = (day - step.due).days
            if late >= -within_days:
                found.append(
                    DueStep(
                        case.id,
                        case.conference,
                        case.pseudonym,
                        number,
                        step.action,
                        step.by,
                        who,
                        step.due,
                        late,
                    )
                )
    return sorted(found, key=lambda s: (-s.days_overdue, s.case, s.number))


def by_accompanying_actor(ws: Workspace, steps: list[DueStep]) -> list[DueGroup]:
    """``steps`` grouped by the actor that accompanies them, by the actor's name; the steps
    no actor accompanies last. Within a group the order of ``steps`` is kept."""
    from .minimised import actor_name  # minimised builds on this module

    groups: dict[str, list[DueStep]] = {}
    for s in steps:
        groups.setdefault(s.accompanied_by or "", []).append(s)
    ordered = sorted(groups, key=lambda a: (a == "", actor_name(ws, a).lower()))
    return [DueGroup(who or None, actor_name(ws, who or None), groups[who]) for who in ordered]

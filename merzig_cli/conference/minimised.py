"""What an output may show of a case, in German: data minimisation in one place.

Every document and terminal view of a case is built from a :class:`CaseView`
made here, and each kind of reader gets only what it needs:

* ``full``: the coordinator's own view (``merzig case show``, the right of access);
* ``minutes``: the Protokoll — situation without family details, the whole agreement;
* ``excerpt`` for one actor: the agreement and only the steps that actor carries
  or accompanies, the situation only if the actor is in the case's support system;
* ``sheet``: the agreement for the young person, no situation at all.

The pseudonym stands for the person everywhere; no view has a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.vocab import (
    CONSENT_BY,
    OUTCOMES,
    PERSPECTIVES,
    RESIDENCE_STATUS,
    STEP_STATUS,
    WORK_PERMIT,
)
from ..schema.conference import Case, Step
from ..workspace.loader import Workspace
from .followup import YOUTH, accompanying_actor

FULL, MINUTES, EXCERPT, SHEET = "full", "minutes", "excerpt", "sheet"
YOUTH_LABEL = "die junge Person"


@dataclass(frozen=True)
class StepView:
    number: int
    action: str
    by: str  # who carries it, as a name
    by_youth: bool
    support: str | None  # who accompanies it, as a name
    due: dt.date | None
    status: str  # open | done | dropped
    status_label: str
    done: dt.date | None
    reason: str | None
    days_overdue: int | None  # open steps with a due date: days past it (negative: still ahead)


@dataclass
class CaseView:
    id: str
    pseudonym: str
    conference: str
    birth_year: int | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, text) of the situation
    support_system: list[tuple[str, str]] = field(default_factory=list)  # (actor name, role)
    options: list[str] = field(default_factory=list)
    perspective: str | None = None
    perspective_id: str | None = None
    agreement_date: dt.date | None = None
    steps: list[StepView] = field(default_factory=list)
    follow_up: list[tuple[dt.date, str]] = field(default_factory=list)
    outcome: str | None = None
    outcome_date: dt.date | None = None
    closed: dt.date | None = None
    review: dt.date | None = None  # next review: the earliest due date of an open step
    discussion: str | None = None  # the short notes of the discussion (minutes, full view)
    consent: list[tuple[str, str]] = field(default_factory=list)


def actor_name(ws: Workspace, actor: str | None) -> str:
    if actor is None:
        return ""
    if actor == YOUTH:
        return YOUTH_LABEL
    found = ws.actors.get(actor)
    return found.name if found else actor


def _step(ws: Workspace, number: int, step: Step, day: dt.date) -> StepView:
    late = (day - step.due).days if step.status == "open" and step.due else None
    return StepView(
        number=number,
        action=step.action,
        by=actor_name(ws, step.by),
        by_youth=step.by == YOUTH,
        support=actor_name(ws, step.support) if step.support else None,
        due=step.due,
        status=step.status,
        status_label=STEP_STATUS.get(step.status, step.status),
        done=step.done,
        reason=step.reason,
        days_overdue=late,
    )


def _facts(case: Case, family: bool) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if case.school:
        school = ", ".join(x for x in (case.school.name, case.school.class_) if x)
        if school:
            facts.append(("Schule", school))
        if case.school.certificate:
            facts.append(("Abschluss", case.school.certificate))
    if case.language_level:
        facts.append(("Deutschniveau", case.language_level))
    if case.residence and case.residence.status:
        text = RESIDENCE_STATUS.get(case.residence.status, case.residence.status)
        if case.residence.valid_until:
            text += f", gültig bis {case.residence.valid_until.isoformat()}"
        facts.append(("Aufenthalt", text))
    if case.residence and case.residence.work_permit:
        permit = case.residence.work_permit
        facts.append(("Arbeitserlaubnis", WORK_PERMIT.get(permit, permit)))
    s = case.situation
    if s is not None:
        if family and s.family:
            facts.append(("Familie", s.family))
        if s.competencies:
            facts.append(("Stärken", ", ".join(s.competencies)))
        if s.interests:
            facts.append(("Interessen", ", ".join(s.interests)))
        if s.motivation:
            facts.append(("Motivation", s.motivation))
    return facts


def case_view(
    ws: Workspace, case: Case, day: dt.date, purpose: str = FULL, actor: str | None = None
) -> CaseView:
    """The case as ``purpose`` may see it (``actor``: the reader of an excerpt)."""
    agreement = case.agreement
    steps = [
        _step(ws, n, s, day) for n, s in enumerate(agreement.steps if agreement else [], start=1)
    ]
    if purpose == EXCERPT:
        mine = {
            n
            for n, s in enumerate(agreement.steps if agreement else [], start=1)
            if actor in (s.by, s.support, accompanying_actor(s))
        }
        steps = [s for s in steps if s.number in mine]
    view = CaseView(
        id=case.id,
        pseudonym=case.pseudonym,
        conference=case.conference,
        perspective=PERSPECTIVES.get(agreement.perspective or "", agreement.perspective)
        if agreement
        else None,
        perspective_id=agreement.perspective if agreement else None,
        agreement_date=agreement.date if agreement else None,
        steps=steps,
        review=min((s.due for s in steps if s.status == "open" and s.due), default=None),
    )
    if purpose == SHEET:
        return view
    in_support_system = purpose != EXCERPT or any(a.actor == actor for a in case.actors)
    if in_support_system:
        view.facts = _facts(case, family=purpose == FULL)
        view.support_system = [(actor_name(ws, a.actor), a.role or "") for a in case.actors]
        view.options = [PERSPECTIVES.get(o, o) for o in case.options]
    if purpose in (FULL, MINUTES):
        view.discussion = case.discussion
        view.outcome = (
            OUTCOMES.get(case.outcome.result or "", case.outcome.result)
            if (case.outcome and case.outcome.result)
            else None
        )
        view.outcome_date = case.outcome.date if case.outcome else None
        view.closed = case.closed
    if purpose == FULL:
        view.birth_year = case.birth_year or None
        view.follow_up = [(f.date, f.note) for f in case.follow_up]
        view.consent = consent_lines(ws, case)
    return view


def consent_lines(ws: Workspace, case: Case) -> list[tuple[str, str]]:
    c = case.consent
    lines = [
        ("Datum", c.date.isoformat() if c.date else "fehlt"),
        ("Durch", CONSENT_BY.get(c.by or "", c.by or "–")),
    ]
    if c.purpose:
        lines.append(("Zweck", c.purpose))
    lines.append(("Geteilt mit", ", ".join(actor_name(ws, a) for a in c.share_with) or "niemandem"))
    lines.append(("Widerrufen", c.withdrawn.isoformat() if c.withdrawn else "nein"))
    return lines

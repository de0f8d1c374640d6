"""The agenda of a conference: one time slot per case, breaks, review items, who is needed when.

Times come from the conference's ``start`` and ``slot_minutes``. A break
``after_case: n`` follows the n-th case slot (with ``repeat: true`` every
n-th); a break ``at: "12:00"`` holds
its clock time: a slot that would run into it starts after it (and if the
agenda is already past that time, the break follows the running slot). Cases
of earlier conferences that are still open come first, as review items
(Wiedervorlage) of ``review_minutes`` each, with the reason: no agreement,
only dropped steps and no outcome, open steps, or silent for longer than
``followup.silence_days`` (see :func:`.followup.review_reasons`). Only cases the consent gate
admits are planned, and an actor is needed for a case only when the consent
names it and it is part of the case (support system, carries or accompanies a
step).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.errors import UserError
from ..schema.conference import Break, Case, Conference
from .followup import YOUTH, Review, open_steps, review_reasons
from .gate import Gate, Withheld

CASE, REVIEW, PAUSE = "case", "review", "break"


@dataclass(frozen=True)
class Slot:
    kind: str  # case | review | break
    start: dt.datetime
    end: dt.datetime
    case: str | None = None
    pseudonym: str | None = None
    number: int | None = None  # the case slot's running number (review items and breaks: None)
    actors: tuple[str, ...] = ()  # the actors needed for it, as far as consent allows
    reasons: tuple[Review, ...] = ()  # why a review item comes up again

    @property
    def reason_text(self) -> str:
        """The reasons of a review item in German, joined: „keine Vereinbarung, …“."""
        return ", ".join(r.value for r in self.reasons)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class Agenda:
    conference: Conference
    slots: list[Slot]
    withheld: list[Withheld]
    # actors a case needs that are not among the participants: (actor, case id)
    absent: list[tuple[str, str]] = field(default_factory=list)

    @property
    def cases(self) -> list[Slot]:
        return [s for s in self.slots if s.kind == CASE]

    @property
    def reviews(self) -> list[Slot]:
        return [s for s in self.slots if s.kind == REVIEW]

    def needed(self, actor: str) -> list[Slot]:
        """The slots ``actor`` is needed for, in time order."""
        return [s for s in self.slots if actor in s.actors]

    @property
    def end(self) -> dt.datetime:
        return self.slots[-1].end if self.slots else _clock(self.conference, self.conference.start)


def involved(case: Case, steps: str = "all") -> set[str]:
    """Actors a case involves: its support system and the steps' actors (``open`` steps only)."""
    found = {a.actor for a in case.actors} if steps == "all" else set()
    chosen = (
        case.agreement.steps
        if steps == "all" and case.agreement
        else [s for _, s in open_steps(case)]
    )
    for step in chosen:
        found |= {a for a in (step.by, step.support) if a and a != YOUTH}
    return found & set(case.consent.share_with)


def _clock(conference: Conference, hhmm: str) -> dt.datetime:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(conference.date, dt.time(hours, minutes))


def _reviews(gate: Gate, conference: Conference) -> list[tuple[Case, list[Review]]]:
    """Cases of earlier conferences that must come up again, each with its reasons."""
    dates = {c.id: c.date for c in gate.ws.conferences.values() if c.date < conference.date}
    silence = gate.ws.config.followup.silence_days
    found = []
    for case in gate.cases():
        if case.conference in dates:
            reasons = review_reasons(case, dates[case.conference], conference.date, silence)
            if reasons:
                found.append((case, reasons))
    return found


def plan(gate: Gate, conference: Conference) -> Agenda:
    """Lay out the agenda of ``conference`` with the cases the gate admits."""
    try:
        return _plan(gate, conference)
    except OverflowError:
        raise UserError(
            f"Die Tagesordnung von {conference.id} reicht über den 31.12.9999 hinaus",
            f"Datum und Beginn in conferences/{conference.id}.yaml prüfen",
        ) from None


def _plan(gate: Gate, conference: Conference) -> Agenda:
    items = [(REVIEW, c, tuple(r)) for c, r in _reviews(gate, conference)]
    items += [(CASE, c, ()) for c in gate.cases(conference.id)]
    at_breaks = sorted(
        (b for b in conference.breaks if b.at and b.after_case is None),
        key=lambda b: b.at or "",
    )
    after_breaks = [b for b in conference.breaks if b.after_case is not None]
    participants = {p.actor for p in conference.participants}
    slots: list[Slot] = []
    absent: list[tuple[str, str]] = []
    t = _clock(conference, conference.start)
    number = 0
    for kind, case, reasons in items:
        length = dt.timedelta(
            minutes=conference.review_minutes if kind == REVIEW else conference.slot_minutes
        )
        while at_breaks and t + length > _clock(conference, at_breaks[0].at or ""):
            brk = at_breaks.pop(0)
            t = _pause(slots, max(t, _clock(conference, brk.at or "")), brk)
        # a review item needs those who carry its open steps, or its whole support system
        scope = "open" if kind == REVIEW and open_steps(case) else "all"
        actors = tuple(sorted(involved(case, scope)))
        absent += [(a, case.id) for a in actors if a not in participants]
        if kind == CASE:
            number += 1
        slots.append(
            Slot(
                kind,
                t,
                t + length,
                case.id,
                case.pseudonym,
                number if kind == CASE else None,
                actors,
                reasons,
            )
        )
        t += length
        if kind == CASE:
            for b in after_breaks:
                n = b.after_case or 0
                if number == n or (b.repeat and n and number % n == 0):
                    t = _pause(slots, t, b)
    return Agenda(conference, slots, _withheld(gate, conference), absent)


def _withheld(gate: Gate, conference: Conference) -> list[Withheld]:
    """The cases the gate holds back that this agenda would have: its own, review items of
    earlier conferences, and those whose conference cannot be told (a broken file)."""
    earlier = {c.id for c in gate.ws.conferences.values() if c.date < conference.date}

    def review_item(w: Withheld) -> bool:
        held = gate.ws.cases.get(w.case)
        return w.conference in earlier and held is not None and held.closed is None

    own = gate.withheld_from(conference.id)
    return own + [w for w in gate.withheld if w not in own and review_item(w)]


def _pause(slots: list[Slot], start: dt.datetime, brk: Break) -> dt.datetime:
    end = start + dt.timedelta(minutes=brk.minutes)
    slots.append(Slot(PAUSE, start, end))
    return end

"""``followup --check``: no young person is lost.

A case fails the check when the consent gate withholds it for a defect of its
file (unreadable, doubled, a consent that cannot be read: it is missing from
every output until the file is corrected) once its conference has taken
place or cannot be told, when its conference has taken place and it has no
agreement with steps, when an open step has no due date or nobody who
accompanies it, or when nothing has happened in the case for
``followup.silence_days`` days. Closed cases and withdrawn consents are not
followed up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..schema.conference import Case
from .followup import accompanying_actor, open_steps
from .gate import Gate


@dataclass(frozen=True)
class Finding:
    case: str
    pseudonym: str
    code: str  # withheld | no-agreement | no-due-date | no-support | silent
    message: str  # German


def last_activity(case: Case, conference_date: dt.date) -> dt.date:
    """The latest date anything happened in the case (the conference itself at least)."""
    dates = [conference_date, *(f.date for f in case.follow_up)]
    if case.agreement:
        dates += [d for d in (case.agreement.date,) if d]
        dates += [s.done for s in case.agreement.steps if s.done]
    if case.outcome and case.outcome.date:
        dates.append(case.outcome.date)
    return max(dates)


def _held_or_unknown(gate: Gate, conference_id: str, day: dt.date) -> bool:
    """A conference that has taken place by ``day``, or none that can be told."""
    conference = gate.ws.conferences.get(conference_id)
    return conference is None or conference.date < day


def _closed(gate: Gate, case_id: str) -> bool:
    case = gate.ws.cases.get(case_id)
    return case is not None and case.closed is not None


def check(gate: Gate, day: dt.date) -> list[Finding]:
    silence = gate.ws.config.followup.silence_days
    found = [
        Finding(w.case, "?", "withheld", f"{w.text}: der Fall fehlt in jeder Ausgabe")
        for w in gate.withheld
        if w.reason.defect
        and _held_or_unknown(gate, w.conference, day)
        and not _closed(gate, w.case)
    ]
    for case in gate.cases():
        conference = gate.ws.conferences.get(case.conference)
        if case.closed is not None or conference is None:
            continue

        def add(code: str, message: str, case: Case = case) -> None:
            found.append(Finding(case.id, case.pseudonym, code, message))

        held = conference.date < day
        if held and not (case.agreement and case.agreement.steps):
            add(
                "no-agreement",
                f"Konferenz am {conference.date.isoformat()} ist vorbei, aber es gibt keine "
                "Vereinbarung mit Schritten",
            )
        for number, step in open_steps(case):
            if step.due is None:
                add("no-due-date", f"Schritt {number} ist offen und hat keine Frist (due)")
            if accompanying_actor(step) is None:
                add(
                    "no-support",
                    f"Schritt {number} ist offen, aber niemand begleitet ihn (support fehlt)",
                )
        if held:
            last = last_activity(case, conference.date)
            quiet = (day - last).days
            if quiet > silence:
                add(
                    "silent",
                    f"seit {quiet} Tagen keine Aktivität (zuletzt am {last.isoformat()}; "
                    f"Grenze {silence} Tage)",
                )
    return found

"""``followup --check``: no young person is lost.

A case fails the check when the consent gate withholds it for a defect of its
file (unreadable, doubled, a consent that cannot be read: it is missing from
every output until the file is corrected) once its conference has taken
place or cannot be told, when its conference has taken place and it has no
agreement with steps or only dropped steps and no outcome, when an open step
has no due date, nobody who accompanies it, or an actor carrying or
accompanying it whom the consent does not name, or when nothing has happened in the case for
``followup.silence_days`` days. Closed cases and withdrawn consents are not
followed up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..schema.conference import Case
from .followup import YOUTH, accompanying_actor, last_activity, open_steps
from .gate import Gate


@dataclass(frozen=True)
class Finding:
    case: str
    pseudonym: str
    # withheld | no-agreement | only-dropped | no-due-date | no-support | not-covered | silent
    code: str
    message: str  # German


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
        steps = case.agreement.steps if case.agreement else []
        outcome = case.outcome.result if case.outcome else None
        if held and steps and all(s.status == "dropped" for s in steps) and not outcome:
            add("only-dropped", "alle Schritte sind entfallen, und es gibt kein Ergebnis")
        shared = set(case.consent.share_with)
        for number, step in open_steps(case):
            for role, actor in (("trägt", step.by), ("begleitet", step.support)):
                if actor and actor != YOUTH and actor not in shared:
                    add(
                        "not-covered",
                        f"Schritt {number}: {actor} {role} ihn, aber die Einwilligung nennt "
                        f"{actor} nicht (share_with)",
                    )
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

"""``followup --check``: no young person is lost.

A case fails the check when its conference has taken place and it has no
agreement with steps, when an open step has no due date or nobody who
accompanies it, or when nothing has happened in the case for
``followup.silence_days`` days. Closed cases and cases the consent gate holds
back are not followed up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..schema.conference import Case
from .followup import accompanying_actor, open_steps
from .gate import Gate, lost_case_files


@dataclass(frozen=True)
class Finding:
    case: str
    pseudonym: str
    code: str  # unreadable | no-agreement | no-due-date | no-support | silent
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


def check(gate: Gate, day: dt.date) -> list[Finding]:
    silence = gate.ws.config.followup.silence_days
    found = [
        Finding(Path(rel).stem, "?", "unreadable", f"{rel} ist nicht lesbar: der Fall fehlt in "
                "jeder Ausgabe; Details: merzig validate")
        for rel in lost_case_files(gate.ws)
    ]  # fmt: skip
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

"""The consent gate: the one place that decides which cases an output may show, and to whom.

Every output made from case files (agenda, invitations, minutes, excerpts,
agreement sheets, mails, reminders, reports) asks the gate and nothing else.
A case passes only with a consent that has a date on or before its
conference and is not withdrawn on the day the output is made (the real day:
a ``--date`` in the past never brings a withdrawn case back); an actor sees
a case only when the consent names it in ``share_with``. There is no
override: a withdrawn consent removes the case from every output made from
then on, and the gate says which cases it held back and why, so that the
command can tell the coordinator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..core.clock import today
from ..schema.conference import Case
from ..workspace.loader import RECORD_DIRS, Workspace


@dataclass(frozen=True)
class Withheld:
    """A case the gate held back, and the reason in German (no pseudonym: the id suffices)."""

    case: str
    conference: str
    reason: str


def refusal(case: Case, conference_date: dt.date | None, on: dt.date) -> str | None:
    """Why ``case`` may not appear in an output for the day ``on``; None if it may.

    A withdrawal counts from its date on, and the output is made today even
    when it is made for an earlier day: so it counts up to ``on`` or today,
    whichever is later.
    """
    consent = case.consent
    made = max(on, today())
    if consent.date is None:
        return "keine Einwilligung mit Datum"
    if conference_date is None:
        return f"Förderkonferenz „{case.conference}“ unbekannt"
    if consent.date > conference_date:
        return f"Einwilligung vom {consent.date.isoformat()} liegt nach der Konferenz"
    if consent.withdrawn is not None and consent.withdrawn <= made:
        return f"Einwilligung am {consent.withdrawn.isoformat()} widerrufen"
    return None


@dataclass
class Gate:
    """The cases of a workspace as an output made on ``on`` may show them."""

    ws: Workspace
    on: dt.date
    withheld: list[Withheld] = field(default_factory=list)
    _admitted: list[Case] = field(default_factory=list)

    def __post_init__(self) -> None:
        for case in sorted(self.ws.cases.values(), key=lambda c: c.id):
            conference = self.ws.conferences.get(case.conference)
            reason = refusal(case, conference.date if conference else None, self.on)
            if reason is None:
                self._admitted.append(case)
            else:
                self.withheld.append(Withheld(case.id, case.conference, reason))

    def cases(self, conference: str | None = None) -> list[Case]:
        """Cases with valid consent, in id order (of one conference, or all)."""
        return [c for c in self._admitted if conference is None or c.conference == conference]

    def cases_for(self, actor: str, conference: str | None = None) -> list[Case]:
        """Cases with valid consent that may be shared with ``actor``."""
        return [c for c in self.cases(conference) if actor in c.consent.share_with]

    def withheld_from(self, conference: str | None = None) -> list[Withheld]:
        return [w for w in self.withheld if conference is None or w.conference == conference]


def lost_case_files(ws: Workspace) -> list[str]:
    """Case files that give no case at all (broken YAML, no usable id): no output shows them,
    so every command that follows cases up must say so, or a young person is lost unseen."""
    folder = RECORD_DIRS["case"] + "/"
    lost = {p.file for p in ws.failures if p.file and p.file.startswith(folder)}
    lost |= {d.rel for d in ws.documents.get("case", []) if Path(d.rel).stem not in ws.cases}
    return sorted(lost)


def gate(ws: Workspace, on: dt.date) -> Gate:
    """The consent gate for outputs made on ``on`` (needs the workspace's cases and conferences)."""
    return Gate(ws, on)

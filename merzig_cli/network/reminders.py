"""Reminders from the office: overdue Rückmeldungen, stale Steckbriefe, due case steps.

Three kinds, each to be chosen alone; what is due becomes *duties* (one item
for one person), and :mod:`.digest` turns the duties of a day into mails at
the pace the reminder memory (:mod:`.memory`) allows:

* ``feedback``: to the contact person of each overdue referral, with the
  inquiry's number, the referral date and the topics; never the question or
  anything about the person who asked.
* ``profile``: to the general contact of an actor whose Steckbrief is stale,
  with the whole current Steckbrief attached as a readable HTML document.
* ``steps``: to both actors that answer for a due or overdue case step, the
  one that carries it (``by``, unless it is the young person) and the one
  that accompanies it (``support``), only in cases the consent gate admits
  and whose consent names that actor; each reminder goes to the person who
  sat in the conference for that actor (its ``participants`` entry), else to
  the actor's general contact, and says which. It names the pseudonym, the
  step's number and its due date, nothing else of the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..conference.followup import due_steps, step_actors
from ..conference.gate import gate
from ..core.text import one_line
from ..directory.query import stale_actors
from ..inquiries.referrals import overdue_referrals
from ..schema.actor import Actor
from ..schema.conference import Conference
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from .compose import Campaign
from .memory import Item, read_memory
from .recipients import Unreachable, actor_address, clean_address, name_problem

REMINDER_KINDS = {
    "feedback": "Rückmeldungen",
    "profile": "Steckbrief",
    "steps": "fällige Schritte",
}
KIND_RECORDS = {
    "feedback": {"actor", "inquiry"},
    "profile": {"actor"},
    "steps": {"actor", "conference", "case"},
}


@dataclass
class Duty:
    """One item to remind one person of, before the pace is applied."""

    item: Item
    actor: Actor
    address: str
    name: str
    data: dict[str, Any] = field(default_factory=dict)  # what the template shows


@dataclass(frozen=True)
class Missing(Unreachable):
    kind: str = ""


def records_needed(kinds: list[str]) -> set[str]:
    return set().union(*(KIND_RECORDS[k] for k in kinds))


def _topic_labels(ws: Workspace, topics: list[str]) -> str:
    entries = ws.taxonomy.topics
    return ", ".join(pick_label(entries[t].label, "de") if t in entries else t for t in topics)


def feedback_duties(ws: Workspace, day: dt.date) -> tuple[list[Duty], list[Missing]]:
    duties: list[Duty] = []
    missing: list[Missing] = []
    for inquiry in sorted(ws.inquiries.values(), key=lambda i: i.id):
        for ref in overdue_referrals(inquiry, day, ws.config.feedback_days):
            actor = ws.actors.get(ref.actor)
            if actor is None:
                missing.append(
                    Missing(ref.actor, ref.contact or "", ref.actor, "Akteur unbekannt", "feedback")
                )
                continue
            address, name, why = actor_address(
                actor, actor.contact(ref.contact) if ref.contact else None
            )
            if address is None:
                missing.append(Missing(actor.id, ref.contact or "", name, why, "feedback"))
                continue
            key = f"feedback:{inquiry.id}:{actor.id}:{ref.contact or ''}"
            data = {
                "inquiry": inquiry.id,
                "date": ref.date,
                "topics": _topic_labels(ws, inquiry.topics),
                "actor": actor.name,
            }
            duties.append(Duty(Item(key, "feedback", actor.id), actor, address, name, data))
    return duties, missing


def profile_duties(ws: Workspace, day: dt.date) -> tuple[list[Duty], list[Missing]]:
    duties, missing = [], []
    for actor, months in stale_actors(ws, day):
        address, name, why = actor_address(actor)
        if address is None:
            missing.append(Missing(actor.id, "", actor.name, why, "profile"))
            continue
        item = Item(f"profile:{actor.id}", "profile", actor.id)
        duties.append(Duty(item, actor, address, name, {"months": months, "actor": actor.name}))
    return duties, missing


def participant_address(
    actor: Actor, conference: Conference | None
) -> tuple[str | None, str, bool, str]:
    """(address, name, attended, why none) for a step reminder to ``actor``: the contact who
    attended ``conference`` for it (attended=True), else the actor's general contact."""
    for entry in conference.participants if conference else []:
        if entry.actor != actor.id or not entry.contact:
            continue
        person = actor.contact(entry.contact)
        address = clean_address(person.email) if person is not None else None
        if person is not None and address and not name_problem(one_line(person.name)):
            return address, one_line(person.name), True, ""
    address, name, why = actor_address(actor)
    return address, name, False, why


def step_duties(
    ws: Workspace, day: dt.date, made: dt.date | None = None
) -> tuple[list[Duty], list[Missing], list[str]]:
    admitted = gate(ws, day, made)
    consent = {c.id: c.consent.share_with for c in admitted.cases()}
    duties: list[Duty] = []
    missing: list[Missing] = []
    for step in due_steps(admitted, day):
        conference = ws.conferences.get(step.conference)
        for actor_id, role in step_actors(step.by, step.accompanied_by):
            actor = ws.actors.get(actor_id)
            if actor is None or actor_id not in consent.get(step.case, []):
                continue  # only an actor the consent names learns of the case
            address, name, attended, why = participant_address(actor, conference)
            if address is None:
                missing.append(Missing(actor.id, "", actor.name, why, "steps"))
                continue
            key = f"step:{step.case}:{step.number}:{actor.id}"
            item = Item(key, "steps", actor.id, step.case, step.number, step.due.isoformat(), role)
            data = {
                "pseudonym": step.pseudonym,
                "number": step.number,
                "due": step.due,
                "days_overdue": step.days_overdue,
                "conference": conference.title if conference else step.conference,
                "conference_date": conference.date if conference else None,
                "actor": actor.name,
                "role": role,
                "attended": attended,
            }
            duties.append(Duty(item, actor, address, name, data))
    notes = [f"Fall {w.case} nicht berücksichtigt: {w.text}" for w in admitted.withheld]
    return duties, missing, notes


def reminders(
    ws: Workspace, day: dt.date, kinds: list[str], made: dt.date | None = None
) -> Campaign:
    """The reminders of ``kinds`` due on ``day`` at the pace the memory allows, one mail per
    person, as one campaign ``erinnerungen-<day>``; ``made``: the day they are written or sent
    (the consent gate counts every withdrawal up to it)."""
    from .digest import digest

    duties: list[Duty] = []
    missing: list[Missing] = []
    notes: list[str] = []
    if "feedback" in kinds:
        found, lost = feedback_duties(ws, day)
        duties += found
        missing += lost
    if "steps" in kinds:
        found, lost, notes = step_duties(ws, day, made)
        duties += found
        missing += lost
    if "profile" in kinds:
        found, lost = profile_duties(ws, day)
        duties += found
        missing += lost
    return digest(ws, day, duties, missing, notes, read_memory(ws.root))

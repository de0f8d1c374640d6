"""Reminders from the office: overdue Rückmeldungen, stale Steckbriefe, due case steps.

Three kinds, each to be chosen alone, all in one campaign per day
(``erinnerungen-<date>``), so the send ledger keeps every reminder from
going out twice on one day:

* ``feedback``: to the contact person of each overdue referral, with the
  inquiry's number, the referral date and the topics; never the question or
  anything about the person who asked.
* ``profile``: to an actor whose Steckbrief is stale, with the whole current
  Steckbrief attached as a readable HTML document.
* ``steps``: to the actor that accompanies a due or overdue case step, only in
  cases whose consent names that actor (the consent gate decides), with the
  pseudonym, the step's number and its due date, nothing else of the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..conference.followup import due_steps
from ..conference.gate import gate
from ..directory.query import stale_actors
from ..inquiries.referrals import overdue_referrals
from ..schema.actor import Actor
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from .compose import Campaign, Mail, Target, new_message, render_pair
from .profile import profile_document
from .recipients import Unreachable, actor_address
from .rounds import draft_name

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
SUBJECTS = {
    "feedback": "Bitte um Rückmeldung zu weitergeleiteten Anfragen",
    "profile": "Bitte prüfen: Ihr Steckbrief im Netzwerk",
    "steps": "Erinnerung: fällige Schritte aus der Förderkonferenz",
}


@dataclass
class Letter:
    """What one reminder mail is about, before it is rendered."""

    kind: str
    address: str
    name: str
    actor: Actor | None = None
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Missing(Unreachable):
    kind: str = ""


def records_needed(kinds: list[str]) -> set[str]:
    return set().union(*(KIND_RECORDS[k] for k in kinds))


def _topic_labels(ws: Workspace, topics: list[str]) -> str:
    entries = ws.taxonomy.topics
    return ", ".join(pick_label(entries[t].label, "de") if t in entries else t for t in topics)


def feedback_letters(ws: Workspace, day: dt.date) -> tuple[list[Letter], list[Missing]]:
    letters: dict[str, Letter] = {}
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
            letter = letters.setdefault(address.lower(), Letter("feedback", address, name))
            letter.items.append(
                {
                    "inquiry": inquiry.id,
                    "date": ref.date,
                    "topics": _topic_labels(ws, inquiry.topics),
                    "actor": actor.name,
                }
            )
    return list(letters.values()), missing


def profile_letters(ws: Workspace, day: dt.date) -> tuple[list[Letter], list[Missing]]:
    letters, missing = [], []
    for actor, months in stale_actors(ws, day):
        address, name, why = actor_address(actor)
        if address is None:
            missing.append(Missing(actor.id, "", actor.name, why, "profile"))
            continue
        letters.append(Letter("profile", address, name, actor, [{"months": months}]))
    return letters, missing


def step_letters(
    ws: Workspace, day: dt.date, made: dt.date | None = None
) -> tuple[list[Letter], list[Missing], list[str]]:
    admitted = gate(ws, day, made)
    letters, missing = [], []
    for actor in sorted(ws.actors.values(), key=lambda a: a.id):
        steps = due_steps(admitted, day, actor=actor.id)
        if not steps:
            continue
        address, name, why = actor_address(actor)
        if address is None:
            missing.append(Missing(actor.id, "", actor.name, why, "steps"))
            continue
        items = []
        for step in steps:
            conference = ws.conferences.get(step.conference)
            items.append(
                {
                    "pseudonym": step.pseudonym,
                    "number": step.number,
                    "due": step.due,
                    "days_overdue": step.days_overdue,
                    "conference": conference.title if conference else step.conference,
                }
            )
        letters.append(Letter("steps", address, name, actor, items))
    notes = [f"Fall {w.case} nicht berücksichtigt: {w.text}" for w in admitted.withheld]
    return letters, missing, notes


def reminders(
    ws: Workspace, day: dt.date, kinds: list[str], made: dt.date | None = None
) -> Campaign:
    """The reminders of ``kinds`` due on ``day``, as one campaign; ``made``: the day they are
    written or sent (the consent gate counts every withdrawal up to it)."""
    name = f"erinnerungen-{day.isoformat()}"
    letters: list[Letter] = []
    missing: list[Missing] = []
    notes: list[str] = []
    if "feedback" in kinds:
        found, lost = feedback_letters(ws, day)
        letters += found
        missing += lost
    if "profile" in kinds:
        found, lost = profile_letters(ws, day)
        letters += found
        missing += lost
    if "steps" in kinds:
        found, lost, notes = step_letters(ws, day, made)
        letters += found
        missing += lost
    mails = [_mail(ws, name, day, index, letter) for index, letter in enumerate(letters, 1)]
    return Campaign(name, "Erinnerungen", mails, missing, "", notes)


def _mail(ws: Workspace, campaign: str, day: dt.date, index: int, letter: Letter) -> Mail:
    actor_id = letter.actor.id if letter.actor else ""
    key = ":".join(p for p in (letter.kind, actor_id, letter.address.lower()) if p)
    context = {
        "subject": SUBJECTS[letter.kind],
        "names": [letter.name],
        "day": day,
        "items": letter.items,
        "actor": letter.actor,
        "feedback_days": ws.config.feedback_days,
        "review_months": ws.config.review_months,
    }
    parts = render_pair(ws, f"reminder-{letter.kind}", context)
    message = new_message(
        ws, campaign, key, SUBJECTS[letter.kind], parts, [(letter.name, letter.address)]
    )
    if letter.kind == "profile" and letter.actor is not None:
        document = profile_document(ws, letter.actor)
        message.add_attachment(
            document, subtype="html", filename=f"steckbrief-{draft_name(0, actor_id)[4:]}.html"
        )
        if message["Content-Language"] is None:  # moved into the text part by the attachment
            message["Content-Language"] = "de"
    stem = draft_name(index, f"{letter.kind}-{letter.address}")
    target = Target(key, letter.address, letter.name)
    return Mail(stem, [target], message, letter.kind, len(letter.items))

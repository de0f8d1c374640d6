"""What each participant of a Förderkonferenz needs, by mail: time plan, one calendar, excerpt.

One mail per participant (the contact who attends for the actor): the times
it is needed for, by case number and never by pseudonym; **one** ``.ics``
with all its appointments (the blocks of :mod:`merzig_cli.conference.invitations`,
same UIDs and SEQUENCEs, cancelled ones as ``STATUS:CANCELLED``); and its
excerpt as PDF only when ``conference.mail_excerpts: true`` in config.yaml –
otherwise the mail says where to collect it. The minutes themselves never go
out. Everything comes through the consent gate: a case it withholds is in no
mail and no attachment. The mails are a :class:`~.compose.Campaign` and go
out through the send ledger like round mails (drafts first, never twice).

Making the mails records what the calendars now hold in the invitation state,
as ``conference plan`` does, so a later change of times raises SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conference.agenda import CASE, Agenda, plan
from ..conference.cases import conference_of
from ..conference.gate import Gate, Withheld, gate
from ..conference.invitations import (
    Invitation,
    by_participant,
    one_calendar,
    plan_invitations,
    save_state,
)
from ..core.paths import safe_name
from ..documents.output import Written
from ..workspace.loader import Workspace
from .compose import Campaign, Mail, Target, new_message, render_pair
from .ledger import check_name
from .rounds import draft_name
from .transport import IMPLICIT_TLS_PORT


@dataclass
class ConferenceMails:
    """The campaign, and what the command tells besides it."""

    campaign: Campaign
    agenda: Agenda
    withheld: list[Withheld]
    excerpts: list[Written] = field(default_factory=list)


def default_campaign(conference_id: str) -> str:
    return check_name(f"konferenz-{conference_id}"[:100].rstrip("-"))


def _rows(agenda: Agenda, actor: str) -> list[dict[str, str]]:
    """The participant's time plan: one row per slot, by case number, never a pseudonym."""
    return [
        {
            "start": f"{s.start:%H:%M}",
            "end": f"{s.end:%H:%M}",
            "what": f"Fall {s.number}" if s.kind == CASE else "Wiedervorlage eines früheren Falls",
        }
        for s in agenda.needed(actor)
    ]


def _excerpts(
    ws: Workspace, g: Gate, agenda: Agenda, day: dt.date, actors: set[str], out: Path
) -> tuple[dict[str, tuple[str, bytes]], list[Written]]:
    """Each actor's excerpt as PDF (only actors with a case in it), written and recorded in the
    manifest of case documents under ``out/<conference>/auszuege/``."""
    from ..conference.documents import minutes_documents, render
    from ..documents.manifest import write_recorded

    docs = [
        d
        for d in minutes_documents(ws, g, agenda, day)
        if d.kind == "excerpt" and d.recipient in actors and d.cases
    ]
    if not docs:
        return {}, []
    outputs = render(ws, docs, ["pdf"])
    folder = out / safe_name(agenda.conference.id) / "auszuege"
    written = write_recorded(ws.root, ws.config, folder, outputs, day, base=out)
    return {o.recipient: (o.name, o.data) for o in outputs}, written


def conference_mails(
    ws: Workspace,
    conference_id: str,
    day: dt.date,
    made: dt.date,
    out: Path,
    campaign: str | None = None,
) -> ConferenceMails:
    """The mails to the participants of ``conference_id`` as of ``day`` (made on ``made``)."""
    from ..workspace.store import workspace_lock

    conference = conference_of(ws, conference_id)
    g = gate(ws, day, made=made)
    agenda = plan(g, conference)
    name = check_name(campaign) if campaign else default_campaign(conference.id)
    with workspace_lock(ws.root):
        invitations, notes, state = plan_invitations(ws, agenda, day)
        if state:
            save_state(ws, conference.id, state)
    groups = by_participant(invitations)
    mail_excerpts = ws.config.conference.mail_excerpts
    excerpts: dict[str, tuple[str, bytes]] = {}
    written: list[Written] = []
    if mail_excerpts:
        actors = {p.split("/", 1)[0] for p in groups}
        excerpts, written = _excerpts(ws, g, agenda, day, actors, out)
    subject = f"{conference.title} am {conference.date:%d.%m.%Y}: Ihr Zeitplan"
    ics_name = f"{safe_name(conference.id)}.ics"
    mails: list[Mail] = []
    digest = hashlib.sha256(subject.encode("utf-8"))
    for index, (participant, mine) in enumerate(sorted(groups.items()), start=1):
        actor = participant.split("/", 1)[0]
        person = mine[0].event.attendees[0]
        record = ws.actors.get(actor)
        excerpt = excerpts.get(actor)
        context = _context(ws, agenda, actor, mine, excerpt is not None, mail_excerpts)
        context |= {"subject": subject, "names": [person.name], "actor_name": _name(record, actor)}
        parts = render_pair(ws, "conference", context)
        key = f"{participant}:{person.email.lower()}"
        message = new_message(ws, name, key, subject, parts, [(person.name, person.email)])
        ics = one_calendar(mine)
        message.add_attachment(
            ics.decode("utf-8"), subtype="calendar", filename=ics_name, params={"method": "PUBLISH"}
        )
        if excerpt is not None:
            file, data = excerpt
            message.add_attachment(data, maintype="application", subtype="pdf", filename=file)
        for part in (*parts, ics.decode("utf-8"), excerpt[0] if excerpt else ""):
            digest.update(b"\0" + part.encode("utf-8"))
        target = Target(key, person.email, f"{person.name} ({_name(record, actor)})")
        mails.append(Mail(draft_name(index, person.email), [target], message))
    for p in conference.participants:
        if not any(k.startswith(f"{p.actor}/") for k in groups) and not agenda.needed(p.actor):
            notes.append(
                f"Keine Mail an {_name(ws.actors.get(p.actor), p.actor)}: für keinen Fall gebraucht"
            )
    smtp = ws.config.smtp
    if excerpts and smtp and not smtp.starttls and smtp.port != IMPLICIT_TLS_PORT:
        notes.append(
            "Achtung: Die Auszüge gingen unverschlüsselt zum Mailserver (smtp.starttls: false); "
            "für Falldaten smtp.starttls: true setzen oder Port 465 verwenden"
        )
    result = Campaign(name, subject, mails, fingerprint=digest.hexdigest(), notes=notes)
    return ConferenceMails(result, agenda, list(agenda.withheld), written)


def _name(actor: Any, fallback: str) -> str:
    return str(actor.name) if actor is not None else fallback


def _context(
    ws: Workspace,
    agenda: Agenda,
    actor: str,
    mine: list[Invitation],
    attached: bool,
    mail_excerpts: bool,
) -> dict[str, Any]:
    conference = agenda.conference
    cancelled = [
        {"start": f"{i.start:%H:%M}", "end": f"{i.end:%H:%M}"} for i in mine if i.method == "CANCEL"
    ]
    return {
        "conference": {
            "title": conference.title,
            "date": conference.date,
            "location": conference.location,
        },
        "rows": _rows(agenda, actor),
        "cancelled": cancelled,
        "excerpt_attached": attached,
        "excerpt_collect": not mail_excerpts and bool(_rows(agenda, actor)),
    }

"""Exchange meetings of the network: a round mail with a calendar invitation.

Each contact person gets a mail of their own whose invitation names only
them as attendee (beside the office as organizer), so no one learns the
others' addresses; all invitations share one UID, derived from date and
title, so every calendar holds the same appointment. A changed time or
place is sent as a new version (``sequence``): same UID, higher SEQUENCE, a
ledger of its own, so everyone gets the update once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..core.errors import UsageError
from ..core.text import fold, one_line
from ..documents.calendar import Event, Person, attach, stable_uid, to_ical
from ..workspace.loader import Workspace
from .compose import (
    Campaign,
    Mail,
    Target,
    markdown_parts,
    new_message,
    read_body,
    render_pair,
    sender_address,
)
from .ledger import check_name
from .recipients import Choice, choose_actors, contact_pairs, recipients
from .rounds import campaign_name, draft_name, fingerprint

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


MAX_MINUTES = 24 * 60  # an exchange meeting lasts a day at most


def parse_time(value: str) -> dt.time:
    match = _TIME.match(value.strip())
    if not match:
        raise UsageError(f"--time {value}: keine Uhrzeit im Format HH:MM", "z. B. --time 18:00")
    return dt.time(int(match.group(1)), int(match.group(2)))


def meeting(
    ws: Workspace,
    day: dt.date,
    start: dt.time,
    title: str,
    place: str | None = None,
    list_name: str | None = None,
    minutes: int = 90,
    body: Path | None = None,
    sequence: int = 0,
    campaign: str | None = None,
    stamp: dt.datetime | None = None,
) -> Campaign:
    """The invitation to an exchange meeting, to a distribution list or the whole network."""
    title = one_line(title)
    if not title:
        raise UsageError("--title darf nicht leer sein")
    if not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(
            f"--duration: {minutes} Minuten gehen nicht", "Zwischen 1 und 1440 Minuten (ein Tag)"
        )
    if sequence < 0:
        raise UsageError(
            "--sequence darf nicht negativ sein", "0 für die erste Einladung, dann 1, 2, …"
        )
    text = read_body(body) if body else ""
    begins = dt.datetime.combine(day, start)
    if begins > dt.datetime.max - dt.timedelta(minutes=minutes):
        raise UsageError("Das Treffen endet erst nach dem 31.12.9999", "--date prüfen")
    ends = begins + dt.timedelta(minutes=minutes)
    base = campaign_name("treffen", day.isoformat(), title)
    name = check_name(campaign) if campaign else base + (f"-v{sequence}" if sequence else "")
    office = sender_address(ws)
    uid = stable_uid("meeting", day.isoformat(), fold(title), domain=office.domain)
    actors = choose_actors(ws, Choice(list_name=list_name, everyone=list_name is None))
    people, missing = recipients(contact_pairs(actors))
    update = " (geändert)" if sequence else ""
    subject = f"Einladung{update}: {title} am {day.strftime('%d.%m.%Y')}"
    context = {
        "subject": subject,
        "title": title,
        "day": day,
        "start": begins.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
        "place": one_line(place) if place else None,
        "update": bool(sequence),
        **markdown_parts(text),
    }
    mails = []
    for index, person in enumerate(people, start=1):
        parts = render_pair(ws, "meeting", {**context, "names": person.names, "bcc": False})
        message = new_message(
            ws, name, person.key, subject, parts, [(person.label, person.address)]
        )
        event = Event(
            uid=uid,
            title=title,
            start=begins,
            end=ends,
            organizer=Person(office.display_name, office.addr_spec),
            attendees=[Person(person.label, person.address)],
            location=one_line(place) if place else None,
            description=text.strip() or None,
            sequence=sequence,
        )
        attach(message, to_ical(event, "REQUEST", stamp))
        target = Target(person.key, person.address, person.label)
        mails.append(Mail(draft_name(index, person.address), [target], message))
    key = fingerprint(title, day.isoformat(), start.isoformat(), str(minutes), place or "", text)
    return Campaign(name, subject, mails, missing, key)

"""Exchange meetings of the network: a round mail with a calendar invitation.

Each contact person gets a mail of their own whose invitation names only
them as attendee (beside the office as organizer), so no one learns the
others' addresses; all invitations share one UID, so every calendar holds
the same appointment. The meeting is recorded (:mod:`.meeting_state`): a
changed day, time or place is sent as a new version – same UID, a SEQUENCE
the tool raises itself, a ledger of its own, so everyone gets the update
once – and ``--cancel`` sends ``METHOD:CANCEL`` for the recorded meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.dates import german, parse_clock
from ..core.errors import UsageError
from ..core.text import fold, one_line
from ..documents.calendar import Event, Person, attach, stable_uid, to_ical
from ..workspace.loader import Workspace
from . import meeting_state
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
from .meeting_state import Recorded
from .recipients import Choice, choose_actors, contact_pairs, recipients
from .rounds import campaign_name, draft_name, fingerprint

MAX_MINUTES = 24 * 60  # an exchange meeting lasts a day at most


def parse_time(value: str) -> dt.time:
    """``--time``: 18:00, also 18 or 18.30 Uhr (:func:`merzig_cli.core.dates.parse_clock`)."""
    return parse_clock(value, "--time")


@dataclass(frozen=True)
class Announcement:
    """What a meeting command asks for; None where the recorded meeting's value stays."""

    day: dt.date | None = None
    start: dt.time | None = None
    title: str | None = None
    place: str | None = None
    list_name: str | None = None
    minutes: int | None = None
    body: Path | None = None
    sequence: int = 0  # at least this version (for a meeting announced without the state)
    campaign: str | None = None
    cancel: bool = False
    no_greeting: bool = False


def _which(ws: Workspace, wish: Announcement, today: dt.date) -> Recorded | None:
    """The recorded meeting ``wish`` is about: by its title, or the only upcoming one."""
    if wish.title is not None:
        return meeting_state.read(ws.root, meeting_id(wish.title))
    if wish.day is not None and wish.start is not None and not wish.cancel:
        return None  # a new meeting without a title: refused by the caller
    found = meeting_state.upcoming(ws.root, today)
    if len(found) == 1:
        return found[0]
    what = "absagen" if wish.cancel else "verschieben"
    if not found:
        raise UsageError(
            f"Kein angekündigtes Treffen ist verzeichnet, das sich {what} ließe",
            "Ein neues Treffen braucht --date, --time und --title",
        )
    titles = ", ".join(f"„{m.title}“ ({m.date:%d.%m.%Y})" for m in found)
    raise UsageError(
        f"Mehrere Treffen sind angekündigt: {titles}; welches?", "Mit --title TITEL wählen"
    )


def meeting_id(title: str) -> str:
    """The meeting a title names, as the name of its state file."""
    return campaign_name(one_line(title))


def meeting(ws: Workspace, wish: Announcement, today: dt.date) -> Campaign:
    """The invitation to an exchange meeting (to a distribution list or the whole network), its
    update after a change, or its cancellation; see :mod:`.meeting_state`."""
    if wish.sequence < 0:
        raise UsageError(
            "--sequence darf nicht negativ sein",
            "--sequence weglassen: das Werkzeug zählt die Fassungen selbst",
        )
    old = _which(ws, wish, today)
    over = old is not None and old.date < today and not wish.cancel
    if over and old is not None and wish.day is not None and wish.day != old.date:
        old = None  # the last one with this title is over: this is the next one
    if wish.cancel:
        if old is None:
            raise UsageError(
                f"Das Treffen „{one_line(wish.title or '')}“ ist nicht verzeichnet",
                "Abgesagt werden kann nur ein Treffen, zu dem merzig eingeladen hat",
            )
        return _cancellation(ws, old, wish)
    return _invitation(ws, old, wish, today)


def _invitation(
    ws: Workspace, old: Recorded | None, wish: Announcement, today: dt.date
) -> Campaign:
    live = old if old is not None and old.method == "REQUEST" else None
    title = one_line(wish.title) if wish.title is not None else (live.title if live else "")
    if not title:
        raise UsageError("--title darf nicht leer sein")
    day = wish.day or (live.date if live else None)
    start = wish.start or (live.start if live else None)
    if day is None or start is None:
        raise UsageError(
            "Für ein neues Treffen fehlt " + ("--date" if day is None else "--time"),
            "Ein neues Treffen braucht --date, --time und --title (ein vorbeigegangenes Treffen "
            "gleichen Titels wird nicht verschoben, sein Nachfolger ist neu)",
        )
    if day < today:  # an invitation or a change for a day that is over reaches no calendar
        raise UsageError(
            f"Das Treffen am {german(day)} liegt in der Vergangenheit; nichts geschrieben",
            "Ein Treffen heute oder später ankündigen (--date)",
        )
    minutes = wish.minutes if wish.minutes is not None else (live.minutes if live else 90)
    if not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(
            f"--duration: {minutes} Minuten gehen nicht", "Zwischen 1 und 1440 Minuten (ein Tag)"
        )
    place = one_line(wish.place) if wish.place else (live.place if live else None)
    list_name = wish.list_name or (live.list if live else None)
    text = read_body(wish.body) if wish.body else ""
    begins = dt.datetime.combine(day, start)
    if begins > dt.datetime.max - dt.timedelta(minutes=minutes):
        raise UsageError("Das Treffen endet erst nach dem 31.12.9999", "--date prüfen")
    ends = begins + dt.timedelta(minutes=minutes)
    office = sender_address(ws)
    content = fingerprint(
        title, day.isoformat(), start.isoformat(), str(minutes), place or "", text
    )
    if old is not None:  # the same appointment: same UID, a new version when anything changed
        uid, base = old.uid, old.campaign
        changed = old.method != "REQUEST" or old.content != content
        sequence = old.sequence + 1 if changed else old.sequence
    else:
        uid = stable_uid("meeting", day.isoformat(), fold(title), domain=office.domain)
        base = campaign_name("treffen", day.isoformat(), title)
        sequence = 0
    sequence = max(sequence, wish.sequence)
    if sequence >= meeting_state.MAX_SEQUENCE:
        raise UsageError("Das Treffen wurde zu oft geändert", "Ein neues Treffen ankündigen")
    name = _name(wish.campaign or base, sequence)
    meeting_state.record(
        ws.root,
        Recorded(
            meeting_id(title), uid, sequence, "REQUEST", base, title, day, start, minutes,
            place, list_name, content,
        ),
    )  # fmt: skip
    update = " (geändert)" if sequence else ""
    subject = f"Einladung{update}: {title} am {german(day)}"
    event = Event(uid, title, begins, ends, Person(office.display_name, office.addr_spec),
                  location=place, description=text.strip() or None, sequence=sequence)  # fmt: skip
    context = {"update": bool(sequence), "cancel": False, **markdown_parts(text, wish.no_greeting)}
    return _campaign(ws, name, subject, event, "REQUEST", list_name, context, content)


def _cancellation(ws: Workspace, old: Recorded, wish: Announcement) -> Campaign:
    text = read_body(wish.body) if wish.body else ""
    sequence = old.sequence if old.method == "CANCEL" else old.sequence + 1
    sequence = max(sequence, wish.sequence)
    meeting_state.record(ws.root, replace(old, sequence=sequence, method="CANCEL"))
    office = sender_address(ws)
    begins = old.begins
    ends = begins + dt.timedelta(minutes=old.minutes)
    subject = f"Abgesagt: {old.title} am {german(old.date)}"
    event = Event(old.uid, old.title, begins, ends, Person(office.display_name, office.addr_spec),
                  location=old.place, description=text.strip() or None, sequence=sequence)  # fmt: skip
    context = {"update": False, "cancel": True, **markdown_parts(text, wish.no_greeting)}
    name = _name(wish.campaign or old.campaign, 0) + "-abgesagt"
    key = fingerprint("CANCEL", old.uid, str(sequence), text)
    return _campaign(ws, name, subject, event, "CANCEL", old.list, context, key)


def _name(base: str, sequence: int) -> str:
    suffix = f"-v{sequence}" if sequence else ""
    return check_name(base[: 100 - len(suffix) - len("-abgesagt")].rstrip("-") + suffix)


def _campaign(
    ws: Workspace,
    name: str,
    subject: str,
    event: Event,
    method: str,
    list_name: str | None,
    context: dict[str, object],
    key: str,
) -> Campaign:
    """One mail per contact person, each with the invitation naming only them as attendee."""
    actors = choose_actors(ws, Choice(list_name=list_name, everyone=list_name is None))
    people, missing = recipients(contact_pairs(actors))
    context = {
        "subject": subject,
        "title": event.title,
        "day": event.start.date(),
        "start": event.start.strftime("%H:%M"),
        "end": event.end.strftime("%H:%M"),
        "place": event.location,
        **context,
    }
    mails = []
    for index, person in enumerate(people, start=1):
        parts = render_pair(ws, "meeting", {**context, "names": person.names, "bcc": False})
        message = new_message(
            ws, name, person.key, subject, parts, [(person.label, person.address)]
        )
        mine = replace(event, attendees=[Person(person.label, person.address)])
        filename = "absage.ics" if method == "CANCEL" else "einladung.ics"
        attach(message, to_ical(mine, method), method, filename)
        target = Target(person.key, person.address, person.label)
        mails.append(Mail(draft_name(index, person.address), [target], message))
    # A new name alone would send the same SEQUENCE with other details: calendars ignore it.
    hint = (
        f"Diese Fassung des Treffens ging mit anderen Angaben hinaus; {meeting_state.FOLDER}/ "
        "aus git wiederherstellen (dann zählt merzig weiter) oder mit --sequence ZAHL über "
        "jeder schon verschickten Fassung neu ankündigen"
    )
    return Campaign(name, subject, mails, missing, key, restart_hint=hint)

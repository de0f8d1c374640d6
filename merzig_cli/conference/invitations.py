"""Calendar invitations for the participants of a conference, stable across re-planning.

Each participant gets one event per block of consecutive slots it is needed
for (a break or a slot without it starts a new block), with the office as
organizer and the participant's contact as attendee. Invitations carry times,
the place and the number of cases, never a pseudonym: calendars are
synchronised to servers outside the office.

The UID of an event comes from the conference, the participant and the first
case of its block, so planning again gives the same UID; the state in
``invitations/<conference>.json`` (ids, times and the attendees' business
addresses, no case data; meant to be kept in git) remembers what was sent: a changed time raises SEQUENCE,
and an event that is no longer needed – or a participant that is no longer
needed at all – is sent as ``METHOD:CANCEL``. ``conference send`` mails each participant
all of its events in one file (:func:`one_calendar`) and records them the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.paths import safe_name
from ..core.state import read_state_json, write_state
from ..core.text import count
from ..documents.calendar import Event, Person, stable_uid, to_ical
from ..workspace.loader import Workspace
from .agenda import Agenda, Slot

STATE_FOLDER = "invitations"


@dataclass(frozen=True)
class Invitation:
    file: str  # below the conference's einladungen/ folder
    participant: str  # actor/contact
    method: str  # REQUEST | CANCEL
    sequence: int
    start: dt.datetime
    end: dt.datetime
    ical: bytes
    event: Event  # with its sequence and attendee
    stamp: dt.datetime  # DTSTAMP


def blocks(slots: list[Slot]) -> list[list[Slot]]:
    """Consecutive slots (one ends where the next begins) as one block each."""
    out: list[list[Slot]] = []
    for slot in slots:
        if out and out[-1][-1].end == slot.start:
            out[-1].append(slot)
        else:
            out.append([slot])
    return out


def _state_rel(conference: str) -> str:
    return f"{STATE_FOLDER}/{safe_name(conference)}.json"


_HINT = (
    "Die Datei schreibt merzig conference plan; aus git wiederherstellen oder löschen "
    "(dann gehen alle Einladungen neu hinaus, Absagen früherer Termine fehlen)"
)
_UID = re.compile(r"[0-9a-f]{32}@[^\s@/\\]{1,253}")
_PARTICIPANT = re.compile(r"[a-z0-9][a-z0-9-]{0,79}/[a-z0-9][a-z0-9-]{0,79}")
_KEYS = ("participant", "name", "email", "start", "end", "sequence", "method", "stamp")
MAX_SEQUENCE = 2**31 - 1  # an INTEGER of iCalendar (RFC 5545, 3.3.8)


def _event_problem(uid: str, event: Any) -> str | None:
    """Why one remembered event is not what :func:`_make` writes, or None."""
    if not _UID.fullmatch(uid):
        return "eine Kennung (UID) ist nicht von merzig"
    if not isinstance(event, dict):
        return f"der Eintrag {uid[:12]}… ist keine Zuordnung"
    missing = [k for k in _KEYS if k not in event]
    if missing:
        return f"dem Eintrag {uid[:12]}… fehlt „{missing[0]}“"
    if not all(isinstance(event[k], str) for k in _KEYS if k != "sequence"):
        return f"im Eintrag {uid[:12]}… ist ein Wert kein Text"
    if not _PARTICIPANT.fullmatch(event["participant"]):
        return f"im Eintrag {uid[:12]}… ist „participant“ nicht „akteur/kontakt“"
    sequence = event["sequence"]
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        return f"im Eintrag {uid[:12]}… ist „sequence“ keine ganze Zahl"
    if not 0 <= sequence < MAX_SEQUENCE:
        return f"im Eintrag {uid[:12]}… liegt „sequence“ nicht zwischen 0 und {MAX_SEQUENCE - 1}"
    if event["method"] not in ("REQUEST", "CANCEL"):
        return f"im Eintrag {uid[:12]}… ist „method“ weder REQUEST noch CANCEL"
    start, end, stamp = (_when(event[k]) for k in ("start", "end", "stamp"))
    if start is None or end is None or stamp is None:
        return f"im Eintrag {uid[:12]}… ist eine Zeit kein Zeitpunkt der Jahre 1900 bis 9000"
    if (start.tzinfo is None) != (end.tzinfo is None) or stamp.tzinfo is None:
        return f"im Eintrag {uid[:12]}… fehlt einer Zeit die Zeitzone"
    if end <= start:
        return f"im Eintrag {uid[:12]}… endet der Termin nicht nach seinem Beginn"
    return None


def check_state(root: Path, conference: str) -> None:
    """Read the invitation state of ``conference`` only to refuse a broken one (a link, a pipe,
    a file in the folder's place) before a plan writes any document."""
    _read_state(root, conference)


def _read_state(root: Path, conference: str) -> dict[str, dict[str, Any]]:
    """What was sent for ``conference``: {} if nothing; a German error if the file is broken."""
    rel = _state_rel(conference)
    data = read_state_json(root, rel, _HINT)
    if data is None:
        return {}
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, dict):
        raise UserError(f"„{rel}“ kann nicht gelesen werden: „events“ fehlt", _HINT)
    for uid, event in events.items():
        problem = _event_problem(uid, event)
        if problem:
            raise UserError(f"„{rel}“ kann nicht gelesen werden: {problem}", _HINT)
    return events


def _when(text: Any) -> dt.datetime | None:
    """The time a state entry holds (ISO 8601), None if it holds none a calendar can show."""
    try:
        when = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if 1900 <= when.year <= 9000 else None


def plan_invitations(
    ws: Workspace, agenda: Agenda, day: dt.date
) -> tuple[list[Invitation], list[str], dict[str, dict[str, Any]]]:
    """(invitations, German notes, the new state) for the agenda as planned on ``day``."""
    conference = agenda.conference
    office = ws.config.office
    notes: list[str] = []
    if not office.email or "@" not in office.email:
        return [], ["Keine Einladungen: office.email fehlt in config.yaml (Absender)"], {}
    organizer = Person(office.name, office.email)
    domain = office.email.rsplit("@", 1)[1]
    now = dt.datetime.combine(day, dt.time(0, 0), dt.UTC)
    old_state = _read_state(ws.root, conference.id)
    current: dict[str, tuple[str, Event]] = {}
    for p in conference.participants:
        actor = ws.actors.get(p.actor)
        contact = actor.contact(p.contact) if actor and p.contact else None
        contact = contact or (actor.general_contact if actor else None)
        slots = agenda.needed(p.actor)
        if not slots or actor is None or contact is None:
            continue
        if not contact.email:
            notes.append(
                f"Keine Einladung für {actor.name}: {contact.name} hat keine E-Mail-Adresse"
            )
            continue
        participant = f"{p.actor}/{contact.id}"
        for block in blocks(slots):
            what = count(len(block), "Fallbesprechung", "Fallbesprechungen")
            uid = stable_uid(
                "foerderkonferenz", conference.id, participant, str(block[0].case), domain=domain
            )
            current[uid] = (
                participant,
                Event(
                    uid=uid,
                    title=f"{conference.title}: {what}",
                    start=block[0].start,
                    end=block[-1].end,
                    organizer=organizer,
                    attendees=(Person(contact.name, contact.email),),
                    location=conference.location,
                    description=(
                        f"{what} von {block[0].start:%H:%M} bis {block[-1].end:%H:%M} Uhr. "
                        "Welche Fälle es sind, steht in Ihrem Zeitplan von der Anlaufstelle, "
                        "nicht in dieser Einladung."
                    ),
                ),
            )
    invitations: list[Invitation] = []
    state: dict[str, dict[str, Any]] = {}
    for uid, (participant, event) in current.items():
        old = old_state.get(uid, {})
        same = (
            old.get("method") == "REQUEST"
            and _when(old.get("start")) == event.start
            and _when(old.get("end")) == event.end
        )
        sequence = int(old.get("sequence", -1)) + (0 if same else 1) if old else 0
        stamp = _when(old.get("stamp")) if same else now
        invitations.append(_make(participant, event, "REQUEST", sequence, stamp or now, state))
    for uid, old in sorted(old_state.items()):
        if uid in current:
            continue
        start, end = _when(old.get("start")), _when(old.get("end"))
        participant = str(old.get("participant", ""))
        if start is None or end is None or "/" not in participant:
            continue
        cancelled = old.get("method") == "CANCEL"
        sequence = int(old.get("sequence", 0)) + (0 if cancelled else 1)
        stamp = (_when(old.get("stamp")) if cancelled else now) or now
        event = Event(
            uid=uid,
            title=f"{conference.title}: abgesagt",
            start=start,
            end=end,
            organizer=organizer,
            attendees=(Person(str(old.get("name", "")), str(old.get("email", ""))),),
            location=conference.location,
            description="Sie werden zu dieser Zeit nicht mehr gebraucht.",
        )
        invitations.append(_make(participant, event, "CANCEL", sequence, stamp, state))
    return invitations, notes, state


def _make(
    participant: str,
    event: Event,
    method: str,
    sequence: int,
    stamp: dt.datetime,
    state: dict[str, dict[str, Any]],
) -> Invitation:
    event = replace(event, sequence=sequence)
    actor, contact = participant.split("/", 1)
    file = f"{safe_name(actor)}-{safe_name(contact)}-{event.uid[:10]}.ics"
    attendee = event.attendees[0]
    state[event.uid] = {
        "participant": participant,
        "name": attendee.name,
        "email": attendee.email,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "sequence": sequence,
        "method": method,
        "stamp": stamp.isoformat(),
    }
    ical = to_ical(event, method, stamp=stamp)
    if method == "CANCEL":
        event = replace(event, cancelled=True)
    return Invitation(
        file, participant, method, sequence, event.start, event.end, ical, event, stamp
    )


def by_participant(invitations: list[Invitation]) -> dict[str, list[Invitation]]:
    """The invitations of each participant ("actor/contact"), in time order."""
    out: dict[str, list[Invitation]] = {}
    for invitation in sorted(invitations, key=lambda i: (i.start, i.event.uid)):
        out.setdefault(invitation.participant, []).append(invitation)
    return out


def one_calendar(invitations: list[Invitation]) -> bytes:
    """All of one participant's appointments (and cancellations) as one ``.ics`` to import:
    the UIDs and SEQUENCEs of the single invitations, so nothing is added twice."""
    from ..documents.calendar import calendar_ical

    return calendar_ical([(replace(i.event, attendees=()), i.stamp) for i in invitations])


def save_state(ws: Workspace, conference: str, state: dict[str, dict[str, Any]]) -> None:
    """Remember what was sent (atomic; ids, times and the attendees' business addresses)."""
    body = {"conference": conference, "events": dict(sorted(state.items()))}
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    write_state(ws.root, _state_rel(conference), text, _HINT)


def send_out(
    ws: Workspace, agenda: Agenda, day: dt.date, folder: Path, base: Path | None = None
) -> tuple[list[Any], list[str]]:
    """Write the invitations into ``folder`` and remember them; (written files, notes)."""
    from ..documents.manifest import write_recorded
    from ..documents.output import Output
    from ..workspace.store import workspace_lock

    with workspace_lock(ws.root):
        invitations, notes, state = plan_invitations(ws, agenda, day)
        if not invitations and not state:
            return [], notes
        outputs = [
            Output(i.file, i.ical, kind="invitation", recipient=i.participant.split("/")[0])
            for i in invitations
        ]  # times and business addresses, no case: recorded without case ids
        written = write_recorded(ws.root, ws.config, folder, outputs, day, base)
        save_state(ws, agenda.conference.id, state)
    return written, notes

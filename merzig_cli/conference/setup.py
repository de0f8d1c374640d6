"""A new Förderkonferenz as a commented file, and who attended on the day.

``merzig conference new`` (scripted or asked at the terminal) collects a
:class:`Setup`; :func:`new_conference` checks every entry against the
workspace (actors, their contacts, times), writes ``conferences/<id>.yaml``
with German comments, validated like ``merzig validate`` before it is written,
and never over an existing conference. :func:`record_attendance` fills the
``attendance`` block of the day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dates import german, parse_clock
from ..core.errors import UserError
from ..core.paths import in_workspace, safe_name
from ..core.problems import Problem
from ..core.text import typed_text
from ..schema.conference import Conference
from ..workspace.loader import RECORD_DIRS, Workspace
from .agreement import known_actor

_BREAK = re.compile(r"^(alle\s+)?(\d{1,2}(?::\d{2})?|\d{1,2}\.\d{2})\s*=\s*(\d{1,3})$", re.I)
MAX_SLOT = 480  # minutes per case: a whole working day at most
BREAK_FORMS = "„6=15“ (15 Minuten nach dem 6. Fall), „alle 6=15“ (nach jedem 6.), „12:00=45“"


@dataclass(frozen=True)
class Pause:
    """A break as entered: after the n-th case (``repeat``: every n-th) or at a clock time."""

    minutes: int
    after_case: int | None = None
    at: str | None = None
    repeat: bool = False


@dataclass
class Setup:
    """A conference as entered, before it is checked and written."""

    id: str
    date: dt.date | None  # None until asked
    location: str
    title: str = ""
    start: str = "09:00"
    slot_minutes: int = 20
    host: str | None = None
    participants: list[tuple[str, str | None]] = field(default_factory=list)
    breaks: list[Pause] = field(default_factory=list)


def clock_time(text: str, what: str = "Beginn") -> str:
    """``9``, ``9:00``, ``9.30 Uhr`` → ``"09:00"``/``"09:30"``, as the file writes a time."""
    return parse_clock(text, what).strftime("%H:%M")


def check_slot_minutes(minutes: int) -> int:
    """Minutes per case, 1 to 480: the one check for the option and the question."""
    if not 1 <= minutes <= MAX_SLOT:
        raise UserError(f"Minuten je Fall: erlaubt sind 1 bis {MAX_SLOT} (--slot-minutes)")
    return minutes


def parse_break(text: str) -> Pause:
    """A break as typed: ``6=15``, ``alle 6=15``, ``12:00=45``."""
    found = _BREAK.match(" ".join(text.split()))
    if not found:
        raise UserError(f"Pause: „{text[:30]}“ ist nicht lesbar", f"Erlaubt: {BREAK_FORMS}")
    every, when, minutes = found.groups()
    length = int(minutes)
    if not 1 <= length <= 240:
        raise UserError(f"Pause: {length} Minuten – erlaubt sind 1 bis 240")
    if ":" in when or "." in when:
        if every:
            raise UserError("Pause: „alle“ gilt nur nach dem n-ten Fall", f"Erlaubt: {BREAK_FORMS}")
        return Pause(length, at=clock_time(when, "Pause"))
    if int(when) < 1:
        raise UserError("Pause: nach dem 0. Fall gibt es nicht", f"Erlaubt: {BREAK_FORMS}")
    return Pause(length, after_case=int(when), repeat=bool(every))


def check_participant(ws: Workspace, actor: str, contact: str | None) -> tuple[str, str | None]:
    """An actor of the workspace and, if named, one of its contacts (the person who attends)."""
    known_actor(ws, actor, "Teilnehmende")
    if contact:
        found = ws.actors[actor]
        if found.contact(contact) is None:
            contacts = ", ".join(f"{c.id} ({c.name})" for c in found.contacts) or "keine"
            raise UserError(
                f"Teilnehmende: {found.name} hat keine Ansprechperson „{contact}“",
                f"Ansprechpersonen im Steckbrief: {contacts}",
            )
    return actor, contact or None


def conference_path(ws: Workspace, conference_id: str) -> Path:
    safe_name(conference_id, "Konferenzkennung")
    return ws.root / RECORD_DIRS["conference"] / f"{conference_id}.yaml"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def conference_text(ws: Workspace, setup: Setup, day: dt.date, today: dt.date) -> str:
    """The commented YAML of the new conference on ``day``."""
    title = setup.title or f"Förderkonferenz {day.year}"
    lines = [
        f"# {title} – angelegt am {today.isoformat()} mit „merzig conference new“.",
        "# Fälle dazu: merzig case new --conference " + setup.id,
        "# Tagesordnung und Einladungen: merzig conference plan " + setup.id,
        f"id: {setup.id}",
        f"title: {_quoted(title)}",
        "# Tag der Konferenz (JJJJ-MM-TT)",
        f"date: {day.isoformat()}",
        "# Beginn (in Anführungszeichen) und Minuten je Fall",
        f'start: "{setup.start}"',
        f"slot_minutes: {setup.slot_minutes}",
        "# Ort der Konferenz",
        f"location: {_quoted(setup.location)}",
    ]
    if setup.host:
        lines += ["# Gastgebender Akteur (Kennung)", f"host: {setup.host}"]
    lines.append(
        "# Wer für welchen Akteur teilnimmt; Erinnerungen an Schritte gehen an diese "
        "Ansprechperson (contact)"
    )
    if setup.participants:
        lines.append("participants:")
        for actor, contact in setup.participants:
            name = ws.actors[actor].name if actor in ws.actors else ""
            person = ws.actors[actor].contact(contact) if contact and actor in ws.actors else None
            comment = " · ".join(x for x in (name, person.name if person else "") if x)
            item = f"{{actor: {actor}, contact: {contact}}}" if contact else f"{{actor: {actor}}}"
            lines.append(f"  - {item}" + (f"   # {comment}" if comment else ""))
    else:
        lines.append("participants: []")
    lines.append("# Am Konferenztag: wer da war (merzig conference attend oder conference run)")
    lines.append("# Pausen: nach dem n-ten Fall (after_case, repeat: true für jeden n-ten) oder")
    lines.append('# zu einer Uhrzeit (at: "12:00"); minutes: Länge')
    if setup.breaks:
        lines.append("breaks:")
        for b in setup.breaks:
            if b.at:
                lines.append(f'  - {{at: "{b.at}", minutes: {b.minutes}}}')
            else:
                repeat = ", repeat: true" if b.repeat else ""
                lines.append(f"  - {{after_case: {b.after_case}, minutes: {b.minutes}{repeat}}}")
    else:
        lines.append("breaks: []")
    return "\n".join(lines) + "\n"


def new_conference(ws: Workspace, setup: Setup, today: dt.date) -> tuple[Path, list[Problem]]:
    """Check ``setup`` and write ``conferences/<id>.yaml``; an existing id is refused."""
    from ..checks.edits import create_record
    from ..workspace import store

    path = conference_path(ws, setup.id)
    if setup.date is None:
        raise UserError("Der Tag der Konferenz fehlt (--date)")
    setup.location = typed_text(setup.location, "Der Ort (--location)")
    setup.title = typed_text(setup.title, "Der Titel (--title)")
    if not setup.location:
        raise UserError("Der Ort der Konferenz fehlt (--location)")
    if setup.date < today:
        raise UserError(
            f"Der Tag {german(setup.date)} liegt in der Vergangenheit; nichts geschrieben",
            "Eine neue Konferenz liegt heute oder später",
        )
    check_slot_minutes(setup.slot_minutes)
    if setup.host:
        known_actor(ws, setup.host, "Gastgeber")
    seen: set[str] = set()
    for actor, contact in setup.participants:
        check_participant(ws, actor, contact)
        if actor in seen:
            raise UserError(f"Teilnehmende: „{actor}“ ist doppelt genannt")
        seen.add(actor)
    with store.workspace_lock(ws.root):
        if path.exists() or path.is_symlink() or setup.id in ws.conferences:
            raise UserError(
                f"Die Förderkonferenz {setup.id} gibt es schon ({path}); nichts geschrieben",
                "Eine andere Kennung wählen, z. B. mit Jahr und Halbjahr: fk-2027-2",
            )
        in_workspace(ws.root, path)
        warnings = create_record(
            ws, "conference", path, conference_text(ws, setup, setup.date, today)
        )
    return path, warnings


def record_attendance(
    ws: Workspace, conference: Conference, present: Sequence[str], excused: Sequence[str]
) -> list[Problem]:
    """Write who was present and who was excused; each must be a participant, once."""
    from ..checks.edits import edit_record

    participants = [p.actor for p in conference.participants]
    both = set(present) & set(excused)
    if both:
        raise UserError(
            f"Anwesend und entschuldigt zugleich: {', '.join(sorted(both))}; nichts geschrieben"
        )
    for actor in [*present, *excused]:
        if actor not in participants:
            known_actor(ws, actor, "Anwesenheit")
            raise UserError(
                f"{ws.actors[actor].name} ({actor}) nimmt an {conference.id} nicht teil; "
                "nichts geschrieben",
                "Teilnehmende: "
                + (", ".join(participants) or "keine")
                + "; andere in conferences/"
                + conference.id
                + ".yaml unter participants ergänzen",
            )

    def mutate(data: Any) -> None:
        data["attendance"] = {"present": list(present), "excused": list(excused)}

    path = conference_path(ws, conference.id)
    return edit_record(ws, "conference", path, mutate)

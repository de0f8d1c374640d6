"""``merzig conference new|attend|run``: set up a conference, record the day, run it.

``new`` takes every answer as an option and asks for what is missing when a
terminal is attached; ``run`` walks the agenda at the terminal. The checks
and the writing live in :mod:`merzig_cli.conference.setup`,
:mod:`~merzig_cli.conference.agreement` and :mod:`~merzig_cli.conference.day`.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from .case import load, report
from .common import stdout
from .conference import ConferenceArg, app
from .options import DataOpt, JsonOpt, option

if TYPE_CHECKING:
    from ..conference.setup import Setup
    from ..workspace.loader import Workspace


def interactive() -> bool:
    """A person at a terminal answers questions; a script gets an error for what is missing."""
    return sys.stdin.isatty()


@app.command("new")
def new_command(
    conference_id: ConferenceArg,
    date: Annotated[
        str | None, option("--date", help="Tag der Konferenz, JJJJ-MM-TT oder TT.MM.JJJJ.")
    ] = None,
    location: Annotated[str | None, option("--location", help="Ort der Konferenz.")] = None,
    title: Annotated[
        str | None, option("--title", help="Titel (Standard: Förderkonferenz JJJJ).")
    ] = None,
    start: Annotated[
        str | None, option("--start", help="Beginn, z. B. 09:00 (Standard 09:00).")
    ] = None,
    slot_minutes: Annotated[
        int | None, option("--slot-minutes", help="Minuten je Fall (Standard 20).")
    ] = None,
    breaks: Annotated[
        list[str] | None,
        option(
            "--break",
            help="Pause, mehrfach: „6=15“ (15 Minuten nach dem 6. Fall), „alle 6=15“, „12:00=45“.",
        ),
    ] = None,
    host: Annotated[str | None, option("--host", help="Gastgebender Akteur (Kennung).")] = None,
    participants: Annotated[
        list[str] | None,
        option(
            "--participant",
            help="Teilnehmender Akteur, mehrfach: KENNUNG oder KENNUNG:ANSPRECHPERSON.",
        ),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine Förderkonferenz anlegen: Tag, Ort, Zeiten, Pausen, Gastgeber, Teilnehmende (fragt nach, was fehlt)."""
    from ..conference.setup import Setup, check_participant, clock_time, new_conference, parse_break
    from ..core.clock import today
    from ..core.dates import parse_day

    ws = load(data)
    setup = Setup(
        id=conference_id,
        date=parse_day(date, "--date") if date else None,
        location=location or "",
        title=title or "",
        start=clock_time(start, "--start") if start else "09:00",
        slot_minutes=20 if slot_minutes is None else slot_minutes,
        host=host,
        participants=[check_participant(ws, *_split(p)) for p in participants or []],
        breaks=[parse_break(b) for b in breaks or []],
    )
    if setup.date is None or not setup.location:
        if not interactive():
            missing = [
                o for o, v in (("--date", setup.date), ("--location", setup.location)) if not v
            ]
            raise UsageError(
                f"Es fehlt {' und '.join(missing)}",
                f"z. B. merzig conference new {conference_id} --date 29.06.2027 "
                '--location "Berufsbildungszentrum" --participant ACTOR:KONTAKT',
            )
        _ask_setup(ws, setup, start is None, slot_minutes is None, not breaks, not participants)
    path, problems = new_conference(ws, setup, today())
    message = f"angelegt: Förderkonferenz {setup.id} ({path})\nFälle dazu: merzig case new --conference {setup.id}"
    report(as_json, message, problems, conference=setup.id, file=str(path), date=setup.date)


def _split(text: str) -> tuple[str, str | None]:
    actor, _, contact = text.partition(":")
    return actor.strip(), contact.strip() or None


def _ask_setup(
    ws: Workspace, setup: Setup, ask_start: bool, ask_slot: bool, ask_breaks: bool, ask_people: bool
) -> None:
    """Ask at the terminal for what the options did not give."""
    from ..conference.setup import check_participant, clock_time, parse_break
    from ..core.clock import today
    from ..core.dates import parse_day
    from .prompts import ask, ask_optional, pick_many, pick_one

    if setup.date is None:
        setup.date = ask(
            "Tag der Konferenz (z. B. 29.06.2027)", lambda t: parse_day(t, "Tag", today())
        )
    if not setup.location:
        setup.location = ask("Ort", _not_empty)
    if ask_start:
        setup.start = ask("Beginn", lambda t: clock_time(t), default="09:00")
    if ask_slot:
        setup.slot_minutes = int(ask("Minuten je Fall", _minutes, default="20"))
    if ask_breaks:
        while True:
            answer = ask_optional(
                "Pause (z. B. 6=15, alle 6=15, 12:00=45; leer: keine weitere)",
                lambda t: parse_break(t) if t.strip() else None,
            )
            if answer is None:
                break
            setup.breaks.append(answer)
    if ask_people:
        actors = sorted(ws.actors.values(), key=lambda a: a.id)
        out = stdout()
        for n, actor in enumerate(actors, start=1):
            out.print(f"  {n:>3}  {_esc(actor.id)}  [dim]{_esc(actor.name)}[/]", soft_wrap=True)
        chosen = ask_optional(
            "Teilnehmende: Nummern oder Kennungen, durch Komma getrennt",
            lambda t: pick_many(t, [a.id for a in actors]),
        )
        for actor_id in chosen:
            contacts = ws.actors[actor_id].contacts
            contact = None
            if len(contacts) > 1:
                for n, c in enumerate(contacts, start=1):
                    out.print(f"      {n}  {_esc(c.id)}  [dim]{_esc(c.name)}[/]", soft_wrap=True)
                ids = [c.id for c in contacts]
                contact = ask_optional(
                    f"Wer kommt für {actor_id}? (Nummer oder Kennung; leer: allgemeiner Kontakt)",
                    partial(pick_one, ids=ids),
                )
            elif contacts:
                contact = contacts[0].id
            setup.participants.append(check_participant(ws, actor_id, contact))
    if setup.host is None:
        ids = [a for a, _ in setup.participants]
        setup.host = ask_optional(
            "Gastgeber (Nummer oder Kennung; leer: keiner)",
            lambda t: pick_one(t, ids or sorted(ws.actors)),
        )


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _not_empty(text: str) -> str:
    if not text.strip():
        raise UsageError("Bitte etwas eingeben")
    return text.strip()


def _minutes(text: str) -> str:
    from ..conference.setup import check_slot_minutes

    if not text.strip().isdigit():
        raise UsageError(f"„{text}“ ist keine Zahl von Minuten")
    return str(check_slot_minutes(int(text)))


@app.command("attend")
def attend_command(
    conference_id: ConferenceArg,
    present: Annotated[
        str, typer.Option("--present", help="Anwesende Akteure, durch Komma getrennt.")
    ],
    excused: Annotated[
        str, option("--excused", help="Entschuldigt fehlende Akteure, durch Komma getrennt.")
    ] = "",
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Festhalten, wer am Konferenztag da war und wer entschuldigt fehlte."""
    from ..conference.cases import conference_of
    from ..conference.setup import record_attendance

    ws = load(data)
    here = _ids(present)
    away = _ids(excused)
    problems = record_attendance(ws, conference_of(ws, conference_id), here, away)
    message = f"{conference_id}: {len(here)} anwesend, {len(away)} entschuldigt"
    report(as_json, message, problems, conference=conference_id, present=here, excused=away)


def _ids(text: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))


@app.command("run")
def run_command(
    conference_id: ConferenceArg,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Ausgabeordner für Vereinbarungsblätter.")
    ] = Path("output"),
    formats: Annotated[
        str,
        option(
            "--format", help="Formate der Vereinbarungsblätter: html, md, pdf (Standard html,pdf)."
        ),
    ] = "html,pdf",
    data: DataOpt = None,
) -> None:
    """Den Konferenztag am Terminal führen: Fall für Fall Perspektive und Schritte, sofort gespeichert."""
    from .conference_run import run

    if not interactive():
        raise UsageError(
            "conference run fragt am Terminal und braucht eines",
            "Ohne Terminal: merzig case agree, merzig case step add, merzig conference attend",
        )
    run(conference_id, out, formats, data)

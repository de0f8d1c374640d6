"""Case files: a new pseudonymised case, and the follow-up changes to an existing one.

A new case is written from a commented template with the next free number of
its conference, under the workspace lock. Every change (a step done or
dropped, a follow-up note, closing) goes through
:func:`merzig_cli.checks.edits.edit_record`: locked, round-trip, checked like
``merzig validate`` before anything is written, atomic.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..checks.edits import edit_record
from ..core.dates import german
from ..core.errors import DataError, UserError
from ..core.files import write_new_file
from ..core.paths import in_workspace, safe_name
from ..core.problems import Problem
from ..core.text import one_line, typed_text
from ..core.vocab import OUTCOMES
from ..schema.conference import Case, Conference
from ..workspace import store
from ..workspace.loader import RECORD_DIRS, Workspace, lookup
from ..workspace.resources import fill, read_template


def conference_of(ws: Workspace, conference_id: str) -> Conference:
    """The conference, usable for an agenda or minutes: a file with errors is refused, never
    guessed around (a wrong date would check every consent against the wrong day)."""
    rel = f"{RECORD_DIRS['conference']}/{conference_id}.yaml"
    doc = ws.document("conference", conference_id)
    problems = [p for p in ws.failures if p.file == rel]
    problems += [p for p in (doc.problems if doc else []) if p.severity == "error"]
    if problems:
        raise DataError(
            f"{rel} hat Fehler; die Förderkonferenz wird erst nach der Korrektur verwendet",
            list(problems),
            "Die Datei korrigieren; merzig validate zeigt alle Fehler",
        )
    missing = f"Förderkonferenz „{conference_id}“ gibt es nicht"
    return lookup(ws.conferences, conference_id, missing, "Konferenzen stehen in conferences/")


def case_of(ws: Workspace, case_id: str) -> Case:
    missing = f"Fall „{case_id}“ gibt es nicht (oder die Datei ist ungültig)"
    return lookup(ws.cases, case_id, missing, "merzig case list zeigt alle Fälle")


def _numbers(root: Path, conference_id: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(conference_id)}-(\d+)\.yaml$")
    folder = root / RECORD_DIRS["case"]
    found = [0]
    if folder.is_dir():
        for path in folder.glob("*/*.yaml"):
            m = pattern.match(path.name)
            if m:
                found.append(int(m.group(1)))
    return found


def code_pseudonym(conference: Conference, number: int) -> str:
    """A code instead of a name: „FK27-03“ for the third case of fk-2027."""
    letters = re.sub(r"[^a-z]", "", conference.id.split("-")[0]).upper() or "FALL"
    return f"{letters}{conference.date.year % 100:02d}-{number:02d}"


def new_case(
    ws: Workspace, conference_id: str, today: dt.date, pseudonym: str | None = None
) -> tuple[str, Path]:
    """Write the commented file of the next case of a conference; returns (id, path)."""
    conference = conference_of(ws, conference_id)
    participants = "\n".join(
        f"  #   {one_line(p.actor):<34} "
        f"{one_line(ws.actors[p.actor].name) if p.actor in ws.actors else ''}".rstrip()
        for p in conference.participants
    )
    with store.workspace_lock(ws.root):
        number = max(_numbers(ws.root, conference.id)) + 1
        case_id = f"{conference.id}-{number:02d}"
        safe_name(case_id, "Fallkennung")
        path = ws.root / RECORD_DIRS["case"] / f"{conference.date.year:04d}" / f"{case_id}.yaml"
        text = fill(
            read_template("case.yaml", ws.root),
            {
                "participants": participants
                or "  #   (die Konferenz nennt noch keine Teilnehmenden)"
            },
            id=case_id,
            conference=conference.id,
            title=conference.title,
            date=conference.date.isoformat(),
            today=today.isoformat(),
            pseudonym=(pseudonym or code_pseudonym(conference, number)).replace('"', ""),
            **example_values(ws, conference),
        )
        write_new_file(in_workspace(ws.root, path), text)
    return case_id, path


def example_values(ws: Workspace, conference: Conference) -> dict[str, str]:
    """The ids in the new file's examples: from this workspace (a conference participant
    that is not the office where there is one), never from the bundled town."""
    from ..routing.contacts import is_office
    from ..schema.config import label_of

    ids = [p.actor for p in conference.participants if p.actor in ws.actors]
    ids += sorted(a for a in ws.actors if a not in ids)
    chosen = next((a for a in ids if not is_office(ws.actors[a], ws)), ids[0] if ids else None)
    role = label_of(ws.taxonomy.categories, ws.actors[chosen].category) if chosen else ""
    return {
        "example_actor": chosen or "akteur-kennung",
        "example_role": role or "Begleitung",
        "example_due": (conference.date + dt.timedelta(weeks=6)).isoformat(),
    }


def case_path(ws: Workspace, case_id: str) -> Path:
    """The file of a case, or a German error that says what is wrong."""
    safe_name(case_id, "Fallkennung")
    found = sorted((ws.root / RECORD_DIRS["case"]).glob(f"*/{case_id}.yaml"))
    if not found:
        raise UserError(f"Fall {case_id} gibt es nicht", "merzig case list zeigt alle Fälle")
    return in_workspace(ws.root, found[0])


def refuse_if_withdrawn(ws: Workspace, case_id: str, day: dt.date) -> None:
    """A German error when the consent gate hides the case (withdrawn, or perhaps withdrawn:
    a withdrawal it cannot read counts as one): after a withdrawal nothing is added."""
    from ..core.clock import today
    from .gate import gate

    held = gate(ws, day, made=today()).verdict(case_id)
    if held is not None and held.reason.hides_content:
        raise UserError(
            f"Fall {case_id}: {held.text} – nach einem Widerruf wird nichts mehr festgehalten; "
            "nichts geschrieben",
            "Der Inhalt wird nach retention.withdrawn_days gelöscht (merzig privacy purge); "
            "ist der Widerruf falsch eingetragen, zuerst consent in der Falldatei korrigieren",
        )


def edit_case(ws: Workspace, case_id: str, day: dt.date, mutate: Any) -> list[Problem]:
    """Change a case file: only while the consent gate does not hide it."""
    refuse_if_withdrawn(ws, case_id, day)
    return edit_record(ws, "case", case_path(ws, case_id), mutate)


def _steps(data: Any, case_id: str) -> Any:
    agreement = data.get("agreement")
    steps = agreement.get("steps") if isinstance(agreement, dict) else None
    if not isinstance(steps, list) or not steps:
        raise UserError(
            f"Fall {case_id} hat noch keine Vereinbarung mit Schritten",
            "Die Vereinbarung der Konferenz unter „agreement“ in die Falldatei eintragen",
        )
    return steps


def step_at(data: Any, case_id: str, number: int) -> Any:
    steps = _steps(data, case_id)
    if not 1 <= number <= len(steps) or not isinstance(steps[number - 1], dict):
        raise UserError(
            f"Fall {case_id} hat keinen Schritt {number}",
            f"Schritte von 1 bis {len(steps)}; merzig case show {case_id} zeigt sie",
        )
    return steps[number - 1]


def not_in_future(
    day: dt.date, what: str, hint: str | None = None, today: dt.date | None = None
) -> None:
    """Refuse an event recorded for a day after today: a step done, a case closed, a note,
    a withdrawal – what has not happened yet cannot be recorded (nor start a deletion period)."""
    from ..core.clock import today as clock_today

    if day > (today or clock_today()):
        raise UserError(
            f"{what} am {german(day)} liegt in der Zukunft; nichts geschrieben",
            hint or "Den Tag eintragen, an dem es geschehen ist (--date, Standard: heute)",
        )


def step_done(ws: Workspace, case_id: str, number: int, day: dt.date) -> list[Problem]:
    """Mark step ``number`` (from 1) done on ``day`` (not after today)."""
    not_in_future(day, f"Schritt {number} erledigt")
    return _finish_step(ws, case_id, number, {"status": "done", "done": day}, day)


def step_dropped(
    ws: Workspace, case_id: str, number: int, reason: str, day: dt.date | None = None
) -> list[Problem]:
    """Mark step ``number`` dropped, with the reason (``day``: of the change, default today)."""
    from ..core.clock import today

    why = typed_text(reason, "Der Grund (--reason)")
    if not why:
        raise UserError("--reason ist leer; nichts geschrieben")
    changes: dict[str, object] = {"status": "dropped", "reason": why}
    return _finish_step(ws, case_id, number, changes, day or today())


def _finish_step(
    ws: Workspace, case_id: str, number: int, changes: dict[str, object], day: dt.date
) -> list[Problem]:
    def mutate(data: Any) -> None:
        step = step_at(data, case_id, number)
        if step.get("status") != "open":
            raise UserError(f"Schritt {number} von Fall {case_id} ist nicht mehr offen")
        step.update(changes)

    return edit_case(ws, case_id, day, mutate)


def add_follow_up(ws: Workspace, case_id: str, note: str, day: dt.date) -> list[Problem]:
    """Append a follow-up note dated ``day`` (not after today)."""
    from ruamel.yaml.comments import CommentedMap

    text = typed_text(note, "Die Notiz (--note)")
    if not text:
        raise UserError("--note ist leer; nichts geschrieben")
    not_in_future(day, "Eine Notiz")

    def mutate(data: Any) -> None:
        if data.get("follow_up") is None:
            data["follow_up"] = []
        entries = data["follow_up"]
        if not isinstance(entries, list):
            raise UserError(f"Fall {case_id}: „follow_up“ ist keine Liste")
        entry = CommentedMap()
        entry["date"] = day
        entry["note"] = text
        entries.append(entry)

    return edit_case(ws, case_id, day, mutate)


def close_case(
    ws: Workspace, case_id: str, result: str, day: dt.date, force: bool = False
) -> list[Problem]:
    """Record the outcome and close the case; retention counts from ``day``. A case with
    open steps is closed only with ``force`` (the steps would be forgotten)."""
    from ruamel.yaml.comments import CommentedMap

    if result not in OUTCOMES:
        raise UserError(f"„{result}“ ist kein Ergebnis", "Erlaubt: " + ", ".join(OUTCOMES))
    not_in_future(day, "Ein Abschluss")

    def mutate(data: Any) -> None:
        if data.get("closed"):
            raise UserError(f"Fall {case_id} ist schon seit {data['closed']} abgeschlossen")
        agreement = data.get("agreement")
        steps = agreement.get("steps") if isinstance(agreement, dict) else None
        still_open = [
            str(n)
            for n, s in enumerate(steps if isinstance(steps, list) else [], start=1)
            if isinstance(s, dict) and s.get("status") == "open"
        ]
        if still_open and not force:
            which = (
                f"Schritt {still_open[0]} ist"
                if len(still_open) == 1
                else (f"Schritte {', '.join(still_open)} sind")
            )
            raise UserError(
                f"Fall {case_id}: {which} noch offen; nichts geschrieben",
                f"Erst erledigen oder entfallen lassen (merzig case step done|drop {case_id} N), "
                "oder mit --force trotzdem abschließen",
            )
        outcome = CommentedMap()
        outcome["date"] = day
        outcome["result"] = result
        data["outcome"] = outcome
        data["closed"] = day

    return edit_case(ws, case_id, day, mutate)

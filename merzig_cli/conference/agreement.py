"""The agreement of a case without an editor: perspective, steps added and changed, notes.

Every change goes through :func:`merzig_cli.conference.cases.edit_case` (locked,
checked like ``merzig validate``, atomic, minimal diff). What a person enters is
checked first, here, so that a wrong entry is refused with a reason in German
and nothing is written: an unknown actor, a step without due date, a new step
due in the past, and above all an actor the consent does not cover
(:func:`check_step_people`). ``merzig conference run`` asks through the same
functions.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.dates import german
from ..core.errors import UserError
from ..core.problems import Problem
from ..core.text import typed_text
from ..core.vocab import PERSPECTIVES
from ..schema.conference import Case
from ..workspace.loader import Workspace
from .cases import case_of, edit_case
from .followup import YOUTH


@dataclass(frozen=True)
class NewStep:
    """A step as entered: what, who carries it (``youth`` or an actor), who accompanies, by when."""

    action: str
    by: str
    support: str | None
    due: dt.date | None


def known_actor(ws: Workspace, actor: str, what: str) -> str:
    """``actor`` if the workspace has it; else a German error with the closest ids."""
    if actor in ws.actors:
        return actor
    close = difflib.get_close_matches(actor, sorted(ws.actors), n=3)
    hint = f"Meinten Sie „{close[0]}“?" if close else "merzig actors list zeigt alle Akteure"
    raise UserError(f"{what}: Akteur „{actor}“ gibt es nicht; nichts geschrieben", hint)


def check_step_people(ws: Workspace, case: Case, by: str, support: str | None) -> None:
    """Refuse a step whose carrier or companion is unknown or not covered by the consent.

    The consent (``consent.share_with``) says which actors may learn of the case;
    a step carried or accompanied by any other would share it without consent.
    """
    covered = list(case.consent.share_with)
    for what, actor in (("Wer macht es", by), ("Wer begleitet", support)):
        if not actor or (what == "Wer macht es" and actor == YOUTH):
            continue
        known_actor(ws, actor, what)
        if actor not in covered:
            raise UserError(
                f"{what}: {ws.actors[actor].name} ({actor}) ist von der Einwilligung in Fall "
                f"{case.id} nicht abgedeckt – der Schritt würde den Fall ohne Einwilligung "
                "weitergeben; nichts geschrieben",
                "Die Einwilligung deckt ab: "
                + (", ".join(covered) or "niemanden")
                + ". Erst wenn die junge Person zugestimmt hat, consent.share_with ergänzen",
            )


def check_new_step(
    ws: Workspace, case: Case, step: NewStep, today: dt.date, agreed: dt.date | None = None
) -> NewStep:
    """A new step, cleaned, or a German error: text, people, a due date not in the past nor
    before the agreement (``agreed``; default: the date of the case's agreement)."""
    action = typed_text(step.action, "Was zu tun ist (--action)")
    if not action:
        raise UserError("Was zu tun ist (--action) fehlt; nichts geschrieben")
    check_step_people(ws, case, step.by, step.support)
    if step.due is None:
        raise UserError(
            "Der Schritt braucht ein Datum, bis wann er erledigt ist (--due); nichts geschrieben",
            "z. B. --due 15.09.2027; ohne Frist erinnert niemand an den Schritt",
        )
    check_due(step.due, today, agreed or agreed_on(case))
    return NewStep(action, step.by, step.support or None, step.due)


def agreed_on(case: Case) -> dt.date | None:
    return case.agreement.date if case.agreement is not None else None


def check_due(due: dt.date, today: dt.date, agreed: dt.date | None = None) -> None:
    """Refuse a due date in the past or before the agreement it belongs to (an agreement
    dated on a conference still to come), for a new step and for one postponed alike."""
    if due < today:
        raise UserError(
            f"Die Frist {german(due)} liegt in der Vergangenheit; nichts geschrieben",
            f"Ein Schritt braucht eine Frist ab heute ({german(today)})",
        )
    if agreed is not None and due < agreed:
        raise UserError(
            f"Die Frist {german(due)} liegt vor der Vereinbarung vom "
            f"{german(agreed)}; nichts geschrieben",
            f"Eine Frist ab dem Tag der Vereinbarung ({german(agreed)})",
        )


def perspective_of(value: str) -> str:
    """A perspective by id or German label (``Ausbildung``, ``entry-qualification``)."""
    from ..core.vocab import accept

    return accept(value, PERSPECTIVES, "Perspektive")


def _agreement(data: Any, day: dt.date) -> dict[str, Any]:
    """The case's agreement block, made (dated ``day``) where the file has none."""
    agreement = data.get("agreement")
    if agreement is None:
        agreement = {"date": day, "perspective": None, "steps": []}
        data["agreement"] = agreement
    if not isinstance(agreement, dict):
        raise UserError("„agreement“ in der Falldatei ist keine Zuordnung; nichts geschrieben")
    if agreement.get("steps") is None:
        agreement["steps"] = []
    if not isinstance(agreement["steps"], list):
        raise UserError("„agreement.steps“ ist keine Liste; nichts geschrieben")
    return agreement


def _step_data(step: NewStep) -> dict[str, Any]:
    out: dict[str, Any] = {"action": step.action, "by": step.by}
    if step.support:
        out["support"] = step.support
    out["due"] = step.due
    out["status"] = "open"
    return out


def agree(
    ws: Workspace,
    case_id: str,
    perspective: str,
    day: dt.date,
    steps: Sequence[NewStep] = (),
    note: str | None = None,
) -> list[Problem]:
    """Record the agreement of the conference in one write: its date, the perspective,
    ``steps`` (already checked with :func:`check_new_step`) appended, a discussion note."""
    chosen = perspective_of(perspective)

    def mutate(data: Any) -> None:
        agreement = _agreement(data, day)
        agreement["date"] = day
        agreement["perspective"] = chosen
        agreement["steps"].extend(_step_data(s) for s in steps)
        if note and note.strip():
            _add_note(data, note)

    return edit_case(ws, case_id, day, mutate)


def add_step(
    ws: Workspace, case_id: str, step: NewStep, today: dt.date
) -> tuple[int, list[Problem]]:
    """Append a checked new step; returns its number (from 1) and the file's warnings."""
    from .cases import refuse_if_withdrawn

    refuse_if_withdrawn(ws, case_id, today)  # first: after a withdrawal, nothing else counts
    clean = check_new_step(ws, case_of(ws, case_id), step, today)
    number = 0

    def mutate(data: Any) -> None:
        nonlocal number
        steps = _agreement(data, today)["steps"]
        steps.append(_step_data(clean))
        number = len(steps)

    problems = edit_case(ws, case_id, today, mutate)
    return number, problems


@dataclass(frozen=True)
class StepChange:
    """What ``case step edit`` changes; None: unchanged (``support=""``: no one accompanies)."""

    action: str | None = None
    by: str | None = None
    support: str | None = None
    due: dt.date | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.action, self.by, self.support, self.due))


def edit_step(
    ws: Workspace, case_id: str, number: int, change: StepChange, today: dt.date
) -> list[Problem]:
    """Change an open step: another due date (postponed), carrier, companion or wording."""
    from .cases import step_at

    if change.empty:
        raise UserError(
            "Nichts zu ändern: mindestens eine Angabe nötig",
            "--due, --by, --support oder --action",
        )
    from .cases import refuse_if_withdrawn

    refuse_if_withdrawn(ws, case_id, today)
    case = case_of(ws, case_id)
    if change.action is not None and not typed_text(change.action, "--action"):
        raise UserError("--action darf nicht leer sein; nichts geschrieben")
    if change.due is not None:
        check_due(change.due, today, agreed_on(case))

    def mutate(data: Any) -> None:
        step = step_at(data, case_id, number)
        if step.get("status") != "open":
            raise UserError(
                f"Schritt {number} von Fall {case_id} ist nicht mehr offen; nichts geschrieben"
            )
        by = change.by if change.by is not None else step.get("by")
        support = step.get("support") if change.support is None else (change.support or None)
        check_step_people(ws, case, str(by or ""), support)
        if change.action is not None:
            step["action"] = typed_text(change.action, "--action")
        if change.by is not None:
            step["by"] = change.by
        if change.support is not None:
            if change.support:
                step["support"] = change.support
            else:
                step.pop("support", None)
        if change.due is not None:
            step["due"] = change.due

    return edit_case(ws, case_id, today, mutate)


def discuss(ws: Workspace, case_id: str, text: str, day: dt.date) -> list[Problem]:
    """Add a short discussion note for the minutes (appended to what is there)."""
    note = typed_text(text, "Die Notiz (--text)")
    if not note:
        raise UserError("--text ist leer; nichts geschrieben")

    return edit_case(ws, case_id, day, lambda data: _add_note(data, note))


def _add_note(data: Any, text: str) -> None:
    note = typed_text(text, "Die Notiz")
    before = data.get("discussion")
    if before is not None and not isinstance(before, str):
        raise UserError("„discussion“ in der Falldatei ist kein Text; nichts geschrieben")
    text = f"{before.rstrip()} {note}" if before and before.strip() else note
    if "discussion" in data or "agreement" not in data:
        data["discussion"] = text
        return
    items = list(data.items())  # a new note goes where the data model puts it: after agreement
    data.clear()
    for key, value in items:
        data[key] = value
        if key == "agreement":
            data["discussion"] = text


def withdraw(ws: Workspace, case_id: str, day: dt.date, today: dt.date) -> list[Problem]:
    """Record the withdrawal of the consent on ``day`` (not after ``today``).

    From then on the consent gate withholds the case from every output and no
    change is accepted (:func:`~merzig_cli.conference.cases.refuse_if_withdrawn`).
    """
    from ..checks.edits import edit_record
    from .cases import case_path, not_in_future

    not_in_future(
        day, "Ein Widerruf", "Den Widerruf an dem Tag eintragen, an dem er eingeht", today
    )

    def mutate(data: Any) -> None:
        consent = data.get("consent")
        if not isinstance(consent, dict):
            raise UserError(
                f"Fall {case_id}: die Einwilligung ist nicht lesbar; nichts geschrieben"
            )
        if consent.get("withdrawn") is not None:
            raise UserError(
                f"Fall {case_id}: die Einwilligung ist schon am {consent['withdrawn']} widerrufen"
            )
        given = consent.get("date")
        if isinstance(given, dt.date) and day < given:
            raise UserError(
                f"Der Widerruf ({day.isoformat()}) läge vor der Einwilligung "
                f"({given.isoformat()}); nichts geschrieben"
            )
        consent["withdrawn"] = day

    return edit_record(ws, "case", case_path(ws, case_id), mutate)


def reopen(ws: Workspace, case_id: str, reason: str, day: dt.date) -> list[Problem]:
    """Undo ``case close``: no outcome, not closed; the reason goes into the follow-up."""
    why = typed_text(reason, "Der Grund (--reason)")
    if not why:
        raise UserError("--reason ist leer: warum wird der Fall wieder geöffnet?")

    def mutate(data: Any) -> None:
        closed = data.get("closed")
        if closed is None:
            raise UserError(f"Fall {case_id} ist nicht abgeschlossen; nichts geschrieben")
        data["closed"] = None
        data["outcome"] = None
        entries = data.get("follow_up")
        if entries is None:
            entries = data["follow_up"] = []
        if not isinstance(entries, list):
            raise UserError(f"Fall {case_id}: „follow_up“ ist keine Liste; nichts geschrieben")
        entries.append({"date": day, "note": f"Wieder geöffnet (abgeschlossen am {closed}): {why}"})

    return edit_case(ws, case_id, day, mutate)

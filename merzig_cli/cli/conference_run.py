"""``merzig conference run``: the conference day at the terminal, case by case.

Attendance is asked once per conference and written at once; each case is
written in one change as soon as its agreement is complete (perspective,
steps, a note), so Ctrl-C or a crash loses at most the case at hand and the
next ``run`` starts at the first case without an agreement. Every answer is
checked by the same functions as the scripted commands; a wrong one is named
and asked again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..core.dates import german
from ..core.errors import UsageError
from ..core.text import count, typed_text
from .case import load, tell_withheld
from .common import stderr, stdout
from .prompts import ask, ask_optional, confirm, pick_many

if TYPE_CHECKING:
    import datetime as dt

    from ..conference.day import Day
    from ..schema.conference import Case, Conference
    from ..workspace.loader import Workspace

YOUTH_WORDS = ("0", "youth", "j", "jugendliche", "jugendlicher", "junge person")


def run(conference_id: str, out: Path, formats: str, data: Any) -> None:
    from ..conference.cases import conference_of
    from ..conference.day import day_of
    from ..conference.documents import FORMATS
    from ..core.clock import today
    from ..documents.output import parse_formats

    fmts = parse_formats(formats, FORMATS)
    now = today()
    ws = load(data)
    conference = conference_of(ws, conference_id)
    day = day_of(ws, conference, now)
    tell_withheld(day.agenda.withheld)
    _header(ws, day)
    at_hand: list[str] = []  # the case being discussed, not yet written
    try:
        if conference.attendance is None and conference.participants:
            _attendance(ws, conference)
        if _open_reviews(ws, day) and confirm(
            "Offene Schritte der Wiedervorlagen jetzt durchgehen?", False
        ):
            _reviews(ws, day, now)
        pending = [s.case for s in day.pending()]
        if not pending:
            stdout().print("Alle Fälle dieser Konferenz haben eine Vereinbarung.")
            return
        _walk(data, conference_id, [c for c in pending if c], now, out, fmts, at_hand)
    except (KeyboardInterrupt, typer.Abort):
        what = (
            f"Fall {at_hand[0]} ist nicht gespeichert, alle vorigen sind es."
            if at_hand
            else "Alles bisher Beantwortete ist gespeichert."
        )
        stderr().print(f"\nAbgebrochen: {what} Weiter mit: merzig conference run {conference_id}")
        raise typer.Exit(130) from None
    stdout().print(
        "[bold]Alle Fälle besprochen.[/] Protokoll: merzig conference minutes " + conference_id
    )


def _open_reviews(ws: Workspace, day: Day) -> list[tuple[str, int, Any]]:
    """(case id, step number, step) of every open step of the review items."""
    from ..conference.day import earlier_open_steps

    return [
        (slot.case or "", n, step)
        for slot in day.reviews
        for n, step in earlier_open_steps(day.case(slot))
    ]


def _reviews(ws: Workspace, day: Day, now: dt.date) -> None:
    """Each open step of an earlier conference: done, dropped, postponed or left open;
    every answer is written at once."""
    from rich.markup import escape

    from ..conference.agreement import StepChange, check_due, edit_step
    from ..conference.cases import step_done, step_dropped
    from ..conference.minimised import MINUTES, case_view
    from ..core.dates import parse_day
    from .case_card import step_line

    def parse(text: str) -> str | dt.date:
        word = text.strip().lower()
        if word in ("", "e", "erledigt", "x", "entfällt", "entfaellt"):
            return word[:1]
        due = parse_day(text, "Neue Frist", now)
        check_due(due, now)
        return due

    out = stdout()
    for case_id, number, _ in _open_reviews(ws, day):
        view = case_view(ws, ws.cases[case_id], now, MINUTES)
        shown = next(s for s in view.steps if s.number == number)
        out.print(f"{escape(case_id)}: " + escape(step_line(shown)), soft_wrap=True)
        answer = ask_optional(
            "  Stand? (leer: bleibt offen, e: erledigt, x: entfällt, oder eine neue Frist)", parse
        )
        if answer == "e":
            step_done(ws, case_id, number, now)
        elif answer == "x":
            reason = ask("  Warum entfällt der Schritt?", _text)
            step_dropped(ws, case_id, number, reason, now)
        elif not isinstance(answer, str):
            edit_step(ws, case_id, number, StepChange(due=answer), now)
        else:
            continue
        out.print(f"  ✓ Schritt {number} von {escape(case_id)} gespeichert.")


def _text(text: str) -> str:
    if not typed_text(text, "Der Grund"):
        raise UsageError("Bitte einen Grund nennen")
    return text.strip()


def _walk(
    data: Any,
    conference_id: str,
    pending: list[str],
    now: dt.date,
    out: Path,
    fmts: list[str],
    at_hand: list[str],
) -> None:
    """Case after case: each read fresh (another window may have changed it), asked, written."""
    from ..conference.cases import conference_of
    from ..conference.day import agreed, day_of

    for case_id in pending:
        ws = load(data)
        day = day_of(ws, conference_of(ws, conference_id), now)
        case = ws.cases.get(case_id)
        if case is None or day.gate.verdict(case.id) is not None or agreed(case):
            continue  # withheld or agreed in the meantime (another window)
        number = next(i for i, s in enumerate(day.cases, start=1) if s.case == case.id)
        at_hand[:] = [case.id]
        _one_case(ws, day, case, f"Fall {number} von {len(day.cases)}", now)
        at_hand.clear()
        if confirm("Vereinbarungsblatt für die junge Person schreiben?", False):
            _sheet(data, conference_id, case.id, now, out, fmts)


def _header(ws: Workspace, day: Day) -> None:
    from rich.markup import escape

    from .case_card import step_line

    c = day.conference
    done = len(day.cases) - len(day.pending())
    out = stdout()
    out.print(
        f"[bold]{escape(c.title)}[/] am {german(c.date)}, {escape(c.location)}: "
        f"{len(day.cases)} Fälle, {done} davon mit Vereinbarung.",
        soft_wrap=True,
    )
    from ..conference.minimised import MINUTES, case_view

    for slot in day.reviews:  # open steps of earlier conferences
        view = case_view(ws, day.case(slot), c.date, MINUTES)
        out.print(
            f"Wiedervorlage {escape(view.id)} ({escape(view.pseudonym)}): {escape(slot.reason_text)}",
            soft_wrap=True,
        )
        for s in view.steps:
            if s.status == "open":
                out.print("   " + escape(step_line(s)), soft_wrap=True)


def _attendance(ws: Workspace, conference: Conference) -> None:
    """Who is there: asked once per conference, written at once."""
    from rich.markup import escape

    from ..conference.setup import record_attendance

    ids = [p.actor for p in conference.participants]
    out = stdout()
    out.print("Teilnehmende:")
    for n, actor in enumerate(ids, start=1):
        name = ws.actors[actor].name if actor in ws.actors else actor
        out.print(f"  {n:>2}  {escape(actor)}  [dim]{escape(name)}[/]", soft_wrap=True)
    present = ask_optional(
        "Wer ist da? Nummern oder Kennungen, durch Komma (leer: alle)",
        lambda t: pick_many(t, ids) or list(ids),
    )
    rest = [a for a in ids if a not in present]
    excused = rest if rest and confirm("Die übrigen als entschuldigt eintragen?", True) else []
    record_attendance(ws, conference, present, excused)
    out.print(f"✓ Anwesenheit gespeichert: {len(present)} da, {len(excused)} entschuldigt.")


def _one_case(ws: Workspace, day: Day, case: Case, position: str, now: dt.date) -> None:
    from rich.markup import escape
    from rich.rule import Rule

    from ..conference.agreement import agree
    from ..conference.minimised import MINUTES, case_view
    from .case_card import render_case

    out = stdout()
    slot = next(s for s in day.cases if s.case == case.id)
    out.print(Rule(f"{position}: {escape(case.id)} ({escape(case.pseudonym)})"))
    view = case_view(ws, case, day.conference.date, MINUTES)
    when = f"{slot.start.strftime('%H:%M')}–{slot.end.strftime('%H:%M')} Uhr"
    out.print(render_case(view, ws, f"auf der Tagesordnung {when}", None, case.source))
    covered = list(case.consent.share_with)
    out.print("Die Einwilligung deckt ab (nur diese dürfen Schritte machen oder begleiten):")
    for n, actor in enumerate(covered, start=1):
        name = ws.actors[actor].name if actor in ws.actors else actor
        out.print(f"  {n:>2}  {escape(actor)}  [dim]{escape(name)}[/]", soft_wrap=True)
    perspective = _ask_perspective(case)
    steps = _ask_steps(ws, case, covered, now, day.conference.date)
    note = ask_optional(
        "Notiz fürs Protokoll, ohne Namen (leer: keine)", lambda t: typed_text(t, "Die Notiz")
    )
    problems = agree(ws, case.id, perspective, day.conference.date, steps, note or None)
    for p in problems:
        from .common import print_problem

        print_problem(stderr(), p)
    agreed = count(len(steps), "Schritt", "Schritte")
    out.print(f"✓ Fall {escape(case.id)} gespeichert: {agreed} vereinbart.")


def _ask_perspective(case: Case) -> str:
    from ..conference.agreement import perspective_of
    from ..core.vocab import PERSPECTIVES

    ids = list(PERSPECTIVES)
    out = stdout()
    out.print("Perspektiven:")
    for n, (ident, label) in enumerate(PERSPECTIVES.items(), start=1):
        mark = " *" if ident in case.options else ""
        out.print(f"  {n:>2}  {label}{mark}")
    if case.options:
        out.print("  (* besprochen)")

    def parse(text: str) -> str:
        if text.isdigit() and 1 <= int(text) <= len(ids):
            return ids[int(text) - 1]
        return perspective_of(text)

    return ask("Vereinbarte Perspektive (Nummer oder Bezeichnung)", parse)


def _ask_steps(
    ws: Workspace, case: Case, covered: list[str], now: dt.date, agreed: dt.date
) -> list[Any]:
    """The steps of the agreement dated ``agreed`` (the conference day); „in 4 Wochen“
    counts from that day when the conference is still to come."""
    from ..conference.agreement import NewStep, check_due, check_new_step, check_step_people
    from ..core.dates import parse_day

    def actor(text: str, what: str) -> str:
        word = " ".join(text.split())
        if word.isdigit() and 1 <= int(word) <= len(covered):
            return covered[int(word) - 1]
        if not word:
            raise UsageError("Bitte eine Nummer oder Kennung eingeben")
        if what == "by":
            check_step_people(ws, case, word, None)
        else:
            check_step_people(ws, case, "youth", word)
        return word

    def carrier(text: str) -> str:
        return "youth" if text.strip().lower() in YOUTH_WORDS else actor(text, "by")

    def companion(text: str) -> str | None:
        return actor(text, "support") if text.strip() else None

    def due(text: str) -> dt.date:
        day = parse_day(text, "Bis wann", max(now, agreed))
        check_due(day, now, agreed)
        return day

    steps: list[Any] = []
    while True:
        action = ask_optional(
            f"Schritt {len(steps) + 1} – was ist zu tun? (leer: keine weiteren Schritte)",
            lambda t: typed_text(t, "Was zu tun ist"),
        )
        if not action:
            return steps
        by = ask("  Wer macht es? (0 = die junge Person, Nummer oder Kennung)", carrier)
        support = ask_optional("  Wer begleitet? (Nummer oder Kennung; leer: niemand)", companion)
        until = ask("  Bis wann? (z. B. 15.09.2027, in 4 Wochen, Ende August)", due)
        steps.append(check_new_step(ws, case, NewStep(action, by, support, until), now, agreed))


def _sheet(
    data: Any, conference_id: str, case_id: str, now: dt.date, out: Path, fmts: list[str]
) -> None:
    from ..conference.cases import conference_of
    from ..conference.day import day_of, write_sheet
    from .outputs import print_written

    ws = load(data)
    day = day_of(ws, conference_of(ws, conference_id), now)
    written = write_sheet(ws, day, case_id, now, out, fmts)
    print_written(written)

"""``merzig followup``: what is due or overdue, by the actor that accompanies it; ``--check``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from .case import consent_gate, load, tell_withheld
from .common import count, print_json, report_findings, stdout
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date
from .tables import Column, tables

if TYPE_CHECKING:
    from ..conference.followup import DueStep
    from ..workspace.loader import Workspace


def followup_command(
    actor: Annotated[
        str | None, option("--actor", help="Nur Schritte, die dieser Akteur begleitet.")
    ] = None,
    check: Annotated[
        bool,
        option("--check", help="Prüfen, dass kein Fall verloren geht (Exit-Code 1 bei Befunden)."),
    ] = False,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Überfällige und in 7 Tagen fällige Schritte aller Fälle, nach begleitendem Akteur."""
    from rich.markup import escape

    from ..conference.followup import by_accompanying_actor, due_steps

    ws = load(data)
    day = parse_date(date)
    if actor:
        ws.actor(actor)
    g = consent_gate(ws, day)
    tell_withheld(g.withheld)
    if check:
        from ..conference.check import check as run_check

        findings = run_check(g, day)

        def show(err: Any) -> None:
            cases = {f.case for f in findings}
            err.print(
                f"[red]✗ {count(len(cases), 'Fall braucht', 'Fälle brauchen')} "
                f"Aufmerksamkeit (Stand {day.isoformat()}):[/]"
            )
            for f in findings:
                err.print(f"  {escape(f.case)} ({escape(f.pseudonym)}): {escape(f.message)}")

        all_clear = f"✓ Kein Fall ist ohne Nachverfolgung (Stand {day.isoformat()})."
        report_findings(findings, as_json, all_clear, show)
        return
    steps = due_steps(g, day, actor=actor)
    if as_json:
        print_json([s.to_plain() for s in steps])
        return
    out = stdout()
    if not steps:
        out.print(f"Keine überfälligen oder bald fälligen Schritte (Stand {day.isoformat()}).")
        return
    columns = [
        Column("Fall", "id", 9),
        Column("Pseudonym", "id", 2),
        Column("Nr.", "number", 8),
        Column("Schritt", priority=6),
        Column("macht", priority=3),
        Column("bis", "id", 7),  # what is late and by how much goes last
        Column("Stand", priority=5),
    ]
    groups: list[tuple[str | None, list[list[str]]]] = [
        (
            group.name if group.actor else "Ohne begleitenden Akteur",
            [_row(s, ws) for s in group.steps],
        )
        for group in by_accompanying_actor(ws, steps)
    ]
    for one in tables(columns, groups, out.width):  # the same columns in every group
        out.print(one)
        out.print()
    overdue = sum(1 for s in steps if s.overdue)
    total = count(len(steps), "Schritt", "Schritte")
    out.print(f"{total}, davon {overdue} überfällig (Stand {day.isoformat()}).")


def _row(s: DueStep, ws: Workspace) -> list[str]:
    from ..conference.minimised import actor_name

    by = actor_name(ws, s.by)
    return [
        s.case,
        s.pseudonym,
        str(s.number),
        s.action,
        by,
        s.due.isoformat(),
        _state(s.days_overdue),
    ]


def _state(late: int) -> str:
    """How late a step is, or in how many days it is due."""
    if late > 0:
        return f"{count(late, 'Tag', 'Tage')} überfällig"
    if late == 0:
        return "heute fällig"
    return f"in {count(-late, 'Tag', 'Tagen')}"

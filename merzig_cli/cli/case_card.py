"""A case for the terminal (``merzig case show``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..conference.minimised import CaseView, StepView
from ..core.text import count
from ..workspace.loader import Workspace


def step_line(s: StepView) -> str:
    """One step in one line: state, action, who carries it, who accompanies it, until when."""
    if s.status == "done":
        state = f"erledigt {s.done.isoformat()}" if s.done else "erledigt"
    elif s.status == "dropped":
        state = "entfallen" + (f": {s.reason}" if s.reason else "")
    elif s.days_overdue is not None and s.days_overdue > 0:
        state = f"offen, {count(s.days_overdue, 'Tag', 'Tage')} überfällig"
    else:
        state = "offen"
    parts = [f"{s.number}. [{state}] {s.action}", f"macht: {s.by}"]
    if s.support:
        parts.append(f"begleitet: {s.support}")
    parts.append(f"bis {s.due.isoformat()}" if s.due else "ohne Frist")
    return " – ".join(parts)


def render_case(
    view: CaseView, ws: Workspace, state: str, delete_from: dt.date | None, source: str
) -> Any:
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    conference = ws.conferences.get(view.conference)
    head = f"{conference.title} ({conference.date.isoformat()})" if conference else view.conference
    lines = [f"[bold]Pseudonym:[/] {escape(view.pseudonym)}"]
    if view.birth_year:
        lines.append(f"[bold]Geburtsjahr:[/] {view.birth_year}")
    lines.append(f"[bold]Konferenz:[/] {escape(head)}")
    lines.append(f"[bold]Stand:[/] {escape(state)}")
    if delete_from:
        lines.append(f"[bold]Zu löschen ab:[/] {delete_from.isoformat()}")
    lines.append(f"[bold]Datei:[/] {escape(source)}")
    parts: list[Any] = [Text.from_markup("\n".join(lines))]

    def block(title: str, rows: list[str]) -> None:
        if rows:
            parts.append(Panel(Text("\n".join(rows)), title=title, title_align="left"))

    block("Einwilligung", [f"{k}: {v}" for k, v in view.consent])
    block("Situation", [f"{k}: {v}" for k, v in view.facts])
    block(
        "Unterstützungssystem",
        [f"{name}" + (f" ({role})" if role else "") for name, role in view.support_system],
    )
    if view.options:
        block("Besprochene Perspektiven", [", ".join(view.options)])
    agreement = []
    if view.perspective or view.agreement_date:
        when = f" vom {view.agreement_date.isoformat()}" if view.agreement_date else ""
        agreement.append(f"Vereinbarung{when}: Perspektive {view.perspective or '–'}")
        agreement += [step_line(s) for s in view.steps]
        if view.review:
            agreement.append(f"Nächste Überprüfung: {view.review.isoformat()}")
    else:
        agreement.append("Noch keine Vereinbarung.")
    block("Vereinbarung", agreement)
    block("Aus der Besprechung", [view.discussion] if view.discussion else [])
    block("Nachverfolgung", [f"{d.isoformat()}: {note}" for d, note in view.follow_up])
    if view.outcome:
        when = f"{view.outcome_date.isoformat()}: " if view.outcome_date else ""
        block("Ergebnis", [f"{when}{view.outcome}"])
    return Panel(Group(*parts), title=f"Fall {escape(view.id)}", title_align="left")

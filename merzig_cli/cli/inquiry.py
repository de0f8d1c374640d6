"""``merzig inquiry …``: record inquiries, referrals and feedback.

Each command parses options, calls one function of :mod:`merzig_cli.referrals`
and prints the result; the file handling (lock, round-trip, validation,
atomic write) lives there and in :mod:`merzig_cli.store`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import UsageError
from ..vocab import REFERRAL_STATUS
from .common import DataOpt, DateOpt, JsonOpt, new_app, parse_date, print_json, stderr, stdout
from .inquiry_new import new_command, warn_personal

if TYPE_CHECKING:
    from ..model import Inquiry
    from ..workspace import Workspace

app = new_app("Anfragen erfassen, weiterleiten, Rückmeldungen festhalten und auflisten.")
app.command("new")(new_command)

IdArg = Annotated[str, typer.Argument(help="Anfragenummer, z. B. 2026-0042.")]


def _load(data: Any, inquiries: bool = False) -> Workspace:
    from ..workspace import load_workspace

    kinds = {"actor", "inquiry"} if inquiries else {"actor"}
    return load_workspace(str(data) if data else None, kinds=kinds)


def _done(message: str, path: Any) -> None:
    typer.echo(f"✓ {message} ({path})")


@app.command("refer")
def refer_command(
    inquiry_id: IdArg,
    target: Annotated[str, typer.Argument(help="Akteur oder Akteur/Ansprechperson.")],
    date: DateOpt = None,
    data: DataOpt = None,
) -> None:
    """Eine Weiterleitung an einen Akteur (und eine Ansprechperson) festhalten."""
    from ..referrals import refer

    ws = _load(data)
    path = refer(ws, inquiry_id, target, parse_date(date))
    _done(f"Anfrage {inquiry_id} an {target} weitergeleitet", path)


@app.command("feedback")
def feedback_command(
    inquiry_id: IdArg,
    actor: Annotated[str, typer.Argument(help="Akteur, der die Rückmeldung gibt.")],
    status: Annotated[
        str, typer.Option("--status", help="Stand: " + " | ".join(REFERRAL_STATUS) + ".")
    ],
    outcome: Annotated[
        str, typer.Option("--outcome", help="Was daraus wurde, ohne Namen der fragenden Person.")
    ],
    date: DateOpt = None,
    data: DataOpt = None,
) -> None:
    """Die Rückmeldung der Ansprechperson zu einer Weiterleitung festhalten."""
    from ..privacy import personal_data_in
    from ..referrals import feedback

    if status not in REFERRAL_STATUS:
        raise UsageError(
            f"--status: „{status}“ ist kein erlaubter Stand",
            "Erlaubt: " + ", ".join(REFERRAL_STATUS),
        )
    warn_personal(personal_data_in(outcome), "Die Rückmeldung")
    ws = _load(data)
    path = feedback(ws, inquiry_id, actor, status, outcome, parse_date(date))
    _done(f"Rückmeldung von {actor} zu Anfrage {inquiry_id} festgehalten", path)


@app.command("close")
def close_command(inquiry_id: IdArg, date: DateOpt = None, data: DataOpt = None) -> None:
    """Eine Anfrage abschließen (ab dann läuft die Aufbewahrungsfrist)."""
    from ..referrals import close

    ws = _load(data)
    path = close(ws, inquiry_id, parse_date(date))
    _done(f"Anfrage {inquiry_id} abgeschlossen", path)


def inquiry_dict(inq: Inquiry, today: dt.date, feedback_days: int) -> dict[str, Any]:
    from ..referrals import overdue_referrals

    data = asdict(inq)
    data["file"] = data.pop("source")
    late = overdue_referrals(inq, today, feedback_days)
    data["overdue"] = [r.actor for r in late]
    return data


@app.command("show")
def show_command(
    inquiry_id: IdArg, date: DateOpt = None, data: DataOpt = None, as_json: JsonOpt = False
) -> None:
    """Eine Anfrage mit allen Weiterleitungen und Rückmeldungen zeigen."""
    from ..referrals import inquiry_path, overdue_referrals

    ws = _load(data, inquiries=True)
    inquiry_path(ws, inquiry_id)
    inq = ws.inquiries.get(inquiry_id)
    if inq is None:
        from ..errors import UserError

        raise UserError(
            f"Anfrage {inquiry_id} ist ungültig und kann nicht gezeigt werden",
            "merzig validate zeigt, was an der Datei falsch ist",
        )
    today, days = parse_date(date), ws.config.feedback_days
    if as_json:
        print_json(inquiry_dict(inq, today, days))
        return
    from rich.markup import escape

    out = stdout()
    out.soft_wrap = True
    state = f"abgeschlossen am {inq.closed}" if inq.closed else "offen"
    out.print(f"[bold]Anfrage {inq.id}[/] – eingegangen {inq.received} per {inq.channel}, {state}")
    out.print(
        f"Zielgruppe: {inq.inquirer} · Sprache: {inq.language} · Themen: {', '.join(inq.topics)}"
    )
    out.print(f"Frage: {escape(inq.question)}")
    late = {id(r) for r in overdue_referrals(inq, today, days)}
    for r in inq.referrals:
        who = f"{r.actor}/{r.contact}" if r.contact else r.actor
        flag = " [red](überfällig)[/]" if id(r) in late else ""
        out.print(f"  → {who} am {r.date}: {r.status}{flag}")
        if r.feedback:
            out.print(f"    Rückmeldung {r.feedback.date}: {escape(r.feedback.outcome)}")
    if not inq.referrals:
        out.print("  (noch keine Weiterleitung)")


@app.command("list")
def list_command(
    only_open: Annotated[bool, typer.Option("--open", help="Nur offene Anfragen.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Nur Anfragen mit überfälliger Rückmeldung.")
    ] = False,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Nur an diesen Akteur weitergeleitete.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Nur Anfragen dieses Jahres.")] = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Anfragen auflisten, nach offen, überfällig, Akteur oder Jahr gefiltert."""
    from ..referrals import filter_inquiries, overdue_referrals

    ws = _load(data, inquiries=True)
    if actor:
        ws.actor(actor)
    today, days = parse_date(date), ws.config.feedback_days
    found = filter_inquiries(
        ws.inquiries.values(), today, days, only_open, overdue, actor=actor, year=year
    )
    if as_json:
        print_json([inquiry_dict(i, today, days) for i in found])
        return
    if not found:
        stderr().print("Keine Anfragen gefunden.")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table("Nr.", "Eingang", "Themen", "Weitergeleitet an", "Stand", box=None)
    for column in table.columns:
        column.overflow = "fold"
    for inq in found:
        late = {r.actor for r in overdue_referrals(inq, today, days)}
        targets = ", ".join(
            r.actor + (" (überfällig)" if r.actor in late else "") for r in inq.referrals
        )
        state = f"abgeschlossen {inq.closed}" if inq.closed else "offen"
        table.add_row(inq.id, str(inq.received), ", ".join(inq.topics), escape(targets), state)
    stdout().print(table)
    stdout().print(f"{len(found)} Anfrage(n).")

"""``merzig inquiry …``: record referrals and feedback, close, show and list inquiries.

Each command parses options, calls one function of :mod:`merzig_cli.inquiries`
and prints the result; the file handling (lock, round-trip, validation,
atomic write) lives there. Taking a new inquiry is a dialogue of its own:
:mod:`merzig_cli.cli.intake`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import UsageError
from ..core.vocab import CHANNELS, REFERRAL_STATUS
from .common import (
    count,
    echo,
    listed_elsewhere,
    new_app,
    print_json,
    print_problem,
    stderr,
    stdout,
    warn_if_broken,
    warn_personal,
)
from .intake import new_command
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date
from .tables import Column, table

if TYPE_CHECKING:
    from ..core.problems import Problem
    from ..workspace.loader import Workspace

app = new_app("Anfragen erfassen, weiterleiten, Rückmeldungen festhalten und auflisten.")
app.command("new")(new_command)

IdArg = Annotated[str, typer.Argument(help="Anfragenummer, z. B. 2026-0042.")]
ReferDateOpt = Annotated[
    str | None,
    option("--date", help="Datum der Weiterleitung, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
]
FeedbackDateOpt = Annotated[
    str | None,
    option("--date", help="Datum der Rückmeldung, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
]
CloseDateOpt = Annotated[
    str | None,
    option("--date", help="Datum des Abschlusses, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
]
YEAR_MIN, YEAR_MAX = 1900, 2999


def _topic_labels(ws: Workspace, ids: list[str]) -> str:
    from ..schema.config import label_of

    return ", ".join(label_of(ws.taxonomy.topics, t) for t in ids)


def _group_label(ws: Workspace, group: str) -> str:
    from ..schema.config import label_of

    return label_of(ws.taxonomy.target_groups, group)


def _day(value: dt.date) -> str:
    """A date, or a clear mark where the file holds no valid one."""
    return "ungültig" if value == dt.date.min else str(value)


def _warn(problem: Problem) -> None:
    """Warnings of the changed file: written anyway, but the user should know."""
    print_problem(stderr(), problem)


def _load(data: Any, inquiries: bool = False) -> Workspace:
    from ..workspace.loader import load_workspace

    kinds = {"actor", "inquiry"} if inquiries else {"actor"}
    return load_workspace(str(data) if data else None, kinds=kinds)


def _done(message: str, path: Any) -> None:
    echo(f"✓ {message} ({path})")


@app.command("refer")
def refer_command(
    inquiry_id: IdArg,
    target: Annotated[str, typer.Argument(help="Akteur oder Akteur/Ansprechperson.")],
    date: ReferDateOpt = None,
    data: DataOpt = None,
) -> None:
    """Eine Weiterleitung an einen Akteur (und eine Ansprechperson) festhalten.

    Ist die Ansprechperson an dem Tag abwesend, nennt der Befehl die Vertretung
    oder das Rückkehrdatum.
    """
    from ..inquiries.referrals import absence_note, refer, resolve_target

    ws = _load(data)
    day = parse_date(date)
    path = refer(ws, inquiry_id, target, day, warn=_warn)
    _done(f"Anfrage {inquiry_id} an {target} weitergeleitet", path)
    actor, contact = resolve_target(ws, target)
    note = absence_note(ws, actor, contact, day)
    if note:
        stderr().print(f"[yellow]Hinweis: {note}[/]")


@app.command("feedback")
def feedback_command(
    inquiry_id: IdArg,
    actor: Annotated[
        str,
        typer.Argument(
            help="Akteur, der die Rückmeldung gibt; AKTEUR/PERSON, wenn mehrere "
            "Ansprechpersonen des Akteurs die Anfrage haben.",
        ),
    ],
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="Stand, Kennung oder Bezeichnung: "
            + ", ".join(f"{k} ({v})" for k, v in REFERRAL_STATUS.items())
            + ".",
        ),
    ],
    outcome: Annotated[
        str, typer.Option("--outcome", help="Was daraus wurde, ohne Namen der fragenden Person.")
    ],
    replace: Annotated[
        bool,
        option("--replace", help="Eine schon festgehaltene Rückmeldung ersetzen (sonst Abbruch)."),
    ] = False,
    date: FeedbackDateOpt = None,
    data: DataOpt = None,
) -> None:
    """Die Rückmeldung der Ansprechperson zu einer Weiterleitung festhalten."""
    from ..checks.privacy import personal_data_in, workspace_names
    from ..core.vocab import accept_status
    from ..inquiries.referrals import feedback

    status = accept_status(status, "--status")
    ws = _load(data)
    warn_personal(personal_data_in(outcome, workspace_names(ws)), "Die Rückmeldung")
    path = feedback(
        ws, inquiry_id, actor, status, outcome, parse_date(date), replace=replace, warn=_warn
    )
    _done(f"Rückmeldung von {actor} zu Anfrage {inquiry_id} festgehalten", path)


@app.command("close")
def close_command(inquiry_id: IdArg, date: CloseDateOpt = None, data: DataOpt = None) -> None:
    """Eine Anfrage abschließen (ab dann läuft die Aufbewahrungsfrist)."""
    from ..inquiries.referrals import close

    ws = _load(data)
    path, still_open = close(ws, inquiry_id, parse_date(date), warn=_warn)
    _done(f"Anfrage {inquiry_id} abgeschlossen", path)
    if still_open:
        stderr().print(
            f"[yellow]Warnung: {count(len(still_open), 'Weiterleitung', 'Weiterleitungen')} "
            f"noch ohne Rückmeldung: {', '.join(still_open)}. Rückmeldung nachtragen mit "
            f"merzig inquiry feedback {inquiry_id} AKTEUR --status … --outcome …[/]"
        )


@app.command("show")
def show_command(
    inquiry_id: IdArg, date: DateOpt = None, data: DataOpt = None, as_json: JsonOpt = False
) -> None:
    """Eine Anfrage mit allen Weiterleitungen und Rückmeldungen zeigen."""
    from ..inquiries.referrals import inquiry_of, inquiry_plain, overdue_referrals

    ws = _load(data, inquiries=True)
    inq = inquiry_of(ws, inquiry_id)
    today, days = parse_date(date), ws.config.feedback_days
    if as_json:
        print_json(inquiry_plain(inq, today, days))
        return
    from rich.markup import escape

    out = stdout()
    out.soft_wrap = True
    from ..core.languages import language_name

    state = f"abgeschlossen am {inq.closed}" if inq.closed else "offen"
    channel = CHANNELS.get(inq.channel, inq.channel)
    out.print(
        f"[bold]Anfrage {inq.id}[/] – eingegangen {_day(inq.received)}, Weg: {channel}, {state}"
    )
    out.print(
        f"Zielgruppe: {escape(_group_label(ws, inq.inquirer))} · "
        f"Sprache: {escape(language_name(inq.language))} · "
        f"Themen: {escape(_topic_labels(ws, inq.topics))}"
    )
    out.print(f"Frage: {escape(inq.question)}")
    late = {id(r) for r in overdue_referrals(inq, today, days)}
    for r in inq.referrals:
        who = f"{r.actor}/{r.contact}" if r.contact else r.actor
        flag = " [red](überfällig)[/]" if id(r) in late else ""
        status = REFERRAL_STATUS.get(r.status, r.status)
        out.print(f"  → {escape(who)} am {_day(r.date)}: {status}{flag}")
        if r.feedback:
            out.print(f"    Rückmeldung {r.feedback.date}: {escape(r.feedback.outcome)}")
    if not inq.referrals:
        out.print("  (noch keine Weiterleitung)")


@app.command("list")
def list_command(
    only_open: Annotated[bool, option("--open", help="Nur offene Anfragen.")] = False,
    overdue: Annotated[
        bool, option("--overdue", help="Nur Anfragen mit überfälliger Rückmeldung.")
    ] = False,
    actor: Annotated[
        str | None, option("--actor", help="Nur an diesen Akteur weitergeleitete.")
    ] = None,
    year: Annotated[
        int | None,
        option("--year", metavar="JAHR", help="Nur Anfragen dieses Jahres (z. B. 2026)."),
    ] = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Anfragen auflisten, nach offen, überfällig, Akteur oder Jahr gefiltert."""
    from ..inquiries.referrals import filter_inquiries, inquiry_plain, overdue_referrals

    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise UsageError(
            f"--year: {year} ist kein sinnvolles Jahr",
            f"Ein Jahr zwischen {YEAR_MIN} und {YEAR_MAX} angeben, z. B. --year 2026",
        )
    ws = _load(data, inquiries=True)
    warn_if_broken(ws)
    if actor:
        ws.actor(actor)
    today, days = parse_date(date), ws.config.feedback_days
    found = filter_inquiries(
        ws.inquiries.values(), today, days, only_open, overdue, actor=actor, year=year
    )

    def plain() -> list[Any]:
        return [inquiry_plain(i, today, days) for i in found]

    if listed_elsewhere(as_json, plain, len(found), "Keine Anfragen gefunden."):
        return
    columns = [
        Column("Nr.", "id", 5),
        Column("Eingang", "number", 3),
        Column("Themen", priority=2),
        Column("Weitergeleitet an", priority=4),
        Column("Stand", priority=1),
    ]
    rows = []
    for inq in found:
        late = {id(r) for r in overdue_referrals(inq, today, days)}  # per referral, not per actor
        targets = ", ".join(
            r.actor + (" (überfällig)" if id(r) in late else "") for r in inq.referrals
        )
        state = f"abgeschlossen {inq.closed}" if inq.closed else "offen"
        rows.append([inq.id, _day(inq.received), _topic_labels(ws, inq.topics), targets, state])
    stdout().print(table(None, columns, rows))
    stdout().print(f"{count(len(found), 'Anfrage', 'Anfragen')}.")

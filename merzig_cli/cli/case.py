"""``merzig case …``: the cases of the Förderkonferenz and their follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.vocab import OUTCOMES
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
)
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date
from .tables import Column, table

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from ..conference.gate import Gate, Withheld
    from ..core.problems import Problem
    from ..workspace.loader import Workspace

app = new_app("Fälle der Förderkonferenz anlegen, zeigen und nachverfolgen (pseudonymisiert).")

CaseArg = Annotated[str, typer.Argument(help="Kennung des Falls, z. B. fk-2026-07.")]
CASE_KINDS = {"actor", "conference", "case"}


def load(data: Any) -> Workspace:
    from ..workspace.loader import load_workspace

    return load_workspace(str(data) if data else None, kinds=CASE_KINDS)


def _warn(problems: list[Problem]) -> None:
    for problem in problems:
        print_problem(stderr(), problem)


def _done(message: str) -> None:
    echo(f"✓ {message}")


def consent_gate(ws: Workspace, day: dt.date) -> Gate:
    """The consent gate for an output of ``day``, made today (the gate reads no clock)."""
    from ..conference.gate import gate
    from ..core.clock import today

    return gate(ws, day, made=today())


def tell_withheld(withheld: Sequence[Withheld]) -> None:
    """Say which cases an output leaves out and why, in the gate's words (stderr)."""
    from rich.markup import escape

    err = stderr()
    for w in withheld:
        if w.reason.defect:  # the file must be corrected before the case is back anywhere
            line = f"[red]Fall {escape(w.case)} ausgelassen: {escape(w.text)}.[/] " + (
                "Datei korrigieren; Einzelheiten: merzig validate"
            )
        else:
            line = f"[yellow]Fall {escape(w.case)} ausgelassen: {escape(w.text)}.[/]"
        err.print(line, soft_wrap=True)


def warn_exposed(warning: str | None) -> None:
    """Print the warning of :func:`~merzig_cli.documents.exposure.exposure_warning`, if any."""
    if warning:
        from rich.markup import escape

        stderr().print(f"[yellow]{escape(warning)}[/]", soft_wrap=True)


def forget_outputs(
    gate: Gate, also: dict[str, str] | None = None, dry_run: bool = False
) -> list[dict[str, Any]]:
    """Delete the earlier case documents of the cases the gate now withholds and say so
    (stderr); the same for the JSON summary."""
    from rich.markup import escape

    from ..conference.outputs import forget_withheld

    found = forget_withheld(gate, also, dry_run)
    err = stderr()
    for f in found:
        colour = "yellow" if f.status in ("deleted", "would-delete") else "red"
        err.print(f"[{colour}]{escape(f.message)}.[/]", soft_wrap=True)
    return [
        {"file": f.file, "cases": list(f.cases), "status": f.status, "reason": f.why} for f in found
    ]


@app.command("new")
def new_command(
    conference: Annotated[
        str, typer.Option("--conference", "-c", help="Kennung der Förderkonferenz, z. B. fk-2027.")
    ],
    pseudonym: Annotated[
        str | None,
        option(
            "--pseudonym",
            help="Initialen oder ein Code (Standard: ein Code wie FK27-03, nie ein Name).",
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Einen pseudonymisierten Fall mit der nächsten freien Nummer anlegen (mit Einwilligung zum Ausfüllen)."""
    from ..checks.privacy import pseudonym_problem
    from ..conference.cases import new_case

    ws = load(data)
    problem = (
        pseudonym_problem(pseudonym, ws.config.privacy.pseudonym_pattern) if pseudonym else None
    )
    if problem and problem[0] == "pseudonym-full-name":
        from ..core.errors import UsageError

        raise UsageError(f"--pseudonym: {problem[1]}", problem[2])
    if problem:
        from rich.markup import escape

        stderr().print(f"[yellow]Warnung: {escape(problem[1])}. {escape(problem[2])}.[/]")
    case_id, path = new_case(ws, conference, parse_date(None), pseudonym)
    stdout().print(
        f"angelegt: Fall {case_id} ({path})\n"
        "Einwilligung und alle Zeilen mit „TODO:“ ausfüllen, dann: merzig validate",
        soft_wrap=True,
    )


@app.command("list")
def list_command(
    conference: Annotated[
        str | None, option("--conference", "-c", help="Nur Fälle dieser Konferenz.")
    ] = None,
    only_open: Annotated[bool, option("--open", help="Nur nicht abgeschlossene Fälle.")] = False,
    actor: Annotated[
        str | None, option("--actor", help="Nur Fälle, an denen dieser Akteur beteiligt ist.")
    ] = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fälle auflisten: Stand, Perspektive, offene und überfällige Schritte."""
    from ..conference.case_list import list_cases

    ws = load(data)
    warn_if_broken(ws)
    day = parse_date(date)
    found = list_cases(consent_gate(ws, day), day, conference, only_open, actor)
    tell_withheld(found.unlisted)
    rows = found.rows
    if listed_elsewhere(
        as_json, lambda: [r.to_plain() for r in rows], len(rows), "Keine Fälle gefunden."
    ):
        return
    from ..core.vocab import PERSPECTIVES

    columns = [
        Column("Fall", "id", 9),
        Column("Pseudonym", "id", 8),
        Column("Perspektive", priority=4),
        Column("Schritte", priority=6),
        Column("Stand", priority=7),  # a withdrawn consent must stay in sight
    ]
    cells = [
        [
            r.id,
            "–" if r.pseudonym is None else r.pseudonym,
            PERSPECTIVES.get(r.perspective or "", r.perspective or "–"),
            f"{r.open_steps} offen, {r.overdue_steps} überfällig"
            if r.overdue_steps
            else f"{r.open_steps} offen",
            r.state,
        ]
        for r in rows
    ]
    out = stdout()
    out.print(table(None, columns, cells))
    out.print(f"{count(len(rows), 'Fall', 'Fälle')}.")


@app.command("show")
def show_command(
    case_id: CaseArg, date: DateOpt = None, data: DataOpt = None, as_json: JsonOpt = False
) -> None:
    """Einen Fall lesbar zeigen: Einwilligung, Situation, Vereinbarung, Schritte, Nachverfolgung."""
    from ..conference.case_list import case_state, content_hidden
    from ..conference.cases import case_of
    from ..conference.minimised import case_view
    from ..privacy.retention import case_deletion_due

    ws = load(data)
    case = case_of(ws, case_id)
    day = parse_date(date)
    g = consent_gate(ws, day)
    state = case_state(g, case)
    due = case_deletion_due(case, ws.config)
    if content_hidden(g, case):
        # Withdrawn, or perhaps withdrawn: the content is not shown, only what the deletion needs.
        message = f"Fall {case.id}: {state}. Der Inhalt wird nicht angezeigt." + (
            f" Zu löschen ab {due.isoformat()} (merzig privacy purge)." if due else ""
        )
        if as_json:
            print_json({"id": case.id, "state": state, "delete_from": due, "file": case.source})
        else:
            from rich.markup import escape

            stdout().print(escape(message), soft_wrap=True)
        return
    view = case_view(ws, case, day)
    if as_json:
        from dataclasses import asdict

        print_json(asdict(view) | {"state": state, "delete_from": due, "file": case.source})
        return
    from .case_card import render_case

    stdout().print(render_case(view, ws, state, due, case.source))


def _report(message: str, problems: list[Problem]) -> None:
    _warn(problems)
    _done(message)


@app.command("followup")
def followup_command(
    case_id: CaseArg,
    note: Annotated[str, typer.Option("--note", help="Was sich ergeben hat, ohne Namen.")],
    date: DateOpt = None,
    data: DataOpt = None,
) -> None:
    """Eine Notiz zur Nachverfolgung festhalten (zählt als Aktivität des Falls)."""
    from ..conference.cases import add_follow_up

    ws = load(data)
    day = parse_date(date)
    _report(
        f"Fall {case_id}: Notiz vom {day.isoformat()} festgehalten",
        add_follow_up(ws, case_id, note, day),
    )


@app.command("close")
def close_command(
    case_id: CaseArg,
    result: Annotated[
        str,
        typer.Option(
            "--result",
            help="Ergebnis, genaue Kennung oder Bezeichnung: "
            + ", ".join(f"{k} ({v})" for k, v in OUTCOMES.items())
            + ".",
        ),
    ],
    force: Annotated[
        bool, option("--force", help="Auch abschließen, wenn noch Schritte offen sind.")
    ] = False,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen Fall mit Ergebnis abschließen (ab dann läuft die Löschfrist); rückgängig mit case reopen."""
    from ..conference.cases import close_case
    from ..core.vocab import accept_exact

    result = accept_exact(result, OUTCOMES, "--result")
    ws = load(data)
    day = parse_date(date)
    problems = close_case(ws, case_id, result, day, force)
    report(
        as_json,
        f"Fall {case_id} abgeschlossen am {day.isoformat()}: {OUTCOMES[result]}",
        problems,
        case=case_id,
        result=result,
        closed=day,
    )


def report(as_json: bool, message: str, problems: list[Problem], **result: Any) -> None:
    """What a change did: a ✓ line (warnings on stderr), or the same as JSON."""
    if as_json:
        print_json(result | {"warnings": [p.format() for p in problems]})
        return
    _report(message, problems)

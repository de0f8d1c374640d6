"""``merzig case agree|step|withdraw|reopen|discuss``: the agreement without an editor.

The commands only read their options, call :mod:`merzig_cli.conference.agreement`
and print what happened; every check lives there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from .case import CaseArg, app, load, report
from .common import MerzigGroup, new_app, stderr
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date

if TYPE_CHECKING:
    from typer._click import Context

NumberArg = Annotated[int, typer.Argument(help="Nummer des Schritts (ab 1, wie in case show).")]
ActionOpt = Annotated[str | None, option("--action", help="Was zu tun ist, ohne Namen.")]
ByOpt = Annotated[
    str | None,
    option("--by", help="Wer es macht: youth (die junge Person) oder eine Akteurs-Kennung."),
]
SupportOpt = Annotated[
    str | None, option("--support", help="Akteur, der den Schritt begleitet (Kennung).")
]
DueOpt = Annotated[
    str | None,
    option("--due", help="Bis wann: JJJJ-MM-TT, TT.MM.JJJJ, „in 4 Wochen“ oder „Ende August“."),
]
NEW_FORM = "merzig case step done|drop|add|edit FALL …"


class StepGroup(MerzigGroup):
    """``case step``: a group, and the old form ``case step FALL N --done`` still works."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = _old_form(args)
        return super().parse_args(ctx, args)


def _old_form(args: list[str]) -> list[str]:
    """``FALL N --done`` as ``done FALL N``; ``--dropped`` as ``drop``, with a hint."""
    from rich.markup import escape

    flags = {a for a in args if a.startswith("-")}
    done, dropped = bool(flags & {"--done"}), bool(flags & {"--dropped"})
    if done == dropped:
        raise UsageError(
            "Genau eine Angabe nötig: --done oder --dropped",
            f"Neue Form: {NEW_FORM}, z. B. merzig case step done fk-2026-07 2",
        )
    rest = [a for a in args if a not in ("--done", "--dropped")]
    command = "done" if done else "drop"
    shown = escape(" ".join(rest[:2]))  # the user's words, not markup
    stderr().print(f"[dim]Hinweis: neue Form: merzig case step {command} {shown}[/]")
    return [command, *rest]


step_app = new_app(
    "Schritte der Vereinbarung: erledigt, entfallen, neu, geändert (alte Form: FALL N --done).",
    cls=StepGroup,
)
app.add_typer(step_app, name="step")


@step_app.command("done")
def done_command(
    case_id: CaseArg,
    number: NumberArg,
    date: Annotated[
        str | None,
        option("--date", help="Erledigt am, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen Schritt als erledigt festhalten."""
    from ..conference.cases import step_done

    ws = load(data)
    day = parse_date(date)
    problems = step_done(ws, case_id, number, day)
    message = f"Fall {case_id}: Schritt {number} erledigt am {day.isoformat()}"
    report(as_json, message, problems, case=case_id, step=number, status="done", done=day)


@step_app.command("drop")
def drop_command(
    case_id: CaseArg,
    number: NumberArg,
    reason: Annotated[str, typer.Option("--reason", help="Warum der Schritt entfällt.")],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen Schritt als entfallen festhalten, mit Grund."""
    from ..conference.cases import step_dropped

    if not reason.strip():
        raise UsageError("--reason ist leer", 'z. B. --reason "Praktikum nicht mehr nötig"')
    problems = step_dropped(load(data), case_id, number, reason)
    message = f"Fall {case_id}: Schritt {number} entfällt"
    report(as_json, message, problems, case=case_id, step=number, status="dropped")


@step_app.command("add")
def add_command(
    case_id: CaseArg,
    action: Annotated[str, typer.Option("--action", help="Was zu tun ist, ohne Namen.")],
    by: Annotated[
        str,
        typer.Option(
            "--by", help="Wer es macht: youth (die junge Person) oder eine Akteurs-Kennung."
        ),
    ],
    support: SupportOpt = None,
    due: DueOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen neuen Schritt vereinbaren: was, wer, wer begleitet, bis wann (Frist nötig)."""
    from ..conference.agreement import NewStep, add_step
    from ..core.clock import today

    day = parse_date(due, "--due", relative=True) if due else None
    ws = load(data)
    number, problems = add_step(ws, case_id, NewStep(action, by, support, day), today())
    message = (
        f"Fall {case_id}: Schritt {number} vereinbart, fällig am {day.isoformat() if day else ''}"
    )
    report(as_json, message, problems, case=case_id, step=number, due=day)


@step_app.command("edit")
def edit_command(
    case_id: CaseArg,
    number: NumberArg,
    due: DueOpt = None,
    support: Annotated[
        str | None,
        option("--support", help="Anderer begleitender Akteur; „-“: niemand begleitet."),
    ] = None,
    by: ByOpt = None,
    action: ActionOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen offenen Schritt ändern: verschieben (--due), übergeben (--by, --support), umformulieren."""
    from ..conference.agreement import StepChange, edit_step
    from ..core.clock import today

    day = parse_date(due, "--due", relative=True) if due else None
    change = StepChange(action, by, "" if support == "-" else support, day)
    problems = edit_step(load(data), case_id, number, change, today())
    report(
        as_json, f"Fall {case_id}: Schritt {number} geändert", problems, case=case_id, step=number
    )


@app.command("agree")
def agree_command(
    case_id: CaseArg,
    perspective: Annotated[
        str,
        typer.Option(
            "--perspective",
            help="Vereinbarte Perspektive, Kennung oder Bezeichnung (z. B. Ausbildung).",
        ),
    ],
    date: Annotated[
        str | None,
        option(
            "--date", help="Tag der Vereinbarung, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."
        ),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Die Vereinbarung festhalten: Perspektive und Datum (Schritte mit case step add)."""
    from ..conference.agreement import agree, perspective_of
    from ..core.vocab import PERSPECTIVES

    chosen = perspective_of(perspective)
    day = parse_date(date)
    problems = agree(load(data), case_id, chosen, day)
    message = (
        f"Fall {case_id}: Vereinbarung vom {day.isoformat()}, Perspektive {PERSPECTIVES[chosen]}"
    )
    report(as_json, message, problems, case=case_id, perspective=chosen, date=day)


@app.command("withdraw")
def withdraw_command(
    case_id: CaseArg, date: DateOpt = None, data: DataOpt = None, as_json: JsonOpt = False
) -> None:
    """Den Widerruf der Einwilligung festhalten: ab dann in keiner Ausgabe, Löschfrist beginnt."""
    from ..conference.agreement import withdraw
    from ..core.clock import today

    day = parse_date(date)
    problems = withdraw(load(data), case_id, day, today())
    message = (
        f"Fall {case_id}: widerrufen, eingetragen für den {day.isoformat()} – der Fall erscheint in "
        "keiner Ausgabe mehr; merzig privacy purge löscht ihn nach retention.withdrawn_days"
    )
    report(as_json, message, [], case=case_id, withdrawn=day, notes=[p.format() for p in problems])


@app.command("reopen")
def reopen_command(
    case_id: CaseArg,
    reason: Annotated[str, typer.Option("--reason", help="Warum der Fall wieder geöffnet wird.")],
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einen abgeschlossenen Fall wieder öffnen (hebt case close auf; Grund in follow_up)."""
    from ..conference.agreement import reopen

    day = parse_date(date)
    problems = reopen(load(data), case_id, reason, day)
    report(as_json, f"Fall {case_id} wieder geöffnet", problems, case=case_id, reopened=day)


@app.command("discuss")
def discuss_command(
    case_id: CaseArg,
    text: Annotated[
        str,
        typer.Option("--text", help="Kurze Notiz aus der Besprechung fürs Protokoll, ohne Namen."),
    ],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine kurze Notiz aus der Besprechung festhalten (erscheint im Protokoll)."""
    from ..conference.agreement import discuss

    day = parse_date(None)
    problems = discuss(load(data), case_id, text, day)
    report(as_json, f"Fall {case_id}: Notiz zur Besprechung festgehalten", problems, case=case_id)

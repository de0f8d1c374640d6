"""``merzig conference …``: agenda and invitations, minutes, sheets and excerpts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .case import consent_gate, forget_outputs, load, tell_withheld, warn_exposed
from .common import new_app, print_json, stderr
from .options import DataOpt, DateOpt, JsonOpt, parse_date

if TYPE_CHECKING:
    from ..conference.agenda import Agenda

app = new_app("Förderkonferenz: Tagesordnung und Einladungen, Protokoll, Vereinbarungen, Auszüge.")

ConferenceArg = Annotated[str, typer.Argument(help="Kennung der Förderkonferenz, z. B. fk-2027.")]
OutOpt = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="Ausgabeordner; die Dateien landen in einem Unterordner je Konferenz."
    ),
]
FormatOpt = Annotated[
    str, typer.Option("--format", help="Formate, durch Komma getrennt: html, md, pdf.")
]
MinutesFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="Formate, durch Komma getrennt: html, md, pdf, odt (bearbeitbar, OpenDocument).",
    ),
]


def _tell(agenda: Agenda) -> None:
    """The command says which cases the consent gate held back, and who is missing."""
    err = stderr()
    from rich.markup import escape

    tell_withheld(agenda.withheld)
    missing: dict[str, list[str]] = {}
    for actor, case in agenda.absent:
        missing.setdefault(actor, []).append(case)
    for actor, cases in missing.items():
        which = f"Fall {cases[0]}" if len(cases) == 1 else "Fälle " + ", ".join(cases)
        err.print(
            f"[yellow]Hinweis: {escape(actor)} wird für {escape(which)} gebraucht, "
            "nimmt aber nicht an der Konferenz teil (participants).[/]"
        )


def _produce(
    documents: Callable[..., Any],
    conference_id: str,
    out: Path,
    formats: str,
    date: str | None,
    data: Any,
) -> tuple[Agenda, dict[str, Any], list[Any]]:
    """Plan or minutes: load, ask the gate, lay out the agenda, write the ``documents``."""
    from ..conference.agenda import plan
    from ..conference.cases import conference_of
    from ..conference.documents import FORMATS, MINUTES_FORMATS, render
    from ..core.paths import safe_name
    from ..documents.exposure import exposure_warning
    from ..documents.manifest import write_recorded
    from ..documents.output import parse_formats

    allowed = FORMATS if documents.__name__ == "plan_documents" else MINUTES_FORMATS
    fmts = parse_formats(formats, allowed)
    ws = load(data)
    conference = conference_of(ws, conference_id)
    day = parse_date(date)
    g = consent_gate(ws, day)
    agenda = plan(g, conference)
    _tell(agenda)
    docs = documents(ws, g, agenda, day)
    outputs = render(ws, docs, fmts)
    folder = out / safe_name(conference.id)
    warn_exposed(exposure_warning([folder / o.name for o in outputs]))
    results = write_recorded(ws.root, ws.config, folder, outputs, day, base=out)
    summary = {
        "conference": conference.id,
        "cases": [c.id for c in g.cases(conference.id)],
        "withheld": [w.case for w in agenda.withheld],
        "files": [{"file": r.path, "status": r.status} for r in results],
        "forgotten": forget_outputs(g),
    }
    return agenda, summary, results


def _command(name: str, documents: str, summary: str) -> None:
    """Register ``conference <name>``: both commands take the same options."""

    def command(
        conference_id: ConferenceArg,
        out: OutOpt = Path("output"),
        formats: FormatOpt = "html,md,pdf",
        date: DateOpt = None,
        data: DataOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        from ..conference import documents as module

        build = getattr(module, documents)
        if name == "plan":  # a broken invitation state stops the plan before any document
            from ..conference.invitations import check_state

            check_state(load(data).root, conference_id)
        agenda, result, written = _produce(build, conference_id, out, formats, date, data)
        if name == "plan":
            result["slots"] = [_slot(s) for s in agenda.slots]
            written += _invite(data, agenda, date, out, result)
        if as_json:
            print_json(result)
            return
        from .outputs import print_written

        print_written(written)

    command.__doc__ = summary
    if name == "minutes":  # minutes, sheets and excerpts also come as .odt
        command.__annotations__["formats"] = MinutesFormatOpt
    app.command(name)(command)


def _invite(
    data: Any, agenda: Agenda, date: str | None, out: Path, result: dict[str, Any]
) -> list[Any]:
    """The calendar invitations of the plan, into <out>/<conference>/einladungen/."""
    from rich.markup import escape

    from ..conference.invitations import send_out
    from ..core.paths import safe_name

    ws = load(data)
    folder = out / safe_name(agenda.conference.id) / "einladungen"
    written, notes = send_out(ws, agenda, parse_date(date), folder, base=out)
    for note in notes:
        stderr().print(f"[yellow]Hinweis: {escape(note)}[/]")
    result["invitations"] = [{"file": w.path, "status": w.status} for w in written]
    return written


def _slot(s: Any) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "start": s.start.strftime("%H:%M"),
        "end": s.end.strftime("%H:%M"),
        "case": s.case,
        "number": s.number,
        "actors": list(s.actors),
        "reasons": [r.code for r in s.reasons],
    }


_command(
    "plan",
    "plan_documents",
    "Tagesordnung mit Zeiten und Pausen, Zeiten je Akteur, Wiedervorlagen früherer Konferenzen.",
)
_command(
    "minutes",
    "minutes_documents",
    "Protokoll, Vereinbarung je Fall für die junge Person, Auszug je teilnehmendem Akteur.",
)

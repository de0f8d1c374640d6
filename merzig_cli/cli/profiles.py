"""``merzig actors export | confirm | diff``: contacts out, confirmations in, changes reviewed.

These commands join the ``actors`` group (registered on its Typer app).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .actors import app
from .common import count, print_json, print_problem, stderr, stdout
from .delivery import GroupOpt, ListOpt, TopicOpt, load
from .options import DataOpt, JsonOpt, option, parse_date

if TYPE_CHECKING:
    from ..network.changes import ProfileDiff


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="FORMAT", help="vcf (Adressbuch), csv (Excel) oder xlsx."),
    ],
    out: Annotated[
        Path | None,
        option(
            "--out",
            "-o",
            metavar="DATEI",
            help="Zieldatei (Standard bei vcf und csv: Ausgabe im Terminal).",
        ),
    ] = None,
    list_name: ListOpt = None,
    topic: TopicOpt = None,
    group: GroupOpt = None,
    data: DataOpt = None,
) -> None:
    """Die Ansprechpersonen für Adressbuch oder Tabelle ausgeben (vCard, CSV, XLSX)."""
    from ..core.errors import UsageError
    from ..documents.output import write_file
    from ..network.contacts import FORMATS, export_contacts
    from ..network.recipients import Choice, choose_actors

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unbekanntes Format", "Erlaubt: " + ", ".join(FORMATS))
    if fmt == "xlsx" and out is None:
        raise UsageError("Eine Excel-Arbeitsmappe braucht --out DATEI, z. B. --out kontakte.xlsx")
    ws = load(data, {"actor"})
    choice = Choice(list_name, topic, group)
    actors = choose_actors(ws, choice if not choice.empty else Choice(everyone=True))
    payload = export_contacts(ws, actors, fmt)
    people = sum(len(a.contacts) for a in actors)
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    if out.is_dir():
        raise UsageError(
            f"--out {out}: das ist ein Ordner", "Einen Dateinamen angeben, z. B. kontakte.csv"
        )
    write_file(out, payload)
    stdout().print(
        f"{count(people, 'Ansprechperson', 'Ansprechpersonen')} von "
        f"{count(len(actors), 'Akteur', 'Akteuren')} nach {out} geschrieben ({FORMATS[fmt]}).",
        soft_wrap=True,
    )


CONFIRMED = "Kennungen der Akteure, die bestätigt haben."
CONFIRMED_ON = "Tag der Bestätigung, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."


@app.command("confirm")
def confirm(
    actor_id: Annotated[list[str], typer.Argument(help=CONFIRMED)],
    date: Annotated[str | None, option("--date", help=CONFIRMED_ON)] = None,
    data: DataOpt = None,
) -> None:
    """Festhalten, dass Akteure ihren Steckbrief unverändert bestätigt haben (reviewed)."""
    from rich.markup import escape

    from ..network.confirm import confirm as confirm_profiles

    ws = load(data, {"actor"})
    day = parse_date(date)
    done, warnings = confirm_profiles(ws, actor_id, day, parse_date(None))
    console = stdout()
    for item in done:
        before = item.before.isoformat() if item.before else "nie"
        if item.changed:
            console.print(
                f"bestätigt: {escape(item.actor)} (bisher {before}, "
                f"jetzt {item.after.isoformat()}) – {escape(item.file)}",
                soft_wrap=True,
            )
        else:
            console.print(
                f"unverändert: {escape(item.actor)} ist schon am {before} bestätigt", soft_wrap=True
            )
    err = stderr()
    for problem in warnings:
        print_problem(err, problem)


def print_diff(diff: ProfileDiff) -> None:
    from rich.markup import escape

    from ..network.changes import is_long, line_diff, show, summary

    console = stdout()
    console.print(
        f"[bold]Steckbriefe: {escape(diff.base.label)} → {escape(diff.target.label)}[/]: {summary(diff)}",
        soft_wrap=True,
    )
    marks = {
        "added": ("green", "+ neu"),
        "removed": ("red", "- entfernt"),
        "unreadable": ("red", "! nicht lesbar"),
    }
    for a in diff.actors:
        if a.status in marks:
            style, word = marks[a.status]
            extra = f": {escape(a.problem)}" if a.problem else ""
            console.print(
                f"[{style}]{word}:[/] {escape(a.name)} ({escape(a.id)}){extra}", soft_wrap=True
            )
    for a in diff.of("changed"):
        console.print(f"[yellow]~ geändert:[/] {escape(a.name)} ({escape(a.id)})", soft_wrap=True)
        if a.problem:
            console.print(f"    vorher nicht lesbar: {escape(a.problem)}", soft_wrap=True)
        for f in a.fields:
            if is_long(f.old) or is_long(f.new):
                console.print(f"    {escape(f.label)} [dim]({escape(f.key)})[/]:")
                for line in line_diff(f.old, f.new):
                    style = (
                        "green"
                        if line.startswith("+")
                        else "red"
                        if line.startswith("-")
                        else "dim"
                    )
                    console.print(f"      [{style}]{escape(line)}[/]", soft_wrap=True)
            else:
                console.print(
                    f"    {escape(f.label)} [dim]({escape(f.key)})[/]: "
                    f"{escape(show(f.old))} → {escape(show(f.new))}",
                    soft_wrap=True,
                )


@app.command("diff")
def diff(
    rev: Annotated[
        str | None,
        typer.Argument(metavar="REV", help="Ältere Fassung (Standard: HEAD).", show_default=False),
    ] = None,
    rev2: Annotated[
        str | None,
        typer.Argument(
            metavar="REV2",
            help="Neuere Fassung (Standard: das Arbeitsverzeichnis).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="text (Terminal) oder md (Kommentar im Merge-Request).",
        ),
    ] = "text",
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Was sich an den Steckbriefen zwischen zwei Fassungen in git geändert hat, Feld für Feld."""
    from ..core.errors import UsageError
    from ..network.changes import profile_diff, to_json, to_markdown

    if fmt not in ("text", "md"):
        raise UsageError(f"--format {fmt}: unbekanntes Format", "Erlaubt: text, md")
    ws = load(data, set())
    result = profile_diff(ws.root, rev, rev2)
    if as_json:
        print_json(to_json(result))
    elif fmt == "md":
        sys.stdout.write(to_markdown(result))
    else:
        print_diff(result)

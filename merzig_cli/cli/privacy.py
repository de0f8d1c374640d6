"""``merzig privacy …``: deletion periods, right of access, privacy check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import count, new_app, print_json, report_findings, stderr, stdout
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date

app = new_app("Datenschutz: Löschfristen, Auskunft über einen Fall, Prüfung der Ablage.")

ALL_KINDS = {"actor", "conference", "case", "inquiry"}


@app.command("purge")
def purge_command(
    dry_run: Annotated[
        bool, option("--dry-run", help="Nur zeigen, was gelöscht würde; nichts ändern.")
    ] = False,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fälle und Anfragen nach Ablauf der Frist löschen; anonyme Zahlen bleiben für die Auswertung."""
    from rich.markup import escape

    from ..privacy.purge import expired, purge
    from ..workspace.loader import load_workspace
    from .case import consent_gate, forget_outputs

    ws = load_workspace(str(data) if data else None, kinds=ALL_KINDS)
    day = parse_date(date)
    items = expired(ws, day) if dry_run else purge(ws, day)
    purged = {i.id: "gelöscht" for i in items if i.kind == "case"}
    outputs = forget_outputs(consent_gate(ws, day), purged, dry_run)
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "date": day,
                "records": [
                    {
                        "kind": i.kind,
                        "id": i.id,
                        "file": i.file,
                        "due": i.due,
                        "counted": i.counts is not None,
                        "commits": i.commits,
                    }
                    for i in items
                ],
                "outputs": outputs,
            }
        )
        return
    out = stdout()
    if not items:
        if not outputs:
            out.print(f"Nichts zu löschen (Stand {day.isoformat()}).")
        return
    verb = "würde gelöscht" if dry_run else "gelöscht"
    for i in items:
        kind = "Fall" if i.kind == "case" else "Anfrage"
        kept = "" if i.counts is not None else " (ohne Zählung: Einwilligung widerrufen)"
        out.print(f"{kind} {escape(i.id)} {verb}: {escape(i.reason)}{kept}", soft_wrap=True)
    in_git = [i for i in items if i.commits]
    if in_git:
        err = stderr()
        err.print(
            "[yellow]Achtung: diese Dateien stehen in der git-Geschichte und sind dort nicht "
            "gelöscht – dafür muss die Geschichte umgeschrieben werden (z. B. git filter-repo):[/]"
        )
        for i in in_git:
            err.print(f"  {escape(i.file)}: Commits {', '.join(i.commits)}")
    if dry_run:
        summary = count(len(items), "Datensatz würde", "Datensätze würden") + " gelöscht"
    else:
        summary = count(len(items), "Datensatz", "Datensätze") + " gelöscht"
    out.print(summary + (" – mit --dry-run wurde nichts geändert." if dry_run else "."))


@app.command("export")
def export_command(
    case_id: Annotated[str, typer.Argument(help="Kennung des Falls, z. B. fk-2026-07.")],
    out: Annotated[
        Path | None,
        option(
            "--out",
            "-o",
            help="Datei oder Ordner für die Auskunft (Standard: output/auskunft-<fall>.pdf).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        option(
            "--format", help="pdf, html oder md (Standard: nach der Endung der Datei, sonst pdf)."
        ),
    ] = None,
    date: DateOpt = None,
    data: DataOpt = None,
) -> None:
    """Alles, was der Arbeitsbereich zu einem Fall speichert, lesbar und druckbar (Auskunft, Art. 15 DSGVO)."""
    from ..core.paths import safe_name
    from ..privacy.export import choose_format, write_access_export
    from ..workspace.loader import load_workspace
    from .case import warn_exposed

    named = out is not None and not out.is_dir()  # else a folder: the file gets the default name
    chosen = choose_format(fmt, out if named else None)
    if out is not None and named:
        target = out
    else:
        target = (out or Path("output")) / f"auskunft-{safe_name(case_id, 'Fallkennung')}.{chosen}"
    ws = load_workspace(str(data) if data else None, kinds=ALL_KINDS)
    target = write_access_export(ws, case_id, parse_date(date), chosen, target, warn_exposed)
    stdout().print(f"✓ Auskunft geschrieben: {target}", soft_wrap=True, markup=False)
    stderr().print(
        "[yellow]Die Datei enthält besonders schützenswerte Daten: nur der betroffenen Person "
        "aushändigen, nicht veröffentlichen, danach löschen.[/]"
    )


@app.command("check")
def check_command(date: DateOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Falldaten in git, Namen und Kontaktdaten in Falltexten, abgelaufene Fristen (Exit-Code 1)."""
    from rich.markup import escape

    from ..core.clock import today
    from ..privacy.check import check
    from ..workspace.loader import load_workspace

    ws = load_workspace(str(data) if data else None, kinds=ALL_KINDS)
    day = parse_date(date)
    findings = check(ws, day, made=today(), folders=[Path("output")])

    def show(err: Any) -> None:
        for f in findings:
            where = f"{f.file}:{f.line}" if f.line else f.file
            err.print(f"{escape(where)}: {escape(f.message)}", soft_wrap=True)
        err.print(f"[red]✗ {count(len(findings), 'Befund', 'Befunde')} zum Datenschutz.[/]")

    all_clear = f"✓ Keine Befunde zum Datenschutz (Stand {day.isoformat()})."
    report_findings(findings, as_json, all_clear, show)

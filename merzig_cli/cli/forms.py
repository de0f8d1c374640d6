"""``merzig actors form | survey | import``: Steckbriefe from forms and survey exports.

These commands join the ``actors`` group (registered on its Typer app).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .actors import app
from .common import count, load, print_json, print_problem, stderr, stdout
from .options import DataOpt, JsonOpt, option, parse_date

if TYPE_CHECKING:
    from ..exchange.importing import Plan


OutOpt = Annotated[Path, option("--out", "-o", metavar="DATEI", help="Zieldatei.")]


@app.command("form")
def form(
    actor_id: Annotated[
        str | None,
        typer.Argument(help="Kennung: das Formular mit dem aktuellen Steckbrief vorausfüllen."),
    ] = None,
    out: Annotated[
        Path | None,
        option(
            "--out",
            "-o",
            metavar="DATEI",
            help="Zieldatei (Standard: steckbrief.xlsx bzw. steckbrief.ods).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        option(
            "--format",
            metavar="FORMAT",
            help="xlsx (Excel) oder ods (LibreOffice); Standard: nach der Endung von --out.",
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Ein Formular (Tabelle) für einen Steckbrief erzeugen, das ein Akteur ausfüllt."""
    from ..core.errors import UsageError
    from ..documents.output import write_file
    from ..exchange.forms import xlsx_form

    suffix = out.suffix.lower().lstrip(".") if out else ""
    kind = (fmt or suffix or "xlsx").lower()
    if kind not in ("xlsx", "ods"):
        raise UsageError(f"--format {kind}: unbekanntes Format", "Erlaubt: xlsx, ods")
    if out is None:
        out = Path(f"steckbrief.{kind}")
    elif suffix != kind:
        raise UsageError(
            f"--out {out}: die Endung passt nicht zum Format {kind}",
            f"Eine Datei mit der Endung .{kind} angeben",
        )
    ws = load(data, {"actor"}, warn=False)
    record = None
    if actor_id:
        ws.actor(actor_id)  # an unknown id is a German error with suggestions
        doc = ws.document("actor", actor_id)
        record = doc.data if doc is not None and isinstance(doc.data, dict) else None
    if kind == "ods":
        from ..exchange.ods import ods_form

        payload = ods_form(ws.taxonomy, ws.config.municipality, record)
    else:
        payload = xlsx_form(ws.taxonomy, ws.config.municipality, record)
    write_file(out, payload)
    what = f"für {actor_id}" if actor_id else "leer, für einen neuen Akteur"
    stdout().print(f"Formular {what} geschrieben: {out}", soft_wrap=True, markup=False)


@app.command("survey")
def survey(out: OutOpt = Path("steckbrief-umfrage.txt"), data: DataOpt = None) -> None:
    """Die Steckbrief-Fragen als LimeSurvey-Umfrage (Strukturdatei .txt zum Importieren)."""
    from ..documents.output import write_file
    from ..exchange.survey import structure

    ws = load(data, set(), warn=False)
    write_file(out, structure(ws.taxonomy, ws.config.municipality).encode("utf-8"))
    stdout().print(
        f"Umfrage geschrieben: {out} – in LimeSurvey über „Umfrage importieren“ laden",
        soft_wrap=True,
        markup=False,
    )


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Ausgefüllte Formulare (.xlsx, .ods) und Umfrage-Exporte (.csv, .xlsx)."
        ),
    ],
    dry_run: Annotated[
        bool, option("--dry-run", help="Nur zeigen, was sich ändern würde; nichts schreiben.")
    ] = False,
    mapping: Annotated[
        Path | None,
        option(
            "--mapping",
            metavar="DATEI",
            help="Zuordnung Spalte → Feld (YAML), z. B. für "
            "Microsoft Forms, Nextcloud Forms oder KoboToolbox.",
        ),
    ] = None,
    skeleton: Annotated[
        bool,
        option(
            "--mapping-skeleton",
            help="Eine Zuordnung aus den Spaltenköpfen der Datei "
            "ausgeben (zum Bearbeiten), nichts importieren.",
        ),
    ] = False,
    date: Annotated[
        str | None,
        option(
            "--date", help="Bestätigt am JJJJ-MM-TT, wo die Datei kein Datum hat (Standard: heute)."
        ),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Steckbriefe aus Formularen und Umfragen übernehmen: neue anlegen, bestehende ändern."""
    from ..core.errors import UsageError

    if skeleton:
        if len(files) != 1:
            raise UsageError("--mapping-skeleton liest genau eine Datei")
        from ..exchange.mapping import skeleton as make_skeleton

        ws = load(data, set(), warn=False)
        typer.echo(make_skeleton(files[0], ws.taxonomy), nl=False)
        return
    from ..exchange.importing import apply_import, plan_import
    from ..exchange.sources import load_mapping

    ws = load(data, {"actor"}, warn=False)
    plan = plan_import(ws, files, load_mapping(mapping) if mapping else None, parse_date(date))
    if not dry_run:
        apply_import(ws, plan)
    if as_json:
        print_json(_as_json(plan, dry_run))
    else:
        _report(plan, dry_run)
    if plan.of("error") or any(p.severity == "error" for p in plan.problems):
        raise typer.Exit(1)


def _as_json(plan: Plan, dry_run: bool) -> dict[str, Any]:
    """The same as the report, for a script: each entry's actor, outcome, file and problems."""
    return {
        "dry_run": dry_run,
        "entries": [
            {
                "actor": o.built.actor_id,
                "status": o.status,
                "file": f"actors/{o.path.name}",
                "problems": [p.to_dict() for p in o.problems],
            }
            for o in plan.outcomes
        ],
        "problems": [p.to_dict() for p in plan.problems],
    }


def _report(plan: Plan, dry_run: bool) -> None:
    from ..network.changes import ActorChange, ProfileDiff, diff_values
    from ..network.git import Revision
    from .profiles import print_diff

    err = stderr()
    for problem in plan.problems:
        print_problem(err, problem)
    changes = []
    for o in plan.outcomes:
        b = o.built
        for problem in o.problems:
            print_problem(err, problem)
        if o.status not in ("new", "changed") or b.data is None:
            continue
        name = str(b.data.get("name") or b.actor_id)
        rel = f"actors/{o.path.name}"
        if o.status == "new":
            changes.append(ActorChange(b.actor_id, name, rel, "added"))
        else:
            found: list = []  # type: ignore[type-arg]
            diff_values("", b.old, b.data, found)
            changes.append(ActorChange(b.actor_id, name, rel, "changed", found))
    target = "Import (Probelauf, nichts geschrieben)" if dry_run else "Import"
    print_diff(ProfileDiff(Revision("Arbeitsverzeichnis", None), Revision(target, None), changes))
    failed, same, empty = (len(plan.of(s)) for s in ("error", "unchanged", "empty"))
    tail = []
    if same:
        tail.append(f"{count(same, 'Steckbrief', 'Steckbriefe')} unverändert")
    if empty:
        tail.append(f"{count(empty, 'leerer Eintrag', 'leere Einträge')} übergangen")
    if failed:
        tail.append(f"{count(failed, 'Eintrag', 'Einträge')} mit Fehlern nicht übernommen")
    if tail:
        stdout().print("; ".join(tail), markup=False)

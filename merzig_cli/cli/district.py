"""merzig district …: one brochure over the workspaces of a district's towns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import count, new_app, print_json, print_problem, stderr
from .options import CheckOpt, FormatsOpt, JsonOpt, OutDirOpt, option
from .outputs import print_written, report_check

app = new_app("Die Broschüre eines Landkreises über die Arbeitsbereiche seiner Städte bauen.")


@app.command("build")
def build(
    district_file: Annotated[
        Path,
        typer.Argument(
            help="Die district.yaml des Landkreises (Titel, Anlaufstelle, Arbeitsbereiche).",
            show_default=False,
        ),
    ],
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Sprache(n), z. B. de oder de,en; all = alle Sprachen des Landkreises.",
        ),
    ] = "all",
    formats: FormatsOpt = "html,pdf,md",
    out: OutDirOpt = Path("output"),
    check: CheckOpt = False,
    strict: Annotated[
        bool,
        option(
            "--strict",
            help="Warnungen wie Fehler behandeln, etwa abweichende Kopien eines Akteurs.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Die Broschüre des Landkreises bauen: Akteure des Landkreises einmal, dann je Stadt.

    Liest aus jedem Arbeitsbereich nur config.yaml, taxonomy.yaml und die Steckbriefe
    (nie Fälle oder Anfragen) und prüft sie. Ein Akteur mehrerer Städte (gleiche
    Kennung, oder gleicher Name und gleiche Anschrift) erscheint einmal mit den Orten;
    weichen seine Kopien ab, nennt eine Warnung die Felder und die verwendete Kopie
    (neuester reviewed-Stand). Exit-Code 1 bei Fehlern, mit --strict auch bei Warnungen.
    """
    from ..district.build import FORMATS, build_outputs, merge, parse_languages
    from ..district.members import load_district
    from ..documents.output import compare, parse_formats, write_outputs

    fmts = parse_formats(formats, FORMATS)
    loaded = load_district(district_file)
    problems = list(loaded.problems)
    merged = None
    if not loaded.errors:
        merged, found = merge(loaded)
        problems += found
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    err = stderr()
    if not as_json:
        for problem in sorted(problems, key=lambda p: p.sort_key()):
            print_problem(err, problem)
    if merged is None or errors or (strict and warnings):
        if as_json:
            print_json({"built": False, "problems": [p.to_dict() for p in problems]})
        else:
            extra = " (--strict: Warnungen zählen als Fehler)" if strict and not errors else ""
            err.print(
                f"[red]✗[/] Broschüre des Landkreises nicht gebaut: {len(errors)} Fehler, "
                f"{count(len(warnings), 'Warnung', 'Warnungen')}{extra}."
            )
        raise typer.Exit(1)
    langs = parse_languages(merged, lang)
    outputs = build_outputs(merged, langs, fmts)
    results = compare(out, outputs) if check else write_outputs(out, outputs)
    changed = [r for r in results if r.status != "unchanged"]
    if as_json:
        print_json(
            {
                "built": True,
                "check": check,
                "up_to_date": not changed,
                "files": [{"file": r.path, "bytes": r.size, "status": r.status} for r in results],
                "problems": [p.to_dict() for p in problems],
            }
        )
    elif check:
        report_check(out, changed, len(results), "merzig district build")
    else:
        print_written(results)
    if check and changed:
        raise typer.Exit(1)

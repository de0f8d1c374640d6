"""merzig validate"""

from __future__ import annotations

from typing import Annotated

import typer

from .common import count, print_json, print_problem, stderr, stdout
from .options import DataOpt, JsonOpt, option


def validate_command(
    data: DataOpt = None,
    strict: Annotated[bool, option("--strict", help="Warnungen wie Fehler behandeln.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Alle Dateien des Arbeitsbereichs prüfen und jedes Problem mit Datei und Zeile melden.

    Exit-Code 0: gültig; 1: Fehler gefunden (mit --strict auch bei Warnungen).
    """
    from ..checks.validate import validate_path

    report = validate_path(str(data) if data else None)
    if as_json:
        print_json(report.to_dict(strict))
    else:
        err = stderr()
        for problem in report.sorted():
            print_problem(err, problem)
        errors, warnings = len(report.errors), len(report.warnings)
        files = report.files_checked
        summary = (
            f"{count(files, 'Datei', 'Dateien')} geprüft: {errors} Fehler, "
            f"{count(warnings, 'Warnung', 'Warnungen')}."
        )
        if report.ok(strict):
            stdout().print(f"[green]✓[/] {summary}")
        else:
            extra = " (--strict: Warnungen zählen als Fehler)" if strict and not errors else ""
            err.print(f"[red]✗[/] {summary}{extra}")
    if not report.ok(strict):
        raise typer.Exit(1)

"""The options and arguments that several command groups share, and reading a date option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer


def option(*flags: str, help: str, **more: Any) -> Any:
    """A Typer option whose help text names its default itself (none is printed after it)."""
    return typer.Option(*flags, help=help, show_default=False, **more)


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        envvar="MERZIG_DATA",
        show_default=False,
        show_envvar=False,
        help="Arbeitsbereich (Standard: Umgebungsvariable MERZIG_DATA, sonst ./data).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Ausgabe als JSON (für Skripte).")]
DateOpt = Annotated[
    str | None,
    option("--date", help="Stichtag, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
]


def parse_date(value: str | None, option: str = "--date", relative: bool = False) -> dt.date:
    """A date option (ISO or German, ``relative``: also „in 4 Wochen“), or today; a wrong
    or impossible date is a usage error in German (:func:`merzig_cli.core.dates.parse_day`)."""
    from ..core.clock import today
    from ..core.dates import parse_day
    from ..core.errors import UsageError

    if value is None:
        return today()
    try:
        return parse_day(value, option, today() if relative else None)
    except UsageError as exc:
        raise typer.BadParameter(
            f"{exc.message.removeprefix(option + ': ')} ({exc.hint})", param_hint=option
        ) from None


# The reports' files next to the terminal output.
HtmlOpt = Annotated[
    Path | None, option("--html", help="Zusätzlich eine HTML-Datei mit Diagrammen schreiben.")
]
PdfOpt = Annotated[
    Path | None, option("--pdf", help="Denselben Bericht als PDF schreiben (zum Drucken).")
]

# The options of a brochure build, the town's and the district's.
FormatsOpt = Annotated[
    str, typer.Option("--format", help="Formate, durch Komma getrennt: html, pdf, md.")
]
OutDirOpt = Annotated[Path, typer.Option("--out", "-o", help="Ausgabeordner.", show_default=True)]
CheckOpt = Annotated[
    bool,
    option(
        "--check",
        help="Nichts schreiben; Exit-Code 1, wenn sich Dateien in --out ändern würden.",
    ),
]

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
    option("--date", help="Stichtag im Format JJJJ-MM-TT (Standard: heute)."),
]


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    """A date option, or today; a wrong format is a usage error in German."""
    if value is None:
        from ..core.clock import today

        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"„{value}“ ist kein Datum im Format JJJJ-MM-TT", param_hint=option
        ) from None


# The reports' files next to the terminal output.
HtmlOpt = Annotated[
    Path | None, option("--html", help="Zusätzlich eine HTML-Datei mit Diagrammen schreiben.")
]
PdfOpt = Annotated[
    Path | None, option("--pdf", help="Denselben Bericht als PDF schreiben (zum Drucken).")
]

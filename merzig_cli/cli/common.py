"""Shared options, output helpers and the single error boundary of the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..core.errors import DataError, MerzigError
from ..core.problems import Problem

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
    typer.Option(
        "--date", help="Stichtag im Format JJJJ-MM-TT (Standard: heute).", show_default=False
    ),
]


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    """A date option, or today; a wrong format is a usage error in German."""
    if value is None:
        today = os.environ.get("MERZIG_TODAY")  # lets tests and demos pin "today"
        return dt.date.fromisoformat(today) if today else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"„{value}“ ist kein Datum im Format JJJJ-MM-TT", param_hint=option
        ) from None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def stdout() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_problem(console: Any, problem: Problem) -> None:
    from rich.markup import escape

    style = "red" if problem.severity == "error" else "yellow"
    console.print(f"[{style}]{escape(problem.format())}[/]")


def warn_if_broken(ws: Any) -> None:
    """Queries still answer over a partly broken workspace, but say so."""
    count = ws.error_count()
    if count:
        stderr().print(
            f"[yellow]Hinweis: {count} Fehler im Arbeitsbereich; betroffene Angaben fehlen "
            "womöglich. Details: merzig validate[/]"
        )


def _debug(ctx: Any) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("MERZIG_DEBUG") == "1"


class MerzigGroup(TyperGroup):
    """Turns expected failures into a German message and an exit code, in one place."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Run the command; usage errors are shown in German (exit 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        from typer._click.exceptions import ClickException

        from . import i18n

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        except ClickException as exc:
            i18n.show_usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("Abgebrochen.\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MerzigError as exc:
            if _debug(ctx):
                raise
            err = stderr()
            from rich.markup import escape

            err.print(f"[red]Fehler:[/] {escape(exc.message)}")
            if isinstance(exc, DataError):
                for p in exc.problems:
                    if isinstance(p, Problem):
                        print_problem(err, p)
            if exc.hint:
                err.print(f"[dim]→ {escape(exc.hint)}[/]")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            stderr().print("Abgebrochen.")
            raise typer.Exit(130) from None
        except Exception as exc:
            # Typer's own control flow (exit, abort, usage errors) passes through.
            if _debug(ctx) or type(exc).__module__.split(".")[0] in ("typer", "click"):
                raise
            from rich.markup import escape

            stderr().print(
                f"[red]Interner Fehler:[/] {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                "Bitte mit --debug erneut ausführen und die Ausgabe als Fehlerbericht melden."
            )
            raise typer.Exit(3) from None


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=MerzigGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

"""Output helpers and the single error boundary of the CLI (options: :mod:`.options`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from ..core.errors import DataError, MerzigError
from ..core.problems import Problem
from ..core.text import count as count  # for the command modules
from ..schema.config import taxonomy_id as taxonomy_id  # for the command modules

if TYPE_CHECKING:
    from ..workspace.loader import Workspace


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    """JSON for scripts; characters that could steer a terminal are written as \\uXXXX
    (the hidden ones of :data:`~merzig_cli.core.text.HIDDEN`; ``json`` escapes the other
    control characters itself)."""
    from ..core.text import HIDDEN

    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    text = HIDDEN.sub(lambda m: json.dumps(m.group(0))[1:-1], text)  # \\uXXXX, pairs beyond U+FFFF
    sys.stdout.write(text + "\n")


def _console(**options: Any) -> Any:
    """A Rich console that never lets a control character of the data reach the terminal.

    Every text it renders – printed strings, table cells, panel titles – passes
    :func:`~merzig_cli.documents.media.terminal` (strings before Rich reads their markup,
    everything again as it is laid out), so an
    escape sequence in a Steckbrief cannot clear the screen or overwrite a line
    (Rich adds its own colour codes only afterwards). Markup in data is escaped
    where the data is put into a message.
    """
    from rich.console import Console
    from rich.errors import MarkupError
    from rich.segment import Segment

    from ..documents.media import terminal

    class SafeConsole(Console):
        def render_str(self, text: str, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().render_str(terminal(text), *args, **kwargs)
            except MarkupError:
                # Data that reads as broken markup ("[/]" in a path) where a message forgot
                # to escape it: shown as it is, never an internal error.
                return super().render_str(terminal(text), *args, **{**kwargs, "markup": False})

        def render(self, renderable: Any, options: Any = None) -> Any:
            # Text objects made elsewhere (tables, panels) meet the same rule here.
            for segment in super().render(renderable, options):
                if segment.control:
                    yield segment
                else:
                    yield Segment(terminal(segment.text), segment.style)

    return SafeConsole(highlight=False, **options)


def stdout() -> Any:
    return _console(soft_wrap=False)


def stderr() -> Any:
    return _console(stderr=True, soft_wrap=True)


def echo(text: str, err: bool = False) -> None:
    """Plain output (no markup), with hidden and controlling characters made visible."""
    from ..documents.media import terminal

    typer.echo(terminal(text), err=err)


def warn_personal(
    found: list[str],
    what: str,
    keep_out: str = "keine Namen oder Kontaktdaten der fragenden Person speichern",
) -> None:
    """Data minimisation: say what in ``what`` looks like personal data, and what to do."""
    if found:
        stderr().print(
            f"[yellow]Warnung: {what} enthält vermutlich {' und '.join(found)}. "
            f"Datensparsamkeit: {keep_out}.[/]"
        )


# A message quoting a value of a mebibyte is shown cut in the middle: its beginning says
# what the value is, its end what is wrong with it. Rich reads a long message with many
# escaped brackets for tens of seconds; nobody reads it at all.
MAX_MESSAGE = 2000


def shortened(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` for the terminal: at most about ``limit`` characters, cut in the middle."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    left_out = f"{len(text) - limit:,}".replace(",", ".")
    return f"{text[: limit - tail]} … ({left_out} Zeichen ausgelassen) … {text[-tail:]}"


def print_problem(console: Any, problem: Problem) -> None:
    from rich.markup import escape

    style = "red" if problem.severity == "error" else "yellow"
    console.print(f"[{style}]{escape(shortened(problem.format()))}[/]")


def listed_elsewhere(as_json: bool, data: Callable[[], list[Any]], found: int, none: str) -> bool:
    """A list command's JSON (``data()``), or ``none`` on stderr when ``found`` is 0.

    True when that was all there is to print; False when the table follows.
    """
    if as_json:
        print_json(data())
        return True
    if not found:
        stderr().print(none)
        return True
    return False


def report_findings(
    findings: Sequence[Any], as_json: bool, all_clear: str, show: Callable[[Any], None]
) -> None:
    """A check's findings: as JSON, or one ✓ line, or ``show(stderr console)``; exit 1 with any."""
    if as_json:
        print_json([vars(f) for f in findings])
    elif not findings:
        stdout().print(all_clear)
    else:
        show(stderr())
    if findings:
        raise typer.Exit(1)


def load(data: Path | str | None, kinds: set[str], warn: bool = True) -> Workspace:
    """The workspace of ``--data`` (or found from here) with the record ``kinds`` a command
    reads; ``warn``: say when it has errors (queries still answer, some facts may be missing)."""
    from ..workspace.loader import load_workspace

    ws = load_workspace(str(data) if data else None, kinds=kinds)
    if warn:
        warn_if_broken(ws)
    return ws


def warn_if_broken(ws: Any) -> None:
    """Queries still answer over a partly broken workspace, but say so."""
    count = ws.error_count()
    if count:
        stderr().print(
            f"[yellow]Hinweis: {count} Fehler im Arbeitsbereich; betroffene Angaben fehlen "
            "womöglich. Details: merzig validate[/]"
        )


SIGPIPE_EXIT = 128 + 13  # what a shell reports for a program ended by SIGPIPE


def closed_pipe() -> None:
    """The reader of our output went away (``merzig actors list --json | head -1``).

    Nothing is wrong with the data, so there is no message; the rest of the
    output goes nowhere and the exit code is the shell's usual one for SIGPIPE.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(SIGPIPE_EXIT)


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
            sys.stdout.flush()
        except BrokenPipeError:
            closed_pipe()
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

            err.print(f"[red]Fehler:[/] {escape(shortened(exc.message))}")
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
        except BrokenPipeError:
            closed_pipe()  # the reader went away (``| head``): no message
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


def new_app(help_text: str, cls: type[MerzigGroup] = MerzigGroup) -> typer.Typer:
    return typer.Typer(
        cls=cls,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

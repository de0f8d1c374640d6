"""The ``merzig`` command: registers every command group."""

from __future__ import annotations

import functools
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer
import typer.main
from typer._click import Command

from . import i18n
from .common import MerzigGroup, new_app
from .options import option

# Every command, then every command group, in the order of the help: the module that
# defines it, its attribute there, and the modules that add commands to it.
# A command's module is imported only when the command runs (or --help lists
# it), so that ``merzig route`` does not pay for the brochure's imports.
COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "init": ("init", "init_command", ()),
    "validate": ("validate", "validate_command", ()),
    "route": ("route", "route_command", ()),
    "followup": ("followup", "followup_command", ()),
    "actors": ("actors", "app", ("profiles", "forms")),
    "brochure": ("brochure", "app", ()),
    "district": ("district", "app", ()),
    "schema": ("schema", "app", ()),
    "inquiry": ("inquiry", "app", ()),
    "report": ("report", "app", ()),
    "case": ("case", "app", ("case_agree", "consent_form")),
    "conference": ("conference", "app", ("conference_day", "conference_send")),
    "privacy": ("privacy", "app", ()),
    "mail": ("mail", "app", ()),
    "network": ("network", "app", ()),
    "export": ("export", "app", ()),
}


@functools.cache
def _command(name: str) -> Command:
    """The click command of ``name``, made as ``app.command``/``app.add_typer`` would.

    Made once per process: typer makes the root group anew for every call of ``app``
    (each ``CliRunner.invoke`` in-process), and making a group reads the signatures of
    all its commands again (a tenth of the time of a short command run in-process).
    A click command keeps nothing of a run: each run has its own context.
    """
    module, attribute, extras = COMMANDS[name]
    target = getattr(import_module(f".{module}", __package__), attribute)
    for extra in extras:
        import_module(f".{extra}", __package__)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
        return typer.main.get_group_from_info(
            holder.registered_groups[0],
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    holder.command(name)(target)
    return typer.main.get_command_from_info(
        holder.registered_commands[0],
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


class _Commands(MutableMapping[str, Command]):
    """The commands by name; each is made on first use."""

    def __init__(self) -> None:
        self._made: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._made:
            if name not in COMMANDS:
                raise KeyError(name)
            self._made[name] = _command(name)
        return self._made[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._made})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self._made})


class _Root(MerzigGroup):
    """The ``merzig`` group: its commands are made when they are used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()


app = new_app(
    "Werkzeug der zentralen Anlaufstelle Integration: Steckbriefe, Anfragen und "
    "Förderkonferenz als YAML-Dateien prüfen, abfragen und veröffentlichen.",
    cls=_Root,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("merzig-cli")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "(nicht installiert)"
        typer.echo(f"merzig {number}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[
        bool, option("--debug", help="Bei internen Fehlern den Traceback zeigen.")
    ] = False,
    version: Annotated[
        bool, option("--version", callback=_version, is_eager=True, help="Version zeigen.")
    ] = False,
) -> None:
    """Werkzeug der zentralen Anlaufstelle Integration."""
    ctx.obj = {"debug": debug}


assert i18n  # installs the German help texts


def run() -> None:
    app()

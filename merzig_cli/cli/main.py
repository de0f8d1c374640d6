"""The ``merzig`` command: registers every command group."""

from __future__ import annotations

from typing import Annotated

import typer

from . import (
    actors,
    brochure,
    case,
    conference,
    followup,
    i18n,
    inquiry,
    mail,
    network,
    privacy,
    profiles,
    report,
    report_conference,
    route,
    schema,
    validate,
)
from .common import new_app
from .options import option

app = new_app(
    "Werkzeug der zentralen Anlaufstelle Integration: Steckbriefe, Anfragen und "
    "Förderkonferenz als YAML-Dateien prüfen, abfragen und veröffentlichen."
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

app.command("validate")(validate.validate_command)
app.add_typer(actors.app, name="actors")
app.add_typer(brochure.app, name="brochure")
app.add_typer(schema.app, name="schema")
app.command("route")(route.route_command)
app.add_typer(inquiry.app, name="inquiry")
app.add_typer(report.app, name="report")
app.add_typer(case.app, name="case")
app.add_typer(conference.app, name="conference")
app.command("followup")(followup.followup_command)
app.add_typer(privacy.app, name="privacy")
assert report_conference  # registers "report conference" on the report group
app.add_typer(mail.app, name="mail")
app.add_typer(network.app, name="network")
assert profiles  # adds export, confirm and diff to the actors group


def run() -> None:
    app()

"""``merzig mail …``: round mails and reminders, as drafts or sent once through SMTP."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import new_app
from .delivery import (
    CampaignOpt,
    GroupOpt,
    ListOpt,
    NoGreetingOpt,
    TopicOpt,
    delivering,
    load,
)
from .options import DataOpt, DateOpt, option, parse_date

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..workspace.loader import Workspace

KIND_HELP = (
    "Nur diese Art: feedback (Rückmeldungen), profile (veraltete Steckbriefe), "
    "steps (fällige Schritte); mehrfach möglich, Standard: alle."
)
KindOpt = Annotated[list[str] | None, typer.Option("--kind", metavar="ART", help=KIND_HELP)]
app = new_app(
    "Rundmails und Erinnerungen an das Netzwerk: erst als Entwurf, mit --send genau einmal."
)


@app.command("round")
@delivering
def round_command(
    subject: Annotated[str, typer.Option("--subject", help="Betreff der Rundmail.")],
    body: Annotated[
        Path,
        typer.Option("--body", metavar="DATEI.md", help="Text der Rundmail als Markdown-Datei."),
    ],
    list_name: ListOpt = None,
    topic: TopicOpt = None,
    group: GroupOpt = None,
    everyone: Annotated[bool, option("--all", help="Alle Akteure des Netzwerks.")] = False,
    bcc: Annotated[
        bool, option("--bcc", help="Eine Mail mit allen Empfängern in BCC statt einer je Person.")
    ] = False,
    campaign: CampaignOpt = None,
    no_greeting: NoGreetingOpt = False,
    data: DataOpt = None,
) -> tuple[Workspace, Campaign]:
    """Eine Rundmail an die Ansprechpersonen eines Verteilers, Themas, einer Zielgruppe oder aller."""
    from ..network.recipients import Choice
    from ..network.rounds import round_mail

    ws = load(data, {"actor"})
    choice = Choice(list_name, topic, group, everyone)
    return ws, round_mail(ws, subject, body, choice, bcc, campaign, no_greeting)


@app.command("reminders")
@delivering
def reminders_command(
    date: DateOpt = None,
    kind: KindOpt = None,
    data: DataOpt = None,
) -> tuple[Workspace, Campaign]:
    """Erinnerungen: überfällige Rückmeldungen, veraltete Steckbriefe, fällige Schritte."""
    from ..core.clock import today
    from ..core.vocab import accept
    from ..network.reminders import REMINDER_KINDS, records_needed, reminders

    kinds = list(dict.fromkeys(accept(k, REMINDER_KINDS, "--kind") for k in kind or REMINDER_KINDS))
    day = parse_date(date)
    ws = load(data, records_needed(kinds))
    return ws, reminders(ws, day, kinds, made=today())

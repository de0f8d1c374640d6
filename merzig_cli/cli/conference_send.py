"""``merzig conference send``: each participant's time plan, calendar and excerpt, by mail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .conference import ConferenceArg, app
from .delivery import CampaignOpt, OutOpt, delivering
from .options import DataOpt, DateOpt, parse_date

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..workspace.loader import Workspace


@app.command("send")
@delivering
def send_command(
    conference_id: ConferenceArg,
    date: DateOpt = None,
    campaign: CampaignOpt = None,
    out: OutOpt = Path("output"),
    data: DataOpt = None,
) -> tuple[Workspace, Campaign]:
    """Jedem Teilnehmenden eine Mail: Zeitplan, eine Kalenderdatei mit allen Terminen, Auszug.

    Erst Entwürfe, mit --send genau einmal über das Versandprotokoll. Der Auszug
    hängt nur an, wenn config.yaml conference.mail_excerpts: true setzt; sonst
    sagt die Mail, wo er abzuholen ist. Das Protokoll geht nie hinaus.
    """
    from rich.markup import escape

    from ..core.clock import today
    from ..network.conference_mail import conference_mails
    from .case import load, tell_withheld
    from .common import stderr

    ws = load(data)
    made = conference_mails(ws, conference_id, parse_date(date), today(), out, campaign)
    tell_withheld(made.withheld)
    if made.excerpts:
        stderr().print(
            f"[dim]Auszüge für die Mails in {escape(str(made.excerpts[0].path.parent))}[/]",
            soft_wrap=True,
        )
    return ws, made.campaign

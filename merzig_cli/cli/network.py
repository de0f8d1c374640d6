"""``merzig network …``: exchange meetings of the network, with a calendar invitation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import new_app
from .delivery import CampaignOpt, ListOpt, delivering, load
from .options import DataOpt, option, parse_date

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..workspace.loader import Workspace

app = new_app("Das Netzwerk: Austauschtreffen mit Kalendereinladung.")


@app.command("meeting")
@delivering
def meeting_command(
    date: Annotated[str, typer.Option("--date", metavar="JJJJ-MM-TT", help="Tag des Treffens.")],
    time: Annotated[str, typer.Option("--time", metavar="HH:MM", help="Beginn, z. B. 18:00.")],
    title: Annotated[str, typer.Option("--title", help="Titel des Treffens.")],
    place: Annotated[str | None, option("--place", help="Ort des Treffens.")] = None,
    list_name: ListOpt = None,
    duration: Annotated[
        int, typer.Option("--duration", metavar="MINUTEN", help="Dauer in Minuten.")
    ] = 90,
    body: Annotated[
        Path | None,
        option("--body", metavar="DATEI.md", help="Zusätzlicher Text als Markdown-Datei."),
    ] = None,
    sequence: Annotated[
        int,
        typer.Option(
            "--sequence",
            metavar="ZAHL",
            help="Fassung der Einladung: nach einer Änderung von Uhrzeit oder Ort um 1 erhöhen.",
        ),
    ] = 0,
    campaign: CampaignOpt = None,
    data: DataOpt = None,
) -> tuple[Workspace, Campaign]:
    """Zu einem Austauschtreffen einladen (alle Akteure oder --list): Mail mit Kalendereinladung."""
    from ..network.meeting import meeting, parse_time

    day = parse_date(date)
    start = parse_time(time)
    ws = load(data, {"actor"})
    return ws, meeting(ws, day, start, title, place, list_name, duration, body, sequence, campaign)

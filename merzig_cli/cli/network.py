"""``merzig network …``: exchange meetings of the network, with a calendar invitation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import new_app
from .delivery import CampaignOpt, ListOpt, NoGreetingOpt, delivering, load
from .options import DataOpt, option, parse_date

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..workspace.loader import Workspace

app = new_app("Das Netzwerk: Austauschtreffen mit Kalendereinladung.")


@app.command("meeting")
@delivering
def meeting_command(
    date: Annotated[
        str | None,
        option(
            "--date",
            metavar="JJJJ-MM-TT",
            help="Tag des Treffens (bei einem angekündigten Treffen: der neue Tag).",
        ),
    ] = None,
    time: Annotated[
        str | None, option("--time", metavar="HH:MM", help="Beginn, z. B. 18:00.")
    ] = None,
    title: Annotated[
        str | None,
        option(
            "--title",
            help="Titel des Treffens; er bezeichnet das Treffen auch beim Verschieben und Absagen "
            "(weglassen, wenn nur ein Treffen angekündigt ist).",
        ),
    ] = None,
    place: Annotated[str | None, option("--place", help="Ort des Treffens.")] = None,
    list_name: ListOpt = None,
    duration: Annotated[
        int | None,
        option("--duration", metavar="MINUTEN", help="Dauer in Minuten (Standard: 90)."),
    ] = None,
    body: Annotated[
        Path | None,
        option("--body", metavar="DATEI.md", help="Zusätzlicher Text als Markdown-Datei."),
    ] = None,
    cancel: Annotated[
        bool,
        option(
            "--cancel",
            help="Das angekündigte Treffen absagen: alle Eingeladenen bekommen eine Absage, die "
            "ihr Kalender übernimmt (METHOD:CANCEL).",
        ),
    ] = False,
    sequence: Annotated[
        int,
        typer.Option(
            "--sequence",
            metavar="ZAHL",
            hidden=True,
            help="Veraltet: das Werkzeug zählt die Fassungen selbst; eine Zahl gilt als "
            "Mindestfassung.",
        ),
    ] = 0,
    campaign: CampaignOpt = None,
    no_greeting: NoGreetingOpt = False,
    data: DataOpt = None,
) -> tuple[Workspace, Campaign]:
    """Zu einem Austauschtreffen einladen (alle Akteure oder --list), es verschieben oder absagen.

    Jede Ansprechperson bekommt eine Mail mit Kalendereinladung. Wer dasselbe
    Treffen (gleicher Titel) mit neuem Tag, neuer Uhrzeit oder neuem Ort
    ankündigt, verschiebt es: der Kalender ändert den vorhandenen Eintrag
    (gleiche UID, höhere SEQUENCE, beides hält merzig in meetings/ fest).
    """
    from ..core.clock import today
    from ..network.meeting import Announcement, meeting, parse_time

    wish = Announcement(
        day=parse_date(date) if date else None,
        start=parse_time(time) if time else None,
        title=title,
        place=place,
        list_name=list_name,
        minutes=duration,
        body=body,
        sequence=sequence,
        campaign=campaign,
        cancel=cancel,
        no_greeting=no_greeting,
    )
    ws = load(data, {"actor"})
    return ws, meeting(ws, wish, today())

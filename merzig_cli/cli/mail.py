"""``merzig mail …``: round mails and reminders, as drafts or sent once through SMTP."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    DataOpt,
    DateOpt,
    JsonOpt,
    new_app,
    parse_date,
    print_json,
    stderr,
    stdout,
    warn_if_broken,
)

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..network.delivery import Result
    from ..workspace.loader import Workspace

app = new_app(
    "Rundmails und Erinnerungen an das Netzwerk: erst als Entwurf, mit --send genau einmal."
)

SendOpt = Annotated[
    bool, typer.Option("--send", help="Wirklich über den Mailserver aus config.yaml versenden.")
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", min=1, metavar="ZAHL", help="Höchstens so viele Mails in diesem Lauf."),
]
OutOpt = Annotated[
    Path,
    typer.Option(
        "--out", "-o", metavar="PFAD", help="Ordner für die Entwürfe (darin mail/<Rundmail>/)."
    ),
]
CampaignOpt = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        metavar="NAME",
        help="Name der Rundmail und ihres Versandprotokolls (Standard: aus dem Betreff).",
    ),
]
UnclearOpt = Annotated[
    bool,
    typer.Option(
        "--resend-unclear",
        help="Mails erneut senden, bei denen ein Abbruch offen ließ, ob sie angekommen sind.",
    ),
]
RetryOpt = Annotated[
    float,
    typer.Option(
        "--retry-wait",
        min=0,
        metavar="SEKUNDEN",
        help="Wartezeit vor dem erneuten Versuch nach einer vorläufigen Ablehnung (4xx).",
    ),
]


def load(data: Any, kinds: set[str]) -> Workspace:
    from ..workspace.loader import load_workspace

    ws = load_workspace(str(data) if data else None, kinds=kinds)
    warn_if_broken(ws)
    return ws


def run_campaign(
    ws: Workspace,
    campaign: Campaign,
    send: bool,
    limit: int | None,
    out: Path,
    resend_unclear: bool,
    retry_wait: float,
    as_json: bool,
) -> None:
    """Write drafts or send, print the summary, exit 1 unless everything is done."""
    from ..network.delivery import deliver, write_drafts

    if send:
        result = deliver(ws, campaign, limit, resend_unclear, retry_wait)
    else:
        result = write_drafts(ws, campaign, out, limit)
    if as_json:
        print_json(_as_json(result))
    else:
        print_result(result, out)
    if not result.complete:
        raise typer.Exit(1)


def _as_json(result: Result) -> dict[str, Any]:
    from ..network.delivery import STATUS

    return {
        "campaign": result.campaign,
        "sent": result.sent,
        "ledger": result.ledger,
        "complete": result.complete,
        "stopped": result.stopped or None,
        "counts": {s: result.count(s) for s in STATUS if result.count(s)},
        "drafts": [{"file": d.path, "status": d.status} for d in result.drafts],
        "recipients": [
            {
                "name": r.label,
                "address": r.address or None,
                "status": r.status,
                "detail": r.detail or None,
                "kind": r.kind or None,
            }
            for r in result.rows
        ],
        "notes": result.notes,
    }


def print_result(result: Result, out: Path) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ..network.delivery import STATUS
    from ..network.reminders import REMINDER_KINDS

    console = stdout()
    kinds = any(r.kind for r in result.rows)
    details = any(r.detail for r in result.rows)
    table = Table(title=f"Rundmail „{escape(result.campaign)}“", title_justify="left")
    for column in ("Empfänger", "Adresse", *(["Art"] if kinds else []), "Stand"):
        table.add_column(column, overflow="fold")
    if details:
        table.add_column("Hinweis", overflow="fold")
    styles = {
        "sent": "green",
        "earlier": "dim",
        "refused": "red",
        "unclear": "yellow",
        "deferred": "yellow",
        "aborted": "red",
        "no-address": "yellow",
    }
    for r in result.rows:
        cells = [escape(r.label), escape(r.address or "–")]
        if kinds:
            cells.append(REMINDER_KINDS.get(r.kind, r.kind))
        style = styles.get(r.status, "")
        label = STATUS[r.status]
        cells.append(f"[{style}]{label}[/]" if style else label)
        if details:
            cells.append(escape(r.detail))
        table.add_row(*cells)
    if result.rows:
        console.print(table)
    counts = ", ".join(f"{result.count(s)} {STATUS[s]}" for s in STATUS if result.count(s))
    console.print(counts or "Nichts zu tun: niemand ist ausgewählt.", soft_wrap=True)
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/]", soft_wrap=True)
    if not result.sent and result.drafts:
        folder = out / "mail" / result.campaign
        console.print(f"Entwürfe in {escape(str(folder))}; versenden mit --send.", soft_wrap=True)
    if result.ledger is not None:
        console.print(f"[dim]Versandprotokoll: {escape(str(result.ledger))}[/]", soft_wrap=True)
    err = stderr()
    if result.stopped:
        err.print(
            f"[red]Abgebrochen:[/] {escape(result.stopped)}. Denselben Befehl später erneut "
            "aufrufen: schon Versandtes wird nicht wiederholt."
        )
    if result.count("unclear"):
        err.print(
            "[yellow]Bei „unklar“ brach die Verbindung ab, nachdem der Server die Mail schon "
            "erhalten hatte.[/] Nachfragen, ob sie angekommen ist; sonst mit --resend-unclear "
            "erneut senden (gleiche Message-ID)."
        )


@app.command("round")
def round_command(
    subject: Annotated[str, typer.Option("--subject", help="Betreff der Rundmail.")],
    body: Annotated[
        Path,
        typer.Option("--body", metavar="DATEI.md", help="Text der Rundmail als Markdown-Datei."),
    ],
    list_name: Annotated[
        str | None, typer.Option("--list", metavar="NAME", help="Verteiler (network.lists).")
    ] = None,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Akteure zu diesem Thema (mit Unterthemen).")
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Akteure für diese Zielgruppe.")
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Alle Akteure des Netzwerks.")] = False,
    bcc: Annotated[
        bool,
        typer.Option("--bcc", help="Eine Mail mit allen Empfängern in BCC statt einer je Person."),
    ] = False,
    send: SendOpt = False,
    limit: LimitOpt = None,
    campaign: CampaignOpt = None,
    out: OutOpt = Path("output"),
    resend_unclear: UnclearOpt = False,
    retry_wait: RetryOpt = 60.0,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine Rundmail an die Ansprechpersonen eines Verteilers, Themas, einer Zielgruppe oder aller."""
    from ..network.rounds import round_mail

    ws = load(data, {"actor"})
    mailing = round_mail(ws, subject, body, list_name, topic, group, everyone, bcc, campaign)
    run_campaign(ws, mailing, send, limit, out, resend_unclear, retry_wait, as_json)


@app.command("reminders")
def reminders_command(
    date: DateOpt = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="ART",
            help="Nur diese Art: feedback (Rückmeldungen), profile (veraltete Steckbriefe), "
            "steps (fällige Schritte); mehrfach möglich, Standard: alle.",
        ),
    ] = None,
    send: SendOpt = False,
    limit: LimitOpt = None,
    out: OutOpt = Path("output"),
    resend_unclear: UnclearOpt = False,
    retry_wait: RetryOpt = 60.0,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Erinnerungen: überfällige Rückmeldungen, veraltete Steckbriefe, fällige Schritte."""
    from ..core.errors import UsageError
    from ..network.reminders import REMINDER_KINDS, records_needed, reminders

    kinds = list(dict.fromkeys(kind or REMINDER_KINDS))
    unknown = [k for k in kinds if k not in REMINDER_KINDS]
    if unknown:
        raise UsageError(
            f"--kind {unknown[0]}: unbekannte Art", "Erlaubt: " + ", ".join(REMINDER_KINDS)
        )
    day = parse_date(date)
    ws = load(data, records_needed(kinds))
    run_campaign(
        ws, reminders(ws, day, kinds), send, limit, out, resend_unclear, retry_wait, as_json
    )

"""Shared by the commands that send (``mail round``, ``mail reminders``, ``network meeting``):
their delivery options, drafts or sending, and the summary of what happened.

A sending command is written as a function that builds its campaign; :func:`delivering`
adds the options every such command has (``--send``, ``--limit``, ``--out``, …), so they are
declared once.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import load as load  # for the command modules
from .common import print_json, stderr, stdout
from .options import DataOpt, JsonOpt
from .tables import Column, table

if TYPE_CHECKING:
    from ..network.compose import Campaign
    from ..network.delivery import Result
    from ..workspace.loader import Workspace

SendOpt = Annotated[
    bool, typer.Option("--send", help="Wirklich über den Mailserver aus config.yaml versenden.")
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", metavar="ZAHL", help="Höchstens so viele Mails in diesem Lauf."),
]
OutOpt = Annotated[
    Path,
    typer.Option(
        "--out", "-o", metavar="PFAD", help="Ordner für die Entwürfe (darin mail/<Rundmail>/)."
    ),
]
ListOpt = Annotated[
    str | None, typer.Option("--list", metavar="NAME", help="Verteiler (network.lists).")
]
TopicOpt = Annotated[
    str | None, typer.Option("--topic", help="Akteure zu diesem Thema (mit Unterthemen).")
]
GroupOpt = Annotated[str | None, typer.Option("--group", help="Akteure für diese Zielgruppe.")]
CampaignOpt = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        metavar="NAME",
        help="Name der Rundmail und ihres Versandprotokolls (Standard: bei Rundmails aus dem "
        "Betreff, bei Treffen aus Titel und Datum, bei der Förderkonferenz konferenz-KENNUNG; "
        "eine neue Rundmail mit altem Betreff braucht "
        "einen neuen Namen).",
    ),
]
NoGreetingOpt = Annotated[
    bool,
    typer.Option(
        "--no-greeting",
        help="Ohne die Anrede („Guten Tag …,“) und den Gruß („Mit freundlichen Grüßen“) des "
        "Werkzeugs; beginnt der Text selbst mit „Liebe …“, „Sehr geehrte …“ oder „Hallo …“ oder "
        "endet er mit „Viele Grüße“ o. ä., entfällt das Entsprechende ohnehin.",
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
    int,
    typer.Option(
        "--retry-wait",
        metavar="SEKUNDEN",
        help="Wartezeit vor dem erneuten Versuch nach einer vorläufigen Ablehnung (4xx).",
    ),
]


def run_campaign(
    ws: Workspace,
    campaign: Campaign,
    send: bool = False,
    limit: int | None = None,
    out: Path = Path("output"),
    resend_unclear: bool = False,
    retry_wait: float = 60,
    as_json: bool = False,
) -> None:
    """Write drafts or send, print the summary, exit 1 unless everything is done."""
    from ..core.errors import UsageError
    from ..network.delivery import deliver, write_drafts

    if limit is not None and limit < 1:
        raise UsageError(f"--limit {limit}: mindestens 1", "Zum Beispiel --limit 10")
    if retry_wait < 0:
        raise UsageError(
            f"--retry-wait {retry_wait:g}: nicht negativ", "Zum Beispiel --retry-wait 60"
        )

    if send:
        with progress_shown() as progress:
            result = deliver(ws, campaign, limit, resend_unclear, retry_wait, progress=progress)
    else:
        result = write_drafts(ws, campaign, out, limit)
    if as_json:
        print_json(_as_json(result))
    else:
        print_result(result, out)
    if not result.complete:
        raise typer.Exit(1)


EVERY = 10  # without a terminal, a progress line after every tenth mail (and the last)


@contextlib.contextmanager
def progress_shown() -> Iterator[Callable[[int, int], None]]:
    """A progress report for a send, on stderr: a bar on a terminal, else a line every
    :data:`EVERY` mails (for logs and cron mails); nothing for a send of one mail."""
    err = stderr()
    if not err.is_terminal:

        def line(done: int, total: int) -> None:
            if total > 1 and (done % EVERY == 0 or done == total):
                err.print(f"Versand: {done} von {total} Mails", soft_wrap=True)

        yield line
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("Versand"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    )
    task = bar.add_task("Versand", total=None)

    def advance(done: int, total: int) -> None:
        if total > 1:
            bar.start()
            bar.update(task, completed=done, total=total)

    try:
        yield advance
    finally:
        bar.stop()


def _as_json(result: Result) -> dict[str, Any]:
    from ..network.delivery import STATUS

    data = asdict(result)
    data["recipients"] = data.pop("rows")
    data["drafts"] = [{"file": d.path, "status": d.status} for d in result.drafts]
    data["counts"] = {s: result.count(s) for s in STATUS if result.count(s)}
    data["complete"] = result.complete
    return data


def print_result(result: Result, out: Path) -> None:
    from rich.markup import escape

    from ..network.delivery import STATUS
    from ..network.digest import LABELS

    console = stdout()
    kinds = any(r.kind for r in result.rows)

    def detail(r: Any) -> str:  # "keine E-Mail-Adresse" only repeats the state
        return "" if r.detail == "keine E-Mail-Adresse" else r.detail

    details = any(detail(r) for r in result.rows)
    columns = [
        Column("Empfänger", priority=6),
        Column("Adresse", "id", 8),
        *([Column("Art", priority=2)] if kinds else []),
        Column("Stand", priority=9),
        *([Column("Hinweis", priority=4)] if details else []),
    ]
    rows = []
    for r in result.rows:
        cells = [r.label, r.address or "–"]
        if kinds:
            cells.append(", ".join(LABELS.get(k, k) for k in r.kind.split("+")))
        cells.append(STATUS[r.status])
        if details:
            cells.append(detail(r))
        rows.append(cells)
    if result.rows:
        console.print(table(f"Rundmail „{result.campaign}“", columns, rows))
    after_number = STATUS | {"draft": "als Entwurf geschrieben"}  # „7 als Entwurf geschrieben“
    counts = ", ".join(f"{result.count(s)} {after_number[s]}" for s in STATUS if result.count(s))
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


DELIVERY: dict[str, tuple[Any, Any]] = {
    "send": (SendOpt, False),
    "limit": (LimitOpt, None),
    "out": (OutOpt, Path("output")),
    "resend_unclear": (UnclearOpt, False),
    "retry_wait": (RetryOpt, 60),
    "data": (DataOpt, None),
    "as_json": (JsonOpt, False),
}


SHARED = ("out",)  # a command may take these itself; delivery still gets them


def _evaluated(build: Callable[..., Any]) -> list[inspect.Parameter]:
    """The parameters of ``build`` with their annotations evaluated (the return type stays a
    string: it may name classes imported only for type checking)."""
    params = []
    for p in inspect.signature(build).parameters.values():
        hint = p.annotation
        if isinstance(hint, str):
            hint = eval(hint, build.__globals__)  # our own source text, as typing would
        params.append(p.replace(annotation=hint))
    return params


def delivering(build: Callable[..., tuple[Workspace, Campaign]]) -> Callable[..., None]:
    """A command from ``build(own options…, data)`` with the delivery options appended."""
    own = _evaluated(build)
    names = {p.name for p in own}
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, (hint, default) in DELIVERY.items()
        if name not in names
    ]

    def command(**options: Any) -> None:
        chosen = {name: options.pop(name) for name in DELIVERY if name not in names}
        chosen |= {name: options[name] for name in SHARED if name in names}
        ws, campaign = build(**options)
        run_campaign(ws, campaign, **chosen)

    command.__name__ = build.__name__
    command.__doc__ = build.__doc__
    command.__signature__ = inspect.Signature([*own, *extra])  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in [*own, *extra]}
    return command

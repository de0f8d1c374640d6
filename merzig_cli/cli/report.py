"""``merzig report …``: the evaluation of the Lotsenfunktion, in the terminal and as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import DataOpt, DateOpt, JsonOpt, new_app, parse_date, print_json, stdout

if TYPE_CHECKING:
    from ..inquiries.report import ReferralReport

app = new_app("Auswertungen für den Jahresbericht: was aus den Anfragen wurde.")

BAR_WIDTH = 30


def _bar(value: int, largest: int) -> str:
    """A bar of █ characters; the largest value fills BAR_WIDTH."""
    if largest <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(BAR_WIDTH * value / largest))


def _table(title: str, items: list[tuple[str, int]]) -> Any:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column("")
    table.add_column("Anzahl", justify="right")
    table.add_column("", style="cyan", no_wrap=True)
    largest = max((v for _, v in items), default=0)
    for label, value in items:
        table.add_row(escape(label), str(value), _bar(value, largest))
    return table


def print_report(rep: ReferralReport) -> None:
    out = stdout()
    share = (
        f"{rep.feedback_share:.0%}".replace("%", " %") if rep.feedback_share is not None else "–"
    )
    median = f"{rep.median_days:.0f} Tage" if rep.median_days is not None else "–"
    when = f"{rep.year}" if rep.year else "alle Jahre"
    out.print(f"[bold]Auswertung der Lotsenfunktion ({when}), Stand {rep.today}[/]")
    out.print(
        f"{rep.inquiries} Anfragen, davon {rep.closed} abgeschlossen · {rep.referrals} Weiterleitungen · "
        f"mit Rückmeldung: {share} · Median bis zur Rückmeldung: {median} · "
        f"überfällig (> {rep.feedback_days} Tage ohne Rückmeldung): {rep.overdue}"
    )
    for title, items in (
        ("Anfragen nach Thema", rep.by_topic),
        ("Anfragen nach Zielgruppe", rep.by_group),
        ("Anfragen nach Zugangsweg", rep.by_channel),
        ("Anfragen nach Sprache", rep.by_language),
        ("Weiterleitungen je Akteur", [(r.name, r.referrals) for r in rep.per_actor]),
        ("Stand der Weiterleitungen", rep.outcomes),
    ):
        out.print()
        out.print(_table(title, items))


def check_html_target(html: Path) -> None:
    """``--html`` must name a file (its folder is created), checked before any work is done."""
    from ..core.errors import UserError

    if html.is_dir():
        raise UserError(
            f"--html: {html} ist ein Ordner, keine Datei",
            f"Einen Dateinamen angeben, z. B. --html {html / 'auswertung.html'}",
        )
    if html.exists() and not html.is_file():
        raise UserError(f"--html: {html} ist keine gewöhnliche Datei", "Anderen Pfad angeben")


@app.command("referrals")
def referrals_command(
    year: Annotated[
        int | None, typer.Option("--year", help="Nur Anfragen dieses Jahres (Standard: alle).")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Zusätzlich einen HTML-Bericht mit Diagrammen schreiben.",
            show_default=False,
        ),
    ] = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Anfragen nach Thema, Zielgruppe, Weg und Sprache; Weiterleitungen, Rückmeldungen, Überfälliges."""
    from ..inquiries.index import load_for_report
    from ..inquiries.report import compute, render_html

    if html is not None:
        check_html_target(html)
    ws, inquiries, skipped = load_for_report(data)
    if skipped:
        from .common import stderr

        stderr().print(
            f"[yellow]Hinweis: {skipped} ungültige Anfrage-Datei(en) nicht mitgezählt. "
            "Details: merzig validate[/]"
        )
    names = {a.id: a.name for a in ws.actors.values()}
    rep = compute(inquiries, ws.taxonomy, names, ws.config.feedback_days, parse_date(date), year)
    if html is not None:
        from ..core.files import atomic_write_text

        try:
            atomic_write_text(html, render_html(rep, ws.config.municipality, ws.root))
        except OSError as exc:
            from ..core.errors import UserError

            raise UserError(
                f"--html: {html} kann nicht geschrieben werden ({exc.strerror})",
                "Schreibrechte prüfen oder einen anderen Pfad angeben",
            ) from None
    if as_json:
        print_json(rep.to_dict() | ({"html": html} if html else {}))
        return
    print_report(rep)
    if html is not None:
        stdout().print(f"\n✓ HTML-Bericht geschrieben: {html}")

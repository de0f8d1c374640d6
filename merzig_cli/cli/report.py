"""``merzig report …``: the evaluation of the Lotsenfunktion, in the terminal and as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from .common import count, new_app, print_json, stdout
from .options import DataOpt, DateOpt, HtmlOpt, JsonOpt, PdfOpt, option, parse_date

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
    from .tables import Column, table

    largest = max((v for _, v in items), default=0)
    columns = [Column("", priority=3), Column("Anzahl", "number", 2), Column("", "number", 1)]
    rows = [[label, str(value), _bar(value, largest)] for label, value in items]
    return table(title, columns, rows)


def print_report(rep: ReferralReport) -> None:
    from ..inquiries.report import days_text

    out = stdout()
    share = (
        f"{rep.feedback_share:.0%}".replace("%", " %") if rep.feedback_share is not None else "–"
    )
    when = f"{rep.year}" if rep.year else "alle Jahre"
    out.print(f"[bold]Auswertung der Lotsenfunktion ({when}), Stand {rep.today}[/]")
    if not rep.inquiries:
        out.print(
            f"Für {rep.year} liegen keine Anfragen vor." if rep.year else "Noch keine Anfragen."
        )
        return
    out.print(
        f"{count(rep.inquiries, 'Anfrage', 'Anfragen')}, davon {rep.closed} abgeschlossen · "
        f"{count(rep.referrals, 'Weiterleitung', 'Weiterleitungen')} · "
        f"mit Rückmeldung: {share} · Median bis zur Rückmeldung: {days_text(rep.median_days)} · "
        f"überfällig (> {count(rep.feedback_days, 'Tag', 'Tage')} ohne Rückmeldung): {rep.overdue}"
    )
    if rep.purged:
        out.print(
            f"Darin {count(rep.purged, 'gelöschte Anfrage', 'gelöschte Anfragen')}, die nach "
            "Ablauf ihrer Frist nur noch als Zahlen gezählt werden (statistics/)."
        )
    for title, items in (
        ("Anfragen nach Thema", rep.by_topic),
        ("Anfragen nach Zielgruppe", rep.by_group),
        ("Anfragen nach Zugangsweg", rep.by_channel),
        ("Anfragen nach Sprache", rep.by_language),
        ("Weiterleitungen je Akteur", [(r.name, r.referrals) for r in rep.per_actor]),
        ("Stand der Weiterleitungen", rep.outcomes),
    ):
        if items:
            out.print()
            out.print(_table(title, items))


def check_target(path: Path, option: str = "--html", example: str = "auswertung.html") -> None:
    """An output option must name a file (its folder is created), checked before any work."""
    from ..core.errors import UserError

    if path.is_dir():
        raise UserError(
            f"{option}: {path} ist ein Ordner, keine Datei",
            f"Einen Dateinamen angeben, z. B. {option} {path / example}",
        )
    if path.exists() and not path.is_file():
        raise UserError(f"{option}: {path} ist keine gewöhnliche Datei", "Anderen Pfad angeben")


def _write(path: Path, data: bytes, option: str) -> None:
    from ..core.errors import UserError
    from ..documents.output import write_file

    try:
        write_file(path, data)
    except UserError as exc:
        raise UserError(f"{option}: {exc.message}", exc.hint) from None


@app.command("referrals")
def referrals_command(
    year: Annotated[
        int | None, option("--year", help="Nur Anfragen dieses Jahres (Standard: alle).")
    ] = None,
    html: HtmlOpt = None,
    pdf: PdfOpt = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Anfragen nach Thema, Zielgruppe, Weg und Sprache; Weiterleitungen, Rückmeldungen, Überfälliges."""
    from ..inquiries.index import load_for_report
    from ..inquiries.report import compute, render_html

    if html is not None:
        check_target(html)
    if pdf is not None:
        check_target(pdf, "--pdf", "auswertung.pdf")
    ws, inquiries, skipped = load_for_report(data)
    if skipped:
        from .common import stderr

        stderr().print(
            f"[yellow]Hinweis: {count(skipped, 'ungültige Anfrage-Datei', 'ungültige Anfrage-Dateien')} "
            "nicht mitgezählt. Details: merzig validate[/]"
        )
    from ..workspace import statistics as stats_file

    names = {a.id: a.name for a in ws.actors.values()}
    kept = [(y, stats_file.read(ws.root, y).inquiries) for y in stats_file.years(ws.root)]
    day = parse_date(date)
    rep = compute(inquiries, ws.taxonomy, names, ws.config.feedback_days, day, year, kept)
    written: list[tuple[str, Path]] = []
    if html is not None or pdf is not None:
        page = render_html(rep, ws.config.municipality, ws.root)
        if html is not None:
            _write(html, page.encode("utf-8"), "--html")
            written.append(("HTML-Bericht", html))
        if pdf is not None:
            from ..documents.pdf import html_to_pdf

            _write(pdf, html_to_pdf(page), "--pdf")
            written.append(("PDF-Bericht", pdf))
    if as_json:
        extra = {"html": html} if html else {}
        print_json(rep.to_dict() | extra | ({"pdf": pdf} if pdf else {}))
        return
    print_report(rep)
    for what, path in written:
        stdout().print(f"\n✓ {what} geschrieben: {path}", soft_wrap=True)

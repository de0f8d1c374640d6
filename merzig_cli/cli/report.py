"""``merzig report …``: the evaluations for the annual report, in the terminal, as HTML and PDF.

``report referrals`` counts what became of the inquiries (Lotsenfunktion),
``report conference`` what became of the cases of the Förderkonferenz. Both
are figures only; both write their page through the same checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import count, new_app, print_json, stderr, stdout
from .options import DataOpt, DateOpt, HtmlOpt, JsonOpt, PdfOpt, option, parse_date

if TYPE_CHECKING:
    from ..conference.report import Evaluation
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


def check_targets(html: Path | None, pdf: Path | None) -> None:
    """Both output options checked before any work (a report can take a while)."""
    if html is not None:
        check_target(html)
    if pdf is not None:
        check_target(pdf, "--pdf", "auswertung.pdf")


def write_page(page: str, html: Path | None, pdf: Path | None) -> list[tuple[str, Path]]:
    """The report page as HTML and/or PDF; what was written, for the closing lines."""
    written: list[tuple[str, Path]] = []
    if html is not None:
        _write(html, page.encode("utf-8"), "--html")
        written.append(("HTML-Bericht", html))
    if pdf is not None:
        from ..documents.pdf import html_to_pdf

        _write(pdf, html_to_pdf(page), "--pdf")
        written.append(("PDF-Bericht", pdf))
    return written


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
    from ..inquiries.report import referral_report, render_html

    check_targets(html, pdf)
    ws, rep, skipped = referral_report(data, parse_date(date), year)
    if skipped:
        stderr().print(
            f"[yellow]Hinweis: {count(skipped, 'ungültige Anfrage-Datei', 'ungültige Anfrage-Dateien')} "
            "nicht mitgezählt. Details: merzig validate[/]"
        )
    written: list[tuple[str, Path]] = []
    if html is not None or pdf is not None:
        written = write_page(render_html(rep, ws.config.municipality, ws.root), html, pdf)
    if as_json:
        extra = {"html": html} if html else {}
        print_json(rep.to_dict() | extra | ({"pdf": pdf} if pdf else {}))
        return
    print_report(rep)
    for what, path in written:
        stdout().print(f"\n✓ {what} geschrieben: {path}", soft_wrap=True, markup=False)


@app.command("conference")
def conference_command(
    conference_id: Annotated[
        str | None,
        typer.Argument(
            metavar="KONFERENZ",
            help="Nur diese Förderkonferenz (Standard: alle).",
            show_default=False,
        ),
    ] = None,
    html: HtmlOpt = None,
    pdf: PdfOpt = None,
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fälle, vereinbarte und erreichte Perspektiven, Ergebnisse, pünktlich erledigte Schritte."""
    from ..conference.cases import conference_of
    from ..conference.report import evaluate
    from ..conference.report_render import render_html
    from .case import consent_gate, load, tell_withheld

    check_targets(html, pdf)
    ws = load(data)
    if conference_id:
        conference_of(ws, conference_id)
    day = parse_date(date)
    g = consent_gate(ws, day)
    tell_withheld(g.withheld_from(conference_id))
    ev = evaluate(g, day, conference_id)
    written: list[tuple[str, Path]] = []
    if html is not None or pdf is not None:
        written = write_page(render_html(ev, ws), html, pdf)
    if as_json:
        print_json(ev.to_plain())
        return
    print_evaluation(ev, conference_id)
    for _, path in written:
        stdout().print(f"✓ geschrieben: {path}", soft_wrap=True, markup=False)


def print_evaluation(ev: Evaluation, conference_id: str | None) -> None:
    from rich.markup import escape

    from ..core.vocab import OUTCOMES, PERSPECTIVES
    from .tables import Column, table

    out = stdout()
    t = ev.total
    share = f"{t.on_time_share:.0%}".replace("%", " %") if t.on_time_share is not None else "–"
    late = (
        count(round(t.median_days_late), "Tag", "Tage") if t.median_days_late is not None else "–"
    )
    overdue = (
        f"{count(len(t.days_overdue), 'offener Schritt', 'offene Schritte')} überfällig "
        f"(Median {t.median_days_overdue:.0f}, höchstens {count(t.max_days_overdue or 0, 'Tag', 'Tage')})"
        if t.days_overdue
        else "kein offener Schritt überfällig"
    )
    scope = conference_id or "alle Konferenzen"
    out.print(f"[bold]Auswertung der Förderkonferenz ({escape(scope)}), Stand {ev.day}[/]")
    out.print(
        f"{count(t.cases, 'Fall', 'Fälle')} mit Einwilligung · {t.with_agreement} mit Vereinbarung · "
        f"{t.closed} abgeschlossen · {count(t.steps, 'Schritt', 'Schritte')}, davon {t.done} erledigt, "
        f"pünktlich: {share} der fälligen · Verspätung (Median): {late} · {overdue}",
        soft_wrap=True,
    )
    rows = [
        [PERSPECTIVES.get(key, key), str(n), str(t.reached.get(key, 0))]
        for key, n in t.perspectives.most_common()
    ]
    columns = [Column("Perspektive"), Column("vereinbart", "number"), Column("erreicht", "number")]
    out.print(table("Perspektiven", columns, rows))
    rows = [[OUTCOMES.get(key, key), str(n)] for key, n in t.outcomes.most_common()]
    out.print(table("Ergebnisse", [Column("Ergebnis"), Column("Anzahl", "number")], rows))
    if ev.purged:
        gone = sum(ev.purged.values())
        out.print(f"Darin {gone} gelöschte Fälle aus den anonymen Zahlen (statistics/).")

"""``merzig report conference``: the evaluation of the Förderkonferenz (figures only)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.text import count
from .case import consent_gate, load, tell_withheld
from .common import print_json, stdout
from .options import DataOpt, DateOpt, HtmlOpt, JsonOpt, PdfOpt, parse_date
from .report import app
from .tables import Column, table


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
    from rich.markup import escape

    from ..conference.cases import conference_of
    from ..conference.report import evaluate
    from ..conference.report_render import render_html
    from ..core.vocab import OUTCOMES, PERSPECTIVES
    from ..documents.output import write_file

    for target in (html, pdf):
        if target is not None and target.is_dir():
            from ..core.errors import UserError

            raise UserError(f"{target} ist ein Ordner, keine Datei", "Einen Dateinamen angeben")
    ws = load(data)
    if conference_id:
        conference_of(ws, conference_id)
    day = parse_date(date)
    g = consent_gate(ws, day)
    tell_withheld(g.withheld_from(conference_id))
    ev = evaluate(g, day, conference_id)
    if html or pdf:
        page = render_html(ev, ws)
        if html:
            write_file(html, page.encode("utf-8"))
        if pdf:
            from ..documents.pdf import html_to_pdf

            write_file(pdf, html_to_pdf(page))
    t = ev.total
    if as_json:
        print_json(
            {
                "date": day,
                "total": t.to_plain(),
                "per_conference": {k: v.to_plain() for k, v in ev.per_conference.items()},
                "purged_cases": ev.purged,
                "on_time_share": t.on_time_share,
                "median_days_late": t.median_days_late,
                "overdue_open_steps": len(t.days_overdue),
                "median_days_overdue": t.median_days_overdue,
                "max_days_overdue": t.max_days_overdue,
            }
        )
        return
    out = stdout()
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
    out.print(f"[bold]Auswertung der Förderkonferenz ({escape(scope)}), Stand {day}[/]")
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
    for target in (html, pdf):
        if target is not None:
            out.print(f"✓ geschrieben: {target}", soft_wrap=True)

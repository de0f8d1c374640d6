"""The evaluation as a self-contained HTML page with charts (and, through it, as PDF)."""

from __future__ import annotations

from ..core.vocab import OUTCOMES, PERSPECTIVES
from ..documents.charts import bar_svg
from ..workspace.loader import Workspace
from .report import Evaluation


def render_html(ev: Evaluation, ws: Workspace) -> str:
    from markupsafe import Markup

    from ..documents.jinja import environment, get_template, render

    t = ev.total
    charts = {}
    if t.perspectives:
        agreed = [(PERSPECTIVES.get(k, k), n) for k, n in t.perspectives.most_common()]
        charts["perspectives"] = bar_svg(agreed, "Vereinbarte Perspektiven")
    if t.outcomes:
        results = [(OUTCOMES.get(k, k), n) for k, n in t.outcomes.most_common()]
        charts["outcomes"] = bar_svg(results, "Ergebnisse", "#6a8f2f")
    template = get_template(environment(ws.root), "report/conference.html.j2")
    return render(
        template,
        {
            "ev": ev,
            "municipality": ws.config.municipality,
            "charts": {k: Markup(v) for k, v in charts.items()},  # matplotlib escapes its labels
            "titles": {c.id: c.title for c in ws.conferences.values()},
            "perspectives": PERSPECTIVES,
        },
    )

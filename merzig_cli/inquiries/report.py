"""The annual evaluation of the Lotsenfunktion: what became of the inquiries.

Figures only, never question texts or outcomes in words: the report goes to
the council and the funders, and nothing in it may identify a person. The
HTML report embeds its charts as SVG made with matplotlib (imported only
here, inside the function that draws), so the file is self-contained.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.languages import language_name
from ..core.vocab import CHANNELS, REFERRAL_STATUS
from ..documents.charts import bar_svg
from ..schema.config import Taxonomy, label_of
from ..schema.inquiry import Inquiry
from .referrals import overdue_referrals

if TYPE_CHECKING:
    from ..workspace.loader import Workspace


@dataclass
class ActorRow:
    actor: str
    name: str
    referrals: int = 0
    with_feedback: int = 0
    done: int = 0
    overdue: int = 0


@dataclass
class ReferralReport:
    """Every figure of ``merzig report referrals``; ``to_dict`` is the JSON output."""

    year: int | None
    today: dt.date
    feedback_days: int
    inquiries: int = 0
    closed: int = 0
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    by_group: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_language: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    referrals: int = 0
    with_feedback: int = 0
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    median_days: float | None = None
    overdue: int = 0
    per_actor: list[ActorRow] = field(default_factory=list)
    purged: int = 0  # inquiries deleted after their period, counted from statistics/<year>.yaml

    @property
    def feedback_share(self) -> float | None:
        return self.with_feedback / self.referrals if self.referrals else None

    def to_dict(self) -> dict[str, Any]:
        def pairs(items: list[tuple[str, int]]) -> list[dict[str, Any]]:
            return [{"label": k, "count": v} for k, v in items]

        return {
            "year": self.year,
            "date": self.today,
            "feedback_days": self.feedback_days,
            "inquiries": self.inquiries,
            "purged": self.purged,
            "closed": self.closed,
            "by_topic": pairs(self.by_topic),
            "by_group": pairs(self.by_group),
            "by_channel": pairs(self.by_channel),
            "by_language": pairs(self.by_language),
            "by_month": pairs(self.by_month),
            "referrals": self.referrals,
            "with_feedback": self.with_feedback,
            "feedback_share": self.feedback_share,
            "outcomes": pairs(self.outcomes),
            "median_days_until_feedback": self.median_days,
            "overdue": self.overdue,
            "per_actor": [vars(r) for r in self.per_actor],
        }


def days_text(days: float | None) -> str:
    """The median in words, the same number as in ``--json``: "10 Tage", "4,5 Tage", "1 Tag"."""
    if days is None:
        return "–"
    number = f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} {'Tag' if days == 1 else 'Tage'}"


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def compute(
    inquiries: Iterable[Inquiry],
    taxonomy: Taxonomy,
    actor_names: dict[str, str],
    feedback_days: int,
    today: dt.date,
    year: int | None = None,
    kept: Iterable[tuple[int, dict[str, Any]]] = (),
) -> ReferralReport:
    """Count, share and median over the inquiries received in ``year`` (all if None).

    ``kept``: (year, counts) of deleted inquiries from ``statistics/<year>.yaml``
    (:func:`merzig_cli.inquiries.stats.count_inquiry`, added up): an annual
    evaluation gives the same figures before and after ``privacy purge``.
    """
    rep = ReferralReport(year=year, today=today, feedback_days=feedback_days)
    topics: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    months: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    rows: dict[str, ActorRow] = {}
    days: list[int] = []
    for inq in inquiries:
        if year is not None and inq.received.year != year:
            continue
        rep.inquiries += 1
        rep.closed += inq.closed is not None
        topics.update(inq.topics)
        groups[inq.inquirer] += 1
        channels[inq.channel] += 1
        languages[inq.language] += 1
        months[inq.received.strftime("%Y-%m")] += 1
        late = {id(r) for r in overdue_referrals(inq, today, feedback_days)}
        for ref in inq.referrals:
            rep.referrals += 1
            outcomes[ref.status] += 1
            row = rows.get(ref.actor)
            if row is None:
                row = rows[ref.actor] = ActorRow(ref.actor, actor_names.get(ref.actor, ref.actor))
            row.referrals += 1
            row.done += ref.status == "done"
            if ref.feedback is not None:
                rep.with_feedback += 1
                row.with_feedback += 1
                days.append((ref.feedback.date - ref.date).days)
            if id(ref) in late:
                rep.overdue += 1
                row.overdue += 1

    for kept_year, counts in kept:
        if year is not None and kept_year != year:
            continue
        rep.purged += int(counts.get("inquiries", 0))
        rep.inquiries += int(counts.get("inquiries", 0))
        rep.closed += int(counts.get("closed", 0))
        rep.referrals += int(counts.get("referrals", 0))
        rep.with_feedback += int(counts.get("with_feedback", 0))
        for counter, key in ((topics, "by_topic"), (groups, "by_group"), (channels, "by_channel"),
                             (languages, "by_language"), (months, "by_month"),
                             (outcomes, "outcomes")):  # fmt: skip
            counter.update({str(k): int(v) for k, v in (counts.get(key) or {}).items()})
        days += [int(d) for d in counts.get("days_to_feedback") or []]
        for actor, plain in (counts.get("per_actor") or {}).items():
            row = rows.get(actor)
            if row is None:
                row = rows[actor] = ActorRow(actor, actor_names.get(actor, actor))
            row.referrals += int(plain.get("referrals", 0))
            row.with_feedback += int(plain.get("with_feedback", 0))
            row.done += int(plain.get("done", 0))

    rep.by_topic = [(label_of(taxonomy.topics, k), v) for k, v in _ranked(topics)]
    rep.by_group = [(label_of(taxonomy.target_groups, k), v) for k, v in _ranked(groups)]
    rep.by_channel = [(CHANNELS.get(k, k), v) for k, v in _ranked(channels)]
    rep.by_language = [(language_name(k), v) for k, v in _ranked(languages)]
    rep.by_month = sorted(months.items())
    rep.outcomes = [(REFERRAL_STATUS.get(k, k), v) for k, v in _ranked(outcomes)]
    rep.median_days = float(statistics.median(days)) if days else None
    rep.per_actor = sorted(rows.values(), key=lambda r: (-r.referrals, r.name))
    return rep


def referral_report(
    data: str | Path | None, today: dt.date, year: int | None = None
) -> tuple[Workspace, ReferralReport, int]:
    """The report of the workspace at ``data``: its inquiries (read through the cache), the
    counts that ``statistics/`` keeps of deleted ones and the actors' names; with the
    workspace and the number of inquiry files that could not be read and are not counted."""
    from ..workspace import statistics as stats_file
    from .index import load_for_report

    ws, inquiries, skipped = load_for_report(data)
    names = {a.id: a.name for a in ws.actors.values()}
    kept = [(y, stats_file.read(ws.root, y).inquiries) for y in stats_file.years(ws.root)]
    rep = compute(inquiries, ws.taxonomy, names, ws.config.feedback_days, today, year, kept)
    return ws, rep, skipped


CHART_TITLES = {
    "months": "Anfragen je Monat",
    "topics": "Anfragen nach Thema",
    "groups": "Anfragen nach Zielgruppe",
    "channels": "Anfragen nach Zugangsweg",
    "languages": "Anfragen nach benötigter Sprache",
    "actors": "Weiterleitungen je Akteur",
    "outcomes": "Stand der Weiterleitungen",
}


def _chart(items: list[tuple[str, int]], key: str, color: str = "#2f6f8f") -> str:
    return bar_svg(items, CHART_TITLES[key], color, show_title=False)


def render_html(rep: ReferralReport, municipality: str, workspace_root: Path | None) -> str:
    """The self-contained HTML report for the annual evaluation (also the source of ``--pdf``).

    A year without inquiries says so instead of drawing empty axes.
    """
    from markupsafe import Markup

    from ..documents.jinja import environment, get_template, render

    charts = (
        {}
        if not rep.inquiries
        else {
            "topics": _chart(rep.by_topic, "topics"),
            "groups": _chart(rep.by_group, "groups"),
            "channels": _chart(rep.by_channel, "channels"),
            "languages": _chart(rep.by_language, "languages"),
            "actors": _chart([(r.name, r.referrals) for r in rep.per_actor], "actors"),
            "outcomes": _chart(rep.outcomes, "outcomes", "#8f5f2f"),
            "months": _chart(rep.by_month, "months", "#6a8f2f"),
        }
    )
    template = get_template(environment(workspace_root), "report/referrals.html.j2")
    # matplotlib writes the SVG and escapes every label in it; embedding it is safe.
    svgs = {k: Markup(v) for k, v in charts.items() if v}
    context = {
        "rep": rep,
        "municipality": municipality,
        "charts": svgs,
        "days_text": days_text,
        "chart_titles": CHART_TITLES,
    }
    return render(template, context)

"""The evaluation of the Förderkonferenz: anonymous counts, never a pseudonym or a case text.

Counts are additive, so the counts of deleted cases (kept by ``merzig privacy
purge`` in ``statistics/<year>.yaml``) add to those of the cases still on
file, and the annual evaluation survives deletion. Only cases the consent
gate admits are counted.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..schema.conference import Case
from ..workspace import statistics as stats_file
from .gate import Gate

# The outcome that means the agreed perspective was reached.
REACHED = {
    "training": "training-started",
    "school-training": "school-training-started",
    "entry-qualification": "entry-qualification-started",
    "vocational-preparation": "vocational-preparation-started",
    "internship": "internship-started",
    "further-school": "further-school",
    "employment": "employment-started",
    "unskilled-work": "unskilled-work-started",
    "language-course": "language-course-started",
}


@dataclass
class Counts:
    """What the evaluation counts of a set of cases; ``+`` adds two sets."""

    cases: int = 0
    closed: int = 0
    with_agreement: int = 0
    perspectives: Counter[str] = field(default_factory=Counter)
    reached: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    steps: int = 0
    done: int = 0
    on_time: int = 0
    dropped: int = 0
    days_late: list[int] = field(default_factory=list)  # of the steps done after their due date
    # of the open steps whose due date has passed (in a closed case: by the day it was closed)
    days_overdue: list[int] = field(default_factory=list)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.cases + other.cases,
            self.closed + other.closed,
            self.with_agreement + other.with_agreement,
            self.perspectives + other.perspectives,
            self.reached + other.reached,
            self.outcomes + other.outcomes,
            self.steps + other.steps,
            self.done + other.done,
            self.on_time + other.on_time,
            self.dropped + other.dropped,
            sorted(self.days_late + other.days_late),
            sorted(self.days_overdue + other.days_overdue),
        )

    @property
    def due(self) -> int:
        """Steps that are due: every step done, and every open step past its due date."""
        return self.done + len(self.days_overdue)

    @property
    def on_time_share(self) -> float | None:
        """Done on time among all steps that are due, done or not: an overdue step lowers it."""
        return self.on_time / self.due if self.due else None

    @property
    def median_days_overdue(self) -> float | None:
        return float(statistics.median(self.days_overdue)) if self.days_overdue else None

    @property
    def max_days_overdue(self) -> int | None:
        return max(self.days_overdue) if self.days_overdue else None

    @property
    def median_days_late(self) -> float | None:
        return float(statistics.median(self.days_late)) if self.days_late else None

    def to_plain(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "closed": self.closed,
            "with_agreement": self.with_agreement,
            "perspectives": dict(sorted(self.perspectives.items())),
            "reached": dict(sorted(self.reached.items())),
            "outcomes": dict(sorted(self.outcomes.items())),
            "steps": self.steps,
            "done": self.done,
            "on_time": self.on_time,
            "dropped": self.dropped,
            "days_late": sorted(self.days_late),
            "days_overdue": sorted(self.days_overdue),
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Counts:
        def counter(key: str) -> Counter[str]:
            value = data.get(key) or {}
            return Counter({str(k): int(v) for k, v in value.items()})

        return cls(
            int(data.get("cases", 0)),
            int(data.get("closed", 0)),
            int(data.get("with_agreement", 0)),
            counter("perspectives"),
            counter("reached"),
            counter("outcomes"),
            int(data.get("steps", 0)),
            int(data.get("done", 0)),
            int(data.get("on_time", 0)),
            int(data.get("dropped", 0)),
            [int(x) for x in data.get("days_late") or []],
            [int(x) for x in data.get("days_overdue") or []],
        )


def count_case(case: Case, day: dt.date) -> Counts:
    """The counts of one case on ``day``; no text of it leaves this function.

    An open step counts as overdue from the day after its due date until ``day``,
    or until the case was closed: the counts of a closed case no longer change.
    """
    c = Counts(cases=1, closed=int(case.closed is not None))
    agreement = case.agreement
    if agreement and (agreement.perspective or agreement.steps):
        c.with_agreement = 1
        if agreement.perspective:
            c.perspectives[agreement.perspective] += 1
            result = case.outcome.result if case.outcome else None
            if result and REACHED.get(agreement.perspective) == result:
                c.reached[agreement.perspective] += 1
        for step in agreement.steps:
            c.steps += 1
            if step.status == "dropped":
                c.dropped += 1
            elif step.status == "done":
                c.done += 1
                late = (step.done - step.due).days if step.done and step.due else 0
                if late > 0:
                    c.days_late.append(late)
                else:
                    c.on_time += 1
            elif step.due is not None:
                until = min(day, case.closed) if case.closed else day
                if (overdue := (until - step.due).days) > 0:
                    c.days_overdue.append(overdue)
    if case.outcome and case.outcome.result:
        c.outcomes[case.outcome.result] += 1
    return c


@dataclass
class Evaluation:
    day: dt.date
    per_conference: dict[str, Counts]
    purged: dict[str, int]  # conference -> cases that only the statistics still count

    @property
    def total(self) -> Counts:
        out = Counts()
        for c in self.per_conference.values():
            out = out + c
        return out

    def to_plain(self) -> dict[str, Any]:
        """The evaluation for ``--json``: the counts and the figures drawn from them."""
        t = self.total
        return {
            "date": self.day,
            "total": t.to_plain(),
            "per_conference": {k: v.to_plain() for k, v in self.per_conference.items()},
            "purged_cases": self.purged,
            "on_time_share": t.on_time_share,
            "median_days_late": t.median_days_late,
            "overdue_open_steps": len(t.days_overdue),
            "median_days_overdue": t.median_days_overdue,
            "max_days_overdue": t.max_days_overdue,
        }


def evaluate(gate: Gate, day: dt.date, conference: str | None = None) -> Evaluation:
    """Counts per conference: the cases on file plus the deleted ones kept as numbers."""
    per: dict[str, Counts] = {}
    for case in gate.cases(conference):
        per[case.conference] = per.get(case.conference, Counts()) + count_case(case, day)
    purged: dict[str, int] = {}
    for year in stats_file.years(gate.ws.root):
        kept = stats_file.read(gate.ws.root, year).conferences
        for conf_id, plain in kept.items():
            if conference is not None and conf_id != conference:
                continue
            counts = Counts.from_plain(plain)
            per[conf_id] = per.get(conf_id, Counts()) + counts
            purged[conf_id] = purged.get(conf_id, 0) + counts.cases
    ordered = sorted(per, key=lambda c: (_date(gate, c), c))
    return Evaluation(day, {c: per[c] for c in ordered}, purged)


def _date(gate: Gate, conference: str) -> dt.date:
    found = gate.ws.conferences.get(conference)
    return found.date if found else dt.date.min

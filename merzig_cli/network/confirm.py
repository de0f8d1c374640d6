"""Record that actors confirmed their Steckbriefe unchanged: ``reviewed`` set, one line per file.

Every change goes through :func:`merzig_cli.checks.edits.edit_record`
(locked, round-trip, checked before writing, atomic), so ``git diff`` shows
just the ``reviewed:`` line and comments stay where they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..checks.edits import edit_record
from ..core.errors import UsageError
from ..core.problems import Problem
from ..workspace.loader import Workspace


@dataclass(frozen=True)
class Confirmed:
    actor: str
    file: str
    before: dt.date | None
    after: dt.date
    changed: bool


def confirm(
    ws: Workspace, actor_ids: list[str], day: dt.date, today: dt.date
) -> tuple[list[Confirmed], list[Problem]]:
    """Set ``reviewed: day`` for each actor; an older date is never written over a newer one.

    Every id is checked before the first file is touched, so a typo changes nothing.
    """
    if day > today:
        raise UsageError(
            f"--date {day.isoformat()} liegt in der Zukunft",
            "Das Datum, an dem der Akteur den Steckbrief bestätigt hat (Standard: heute)",
        )
    actors = [ws.actor(actor_id) for actor_id in dict.fromkeys(actor_ids)]
    done: list[Confirmed] = []
    warnings: list[Problem] = []
    for actor in actors:
        before = actor.reviewed
        if before is not None and before >= day:
            done.append(Confirmed(actor.id, actor.source, before, before, False))
            continue

        def mutate(data: object) -> None:
            assert isinstance(data, dict)
            data["reviewed"] = day

        warnings += edit_record(ws, "actor", ws.root / actor.source, mutate)
        done.append(Confirmed(actor.id, actor.source, before, day, True))
    return done, warnings

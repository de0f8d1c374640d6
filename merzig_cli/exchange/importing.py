"""``merzig actors import``: forms and survey exports into Steckbriefe, checked before written.

Each entry (a form, a row) becomes a Steckbrief (:mod:`.build`), which is
checked with the same rules as ``merzig validate`` before anything is
written; an entry with errors is reported with its cell and left out, the
others go on. A new actor gets a new file (``publish: false``); an existing
one is changed through the store's one write path, which keeps comments,
key order and every line that did not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import DataError, UserError
from ..core.problems import Problem
from ..workspace.loader import Workspace
from .build import Built, Vocabularies, build
from .entries import Where
from .forms import vocabularies
from .sources import read_file

NEW, CHANGED, UNCHANGED, FAILED = "new", "changed", "unchanged", "error"
EMPTY = "empty"  # a form or row without any answer: said, not an error


@dataclass
class Outcome:
    built: Built
    status: str
    path: Path
    warnings: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.built.problems if self.status in (FAILED, EMPTY) else self.warnings


@dataclass
class Plan:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about whole files
    written: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]


def record_text(data: dict[str, Any], source: str) -> str:
    """A new Steckbrief's file: block style, short lists on one line, as the examples are."""
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    from ..core.text import one_line
    from ..workspace.store import new_yaml

    def styled(value: Any) -> Any:
        if isinstance(value, str) and "\n" in value.strip():
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        if isinstance(value, dict):
            out = CommentedMap((k, styled(v)) for k, v in value.items())
            if all(not isinstance(v, dict | list) for v in value.values()) and len(value) <= 3:
                out.fa.set_flow_style()
            return out
        if isinstance(value, list):
            seq = CommentedSeq(styled(v) for v in value)
            if all(not isinstance(v, dict | list) for v in value):
                seq.fa.set_flow_style()
            return seq
        return value

    yaml = new_yaml()
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(styled(data), buffer)
    return f"# Übernommen aus {one_line(source)}\n" + buffer.getvalue()


def _place_problem(b: Built, p: Problem) -> Problem:
    """A validation problem of the record, placed at the cell the value came from."""
    key = p.field.split(" ")[0] if p.field else ""
    where = b.origin.get(key) or b.origin.get(key.split(".")[0]) or b.entry.where
    return where.problem(f"{p.message} ({p.field})" if p.field else p.message, p.hint,
                         p.severity, p.code)  # fmt: skip


def _check(ws: Workspace, b: Built, path: Path) -> list[Problem]:
    """The record's warnings; its errors go into ``b.problems`` (and its data is dropped)."""
    from ..checks.edits import check_record

    assert b.data is not None
    try:
        found = check_record(ws, "actor", path, record_text(b.data, ""))
    except DataError as exc:
        b.problems += [_place_problem(b, p) for p in exc.problems if isinstance(p, Problem)]
        b.data = None
        return []
    return [_place_problem(b, p) for p in found]


def plan_import(
    ws: Workspace, files: list[Path], mapping: dict[str, str] | None, today: dt.date
) -> Plan:
    """What the import would do, nothing written: each entry new, changed, unchanged or failed."""
    plan = Plan()
    vocabs = Vocabularies(vocabularies(ws.taxonomy))
    actors = {
        d.data["id"]: d.data
        for d in ws.documents.get("actor", [])
        if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)
    }
    taken: dict[str, str] = {}
    seen: dict[str, Outcome] = {}
    for path in files:
        read = read_file(path, ws.taxonomy, mapping)
        plan.problems += read.problems
        for entry in read.entries:
            b = build(entry, actors, vocabs, today, taken)
            target = ws.root / "actors" / f"{b.actor_id or 'unbekannt'}.yaml"
            outcome = Outcome(b, FAILED, target)
            plan.outcomes.append(outcome)
            if b.empty:
                outcome.status = EMPTY
                continue
            if b.actor_id in seen:
                first = seen[b.actor_id]
                b.problems.append(
                    entry.where.problem(
                        f"„{b.actor_id}“ kommt in diesem Import mehrfach vor (auch "
                        f"{first.built.entry.where.file}, {first.built.entry.where.label()}); "
                        "keine der Fassungen wird übernommen",
                        "Die doppelte Zeile oder das doppelte Formular weglassen",
                        code="duplicate",
                    )
                )
                if first.status != FAILED or first.built.data is not None:
                    first.built.problems.append(
                        first.built.entry.where.problem(
                            f"„{b.actor_id}“ kommt in diesem Import mehrfach vor",
                            code="duplicate",
                        )
                    )
                    first.built.data, first.status = None, FAILED
                b.data = None
                continue
            if b.actor_id:
                seen[b.actor_id] = outcome
            warnings = _check(ws, b, target) if b.data is not None else []
            if b.errors or b.data is None:
                b.data = None
                continue
            outcome.warnings = [p for p in b.problems if p.severity != "error"] + warnings
            if b.old is None:
                outcome.status = NEW
            else:
                outcome.status = UNCHANGED if b.data == b.old else CHANGED
                outcome.path = ws.root / _source(ws, b.actor_id, target)
    return plan


def _source(ws: Workspace, actor_id: str, fallback: Path) -> str:
    actor = ws.actors.get(actor_id)
    return actor.source if actor and actor.source else str(fallback.relative_to(ws.root))


def apply_import(ws: Workspace, plan: Plan) -> None:
    """Write what the plan found valid: new files, and changes through the one write path."""
    from ..checks.edits import create_record, edit_record
    from ..workspace.store import workspace_lock

    for outcome in plan.outcomes:
        data, b_old, rel = outcome.built.data, outcome.built.old, outcome.path.name
        if data is None or outcome.status not in (NEW, CHANGED):
            continue
        try:
            if outcome.status == NEW:
                where = outcome.built.entry.where
                source = f"{where.file}" + (f", {where.label()}" if where.label() else "")
                with workspace_lock(ws.root):
                    create_record(ws, "actor", outcome.path, record_text(data, source))
            else:

                def mutate(
                    plain: Any, new: dict[str, Any] = data, seen: Any = b_old, name: str = rel
                ) -> None:
                    if plain != seen:  # someone changed the file since the plan was made
                        raise UserError(
                            f"{name} wurde während des Imports geändert; nichts wurde übernommen",
                            "Den Import erneut aufrufen",
                        )
                    plain.clear()
                    plain.update(new)

                edit_record(ws, "actor", outcome.path, mutate)
        except UserError as exc:
            found = exc.problems if isinstance(exc, DataError) else []
            outcome.status = FAILED
            outcome.built.problems += [
                _place_problem(outcome.built, p) for p in found if isinstance(p, Problem)
            ] or [outcome.built.entry.where.problem(exc.message, exc.hint)]
            continue
        plan.written.append(outcome)


def file_problem(path: Path, message: str) -> Problem:
    return Where(path.name).problem(message)

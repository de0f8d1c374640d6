"""Changes to records that are checked before they are written.

The writer (:mod:`merzig_cli.workspace.store`) knows how to keep a file's
comments and layout; this module adds the rules: a record that is already
invalid is not edited, and a change that would make it invalid is refused
with file, line and reason before anything reaches the disk. Every command
that changes a record (an inquiry, a case) goes through :func:`edit_record`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.errors import DataError
from ..core.paths import in_workspace
from ..core.problems import Problem
from ..core.yamlio import Document, LoadFailure, parse_text
from ..schema.kinds import KINDS
from ..schema.values import Checker
from ..workspace import store
from ..workspace.loader import Workspace
from .validate import validate

REFERENCED = ("actor", "conference")


def relative(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return path.as_posix()


def check_record(
    ws: Workspace, kind: str, path: Path, text: str, doc: Document | None = None
) -> list[Problem]:
    """Refuse ``text`` for ``path`` with :class:`DataError` unless it is a valid record.

    The same checks as ``merzig validate``: schema, ids, and every reference
    against the workspace's taxonomy and actors. Warnings pass and are
    returned, so the command can show them; a change that would make the file
    invalid never reaches the disk. ``doc``: ``text`` already parsed (saves a parse).
    """
    rel = relative(ws, path)
    if doc is None:
        try:
            doc = parse_text(text, path, rel)
        except LoadFailure as failure:
            raise DataError(f"Änderung an {rel} abgelehnt", [failure.problem]) from None
    doc = replace(doc, rel=rel)
    checker = Checker(doc)
    KINDS[kind].spec.check(doc.data, (), checker)
    # What references may point to: actors (and contacts), and conferences for cases.
    context = [k for k in REFERENCED if k != kind]
    documents = {k: [replace(d, problems=[]) for d in ws.documents.get(k, [])] for k in context}
    probe = Workspace(
        root=ws.root,
        config=ws.config,
        taxonomy=ws.taxonomy,
        kinds=frozenset({kind, *context}),
        documents={**documents, kind: [doc]},
        refs=list(checker.refs),
        conferences=ws.conferences,
    )
    own = [p for p in validate(probe).problems if p.file == rel]
    errors: list[Problem] = [p for p in own if p.severity == "error"]
    if errors:
        raise DataError(
            f"Änderung an {rel} abgelehnt: sie wäre ungültig; nichts wurde geschrieben",
            list(errors),
            "Angaben korrigieren und erneut versuchen",
        )
    return [p for p in own if p.severity != "error"]


def create_record(ws: Workspace, kind: str, path: Path, text: str) -> list[Problem]:
    """Write a new record file after checking it; never overwrites. Call under the lock."""
    from ..core.files import write_new_file

    warnings = check_record(ws, kind, path, text)
    write_new_file(in_workspace(ws.root, path), text)
    return warnings


def edit_record(
    ws: Workspace, kind: str, path: Path, mutate: Callable[[Any], None]
) -> list[Problem]:
    """Change one record file under the workspace lock; returns the new version's warnings.

    A file that is already broken (syntax, duplicate key, impossible date, a
    schema or reference error) is refused before anything is changed, with
    every problem and its line. ``mutate`` changes the plain data of the record in
    place and raises :class:`~merzig_cli.core.errors.UserError` to refuse.
    """
    rel = relative(ws, path)
    with store.workspace_lock(ws.root):
        draft = store.Draft.open(in_workspace(ws.root, path), rel)
        try:
            check_record(ws, kind, path, draft.original, draft.doc)
        except DataError as exc:
            found = [p for p in exc.problems if isinstance(p, Problem)]
            raise store.refuse_broken(path, rel, found) from None
        text, parsed = draft.change(mutate)
        warnings = check_record(ws, kind, path, text, parsed)
        draft.save(text)
    return warnings

"""``merzig privacy purge``: delete what has outlived its retention period, keep the numbers.

Before a case or an inquiry is deleted, its anonymous counts are added to the
statistics of its year (:mod:`merzig_cli.workspace.statistics`) together with
its id, so that an interrupted purge never counts a record twice. Cases whose
consent was withdrawn are deleted without being counted: the withdrawal
covers the numbers too. A file that was ever committed to git is still in the
history; the purge names those commits, because only a rewrite of the history
deletes it there. A record is deleted only from its own kind's folder, with no
symbolic link on the way (:func:`own_file`): the workspace was loaded without
following links, so a year folder of inquiries that points at the cases stops
the command before anything is counted or deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..conference.report import count_case
from ..core.errors import UserError
from ..core.git import git_or_none
from ..core.paths import in_workspace
from ..inquiries.stats import count_inquiry
from ..workspace import statistics as stats_file
from ..workspace.loader import RECORD_DIRS, Workspace
from ..workspace.store import workspace_lock
from .retention import case_deletion_due, inquiry_deletion_due, withdrawn_content_due


@dataclass
class Expired:
    kind: str  # case | inquiry
    id: str
    file: str  # relative to the workspace
    due: dt.date
    reason: str  # German
    year: int  # whose statistics get the counts
    counts: object | None  # None: not counted (withdrawn consent)
    commits: list[str] = field(default_factory=list)


def expired(ws: Workspace, day: dt.date) -> list[Expired]:
    """Every case and inquiry whose deletion is due on ``day``, oldest first."""
    months = ws.config.retention
    found: list[Expired] = []
    for case in ws.cases.values():
        due = case_deletion_due(case, ws.config)
        if due is None or due > day:
            continue
        conference = ws.conferences.get(case.conference)
        year = conference.date.year if conference else due.year
        withdrawn = case.consent.withdrawn
        if withdrawn is not None and (case.closed is None or withdrawn <= case.closed):
            reason = f"Einwilligung am {withdrawn.isoformat()} widerrufen"
            counts = None
        else:
            reason = f"abgeschlossen am {case.closed.isoformat() if case.closed else '?'}"
            counts = count_case(case, day).to_plain()
        if withdrawn is not None and due == withdrawn_content_due(case, ws.config):
            if counts is not None:
                reason += f", Einwilligung am {withdrawn.isoformat()} widerrufen"
            reason += f"; Frist {months.withdrawn_days} Tage nach dem Widerruf"
        else:
            reason += f"; Frist {months.cases_months} Monate"
        found.append(Expired("case", case.id, case.source, due, reason, year, counts))
    for inquiry in ws.inquiries.values():
        due = inquiry_deletion_due(inquiry, ws.config)
        if due is None or due > day:
            continue
        reason = (
            f"abgeschlossen am {inquiry.closed.isoformat() if inquiry.closed else '?'}; "
            f"Frist {months.inquiries_months} Monate"
        )
        counts = count_inquiry(inquiry)
        year = inquiry.received.year
        found.append(Expired("inquiry", inquiry.id, inquiry.source, due, reason, year, counts))
    for item in found:
        item.commits = commits_with(ws.root, item.file)
    return sorted(found, key=lambda e: (e.due, e.kind, e.id))


def commits_with(root: Path, rel: str) -> list[str]:
    """Short ids of the git commits that contain ``rel`` (empty without git or history)."""
    return (git_or_none(root, "log", "--all", "--format=%h", "--", rel) or "").split()


def purge(ws: Workspace, day: dt.date) -> list[Expired]:
    """Count, then delete every expired record; returns what was deleted."""
    with workspace_lock(ws.root):
        items = expired(ws, day)
        files = [own_file(ws.root, item) for item in items]  # all checked before any change
        by_year: dict[int, list[Expired]] = {}
        for item in items:
            by_year.setdefault(item.year, []).append(item)
        for year, group in by_year.items():
            kept = stats_file.read(ws.root, year)
            changed = False
            for item in group:
                key = f"{item.kind}:{item.id}"
                if item.counts is None or key in kept.counted:
                    continue
                if item.kind == "case":
                    conference = ws.cases[item.id].conference
                    base = kept.conferences.get(conference, {})
                    kept.conferences[conference] = stats_file.merge(base, item.counts)
                else:
                    kept.inquiries = stats_file.merge(kept.inquiries, item.counts)
                kept.counted.append(key)
                changed = True
            if changed:
                stats_file.write(ws.root, kept)
        for path in files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    return items


def own_file(root: Path, item: Expired) -> Path:
    """The file of an expired record, where only a record of its kind can have been read.

    It lies in a year folder of its kind's folder (``cases/2026/…``,
    ``inquiries/2026/…``) with no symbolic link on the way, itself included
    (:func:`~merzig_cli.core.paths.in_workspace`): a year folder of inquiries
    that points at the cases never makes a purge delete case files.
    """
    folder = RECORD_DIRS[item.kind]
    parts = PurePosixPath(item.file).parts
    if len(parts) != 3 or parts[0] != folder or not parts[2].endswith(".yaml"):
        raise UserError(
            f"{item.file} liegt nicht in einem Jahresordner von {folder}/ – nichts gelöscht",
            "merzig validate zeigt, welche Datei wohin gehört",
        )
    return in_workspace(root, root / item.file)

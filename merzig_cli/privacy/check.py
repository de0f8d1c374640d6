"""``merzig privacy check``: where case data is kept in a way it should not be.

Findings: case files tracked by git, or lying unignored in a repository with a
remote (one ``git add -A`` and they are published); pseudonyms that look like
full names; names, phone numbers or e-mail addresses in case texts; consent
missing; data kept past its deletion date (a withdrawn case's content
``retention.withdrawn_days`` after the withdrawal); a consent the gate cannot
read that may be a withdrawal; case documents in the output folders that hold a
case no output may show any more (:mod:`.outputs`). Inquiries (question,
Rückmeldungen) and case notes (discussion, follow-up notes, situation, steps)
are scanned for names, phone numbers and e-mail addresses; each finding names
file and line. A workspace of invented example
data (``example_data: true``) may keep its cases in git.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..checks.names import KnownNames, prepare_names
from ..checks.privacy import (
    personal_data_in,
    pseudonym_problem,
    tracked_by_git,
    workspace_names,
)
from ..core.git import GitFailed, git_or_none
from ..core.text import count
from ..core.yamlio import Document, LoadFailure, PathKey, format_path, load_document
from ..schema.conference import Case
from ..schema.inquiry import Inquiry
from ..workspace.loader import Workspace
from .retention import case_deletion_due, inquiry_deletion_due, withdrawn_content_due


@dataclass(frozen=True)
class Finding:
    file: str
    code: str
    message: str  # German
    line: int | None = None


def _case_texts(case: Case) -> list[tuple[PathKey, str]]:
    """(where, text) of every free text of a case that could hold personal data."""
    found: list[tuple[PathKey, str]] = []
    if case.situation:
        found += [(("situation", "family"), case.situation.family or "")]
        found += [(("situation", "motivation"), case.situation.motivation or "")]
        found += [
            (("situation", "competencies", i), t) for i, t in enumerate(case.situation.competencies)
        ]
        found += [
            (("situation", "interests", i), t) for i, t in enumerate(case.situation.interests)
        ]
    found += [(("discussion",), case.discussion or "")]
    found += [(("follow_up", i, "note"), f.note) for i, f in enumerate(case.follow_up)]
    if case.agreement:
        for i, step in enumerate(case.agreement.steps):
            found += [(("agreement", "steps", i, "action"), step.action)]
            found += [(("agreement", "steps", i, "reason"), step.reason or "")]
    return [(k, v) for k, v in found if v]


def _inquiry_texts(inquiry: Inquiry) -> list[tuple[PathKey, str]]:
    """(where, text) of the question and of every Rückmeldung of an inquiry."""
    found: list[tuple[PathKey, str]] = [(("question",), inquiry.question)]
    found += [
        (("referrals", i, "feedback", "outcome"), r.feedback.outcome)
        for i, r in enumerate(inquiry.referrals)
        if r.feedback
    ]
    return [(k, v) for k, v in found if v]


def _places(root: Path, rel: str) -> Callable[[PathKey], tuple[str, int | None]]:
    """A place in a workspace file as every message names it (``follow_up[2].note``, a list
    entry by its id) and its line; the file is read again, safely, only when needed."""
    doc: Document | None = None
    read = False

    def place(path: PathKey) -> tuple[str, int | None]:
        nonlocal doc, read
        if not read:
            read = True
            with contextlib.suppress(LoadFailure, OSError, ValueError):
                doc = load_document(root / rel, rel)
        if doc is None:
            return format_path(path), None
        return format_path(path, doc.data, doc.list_names), doc.where(path)[0]

    return place


def _personal_data(
    root: Path, rel: str, texts: list[tuple[PathKey, str]], known: KnownNames
) -> list[Finding]:
    """Names, phone numbers and e-mail addresses in the free texts of one file."""
    findings = []
    place = _places(root, rel)
    for where, text in texts:
        found = personal_data_in(text, known)
        if found:
            shown, line = place(where)
            message = f"{shown} enthält vermutlich {' und '.join(found)}"
            findings.append(Finding(rel, "personal-data", message, line))
    return findings


def check(
    ws: Workspace, day: dt.date, made: dt.date | None = None, folders: Sequence[Path] = ()
) -> list[Finding]:
    """Every finding on ``day`` (the consent gate's verdicts as of ``made``, by default
    ``day``); ``folders``: output folders to scan besides the workspace's ``output/``."""
    from ..conference.gate import gate
    from .outputs import consent_findings, output_findings

    findings: list[Finding] = []
    if ws.cases and not ws.config.example_data:
        try:
            findings += _in_git(ws)
        except GitFailed as failed:  # a repository git refuses may well hold the cases
            findings.append(
                Finding(
                    "cases/",
                    "git-failed",
                    "Ob Falldateien von git verfolgt werden, ließ sich nicht prüfen: "
                    + failed.message,
                )
            )
    known = prepare_names(workspace_names(ws))
    pattern = ws.config.privacy.pseudonym_pattern
    for case in sorted(ws.cases.values(), key=lambda c: c.id):
        problem = pseudonym_problem(case.pseudonym, pattern)
        if problem:
            code, message, _hint = problem
            line = _places(ws.root, case.source)(("pseudonym",))[1]
            findings.append(Finding(case.source, code, message, line))
        findings += _personal_data(ws.root, case.source, _case_texts(case), known)
        if case.consent.date is None:
            findings.append(Finding(case.source, "consent-missing", "keine Einwilligung mit Datum"))
        findings += _case_expired(case, ws, day)
    for inquiry in sorted(ws.inquiries.values(), key=lambda i: i.id):
        findings += _personal_data(ws.root, inquiry.source, _inquiry_texts(inquiry), known)
        findings += _expired(inquiry.source, inquiry_deletion_due(inquiry, ws.config), day)
    verdicts = gate(ws, day, made)
    findings += consent_findings(verdicts)
    findings += output_findings(verdicts, folders)
    return findings


def _in_git(ws: Workspace) -> list[Finding]:
    """Case files tracked by git, or unignored where a remote makes them one push from public."""
    tracked = tracked_by_git(ws.root, "cases")
    if tracked:
        return [
            Finding(
                "cases/",
                "cases-in-git",
                f"{count(len(tracked), 'Falldatei wird', 'Falldateien werden')} von git "
                "verfolgt; sie stehen in der Geschichte des Repositorys",
            )
        ]
    if not (git_or_none(ws.root, "remote") or "").strip():
        return []
    ignored = (git_or_none(ws.root, "check-ignore", "cases/", answers=(0, 1)) or "").strip()
    if ignored:
        return []
    return [
        Finding(
            "cases/",
            "cases-not-ignored",
            "Das Repository hat ein entferntes Ziel (remote), und cases/ ist nicht "
            "in .gitignore: ein „git add -A“ würde Falldaten veröffentlichen",
        )
    ]


def _case_expired(case: Case, ws: Workspace, day: dt.date) -> list[Finding]:
    due = case_deletion_due(case, ws.config)
    withdrawn = case.consent.withdrawn
    if due is None or due > day or withdrawn is None:
        return _expired(case.source, due, day)
    if due != withdrawn_content_due(case, ws.config):
        return _expired(case.source, due, day)
    days = ws.config.retention.withdrawn_days
    message = (
        f"Einwilligung am {withdrawn.isoformat()} widerrufen; der Fall hält seinen Inhalt noch, "
        f"der seit {due.isoformat()} gelöscht sein muss ({days} Tage nach dem Widerruf): "
        "merzig privacy purge"
    )
    return [Finding(case.source, "withdrawn-content-kept", message)]


def _expired(file: str, due: dt.date | None, day: dt.date) -> list[Finding]:
    if due is None or due > day:
        return []
    message = f"Löschfrist seit {due.isoformat()} abgelaufen: merzig privacy purge"
    return [Finding(file, "retention-passed", message)]

"""``merzig privacy check``: where case data is kept in a way it should not be.

Findings: case files tracked by git, or lying unignored in a repository with a
remote (one ``git add -A`` and they are published); pseudonyms that look like
full names; names, phone numbers or e-mail addresses in case texts; consent
missing; data kept past its deletion date (a withdrawn case's content
``retention.withdrawn_days`` after the withdrawal); a consent the gate cannot
read that may be a withdrawal; case documents in the output folders that hold a
case no output may show any more (:mod:`.outputs`). A workspace of invented example
data (``example_data: true``) may keep its cases in git.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..checks.privacy import looks_like_full_name, personal_data_in, tracked_by_git
from ..core.git import git_or_none
from ..core.text import count
from ..schema.conference import Case
from ..workspace.loader import Workspace
from .retention import case_deletion_due, inquiry_deletion_due, withdrawn_content_due


@dataclass(frozen=True)
class Finding:
    file: str
    code: str
    message: str  # German


def _texts(case: Case) -> list[tuple[str, str]]:
    """(field, text) of every free text of a case that could hold personal data."""
    found: list[tuple[str, str]] = []
    if case.situation:
        found += [("situation.family", case.situation.family or "")]
        found += [("situation.motivation", case.situation.motivation or "")]
        found += [("situation.competencies", t) for t in case.situation.competencies]
        found += [("situation.interests", t) for t in case.situation.interests]
    found += [(f"follow_up[{i}].note", f.note) for i, f in enumerate(case.follow_up)]
    if case.agreement:
        found += [
            (f"agreement.steps[{i}].action", s.action) for i, s in enumerate(case.agreement.steps)
        ]
        found += [
            (f"agreement.steps[{i}].reason", s.reason or "")
            for i, s in enumerate(case.agreement.steps)
        ]
    return [(k, v) for k, v in found if v]


def check(
    ws: Workspace, day: dt.date, made: dt.date | None = None, folders: Sequence[Path] = ()
) -> list[Finding]:
    """Every finding on ``day`` (the consent gate's verdicts as of ``made``, by default
    ``day``); ``folders``: output folders to scan besides the workspace's ``output/``."""
    from ..conference.gate import gate
    from .outputs import consent_findings, output_findings

    findings: list[Finding] = []
    if ws.cases and not ws.config.example_data:
        tracked = tracked_by_git(ws.root, "cases")
        if tracked:
            findings.append(
                Finding(
                    "cases/",
                    "cases-in-git",
                    f"{count(len(tracked), 'Falldatei wird', 'Falldateien werden')} von git "
                    "verfolgt; sie stehen in der "
                    "Geschichte des Repositorys",
                )
            )
        elif (git_or_none(ws.root, "remote") or "").strip():
            ignored = git_or_none(ws.root, "check-ignore", "-q", "cases/") is not None
            if not ignored:
                findings.append(
                    Finding(
                        "cases/",
                        "cases-not-ignored",
                        "Das Repository hat ein entferntes Ziel (remote), und cases/ ist nicht "
                        "in .gitignore: ein „git add -A“ würde Falldaten veröffentlichen",
                    )
                )
    for case in sorted(ws.cases.values(), key=lambda c: c.id):
        if looks_like_full_name(case.pseudonym):
            findings.append(
                Finding(
                    case.source, "pseudonym-full-name", "Pseudonym sieht aus wie ein voller Name"
                )
            )
        for where, text in _texts(case):
            found = personal_data_in(text)
            if found:
                findings.append(
                    Finding(
                        case.source,
                        "personal-data",
                        f"{where} enthält vermutlich {' und '.join(found)}",
                    )
                )
        if case.consent.date is None:
            findings.append(Finding(case.source, "consent-missing", "keine Einwilligung mit Datum"))
        findings += _case_expired(case, ws, day)
    for inquiry in sorted(ws.inquiries.values(), key=lambda i: i.id):
        findings += _expired(inquiry.source, inquiry_deletion_due(inquiry, ws.config), day)
    verdicts = gate(ws, day, made)
    findings += consent_findings(verdicts)
    findings += output_findings(verdicts, folders)
    return findings


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

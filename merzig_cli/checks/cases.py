"""Rules for case files: consent, sharing, pseudonyms, and keeping them out of git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..core.git import GitFailed
from ..core.problems import Problem
from ..core.text import count
from ..core.yamlio import Document
from ..schema.config import Config
from .privacy import personal_data_in, pseudonym_problem, tracked_by_git
from .raw_data import entries, mapping


def case_rules(doc: Document, pseudonym_pattern: str | None = None) -> None:
    """What a case file must fulfil by itself; its consent date and who does its steps
    are checked against the other files in :mod:`merzig_cli.checks.cross_file`."""
    data = doc.data
    _personal_texts(doc)
    pseudonym = data.get("pseudonym")
    if isinstance(pseudonym, str):
        problem = pseudonym_problem(pseudonym, pseudonym_pattern)
        if problem:
            code, message, hint = problem
            doc.problems.append(doc.problem("warning", code, message, ("pseudonym",), hint))
    consent = data.get("consent")
    if not isinstance(consent, dict):
        return  # missing consent is reported by the schema as an error
    withdrawn = consent.get("withdrawn")
    if isinstance(withdrawn, dt.date):
        doc.problems.append(
            doc.problem(
                "warning",
                "consent-withdrawn",
                f"Einwilligung am {withdrawn.isoformat()} widerrufen: der Fall erscheint in keiner Ausgabe mehr",
                ("consent", "withdrawn"),
                "Löschfrist beachten (retention.withdrawn_days in config.yaml, Standard 30 Tage)",
            )
        )
    shared = consent.get("share_with")
    # items of another type are reported by the schema; they must not crash this rule
    shared_set = {s for s in shared if isinstance(s, str)} if isinstance(shared, list) else set()
    for path, actor in _case_actor_uses(data):
        if actor not in shared_set:
            doc.problems.append(
                doc.problem(
                    "error",
                    "consent-share",
                    f"Akteur „{actor}“ ist nicht in consent.share_with genannt",
                    path,
                    f"Nur mit Einwilligung teilen: „{actor}“ unter consent.share_with ergänzen "
                    "(wenn die Einwilligung das abdeckt) oder den Eintrag entfernen",
                )
            )
    agreed = mapping(data, "agreement").get("date")
    for i, step in entries(mapping(data, "agreement"), "steps"):
        due = step.get("due")
        if isinstance(agreed, dt.date) and isinstance(due, dt.date) and due < agreed:
            doc.problems.append(
                doc.problem(
                    "warning",
                    "step-due-before-agreement",
                    f"Schritt ist am {due.isoformat()} fällig, vor der Vereinbarung "
                    f"am {agreed.isoformat()}",
                    ("agreement", "steps", i, "due"),
                    "Frist prüfen: ein Schritt wird nach der Vereinbarung fällig "
                    "(merzig case step edit … --due)",
                )
            )
        if step.get("status") == "done" and not step.get("done"):
            doc.problems.append(
                doc.problem(
                    "warning",
                    "step-done-date",
                    "Schritt ist erledigt, aber ohne Datum",
                    ("agreement", "steps", i, "done"),
                    "Datum unter „done“ eintragen",
                )
            )


def _personal_texts(doc: Document) -> None:
    """Data minimisation: a name, phone number or e-mail address in the free texts of a case
    (steps, discussion, follow-up notes). Every command that writes one of them reports the
    file's warnings, so this is the one place that decides it (also for ``--json``)."""

    data = doc.data
    texts: list[tuple[tuple[str | int, ...], Any, str]] = []
    for i, step in entries(mapping(data, "agreement"), "steps"):
        texts.append((("agreement", "steps", i, "action"), step.get("action"), "Der Schritt"))
        texts.append((("agreement", "steps", i, "reason"), step.get("reason"), "Der Grund"))
    texts.append((("discussion",), data.get("discussion"), "Die Besprechungsnotiz"))
    texts += [
        (("follow_up", i, "note"), entry.get("note"), "Die Notiz")
        for i, entry in entries(data, "follow_up")
    ]
    for path, text, what in texts:
        found = personal_data_in(text) if isinstance(text, str) else []
        if found:
            doc.problems.append(
                doc.problem(
                    "warning",
                    "personal-data",
                    f"{what} enthält vermutlich {' und '.join(found)}",
                    path,
                    "Datensparsamkeit: keine Namen oder Kontaktdaten in Falldateien",
                )
            )


def _case_actor_uses(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    uses: list[tuple[tuple[str | int, ...], str]] = []
    for i, a in entries(data, "actors"):
        if isinstance(a.get("actor"), str):
            uses.append((("actors", i, "actor"), a["actor"]))
    for i, s in entries(mapping(data, "agreement"), "steps"):
        if isinstance(s.get("by"), str) and s["by"] != "youth":
            uses.append((("agreement", "steps", i, "by"), s["by"]))
        if isinstance(s.get("support"), str):
            uses.append((("agreement", "steps", i, "support"), s["support"]))
    return uses


def cases_in_git(root: Path, config: Config, cases: int) -> list[Problem]:
    """A warning when git tracks case files (``cases``: how many the workspace has)."""
    if not cases or config.example_data:
        return []
    try:
        tracked = tracked_by_git(root, "cases")
    except GitFailed as failed:  # a repository git refuses may well hold the cases
        return [
            Problem(
                "warning",
                "git-failed",
                "Ob Falldateien von git verfolgt werden, ließ sich nicht prüfen: " + failed.message,
                "cases/",
                hint=failed.hint,
            )
        ]
    if not tracked:
        return []
    return [
        Problem(
            "warning",
            "cases-in-git",
            f"{count(len(tracked), 'Falldatei wird', 'Falldateien werden')} von einem "
            "git-Repository verfolgt",
            "cases/",
            hint="Falldaten sind besonders schützenswert: cases/ in .gitignore eintragen "
            "und mit „git rm --cached -r cases“ aus dem Repository nehmen",
        )
    ]


def conference_rules(doc: Document) -> None:
    """A break is either after a case slot or at a clock time."""
    for i, item in entries(doc.data, "breaks"):
        after, at = item.get("after_case") is not None, item.get("at") is not None
        if after == at:
            doc.problems.append(
                doc.problem(
                    "error",
                    "break-kind",
                    "Eine Pause braucht entweder after_case (nach dem n-ten Fall) oder at (Uhrzeit)",
                    ("breaks", i),
                    'z. B. {after_case: 6, minutes: 15} oder {at: "12:00", minutes: 45}',
                )
            )
        elif item.get("repeat") is True and not after:
            doc.problems.append(
                doc.problem(
                    "warning",
                    "break-repeat",
                    "repeat gilt nur zusammen mit after_case",
                    ("breaks", i, "repeat"),
                )
            )

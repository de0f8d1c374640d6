"""Taking an inquiry at the phone or the counter: from the answers to the record to save.

``merzig inquiry new`` asks for what is missing and shows the route
suggestions; what the answers mean is decided here: which suggestions „1, 3“
picks, which topics a typed list names, what the new inquiry and its
referrals are, and who among the people it goes to is away that day. The
record is written by :func:`merzig_cli.inquiries.referrals.create_inquiry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.errors import UsageError
from ..routing.result import RouteResult
from ..routing.score import route
from ..schema.config import taxonomy_id
from ..schema.inquiry import Inquiry, Referral
from ..workspace.loader import Workspace
from .referrals import absence_note, resolve_target

SUGGESTED_TOPICS = 2  # the best-scoring topics of the question, when none are given


@dataclass(frozen=True)
class Draft:
    """The inquiry to save (no id yet) and what to say about its referrals first."""

    inquiry: Inquiry
    targets: list[str]  # ACTOR or ACTOR/CONTACT, as given
    absences: list[str]  # German notes: who is away on the day and who stands in


def checked_targets(ws: Workspace, targets: Iterable[str]) -> list[str]:
    """``ACTOR`` or ``ACTOR/CONTACT`` each checked against the Steckbriefe, each once."""
    found = list(dict.fromkeys(targets))
    for target in found:
        resolve_target(ws, target)
    return found


def pick_targets(ws: Workspace, answer: str, result: RouteResult) -> list[str]:
    """The referrals an answer names: "1, 3" picks suggestions by number; anything else is
    ``ACTOR[/CONTACT]``; empty parts are skipped, each target counts once."""
    chosen: list[str] = []
    options = list(result.suggestions)
    for part in (p.strip() for p in answer.split(",")):
        if not part:
            continue
        if part.isdigit():
            index = int(part) - 1
            if not 0 <= index < len(options):
                raise UsageError(
                    f"Vorschlag {part} gibt es nicht",
                    f"Nummern von 1 bis {len(options)}"
                    if options
                    else "Keine Vorschläge; AKTEUR/ANSPRECHPERSON eingeben",
                )
            s = options[index]
            chosen.append(f"{s.actor.id}/{s.contact.id}" if s.contact else s.actor.id)
        else:
            chosen.append(part)
    return checked_targets(ws, chosen)


def topic_ids(ws: Workspace, answer: str) -> list[str]:
    """The topics a typed list names (labels or ids, separated by commas), each once."""
    parts = [p.strip() for p in answer.split(",") if p.strip()]
    if not parts:
        raise UsageError("Themen: keine Angabe", "Mindestens ein Thema, mehrere mit Komma")
    return list(dict.fromkeys(taxonomy_id(ws.taxonomy.topics, p, "Thema") for p in parts))


def suggest(
    ws: Workspace,
    question: str,
    group: str,
    language: str,
    topics: list[str] | None,
    day: dt.date,
) -> tuple[RouteResult, list[str]]:
    """The route suggestions for the question, and its topics: those given, else the
    best-scoring ones (possibly none; :func:`draft` then refuses)."""
    result = route(ws, question, group=group, lang=language, topics=topics, day=day)
    chosen = list(topics or []) or [t for t, _ in result.topics[:SUGGESTED_TOPICS]]
    return result, chosen


def draft(
    ws: Workspace,
    day: dt.date,
    channel: str,
    group: str,
    language: str,
    topics: list[str],
    question: str,
    targets: list[str],
) -> Draft:
    """The new inquiry received on ``day``, referred (status ``open``) to ``targets``."""
    if not topics:
        raise UsageError(
            "Kein Thema erkannt", "Mit --topic angeben (Kennung oder Bezeichnung aus taxonomy.yaml)"
        )
    referrals = []
    absences = []
    for target in targets:
        actor, contact = resolve_target(ws, target)
        referrals.append(Referral(actor=actor, date=day, status="open", contact=contact))
        note = absence_note(ws, actor, contact, day)
        if note:
            absences.append(note)
    new = Inquiry("", day, channel, group, language, topics, question, referrals)
    return Draft(new, list(targets), absences)

"""Who actually received something about a case, and when: the recipients an Art. 15 answer names.

:func:`recipients_of` asks every :class:`Source` in :data:`SOURCES` and merges
what they found, newest first. A source reads one kind of record the tool
keeps in the workspace state; one that cannot be read does not stop the
answer, it adds a German note (the person learns that a record was unreadable
instead of getting a list that silently misses it).

Two sources exist. The send ledgers of ``merzig mail``
(``.merzig-mail/<campaign>.jsonl``, :mod:`merzig_cli.network.ledger`) read
together with the reminder memory beside them
(:mod:`merzig_cli.network.memory`). A ledger holds addresses, Message-IDs,
times and the server's answer, never a case id; the memory holds, per
reminder mail, the case ids and step numbers it named, so a reminder is found
by its Message-ID there (a mail in the memory whose ledger is gone is listed
from the memory alone). For a reminder ledger written before the memory
existed the case is inferred from the ledger key: a step reminder
(``erinnerungen-<day>``, key ``steps:<actor>:<address>``) named the case when
that actor followed up an open step of the case that was due within a week of
that day, and the consent let the case reach that actor on that day.

The manifest of case documents (:mod:`merzig_cli.documents.manifest`) names
every document that holds the case, when it was made and for which actor.
Another source plugs in by implementing :class:`Source` and joining
:data:`SOURCES`; nothing else changes, neither the export nor its templates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..conference.followup import DUE_WITHIN_DAYS, accompanying_actor
from ..core.dates import german
from ..core.errors import UserError
from ..core.paths import within
from ..schema.conference import Case
from ..workspace.loader import Workspace

if TYPE_CHECKING:
    from ..network.memory import Mailed, Memory

# what the ledger's last word about a recipient means for the person
STATES = {
    "sent": "vom Mailserver angenommen",
    "pending": "vielleicht angenommen (Versand wurde unterbrochen)",
}
REACHED = tuple(STATES)  # the mail may have left the office; refused and deferred ones did not
_REMINDERS = re.compile(r"^erinnerungen-(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Delivery:
    """One thing about the case that went (or may have gone) to someone."""

    at: str  # when, as recorded: an ISO date or date and time (UTC)
    actor: str  # actor id, "" if the record names none
    recipient: str  # the actor's name and the address or contact as recorded
    what: str  # German: what went out, e.g. "E-Mail: Erinnerung an Schritt 2 (fällig 15.07.2027)"
    state: str  # German: zugestellt, vielleicht zugestellt, …
    record: str  # the file that records it, relative to the workspace


@dataclass
class Recipients:
    deliveries: list[Delivery] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # German: records that could not be read
    covered: list[str] = field(default_factory=list)  # German: which records were asked
    documents: bool = False  # whether a record of the documents made was asked


class Source(Protocol):
    """One kind of record of what left the office."""

    @property
    def covers(self) -> str:
        """German: what the source records, e.g. "E-Mails aus dem Versandprotokoll"."""
        ...

    @property
    def documents(self) -> bool:
        """True for a record of the documents made (the output manifest)."""
        ...

    def deliveries(self, ws: Workspace, case_id: str, cases: Sequence[Case]) -> Recipients:
        """What this record holds about the case ``case_id`` (``cases``: its typed records,
        usually one; empty when the file could be read only as raw YAML)."""
        ...


def _date(value: dt.date | None) -> str:
    return german(value) if value else ""


def _reminded_steps(case: Case, actor: str, day: dt.date) -> list[str]:
    """The steps of ``case`` a step reminder to ``actor`` on ``day`` listed (see module doc)."""
    consent = case.consent
    if actor not in consent.share_with or consent.date is None or consent.date > day:
        return []
    if consent.withdrawn is not None and consent.withdrawn <= day:
        return []
    if case.closed is not None and case.closed <= day:
        return []
    found = []
    for number, step in enumerate(case.agreement.steps if case.agreement else [], start=1):
        if accompanying_actor(step) != actor or step.due is None:
            continue
        if (day - step.due).days < -DUE_WITHIN_DAYS:
            continue
        if step.status == "done" and (step.done is None or step.done <= day):
            continue
        found.append(f"Schritt {number} (fällig {_date(step.due)})")
    return found


def _remembered(
    ws: Workspace, mailed: Mailed, case_id: str, at: str, state: str, record: str
) -> list[Delivery]:
    """What the reminder mail ``mailed`` said about ``case_id``, per actor it was about."""
    by_actor: dict[str, list[str]] = {}
    for item in mailed.items:
        if item.case != case_id:
            continue
        due = dt.date.fromisoformat(item.due) if item.due else None
        what = f"Schritt {item.step} (fällig {_date(due)})" if item.step else "einen Schritt"
        if item.lead:
            what += " – Kopie an die Leitung"
        by_actor.setdefault(item.actor, []).append(what)
    out = []
    for actor, steps in sorted(by_actor.items()):
        known = ws.actors.get(actor)
        name = known.name if known else actor
        out.append(
            Delivery(
                at=at or mailed.day.isoformat(),
                actor=actor,
                recipient=f"{name} ({mailed.address})",
                what="E-Mail: Erinnerung an " + ", ".join(steps),
                state=STATES.get(state, state),
                record=record,
            )
        )
    return out


def _memory(ws: Workspace, found: Recipients) -> Memory | None:
    from ..network.ledger import LEDGER_DIR
    from ..network.memory import MEMORY_FILE, read_memory

    try:
        return read_memory(ws.root)
    except UserError as exc:
        found.notes.append(f"{LEDGER_DIR}/{MEMORY_FILE} kann nicht gelesen werden: {exc.message}")
        return None


@dataclass(frozen=True)
class LedgerSource:
    """The send ledgers of ``merzig mail`` (read only, never locked or changed)."""

    covers: str = "E-Mails aus dem Versandprotokoll"
    documents: bool = False

    def deliveries(self, ws: Workspace, case_id: str, cases: Sequence[Case]) -> Recipients:
        from ..network.ledger import LEDGER_DIR, read_ledger

        found = Recipients()
        folder = ws.root / LEDGER_DIR
        if folder.is_symlink() or (folder.exists() and not within(ws.root, folder)):
            found.notes.append(f"{LEDGER_DIR}/ ist eine Verknüpfung und wurde nicht gelesen")
            return found
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            return found
        except OSError as exc:
            found.notes.append(f"{LEDGER_DIR}/ kann nicht gelesen werden: {exc.strerror}")
            return found
        memory = _memory(ws, found)
        remembered = memory.mails if memory is not None else {}
        seen: set[str] = set()
        for entry in entries:
            campaign = entry.name.removesuffix(".jsonl")
            named = _REMINDERS.match(campaign)
            if not entry.name.endswith(".jsonl") or not named:
                continue  # round mails and meetings never carry case data
            try:
                day = dt.date.fromisoformat(named.group(1))
            except ValueError:
                continue  # no real day: not a ledger this tool wrote
            rel = f"{LEDGER_DIR}/{entry.name}"
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                found.notes.append(f"{rel} ist keine gewöhnliche Datei und wurde nicht gelesen")
                continue
            try:
                ledger = read_ledger(ws.root, campaign)
            except UserError as exc:
                found.notes.append(f"{rel} kann nicht gelesen werden: {exc.message}")
                continue
            for key, last in sorted(ledger.entries.items()):
                kind, _, rest = key.partition(":")
                actor, _, address = rest.partition(":")
                if last.state not in REACHED:
                    continue
                mailed = remembered.get(last.message_id)
                if mailed is not None:  # the memory names the cases: no guessing
                    seen.add(last.message_id)
                    found.deliveries += _remembered(ws, mailed, case_id, last.at, last.state, rel)
                    continue
                if kind != "steps" or not actor:
                    continue
                steps = [s for c in cases for s in _reminded_steps(c, actor, day)]
                if not steps:
                    continue
                known = ws.actors.get(actor)
                name = known.name if known else actor
                found.deliveries.append(
                    Delivery(
                        at=last.at or day.isoformat(),
                        actor=actor,
                        recipient=f"{name} ({address})" if address else name,
                        what="E-Mail: Erinnerung an " + ", ".join(steps),
                        state=STATES.get(last.state, last.state),
                        record=rel,
                    )
                )
        if memory is not None:
            from ..network.memory import MEMORY_FILE, REMINDED

            rel = f"{LEDGER_DIR}/{MEMORY_FILE}"
            for mailed in memory.mails.values():
                if mailed.message_id not in seen and mailed.state in REMINDED:
                    found.deliveries += _remembered(
                        ws, mailed, case_id, mailed.at, mailed.state, rel
                    )
        return found


@dataclass(frozen=True)
class ManifestSource:
    """The manifest of case documents (:mod:`merzig_cli.documents.manifest`): which
    document holding the case was made, when, and for which actor."""

    covers: str = "Dokumente aus dem Verzeichnis der Falldokumente"
    documents: bool = True

    def deliveries(self, ws: Workspace, case_id: str, cases: Sequence[Case]) -> Recipients:
        from ..documents.manifest import MANIFEST, read

        found = Recipients()
        try:
            entries = read(ws.root)
        except UserError as exc:
            found.notes.append(f"{MANIFEST} kann nicht gelesen werden: {exc.message}")
            return found
        for entry in entries:
            if case_id not in entry.cases:
                continue
            known = ws.actors.get(entry.recipient)
            name = known.name if known else entry.recipient
            found.deliveries.append(
                Delivery(
                    at=entry.day,
                    actor=entry.recipient,
                    recipient=name or "Anlaufstelle (eigene Unterlage)",
                    what=f"{entry.kind_de}: {Path(entry.file).name}",
                    state="erstellt" + (f" für {name}" if name else ""),
                    record=MANIFEST,
                )
            )
        return found


SOURCES: list[Source] = [LedgerSource(), ManifestSource()]


def recipients_of(
    ws: Workspace, case_id: str, cases: Sequence[Case], sources: Iterable[Source] | None = None
) -> Recipients:
    """Everything every source knows went out about ``case_id``, newest first."""
    merged = Recipients()
    for source in SOURCES if sources is None else sources:
        part = source.deliveries(ws, case_id, cases)
        merged.deliveries += part.deliveries
        merged.notes += part.notes
        merged.covered.append(source.covers)
        merged.documents = merged.documents or source.documents
    merged.deliveries.sort(key=lambda d: (d.at, d.recipient, d.what), reverse=True)
    return merged

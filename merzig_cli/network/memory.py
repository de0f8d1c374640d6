"""The reminder memory: which reminder about which item reached whom, and when.

The send ledger (:mod:`.ledger`) knows one campaign, i.e. one day. The pace
of reminders needs more: when an item (an overdue referral, a due case step,
a stale Steckbrief) was last reminded, how often, whether the actor's lead
contact already got a copy, and when a person last got a reminder mail at
all. That is this memory, ``.merzig-mail/erinnerungen.verlauf.jsonl`` (a name
no campaign can have), kept like the ledger: appended line by line and
fsynced, never through a link, size-limited, locked while a run sends, and a
line in a shape the tool never writes is a German error (nothing is sent on
its word).

Each mail is one ``pending`` line written just before the server can accept
it (with its items, their case ids included, so that the Art. 15 answer can
name who got a reminder about which case), then ``sent`` or ``failed``
(refused or deferred). A mail whose last line is ``pending`` may have
arrived: like an *unclear* mail of the ledger it counts as reminded and is
never sent again before the interval. Drafts never touch the memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.paths import in_workspace
from .ledger import (
    LEDGER_DIR,
    MAX_KEY,
    append_lines,
    json_records,
    ledger_dir,
    open_journal,
    read_journal,
)

MEMORY_FILE = "erinnerungen.verlauf.jsonl"  # a dot: never the name of a campaign's ledger
MEMORY_LOCK = "erinnerungen.verlauf.lock"
KINDS = ("feedback", "steps", "profile")
ROLES = ("", "carry", "accompany")
MAX_ITEMS = 10_000  # items of one mail
EVENTS = ("pending", "sent", "failed")
REMINDED = ("pending", "sent")  # the mail may have arrived: it counts


class MemoryBroken(UserError):
    """A reminder memory that is not what this tool writes."""


def _broken(path: Path, line: int | None, what: str) -> MemoryBroken:
    where = f"{path}, Zeile {line}" if line else str(path)
    return MemoryBroken(
        f"Das Erinnerungsprotokoll {where} ist beschädigt ({what}); nichts wurde versandt",
        "Die Datei prüfen oder aus einer Sicherung holen. Wer sie löscht, erinnert alle sofort "
        "erneut und verliert den Takt der Erinnerungen",
    )


@dataclass(frozen=True)
class Item:
    """One thing a reminder is about, as the memory keeps it."""

    key: str  # feedback:<inquiry>:<actor>:<contact> | step:<case>:<n>:<actor> | profile:<actor>
    kind: str  # feedback | steps | profile
    actor: str
    case: str = ""  # the case id of a step
    step: int = 0  # the step's number within the case
    due: str = ""  # the step's due date (ISO)
    role: str = ""  # carry | accompany (steps)
    lead: bool = False  # a copy to the actor's lead contact

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.key, "kind": self.kind, "actor": self.actor}
        for name in ("case", "step", "due", "role", "lead"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out


@dataclass
class Mailed:
    """One reminder mail as the memory knows it."""

    message_id: str
    day: dt.date
    at: str
    address: str
    campaign: str
    key: str  # its key in the campaign's ledger
    items: list[Item]
    state: str = "pending"


@dataclass
class Memory:
    """The memory as read: every mail, and the pace derived from those that may have arrived."""

    path: Path
    size: int = 0  # bytes read: a run sends only if no other run wrote in between
    mails: dict[str, Mailed] = field(default_factory=dict)

    _items: dict[str, list[dt.date]] = field(default_factory=dict)
    _leads: set[str] = field(default_factory=set)
    _persons: dict[str, list[dt.date]] = field(default_factory=dict)

    def reached(self) -> list[Mailed]:
        """The mails that may have arrived (sent, or unclear)."""
        return [m for m in self.mails.values() if m.state in REMINDED]

    def index(self) -> None:
        """Derive the pace from the mails read (once, after reading)."""
        self._items, self._leads, self._persons = {}, set(), {}
        for mail in self.reached():
            self._persons.setdefault(mail.address.lower(), []).append(mail.day)
            for item in mail.items:
                if item.lead:
                    self._leads.add(item.key)
                else:
                    self._items.setdefault(item.key, []).append(mail.day)

    def reminders(self, key: str) -> int:
        """How many reminders about the item ``key`` went out (lead copies not counted)."""
        return len(self._items.get(key, []))

    def escalated(self, key: str) -> bool:
        """Whether the actor's lead contact already got a copy about ``key``."""
        return key in self._leads

    def item_free(self, key: str, day: dt.date, interval: int) -> bool:
        """No reminder about ``key`` within ``interval`` days before ``day`` (nor after it)."""
        return all((day - d).days >= interval for d in self._items.get(key, []))

    def person_free(self, address: str, day: dt.date, interval: int) -> bool:
        """No reminder mail to ``address`` within ``interval`` days before ``day`` (nor after)."""
        return all((day - d).days >= interval for d in self._persons.get(address.lower(), []))


def memory_path(root: Path) -> Path:
    return in_workspace(root, root / LEDGER_DIR / MEMORY_FILE)


def _text(record: dict[str, Any], name: str, empty: bool = False) -> str:
    value = record.get(name, "")
    if isinstance(value, str) and len(value) <= MAX_KEY and (empty or value):
        return value
    raise ValueError(name)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)  # ValueError for anything but a real ISO date


def _item(raw: Any) -> Item:
    if not isinstance(raw, dict):
        raise ValueError("item")
    step = raw.get("step", 0)
    lead = raw.get("lead", False)
    if type(step) is not int or not 0 <= step <= 10_000 or type(lead) is not bool:
        raise ValueError("step")
    kind, role = _text(raw, "kind"), _text(raw, "role", True)
    if kind not in KINDS or role not in ROLES:
        raise ValueError("kind")
    due = _text(raw, "due", True)
    if due:
        _day(due)
    return Item(
        _text(raw, "item"), kind, _text(raw, "actor"), _text(raw, "case", True), step, due, role,
        lead,
    )  # fmt: skip


def _parse(raw: bytes, memory: Memory) -> None:
    path = memory.path
    for number, record in json_records(raw, path, _broken):
        if not record:
            continue  # a line cut off by a crash: the step it was to record never happened
        event = record.get("event")
        if event not in EVENTS:
            raise _broken(path, number, "unbekannte Art von Eintrag")
        try:
            message_id = _text(record, "message_id")
            if event != "pending":
                known = memory.mails.get(message_id)
                if known is None:
                    raise _broken(path, number, "Antwort zu einer unbekannten Mail")
                known.state = event
                continue
            items = record.get("items")
            if not isinstance(items, list) or not 0 < len(items) <= MAX_ITEMS:
                raise ValueError("items")
            memory.mails[message_id] = Mailed(
                message_id,
                _day(_text(record, "day")),
                _text(record, "at"),
                _text(record, "address"),
                _text(record, "campaign"),
                _text(record, "key"),
                [_item(i) for i in items],
            )
        except (ValueError, TypeError, OverflowError):
            raise _broken(path, number, "Angaben fehlen oder haben die falsche Art") from None


def read_memory(root: Path) -> Memory:
    """The memory as it stands, read only (for drafts, the pace and the Art. 15 answer)."""
    memory = Memory(memory_path(root))
    raw = read_journal(memory.path, _broken)
    memory.size = len(raw)
    _parse(raw, memory)
    memory.index()
    return memory


@dataclass
class MemoryWriter:
    """The memory open for appending while a run sends (see :func:`open_memory`)."""

    path: Path
    fd: int

    def pending(self, mailed: Mailed) -> None:
        record = {
            "event": "pending",
            "message_id": mailed.message_id,
            "day": mailed.day.isoformat(),
            "at": mailed.at,
            "address": mailed.address,
            "campaign": mailed.campaign,
            "key": mailed.key,
            "items": [i.record() for i in mailed.items],
        }
        append_lines(self.fd, self.path, [record], "Das Erinnerungsprotokoll")

    def answered(self, message_id: str, state: str) -> None:
        append_lines(
            self.fd,
            self.path,
            [{"event": state, "message_id": message_id}],
            "Das Erinnerungsprotokoll",
        )


@contextlib.contextmanager
def open_memory(root: Path, read_size: int) -> Iterator[MemoryWriter]:
    """The memory, locked for this run and open for appending; refused when another run wrote
    to it since it was read (``read_size`` bytes then), so that no reminder goes out on an
    outdated word."""
    from ..workspace.store import file_lock

    folder = ledger_dir(root)
    lock = in_workspace(root, folder / MEMORY_LOCK)
    busy = UserError(
        "Erinnerungen werden gerade von einem anderen Vorgang versandt; nichts wurde versandt",
        "Warten, bis er fertig ist, dann erneut aufrufen",
    )
    with file_lock(lock, 0, busy):
        path = in_workspace(root, folder / MEMORY_FILE)
        fd, raw = open_journal(path, _broken)
        try:
            if len(raw) != read_size:
                raise UserError(
                    "Während dieses Aufrufs wurden schon Erinnerungen versandt; nichts wurde "
                    "versandt",
                    "Denselben Befehl erneut aufrufen: er berücksichtigt dann, was schon "
                    "hinausging",
                )
            if raw and not raw.endswith(b"\n"):
                os.write(fd, b"\n")  # the torn last line stays a line of its own
            yield MemoryWriter(path, fd)
        finally:
            os.close(fd)

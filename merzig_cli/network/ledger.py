"""The send ledger: per campaign, what the mail server has accepted, so nothing goes out twice.

Mass-mail tools resend after a crash because they note progress when a batch
is fetched. This ledger notes it per recipient, at the two moments that
matter, each line appended and fsynced before the next step:

* ``pending`` just before the final dot of SMTP ``DATA`` is sent, i.e. before
  the server can accept the message;
* ``sent`` after the server answered ``250`` to it, or ``refused`` (5xx, never
  retried) or ``deferred`` (4xx, retried later), with the server's reason.

A recipient whose last entry is ``pending`` was in the one unavoidable window
(the server may have accepted the mail while the process died or the line
dropped before the answer arrived): it is *unclear* and is not sent again
unless the coordinator asks for it. The ledger holds addresses, Message-IDs,
times and server answers, never a message body. It lives in ``.merzig-mail/``
in the workspace (git-ignored by a ``.gitignore`` of its own); a lock file per
campaign keeps a second sender out while one is running.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import MAX_STATE_BYTES, read_limited, state_folder
from ..core.paths import in_workspace

LEDGER_DIR = ".merzig-mail"
VERSION = 1
FINAL = ("sent", "refused")
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def ledger_dir(root: Path) -> Path:
    return state_folder(root, LEDGER_DIR, "Versandprotokolle von merzig mail: nie einchecken")


@dataclass
class Entry:
    """The last thing the ledger knows about one recipient."""

    state: str  # pending | sent | refused | deferred
    message_id: str = ""
    at: str = ""
    code: int | None = None
    reason: str = ""

    @property
    def unclear(self) -> bool:
        return self.state == "pending"


@dataclass
class Ledger:
    """One campaign's ledger, open for appending; use :func:`open_ledger`."""

    path: Path
    campaign: str
    entries: dict[str, Entry] = field(default_factory=dict)
    fingerprint: str = ""
    torn_lines: int = 0
    _fd: int = -1

    def state(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def _append(self, records: Iterable[dict[str, Any]]) -> None:
        data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        if not data:
            return
        view = memoryview(data.encode("utf-8"))
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            with contextlib.suppress(OSError):  # the step did not happen: take the line back
                os.ftruncate(self._fd, start)
            raise UserError(
                f"Das Versandprotokoll {self.path} kann nicht geschrieben werden "
                f"({exc.strerror}); der Versand wurde angehalten, bevor die nächste Mail "
                "angenommen werden konnte",
                "Platz auf dem Datenträger und Schreibrechte prüfen, dann erneut aufrufen",
            ) from None

    def record(
        self,
        state: str,
        keys: Iterable[str],
        message_id: str,
        code: int | None = None,
        reason: str = "",
    ) -> None:
        """Append one line per key with the new state, then fsync (one fsync for all keys)."""
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        records = []
        for key in keys:
            entry = Entry(state, message_id, at, code, reason[:500])
            self.entries[key] = entry
            record: dict[str, Any] = {
                "event": state,
                "key": key,
                "message_id": message_id,
                "at": at,
            }
            if code is not None:
                record["code"] = code
            if reason:
                record["reason"] = entry.reason
            records.append(record)
        self._append(records)

    def begin(self, fingerprint: str) -> None:
        """Tie the ledger to the campaign's content; a different content is refused."""
        if not fingerprint:
            return
        if self.fingerprint and self.fingerprint != fingerprint:
            sent = sum(1 for e in self.entries.values() if e.state in ("sent", "pending"))
            raise UserError(
                f"Die Rundmail „{self.campaign}“ wurde mit einem anderen Text begonnen "
                f"({sent} Empfänger haben sie schon); nichts wurde versandt",
                "Zum Fortsetzen denselben Betreff und Text verwenden; für eine neue Rundmail "
                "--campaign NEUER-NAME angeben",
            )
        if not self.fingerprint:
            self.fingerprint = fingerprint
            self._append(
                [
                    {
                        "event": "campaign",
                        "campaign": self.campaign,
                        "v": VERSION,
                        "fingerprint": fingerprint,
                    }
                ]
            )


def _read(path: Path, ledger: Ledger) -> None:
    try:
        raw = read_limited(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            event = record["event"]
        except (ValueError, KeyError, TypeError):
            ledger.torn_lines += 1  # a line cut off by a crash: that step never happened
            continue
        if event == "campaign":
            ledger.fingerprint = str(record.get("fingerprint", ""))
        elif event in ("pending", *FINAL, "deferred") and isinstance(record.get("key"), str):
            ledger.entries[record["key"]] = Entry(
                event,
                str(record.get("message_id", "")),
                str(record.get("at", "")),
                record.get("code") if isinstance(record.get("code"), int) else None,
                str(record.get("reason", "")),
            )


def read_ledger(root: Path, campaign: str) -> Ledger:
    """The ledger as it stands, read only (for drafts and summaries); no lock."""
    ledger = Ledger(root / LEDGER_DIR / f"{campaign}.jsonl", campaign)
    _read(ledger.path, ledger)
    return ledger


def check_name(campaign: str) -> str:
    if not _NAME.fullmatch(campaign):
        raise UserError(
            f"„{campaign}“ taugt nicht als Name einer Rundmail",
            "Kleinbuchstaben, Ziffern und Bindestriche, z. B. netzwerktreffen-2026",
        )
    return campaign


@contextlib.contextmanager
def open_ledger(root: Path, campaign: str) -> Iterator[Ledger]:
    """The campaign's ledger, locked for this process and open for appending."""
    from filelock import FileLock, Timeout

    folder = ledger_dir(root)
    lock = FileLock(str(in_workspace(root, folder / f"{check_name(campaign)}.lock")), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UserError(
            f"Die Rundmail „{campaign}“ wird gerade von einem anderen Vorgang versandt",
            "Warten, bis er fertig ist; danach zeigt ein erneuter Aufruf, was noch fehlt",
        ) from None
    try:
        ledger = Ledger(in_workspace(root, folder / f"{campaign}.jsonl"), campaign)
        _read(ledger.path, ledger)
        ledger._fd = os.open(ledger.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW, 0o600)
        try:
            if ledger.path.stat().st_size and not ledger.path.read_bytes().endswith(b"\n"):
                ledger._append([])
                os.write(ledger._fd, b"\n")  # the torn last line stays a line of its own
            yield ledger
        finally:
            os.close(ledger._fd)
    finally:
        lock.release()

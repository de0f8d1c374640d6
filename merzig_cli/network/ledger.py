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
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.clock import now as clock_now
from ..core.errors import UserError
from ..core.files import (
    MAX_STATE_BYTES,
    FileRefused,
    os_error_de,
    read_limited_stat,
    state_folder,
)
from ..core.paths import in_workspace

LEDGER_DIR = ".merzig-mail"
VERSION = 1
FINAL = ("sent", "refused")
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def append_lines(fd: int, path: Path, records: Iterable[dict[str, Any]], what: str) -> None:
    """Append ``records`` as JSON lines to the journal open at ``fd``, then fsync; a failed write
    is taken back and stops the run with a German error (``what``: "Das Versandprotokoll")."""
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    if not data:
        return
    view = memoryview(data.encode("utf-8"))
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the step did not happen: take the line back
            os.ftruncate(fd, start)
        raise UserError(
            f"{what} {path} kann nicht geschrieben werden "
            f"({os_error_de(exc)}); der Versand wurde angehalten, bevor die nächste Mail "
            "angenommen werden konnte",
            "Platz auf dem Datenträger und Schreibrechte prüfen, dann erneut aufrufen",
        ) from None


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
        append_lines(self._fd, self.path, records, "Das Versandprotokoll")

    def record(
        self,
        state: str,
        keys: Iterable[str],
        message_id: str,
        code: int | None = None,
        reason: str = "",
    ) -> None:
        """Append one line per key with the new state, then fsync (one fsync for all keys)."""
        at = clock_now().isoformat(timespec="seconds")
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

    def begin(self, fingerprint: str, hint: str | None = None) -> None:
        """Tie the ledger to the campaign's content; a different content is refused (``hint``:
        what to do instead, where a new name alone would not do)."""
        if not fingerprint:
            return
        if self.fingerprint and self.fingerprint != fingerprint:
            sent = sum(1 for e in self.entries.values() if e.state in ("sent", "pending"))
            raise UserError(
                f"Die Rundmail „{self.campaign}“ wurde mit einem anderen Text begonnen "
                f"({sent} Empfänger haben sie schon); nichts wurde versandt",
                hint
                or "Zum Fortsetzen denselben Betreff und Text verwenden; für eine neue Rundmail "
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


MAX_KEY = 1000  # characters of a key, a Message-ID or a time in the ledger
MAX_REASON = 2000
EVENTS = ("pending", *FINAL, "deferred")


class LedgerBroken(UserError):
    """A send ledger that is not what this tool writes: nothing is sent on its word."""


def _broken(path: Path, line: int | None, what: str) -> LedgerBroken:
    where = f"{path}, Zeile {line}" if line else str(path)
    return LedgerBroken(
        f"Das Versandprotokoll {where} ist beschädigt ({what}); nichts wurde versandt",
        "Die Datei prüfen oder aus einer Sicherung holen. Wer sie löscht, schickt die Rundmail "
        "an alle erneut – auch an die, die sie schon haben",
    )


def _text(record: dict[str, Any], name: str, limit: int = MAX_KEY) -> str | None:
    value = record.get(name, "")
    return value if isinstance(value, str) and len(value) <= limit else None


Broken = Callable[[Path, int | None, str], UserError]


def json_records(raw: bytes, path: Path, broken: Broken) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) of a journal's bytes; a line that is no JSON object is
    ``broken(path, line, why)``. The start of a line cut off before its end is what a crash
    leaves (the step it was to record never happened): it yields ``(line, {})`` to be counted,
    not read."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            if line.startswith(b'{"') and not line.rstrip().endswith(b"}"):
                yield number, {}  # the start of a line the tool wrote, cut off
                continue
            raise broken(path, number, "eine Zeile ist kein JSON") from None
        if not isinstance(record, dict) or not record:
            raise broken(path, number, "eine Zeile ist kein Eintrag")
        yield number, record


def _parse(raw: bytes, path: Path, ledger: Ledger) -> None:
    """Fill ``ledger`` from the file's bytes; a line in a shape the tool never writes is a
    :class:`LedgerBroken`; a torn last line is counted (:func:`json_records`)."""
    for number, record in json_records(raw, path, _broken):
        if not record:
            ledger.torn_lines += 1
            continue
        event = record.get("event")
        if event == "campaign":
            fingerprint = _text(record, "fingerprint")
            if fingerprint is None:
                raise _broken(path, number, "Fingerabdruck der Rundmail ist kein Text")
            ledger.fingerprint = fingerprint
            continue
        if event not in EVENTS:
            raise _broken(path, number, "unbekannte Art von Eintrag")
        key, message_id, at = (_text(record, n) for n in ("key", "message_id", "at"))
        reason = _text(record, "reason", MAX_REASON)
        code = record.get("code")
        if not (key and message_id is not None and at is not None and reason is not None):
            raise _broken(path, number, "Empfänger, Message-ID, Zeit oder Grund ist kein Text")
        if code is not None and (type(code) is not int or not 100 <= code <= 999):
            raise _broken(path, number, "Antwortcode ist keine dreistellige Zahl")
        ledger.entries[key] = Entry(event, message_id, at, code, reason)


def read_journal(path: Path, broken: Broken) -> bytes:
    """A journal's bytes, read without following a link and within the size limit (b"" when
    it does not exist); anything else is ``broken(path, None, why)``."""
    try:
        raw, _ = read_limited_stat(path, MAX_STATE_BYTES, follow_links=False)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise broken(path, None, os_error_de(exc)) from None
    return raw


def _read(path: Path, ledger: Ledger) -> None:
    """The ledger's file, read without following a link (for drafts and summaries)."""
    _parse(read_journal(path, _broken), path, ledger)


def read_ledger(root: Path, campaign: str) -> Ledger:
    """The ledger as it stands, read only (for drafts and summaries); no lock."""
    ledger = Ledger(
        in_workspace(root, root / LEDGER_DIR / f"{check_name(campaign)}.jsonl"), campaign
    )
    _read(ledger.path, ledger)
    return ledger


def check_name(campaign: str) -> str:
    if not _NAME.fullmatch(campaign):
        raise UserError(
            f"„{campaign}“ taugt nicht als Name einer Rundmail",
            "Kleinbuchstaben, Ziffern und Bindestriche, z. B. netzwerktreffen-2026",
        )
    return campaign


def open_journal(path: Path, broken: Broken) -> tuple[int, bytes]:
    """A journal file open for appending, and what it holds; ``broken(path, None, why)`` if it
    is a link, a folder, a pipe or too large."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | NOFOLLOW
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise broken(path, None, os_error_de(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise broken(path, None, str(FileRefused(path, None, MAX_STATE_BYTES)))
        if info.st_size > MAX_STATE_BYTES:
            raise broken(path, None, str(FileRefused(path, info.st_size, MAX_STATE_BYTES)))
        os.set_blocking(fd, True)
        raw = os.pread(fd, MAX_STATE_BYTES + 1, 0)
        if len(raw) > MAX_STATE_BYTES:
            raise broken(path, None, str(FileRefused(path, len(raw), MAX_STATE_BYTES)))
    except BaseException:
        os.close(fd)
        raise
    return fd, raw


@contextlib.contextmanager
def open_ledger(root: Path, campaign: str) -> Iterator[Ledger]:
    """The campaign's ledger, locked for this process and open for appending."""
    from ..workspace.store import file_lock

    folder = ledger_dir(root)
    lock = in_workspace(root, folder / f"{check_name(campaign)}.lock")
    busy = UserError(
        f"Die Rundmail „{campaign}“ wird gerade von einem anderen Vorgang versandt",
        "Warten, bis er fertig ist; danach zeigt ein erneuter Aufruf, was noch fehlt",
    )
    with file_lock(lock, 0, busy):
        ledger = Ledger(in_workspace(root, folder / f"{campaign}.jsonl"), campaign)
        ledger._fd, raw = open_journal(ledger.path, _broken)
        try:
            _parse(raw, ledger.path, ledger)
            if raw and not raw.endswith(b"\n"):
                os.write(ledger._fd, b"\n")  # the torn last line stays a line of its own
            yield ledger
        finally:
            os.close(ledger._fd)

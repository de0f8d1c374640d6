"""Deliver a campaign: write ``.eml`` drafts, or send through SMTP exactly what is missing.

Without ``send`` nothing leaves the machine: each mail becomes a draft in
``output/mail/<campaign>/`` and the summary says what ``--send`` would do.
With ``send`` every recipient goes through the send ledger
(:mod:`.ledger`): already sent or permanently refused ones are skipped,
temporary refusals (4xx) are retried after a pause and otherwise left for
the next run, and mails are spaced to keep ``smtp.per_minute``. A dropped
connection ends the run; running the same command again continues.
"""

from __future__ import annotations

import contextlib
import copy
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from ..core.clock import now as clock_now
from ..core.errors import ConfigError
from ..core.files import read_limited_stat
from ..core.text import one_line
from ..documents.output import Output, Written, write_outputs
from ..schema.config import Smtp
from ..workspace.loader import Workspace
from .compose import Campaign, Mail, Recorder, Target, sender_address, stable_boundaries
from .headers import HeaderRefused, message_bytes
from .ledger import Ledger, open_ledger, read_ledger
from .transport import Answer, Transport

RETRY_ROUNDS = 2
Progress = Callable[[int, int], None]  # (mails done, mails in this run)
STATUS = {
    "sent": "versandt",
    "earlier": "schon früher versandt",
    "refused": "abgelehnt",
    "deferred": "vorläufig abgelehnt – beim nächsten Aufruf erneut",
    "unclear": "unklar, ob angekommen – nicht erneut versandt",
    "aborted": "nicht versandt (Abbruch)",
    "skipped": "nicht versandt (fehlerhafte Kopfzeile)",
    "draft": "Entwurf",
    "later": "nicht dabei (--limit)",
    "no-address": "ohne E-Mail-Adresse",
}
DONE = ("sent", "earlier", "draft", "no-address")


@dataclass
class Row:
    label: str
    address: str
    status: str
    detail: str = ""
    kind: str = ""


@dataclass
class Result:
    campaign: str
    sent: bool
    rows: list[Row] = field(default_factory=list)
    drafts: list[Written] = field(default_factory=list)
    ledger: Path | None = None
    notes: list[str] = field(default_factory=list)
    stopped: str = ""

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def complete(self) -> bool:
        """Every reachable recipient has the mail (or a draft); nothing is left to do."""
        return not self.stopped and all(r.status in DONE for r in self.rows)


def _open_targets(mail: Mail, ledger: Ledger, resend_unclear: bool) -> list[Target]:
    """The targets of ``mail`` the ledger does not mark as done."""
    out = []
    for t in mail.targets:
        entry = ledger.state(t.key)
        if entry is None or entry.state == "deferred" or (entry.unclear and resend_unclear):
            out.append(t)
    return out


def _earlier_rows(campaign: Campaign, ledger: Ledger, resend_unclear: bool) -> list[Row]:
    rows = []
    for mail in campaign.mails:
        for t in mail.targets:
            entry = ledger.state(t.key)
            if entry is None or entry.state == "deferred" or (entry.unclear and resend_unclear):
                continue
            status = {"sent": "earlier", "refused": "refused", "pending": "unclear"}[entry.state]
            detail = entry.reason if entry.state == "refused" else entry.at
            rows.append(Row(t.label, t.address, status, detail, mail.kind))
    return rows


def _unreachable_notes(campaign: Campaign) -> list[str]:
    """Why a contact person was left out, where the table's state does not say it all."""
    return [
        f"Nicht angeschrieben: {one_line(u.name)} – {u.reason}"
        for u in campaign.unreachable
        if u.reason != "keine E-Mail-Adresse"
    ]


def _unreachable_rows(campaign: Campaign) -> list[Row]:
    return [
        Row(u.name, "", "no-address", u.reason, getattr(u, "kind", ""))
        for u in campaign.unreachable
    ]


def _plan(
    campaign: Campaign, ledger: Ledger, limit: int | None, resend_unclear: bool
) -> tuple[list[tuple[Mail, list[Target]]], list[Row]]:
    todo: list[tuple[Mail, list[Target]]] = []
    later: list[Row] = []
    for mail in campaign.mails:
        targets = _open_targets(mail, ledger, resend_unclear)
        if not targets:
            continue
        if limit is not None and len(todo) >= limit:
            later += [Row(t.label, t.address, "later", "", mail.kind) for t in targets]
        else:
            todo.append((mail, targets))
    return todo, later


def write_drafts(ws: Workspace, campaign: Campaign, out: Path, limit: int | None = None) -> Result:
    """Write the mails still to be sent as ``.eml`` files; the ledger is only read."""
    ledger = read_ledger(ws.root, campaign.name)
    todo, later = _plan(campaign, ledger, limit, False)
    result = Result(campaign.name, False, notes=[*campaign.notes, *_unreachable_notes(campaign)])
    result.rows = _earlier_rows(campaign, ledger, False)
    drafts = out / "mail" / campaign.name
    outputs = []
    for mail, targets in todo:
        try:
            data = message_bytes(dated(stable_boundaries(copy.deepcopy(mail.message))))
        except HeaderRefused as refused:
            result.rows += [
                Row(t.label, t.address, "skipped", refused.message, mail.kind) for t in targets
            ]
            continue
        outputs.append(Output(f"{mail.name}.eml", _keep_date(drafts / f"{mail.name}.eml", data)))
        result.rows += [Row(t.label, t.address, "draft", "", mail.kind) for t in targets]
    result.rows += later + _unreachable_rows(campaign)
    result.drafts = write_outputs(drafts, outputs, base=out) if outputs else []
    return result


_DATE_LINE = re.compile(rb"^Date: [^\r\n]*\r?\n", re.MULTILINE)


def _keep_date(path: Path, data: bytes) -> bytes:
    """The draft as it stands when only its ``Date:`` differs: a draft changes only with its
    content, so writing the drafts again leaves every unchanged one as it was."""
    try:
        old, _ = read_limited_stat(path, len(data) + 200, follow_links=False)
    except OSError:
        return data
    same = _DATE_LINE.sub(b"", old, count=1) == _DATE_LINE.sub(b"", data, count=1)
    return old if same else data


class RateLimit:
    """At most ``per_minute`` transactions a minute, evenly spaced."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 60.0 / max(per_minute, 1)
        self.clock, self.sleep = clock, sleep
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None:
            delay = self.last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self.last = self.clock()


def dated(message: EmailMessage) -> EmailMessage:
    """``message`` with a ``Date:`` header of this moment (a draft when it was written, a sent
    mail when it was sent), in local time as mail programs show it."""
    del message["Date"]
    message["Date"] = format_datetime(clock_now().astimezone())
    return message


def _wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent: stamped with the current date, without its Bcc header; a
    :class:`HeaderRefused` if its headers would not say what was set."""
    from email import policy

    wire = dated(stable_boundaries(copy.deepcopy(message)))
    del wire["Bcc"]
    return message_bytes(wire, policy.SMTP)


def _attempt(
    transport: Transport,
    ledger: Ledger,
    sender: str,
    mail: Mail,
    targets: list[Target],
    recorder: Recorder | None = None,
) -> dict[str, Answer]:
    by_address = {t.address: t for t in targets}
    message_id = str(mail.message["Message-ID"])
    told: list[bool] = []

    def before_commit(accepted: list[str]) -> None:
        if recorder is not None and accepted:  # first the recorder: a crash between the two
            recorder.pending(mail)  # leaves a mail counted that never left, not the reverse
            told.append(True)
        ledger.record("pending", [by_address[a].key for a in accepted], message_id)

    try:
        data = _wire_bytes(mail.message)
    except HeaderRefused as refused:
        return {a: Answer("skipped", None, refused.message) for a in by_address}
    answers = transport.send(sender, list(by_address), data, before_commit)
    for state in ("sent", "refused", "deferred"):
        done = [by_address[a].key for a, ans in answers.items() if ans.state == state]
        if done:
            first = next(ans for a, ans in answers.items() if ans.state == state)
            ledger.record(state, done, message_id, first.code, first.reason)
    states = {ans.state for ans in answers.values()}
    if recorder is not None and told and states:
        if "sent" in states:
            recorder.answered(mail, True)
        elif states <= {"refused", "deferred"}:
            recorder.answered(mail, False)  # unclear or aborted ones stay pending: never again
    return answers


def deliver(
    ws: Workspace,
    campaign: Campaign,
    limit: int | None = None,
    resend_unclear: bool = False,
    retry_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
) -> Result:
    """Send what the ledger does not have yet; see the module docstring. ``progress`` is told
    after each mail of the first round how many of how many are through."""
    settings = ws.config.smtp
    if settings is None:
        raise ConfigError(
            "In config.yaml fehlt der Block smtp; nichts wurde versandt",
            "smtp: {host: …, port: 587, starttls: true, sender: …} eintragen (siehe docs/format.md)",
        )
    sender = sender_address(ws).addr_spec
    result = Result(campaign.name, True, notes=[*campaign.notes, *_unreachable_notes(campaign)])
    with contextlib.ExitStack() as stack:
        ledger = stack.enter_context(open_ledger(ws.root, campaign.name))
        ledger.begin(campaign.fingerprint, campaign.restart_hint)
        result.ledger = ledger.path
        result.rows = _earlier_rows(campaign, ledger, resend_unclear)
        todo, later = _plan(campaign, ledger, limit, resend_unclear)
        final: dict[str, Row] = {}
        if todo:
            recorder = stack.enter_context(campaign.recorder()) if campaign.recorder else None
            final, result.stopped = _send_rounds(
                settings, ledger, sender, todo, retry_wait, sleep, recorder, progress
            )
        for mail, targets in todo:
            result.rows += [
                final.get(t.key, Row(t.label, t.address, "aborted", "", mail.kind)) for t in targets
            ]
    result.rows += later + _unreachable_rows(campaign)
    return result


def _send_rounds(
    settings: Smtp,
    ledger: Ledger,
    sender: str,
    todo: list[tuple[Mail, list[Target]]],
    retry_wait: float,
    sleep: Callable[[float], None],
    recorder: Recorder | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, Row], str]:
    rate = RateLimit(settings.per_minute, sleep=sleep)
    final: dict[str, Row] = {}
    queue = todo
    through = 0
    with Transport(settings) as transport:
        for round_no in range(RETRY_ROUNDS + 1):
            deferred: list[tuple[Mail, list[Target]]] = []
            for mail, targets in queue:
                if transport.stopped:
                    return final, transport.stopped
                rate.wait()
                answers = _attempt(transport, ledger, sender, mail, targets, recorder)
                again = []
                for t in targets:
                    ans = answers.get(t.address, Answer("aborted"))
                    detail = f"{ans.code} {ans.reason}".strip() if ans.code else ans.reason
                    final[t.key] = Row(t.label, t.address, ans.state, detail, mail.kind)
                    if ans.state == "deferred":
                        again.append(t)
                if again:
                    deferred.append((mail, again))
                if progress is not None and round_no == 0:
                    through += 1
                    progress(through, len(todo))
            if transport.stopped:
                return final, transport.stopped
            if not deferred or round_no == RETRY_ROUNDS:
                break
            sleep(retry_wait)
            queue = deferred
    return final, ""

"""SMTP as the send ledger needs it: one transaction per message, with a hook before commit.

The message is committed when the server receives the final ``.`` of
``DATA``. :meth:`Transport.send` therefore sends the body, calls
``before_commit`` (the ledger writes ``pending``), and only then sends the
dot and reads the answer. A connection lost before the dot loses nothing
(the server discards the message); lost after it, the outcome is unclear.
STARTTLS where configured, implicit TLS on port 465; the password comes only
from the environment variable ``MERZIG_SMTP_PASSWORD`` and is never sent over
an unencrypted connection to another machine.

Only a recipient's own answer is final for that recipient: a refusal (5xx)
to ``RCPT TO`` or to the message. A refusal of the sender (``MAIL FROM``) or
of ``DATA`` is the server's problem and stops the run with every recipient
still open; an answer without a valid code stops it as well, and after the
final dot it leaves the message *unclear* (never sent again on its own).
Each message has one deadline (:data:`MESSAGE_SECONDS`) for all its reads
and writes (:mod:`.smtpclient`).
"""

from __future__ import annotations

import contextlib
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from ..core.errors import ConfigError, UserError
from ..schema.config import Smtp
from .smtpclient import TimedSMTP, TimedSMTPSSL

PASSWORD_ENV = "MERZIG_SMTP_PASSWORD"
TIMEOUT_SECONDS = 60.0  # connecting, greeting, STARTTLS and login together
MESSAGE_SECONDS = 120.0  # one message, from MAIL FROM to the answer after the final dot
QUIT_SECONDS = 5.0
IMPLICIT_TLS_PORT = 465
LOOPBACK = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Answer:
    """What became of one recipient in one attempt."""

    state: str  # sent | refused | deferred | unclear | aborted | skipped
    code: int | None = None
    reason: str = ""


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _by_code(code: int, reply: bytes | str) -> Answer:
    if 200 <= code < 300:
        return Answer("sent", code, _text(reply))
    return Answer("refused" if 500 <= code < 600 else "deferred", code, _text(reply))


def _final(code: int) -> bool:
    """A recipient's own answer: accepted, refused for now (4xx) or for good (5xx).

    421 (the server closes) and a reply without a valid code are no answer about anyone."""
    return 200 <= code < 600 and code != 421


def _said(code: int, reply: bytes | str) -> str:
    text = _text(reply)[:200]
    if code < 0:
        return f"keine gültige Antwort („{text}“)" if text else "keine gültige Antwort"
    return f"{code} {text}".strip()


def dot_stuffed(data: bytes) -> bytes:
    """The message for DATA without its terminator: leading dots doubled, CRLF at the end."""
    data = re.sub(rb"(?m)^\.", b"..", data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class Transport:
    """An open SMTP connection; ``lost`` once the server hung up or said 421."""

    def __init__(self, settings: Smtp) -> None:
        self.settings = settings
        self.smtp: TimedSMTP | None = None
        self.lost = False
        self.problem = ""  # why the run stops although the connection still stands

    def __enter__(self) -> Transport:
        s = self.settings
        password = os.environ.get(PASSWORD_ENV)
        if s.user and not password:
            raise ConfigError(
                f"smtp.user ist gesetzt, aber die Umgebungsvariable {PASSWORD_ENV} fehlt; "
                "nichts wurde versandt",
                f"Das Passwort nur in der Umgebung angeben: export {PASSWORD_ENV}=…",
            )
        encrypted = s.starttls or s.port == IMPLICIT_TLS_PORT
        if s.user and not encrypted and s.host not in LOOPBACK:
            raise ConfigError(
                "Anmeldung am Mailserver ohne Verschlüsselung abgelehnt; nichts wurde versandt",
                "In config.yaml smtp.starttls: true setzen (Port 587) oder Port 465 verwenden",
            )
        where = f"{s.host}:{s.port}"
        try:
            seconds = TIMEOUT_SECONDS
            if s.port == IMPLICIT_TLS_PORT:
                self.smtp = TimedSMTPSSL(
                    s.host,
                    s.port,
                    timeout=seconds,
                    context=ssl.create_default_context(),
                    seconds=seconds,
                )
            else:
                self.smtp = TimedSMTP(s.host, s.port, timeout=seconds, seconds=seconds)
            self.smtp.ehlo()
            if s.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if s.user and password:
                self.smtp.login(s.user, password)
        except smtplib.SMTPNotSupportedError:
            self.close()
            raise ConfigError(
                f"Der Mailserver {where} bietet kein STARTTLS an; nichts wurde versandt",
                "Server-Einstellungen prüfen; ohne Verschlüsselung nur mit starttls: false",
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise UserError(
                f"Der Mailserver {where} hat die Anmeldung als „{s.user}“ abgelehnt "
                f"({exc.smtp_code}); nichts wurde versandt",
                f"smtp.user in config.yaml und die Variable {PASSWORD_ENV} prüfen",
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise UserError(
                f"Mailserver {where} nicht erreichbar: {_text(str(exc)) or type(exc).__name__}; "
                "nichts wurde versandt",
                "smtp.host und smtp.port in config.yaml prüfen; später erneut versuchen",
            ) from None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.smtp is not None and not self.lost:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.start(QUIT_SECONDS)
                self.smtp.quit()
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError):
                self.smtp.close()
            self.smtp = None

    def _reset(self) -> None:
        assert self.smtp is not None
        try:
            self.smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.lost = True

    @property
    def stopped(self) -> str:
        """Why no further message may go through this connection (German), or ""."""
        return self.problem or ("Verbindung zum Mailserver abgebrochen" if self.lost else "")

    def _lost(self, rcpts: list[str], state: str, exc: BaseException) -> dict[str, Answer]:
        self.lost = True
        reason = "Verbindung abgebrochen: " + (_text(str(exc)) or type(exc).__name__)
        return {r: Answer(state, None, reason) for r in rcpts}

    def _server_problem(self, step: str, code: int, reply: bytes) -> None:
        """Stop the run: the server refused ``step`` or gave no valid answer to it."""
        said = _said(code, reply)
        self.problem = f"Der Mailserver hat {step} nicht angenommen ({said}); alle noch offenen Empfänger bleiben offen"
        if code == 421 or code < 0:
            self.lost = True  # it hangs up, or it speaks no SMTP: the connection is not used again
        else:
            self._reset()

    def send(
        self,
        sender: str,
        rcpts: list[str],
        data: bytes,
        before_commit: Callable[[list[str]], None],
    ) -> dict[str, Answer]:
        """One SMTP transaction; ``before_commit(accepted)`` runs just before the final dot."""
        smtp = self.smtp
        if smtp is None or self.stopped:
            return {r: Answer("aborted", None, "keine Verbindung") for r in rcpts}
        smtp.start(MESSAGE_SECONDS)
        answers: dict[str, Answer] = {}
        try:
            code, reply = smtp.mail(sender)
            if code != 250:
                if _final(code) and code < 500:  # busy for now: every recipient again later
                    self._reset()
                    return {r: _by_code(code, reply) for r in rcpts}
                self._server_problem("den Absender (MAIL FROM)", code, reply)
                return {r: Answer("aborted", None, self.problem) for r in rcpts}
            accepted = []
            for rcpt in rcpts:
                code, reply = smtp.rcpt(rcpt)
                if code in (250, 251):
                    accepted.append(rcpt)
                elif _final(code):
                    answers[rcpt] = _by_code(code, reply)
                else:
                    self._server_problem(f"den Empfänger {rcpt}", code, reply)
                    rest = [r for r in rcpts if r not in answers]
                    return {**answers, **{r: Answer("aborted", None, self.problem) for r in rest}}
            if not accepted:
                self._reset()
                return answers
            code, reply = smtp.docmd("DATA")
            if code != 354:
                if _final(code) and code < 500:
                    self._reset()
                    return {**answers, **{r: _by_code(code, reply) for r in accepted}}
                self._server_problem("den Beginn der Mail (DATA)", code, reply)
                return {**answers, **{r: Answer("aborted", None, self.problem) for r in accepted}}
            # Inside DATA nothing but the message may be sent: until the answer has been read,
            # an interruption (Ctrl-C, a full disk) must hang up, never say QUIT.
            self.lost = True
            smtp.send(dot_stuffed(data))
        except (OSError, smtplib.SMTPException) as exc:
            return {**answers, **self._lost([r for r in rcpts if r not in answers], "aborted", exc)}
        before_commit(accepted)  # the ledger says "pending" before the server can accept
        try:
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            return {**answers, **self._lost(accepted, "unclear", exc)}
        if not 200 <= code < 600:  # no valid answer: the server may have taken the message
            self.problem = (
                f"Der Mailserver gab nach der Mail {_said(code, reply)}; ob sie angekommen ist, "
                "ist unklar"
            )
            return {**answers, **{r: Answer("unclear", None, _said(code, reply)) for r in accepted}}
        self.lost = code == 421
        return {**answers, **{r: _by_code(code, reply) for r in accepted}}

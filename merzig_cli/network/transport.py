"""SMTP as the send ledger needs it: one transaction per message, with a hook before commit.

The message is committed when the server receives the final ``.`` of
``DATA``. :meth:`Transport.send` therefore sends the body, calls
``before_commit`` (the ledger writes ``pending``), and only then sends the
dot and reads the answer. A connection lost before the dot loses nothing
(the server discards the message); lost after it, the outcome is unclear.
STARTTLS where configured, implicit TLS on port 465; the password comes only
from the environment variable ``MERZIG_SMTP_PASSWORD`` and is never sent over
an unencrypted connection to another machine.
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

PASSWORD_ENV = "MERZIG_SMTP_PASSWORD"
TIMEOUT_SECONDS = 60.0
IMPLICIT_TLS_PORT = 465
LOOPBACK = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Answer:
    """What became of one recipient in one attempt."""

    state: str  # sent | refused | deferred | unclear | aborted
    code: int | None = None
    reason: str = ""


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _by_code(code: int, reply: bytes | str) -> Answer:
    if 200 <= code < 300:
        return Answer("sent", code, _text(reply))
    return Answer("refused" if 500 <= code < 600 else "deferred", code, _text(reply))


def dot_stuffed(data: bytes) -> bytes:
    """The message for DATA without its terminator: leading dots doubled, CRLF at the end."""
    data = re.sub(rb"(?m)^\.", b"..", data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class Transport:
    """An open SMTP connection; ``lost`` once the server hung up or said 421."""

    def __init__(self, settings: Smtp) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.lost = False

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
            if s.port == IMPLICIT_TLS_PORT:
                self.smtp = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
                )
            else:
                self.smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)
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

    def _lost(self, rcpts: list[str], state: str, exc: BaseException) -> dict[str, Answer]:
        self.lost = True
        reason = "Verbindung abgebrochen: " + (_text(str(exc)) or type(exc).__name__)
        return {r: Answer(state, None, reason) for r in rcpts}

    def send(
        self,
        sender: str,
        rcpts: list[str],
        data: bytes,
        before_commit: Callable[[list[str]], None],
    ) -> dict[str, Answer]:
        """One SMTP transaction; ``before_commit(accepted)`` runs just before the final dot."""
        smtp = self.smtp
        if smtp is None or self.lost:
            return {r: Answer("aborted", None, "keine Verbindung") for r in rcpts}
        answers: dict[str, Answer] = {}
        try:
            code, reply = smtp.mail(sender)
            if code != 250:
                self.lost = code == 421
                self._reset()
                return {r: _by_code(code, reply) for r in rcpts}
            accepted = []
            for rcpt in rcpts:
                code, reply = smtp.rcpt(rcpt)
                if code in (250, 251):
                    accepted.append(rcpt)
                else:
                    answers[rcpt] = _by_code(code, reply)
                    self.lost = self.lost or code == 421
            if not accepted or self.lost:
                self._reset()
                return {**answers, **{r: Answer("aborted") for r in accepted}}
            code, reply = smtp.docmd("DATA")
            if code != 354:
                self.lost = code == 421
                self._reset()
                return {**answers, **{r: _by_code(code, reply) for r in accepted}}
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
        self.lost = code == 421
        return {**answers, **{r: _by_code(code, reply) for r in accepted}}

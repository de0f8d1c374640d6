"""``smtplib`` with one deadline for a whole exchange and strict reading of replies.

``smtplib`` waits up to its timeout for each read, so a server that keeps
sending (an endless ``250-`` continuation, one byte every few seconds) holds
a run, and the lock of its campaign, for ever. Here every exchange (the
greeting up to the login, then each message) has a :attr:`TimedSMTP.deadline`:
every read and write waits only for the time that is left, and a reply is
at most :data:`MAX_REPLY_LINES` lines. A reply line counts only with a code
from 200 to 599 followed by a space, a hyphen or the line end, the same code
on every line; anything else is code ``-1`` (no valid answer).
"""

from __future__ import annotations

import math
import re
import smtplib
import socket
import time
from typing import Any

MAX_LINE = 8192  # smtplib's own limit for one reply line
MAX_REPLY_LINES = 100  # an EHLO answer has a dozen
INVALID = -1
_CODE = re.compile(rb"([2-5][0-9][0-9])([ -]|\r?\n|$)")


class TimedSMTP(smtplib.SMTP):
    """An SMTP connection whose reads and writes all end by :attr:`deadline`."""

    def __init__(self, *args: Any, seconds: float, **kwargs: Any) -> None:
        self.deadline = time.monotonic() + seconds
        self._buffer = b""
        self._buffered: object = None  # the socket the buffer was read from
        super().__init__(*args, **kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> Any:
        """The connection, with each write sent at once (no Nagle delay).

        A message goes out as two writes, its text and then, after the ledger has written
        "pending", the final dot. The server acknowledges the text only with its answer to
        the dot, so Nagle's algorithm held the dot back until the server's delayed
        acknowledgement came: 40 ms and more for every message (measured on Linux).
        """
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def start(self, seconds: float) -> None:
        """A new deadline, ``seconds`` from now, for the next exchange."""
        self.deadline = time.monotonic() + seconds

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or math.isnan(left):
            self.close()
            raise smtplib.SMTPServerDisconnected(
                "Zeitlimit überschritten: der Mailserver antwortet nicht rechtzeitig"
            )
        return left

    def send(self, s: Any) -> None:
        if self.sock:
            self.sock.settimeout(self._left())
        super().send(s)

    def _line(self) -> bytes:
        if self._buffered is not self.sock:  # a new connection (STARTTLS): nothing carries over
            self._buffer, self._buffered = b"", self.sock
        while True:
            end = self._buffer.find(b"\n", 0, MAX_LINE + 1)
            if end >= 0:
                line, self._buffer = self._buffer[: end + 1], self._buffer[end + 1 :]
                return line
            if len(self._buffer) > MAX_LINE:
                self.close()
                raise smtplib.SMTPResponseException(500, "Line too long.")
            if self.sock is None:
                raise smtplib.SMTPServerDisconnected("please run connect() first")
            self.sock.settimeout(self._left())
            try:
                chunk = self.sock.recv(MAX_LINE + 1)
            except TimeoutError:
                self.close()
                raise smtplib.SMTPServerDisconnected(
                    "Zeitlimit überschritten: der Mailserver antwortet nicht rechtzeitig"
                ) from None
            except OSError as exc:
                self.close()
                raise smtplib.SMTPServerDisconnected(f"Verbindung abgebrochen: {exc}") from None
            if not chunk:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            self._buffer += chunk

    def getreply(self) -> tuple[int, bytes]:
        lines: list[bytes] = []
        code = INVALID
        for _ in range(MAX_REPLY_LINES):
            line = self._line()
            match = _CODE.match(line)
            lines.append(line[4:].strip(b" \t\r\n"))
            if match is None or (lines[1:] and int(match.group(1)) != code):
                return INVALID, b"\n".join(lines)  # not an SMTP reply: nothing more is read
            code = int(match.group(1))
            if match.group(2) != b"-":
                return code, b"\n".join(lines)
        self.close()
        raise smtplib.SMTPServerDisconnected(
            f"Antwort des Mailservers länger als {MAX_REPLY_LINES} Zeilen"
        )


class TimedSMTPSSL(TimedSMTP, smtplib.SMTP_SSL):
    """The same over implicit TLS (port 465)."""

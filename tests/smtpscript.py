"""A misbehaving SMTP server on 127.0.0.1: a plain socket in a thread that answers from a script.

aiosmtpd (tests/mailserver.py) always speaks correct SMTP; this one answers each
command with whatever the test scripts: a line without a valid code, an
endless ``250-`` continuation, a refusal, or a hang-up. Every loop is bounded:
the server stops by itself after :data:`LIFETIME` seconds even if a test forgets
to stop it, and an endless reply ends when the client leaves.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

LIFETIME = 60.0  # seconds a server lives at most
ENDLESS = b"<endless>"  # reply: a "250-…" line every 50 ms until the client hangs up
DRIP = b"<drip>"  # reply: "250 " and then one byte every 50 ms, never a line end
DROP = b"<drop>"  # reply: hang up without a word
DEFAULT = {
    "EHLO": b"250-localhost\r\n250 8BITMIME\r\n",
    "HELO": b"250 localhost\r\n",
    "MAIL": b"250 2.1.0 OK\r\n",
    "RCPT": b"250 2.1.5 OK\r\n",
    "DATA": b"354 Ende mit <CRLF>.<CRLF>\r\n",
    ".": b"250 2.0.0 angenommen\r\n",
    "RSET": b"250 OK\r\n",
    "NOOP": b"250 OK\r\n",
    "QUIT": b"221 Tschuess\r\n",
}


@dataclass
class Message:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class Script:
    """Replies by command ("MAIL", "RCPT", "DATA", "." for the end of a message, …): each
    list is used up front to back, then the default answers; ``rcpt`` by address."""

    replies: dict[str, list[bytes]] = field(default_factory=dict)
    rcpt: dict[str, bytes] = field(default_factory=dict)
    received: list[Message] = field(default_factory=list)  # every message up to its final dot
    commands: list[str] = field(default_factory=list)
    sessions: int = 0

    def reply(self, verb: str, argument: str) -> bytes:
        if verb == "RCPT":
            address = argument.partition("<")[2].partition(">")[0].lower()
            if address in self.rcpt:
                return self.rcpt[address]
        queue = self.replies.get(verb)
        if queue:
            return queue.pop(0)
        return DEFAULT.get(verb, b"502 5.5.2 unbekannt\r\n")

    def by_address(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.received:
            for address in m.rcpt_tos:
                counts[address.lower()] = counts.get(address.lower(), 0) + 1
        return counts


class _Session:
    def __init__(self, conn: socket.socket, script: Script, stop: threading.Event, end: float):
        self.conn, self.script, self.stop, self.end = conn, script, stop, end
        self.buffer = b""

    def alive(self) -> bool:
        return not self.stop.is_set() and time.monotonic() < self.end

    def left(self) -> bool:
        """Wait 50 ms for the client; True if it hung up meanwhile (what it sends is kept)."""
        ready, _, _ = select.select([self.conn], [], [], 0.05)
        if not ready:
            return False
        try:
            chunk = self.conn.recv(65536)
        except OSError:
            return True
        self.buffer += chunk
        return not chunk

    def line(self) -> bytes | None:
        while b"\n" not in self.buffer:
            if not self.alive():
                return None
            try:
                chunk = self.conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line + b"\n"

    def say(self, reply: bytes) -> bool:
        """Send ``reply``; False once the connection is to end."""
        if reply == DROP:
            return False
        if reply in (ENDLESS, DRIP):
            chunk = b"250-und noch eine Zeile\r\n" if reply == ENDLESS else b"x"
            if reply == DRIP:
                self.conn.sendall(b"250 ")
            while self.alive():  # every read of the client is answered in time
                try:
                    self.conn.sendall(chunk)
                except OSError:  # the client gave up: done
                    return False
                if self.left():  # the client hung up: the next connection is served at once
                    return False
            return False
        try:
            self.conn.settimeout(5.0)  # a slow reader still gets the whole reply
            self.conn.sendall(reply)
        except OSError:
            return False
        finally:
            with contextlib.suppress(OSError):
                self.conn.settimeout(0.1)
        return True

    def run(self) -> None:
        if not self.say(b"220 localhost ESMTP Testserver\r\n"):
            return
        mail_from, rcpts = "", list[str]()
        while (line := self.line()) is not None:
            text = line.decode("utf-8", "replace").strip()
            verb, _, argument = text.partition(" ")
            verb = verb.upper()
            self.script.commands.append(verb)
            if verb == "MAIL":
                mail_from, rcpts = argument, []
            elif verb == "RCPT":
                reply = self.script.reply(verb, argument)
                if reply.startswith(b"25"):
                    rcpts.append(argument.partition("<")[2].partition(">")[0])
                if not self.say(reply):
                    return
                continue
            elif verb == "DATA":
                reply = self.script.reply(verb, argument)
                if not self.say(reply):
                    return
                if reply.startswith(b"354"):
                    data = self.message()
                    if data is None:
                        return
                    self.script.received.append(Message(mail_from, list(rcpts), data))
                    if not self.say(self.script.reply(".", "")):
                        return
                continue
            reply = self.script.reply(verb, argument)
            if not self.say(reply) or verb == "QUIT":
                return

    def message(self) -> bytes | None:
        lines: list[bytes] = []
        while (line := self.line()) is not None:
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)
        return None


@dataclass
class Server:
    script: Script
    port: int


@contextlib.contextmanager
def scripted_server(script: Script | None = None) -> Iterator[Server]:
    """A server on 127.0.0.1 that answers from ``script``, one connection at a time."""
    script = script or Script()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.1)
    stop = threading.Event()
    end = time.monotonic() + LIFETIME

    def serve() -> None:
        while not stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.1)
                script.sessions += 1
                _Session(conn, script, stop, end).run()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield Server(script, int(listener.getsockname()[1]))
    finally:
        stop.set()
        with contextlib.suppress(OSError):  # wakes a waiting accept() at once (Linux)
            listener.shutdown(socket.SHUT_RDWR)
        thread.join(timeout=10)
        listener.close()

"""A real SMTP server on localhost (aiosmtpd) that can refuse, hang up and be slow, and a
small network workspace whose config.yaml points at it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import subprocess
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import conftest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from merzig_cli.workspace.loader import Workspace, load_workspace

BASE_CONFIG = conftest.CONFIG.replace("{", "{{").replace("}", "}}")


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """What the server does; change the attributes between runs to script its behaviour."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: dict[str, str] = field(default_factory=dict)  # address -> reply, e.g. 550 …
    data_replies: list[str] = field(default_factory=list)  # replies for the next DATA commands
    drop_at_mail: int | None = None  # hang up at the n-th MAIL FROM of the server's life
    drop_after_data: int | None = None  # keep the n-th message, then hang up without answering
    delay: float = 0.0  # seconds between receiving a message and answering 250
    mails: int = 0
    mail_at: list[float] = field(default_factory=list)  # when each MAIL FROM came (monotonic)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.mails += 1
        self.mail_at.append(time.monotonic())
        if self.drop_at_mail == self.mails:
            server.transport.close()
            return "421 4.3.0 Verbindung beendet"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        reply = self.rcpt_replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_replies:
            return self.data_replies.pop(0)
        tls = session.ssl is not None
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, tls)
        )
        if self.drop_after_data == len(self.received):
            server.transport.close()
            return "250 OK"
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 angenommen"

    def by_address(self) -> dict[str, int]:
        """How often each address received a message."""
        counts: dict[str, int] = {}
        for r in self.received:
            for address in r.rcpt_tos:
                counts[address.lower()] = counts.get(address.lower(), 0) + 1
        return counts


def _authenticate(handler: Handler) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            handler.logins.append((data.login.decode(), data.password.decode()))
            return AuthResult(success=data.password == b"geheim-123", handled=False)
        return AuthResult(success=False, handled=False)

    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    handler: Handler
    port: int


@contextlib.contextmanager
def running_server(tls: tuple[Path, Path] | None = None) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1; with ``tls`` (cert, key) it requires STARTTLS and AUTH."""
    handler = Handler()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        kwargs = {
            "tls_context": context,
            "require_starttls": True,
            "authenticator": _authenticate(handler),
            "auth_required": True,
        }
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield Server(handler, port)
    finally:
        controller.stop()


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (openssl), to trust via SSL_CERT_FILE."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


CONFIG = (
    BASE_CONFIG
    + """\
smtp:
  host: {host}
  port: {port}
  starttls: {starttls}
  sender: integration@example.org
  per_minute: {per_minute}
{user}"""
)

TAXONOMY = """\
topics:
  - id: work
    label: {de: Arbeit und Beruf}
  - id: recognition
    label: {de: Anerkennung ausländischer Abschlüsse}
    parent: work
  - id: language
    label: {de: Deutsch lernen}
target_groups:
  - id: refugees
    label: {de: Geflüchtete}
  - id: employers
    label: {de: Arbeitgeber}
categories:
  - id: counselling
    label: {de: Beratung}
"""

ACTOR = """\
# Steckbrief {id}
id: {id}
name: {name}
category: counselling
level: district
summary: Beratung im Netzwerk.
topics: [{topic}]
target_groups: [refugees]
languages: [de]
email: info@{id}.example.org
contacts:
{contacts}
network:
  lists: [{lists}]
publish: true
reviewed: {reviewed}
"""


def contact(ident: str, name: str, email: str | None) -> str:
    line = f"  - id: {ident}\n    name: {name}\n"
    return line + (f"    email: {email}\n" if email else '    phone: "+49 6861 000-1"\n')


def network_ws(
    root: Path,
    port: int,
    actors: int = 4,
    per_minute: int = 10000,
    starttls: bool = False,
    user: str | None = None,
    host: str = "127.0.0.1",
) -> Path:
    """A workspace of ``actors`` actors, two contact persons each, all on the list "alle";
    the second contact person of the last actor has no e-mail address."""
    files = {
        "config.yaml": CONFIG.format(
            host=host,
            port=port,
            starttls="true" if starttls else "false",
            per_minute=per_minute,
            user=f"  user: {user}\n" if user else "",
        ),
        "taxonomy.yaml": TAXONOMY,
    }
    for n in range(1, actors + 1):
        ident = f"akteur-{n}"
        people = contact("a", f"Anna Muster{n}", f"anna{n}@example.org")
        last = n == actors
        people += contact("b", f"Bernd Beispiel{n}", None if last else f"bernd{n}@example.org")
        files[f"actors/{ident}.yaml"] = ACTOR.format(
            id=ident,
            name=f"Beratungsstelle {n}",
            topic="recognition" if n % 2 else "language",
            contacts=people.rstrip("\n"),
            lists="alle, sprache" if n % 2 == 0 else "alle",
            reviewed="2026-10-01",
        )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def addresses(actors: int = 4) -> set[str]:
    """Every address network_ws gives an e-mail address to."""
    found = {f"anna{n}@example.org" for n in range(1, actors + 1)}
    return found | {f"bernd{n}@example.org" for n in range(1, actors)}


def load(root: Path, kinds: set[str] | None = None) -> Workspace:
    return load_workspace(root, kinds=kinds or {"actor"})


def wait_for(condition: Any, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)

"""Mails as the office writes them: rendered from templates, plain text with an HTML twin.

Every mail has the office as sender, a German text part and an HTML
alternative rendered from the same template pair (``templates/mail/<name>
.txt.j2`` and ``.html.j2``; a workspace overrides either in its own
``templates/mail/``). Its ``Message-ID`` is derived from the campaign and the
recipient, so the same mail keeps the same id in a draft, a first attempt and
a retry. Values from Steckbriefe are untrusted: headers get them on one line,
HTML escaped, Markdown only through the sanitiser.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.errors import ConfigError, UserError
from ..core.files import read_text_or_refuse
from ..documents.jinja import environment, get_template, long_date, render
from ..documents.sanitize import markdown_to_html, web_url
from ..workspace.loader import Workspace
from .headers import header_text
from .recipients import clean_address

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class Target:
    """One address a mail goes to, under its key in the send ledger."""

    key: str
    address: str
    label: str


@dataclass
class Mail:
    """One message and the addresses it goes to (one, or many in BCC)."""

    name: str  # file name stem of its draft
    targets: list[Target]
    message: EmailMessage
    kind: str = ""
    items: int = 0  # what the mail is about (referrals, steps), for the summary


class Recorder(Protocol):
    """A record kept beside the ledger while a campaign is sent (the reminder memory): told
    about a mail just before the server can accept it, and about the server's answer."""

    def pending(self, mail: Mail) -> None: ...

    def answered(self, mail: Mail, accepted: bool) -> None: ...


@dataclass
class Campaign:
    """Everything one command would send, under one name (the ledger's file name)."""

    name: str
    subject: str
    mails: list[Mail]
    unreachable: list[Any] = field(default_factory=list)
    fingerprint: str = ""  # content the campaign was started with; "" = not checked
    notes: list[str] = field(default_factory=list)
    # opened (and locked) for the time of sending; drafts never open it
    recorder: Callable[[], AbstractContextManager[Recorder]] | None = None
    # what to do when the ledger was begun with another content (default: a new --campaign)
    restart_hint: str | None = None


def sender_address(ws: Workspace) -> Address:
    """The office as sender: smtp.sender, else office.email; a German error if neither."""
    smtp = ws.config.smtp
    address = clean_address(smtp.sender if smtp else None) or clean_address(ws.config.office.email)
    if address is None:
        raise ConfigError(
            "Absender fehlt: weder smtp.sender noch office.email in config.yaml ist eine "
            "gültige E-Mail-Adresse",
            "In config.yaml office.email (oder smtp.sender) eintragen",
        )
    name = header_text(
        ws.config.office.name, "Der Name der Anlaufstelle (office.name)", ConfigError
    )
    return Address(display_name=name, addr_spec=address)


def message_id(campaign: str, key: str, domain: str) -> str:
    """A Message-ID that is the same for the same campaign and recipient, run after run."""
    digest = hashlib.sha256(f"{campaign}\0{key}".encode()).hexdigest()[:32]
    return f"<{digest}.{campaign[:40]}@{domain}>"


@functools.lru_cache(maxsize=8)
def mail_environment(root: Path) -> Environment:
    """Jinja over the workspace's then the packaged templates; ``.txt.j2`` is not escaped.

    One environment per workspace and process, so a campaign of a thousand mails compiles
    each template once (Jinja still notices a template file that changes).
    """
    env = environment(root)
    env.autoescape = lambda name: not (name or "").endswith(".txt.j2")
    return env


def office_context(ws: Workspace) -> dict[str, Any]:
    office = ws.config.office
    return {
        "municipality": ws.config.municipality,
        "office": {
            "name": office.name,
            "email": clean_address(office.email),
            "phone": office.phone,
            "address": office.address.one_line() if office.address else None,
            "website": web_url(office.website),
        },
    }


def render_pair(ws: Workspace, name: str, context: dict[str, Any]) -> tuple[str, str]:
    """(text, HTML) of ``templates/mail/<name>``, with the office and date helpers at hand."""
    env = mail_environment(ws.root)
    full = {
        **office_context(ws),
        "long_date": lambda d: long_date(d, "de"),
        "greeting": True,  # the tool's „Guten Tag …,“
        "closing": True,  # the tool's „Mit freundlichen Grüßen“
        **context,
    }
    text = render(get_template(env, f"mail/{name}.txt.j2"), full)
    html = render(get_template(env, f"mail/{name}.html.j2"), full)
    return text, html


_MARKUP = "*_>#~ \t"
OWN_GREETING = re.compile(
    r"(liebe[rs]?|sehr geehrte[rs]?|hallo|guten (tag|morgen|abend)|moin|servus|grüß gott)\b",
    re.IGNORECASE,
)
OWN_CLOSING = re.compile(
    r"((viele|beste|herzliche|freundliche|liebe|schöne|kollegiale|sonnige) grüße"
    r"|mit (den )?(besten|freundlichen|herzlichen|kollegialen|lieben|vielen) grüßen"
    r"|(mit )?(freundlichem|herzlichem|bestem) gruß|mfg\b|gruß\b)",
    re.IGNORECASE,
)
CLOSING_LINES = 6  # a closing formula counts among the body's last lines


def own_salutation(body: str) -> tuple[bool, bool]:
    """(greeting, closing): whether a body opens with its own greeting („Liebe …“, „Sehr geehrte
    …“, „Hallo …“) and ends with its own closing („Viele Grüße“, „Mit freundlichen Grüßen“)."""
    lines = [line.strip(_MARKUP) for line in body.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return False, False
    greeting = bool(OWN_GREETING.match(lines[0]))
    closing = any(OWN_CLOSING.match(line) for line in lines[-CLOSING_LINES:])
    return greeting, closing


def markdown_parts(body: str, no_greeting: bool = False) -> dict[str, Any]:
    """A Markdown body as the templates take it: the source as text, clean HTML as markup; and
    whether the tool adds its greeting and closing (not when the body brings its own, nor with
    ``no_greeting``)."""
    from markupsafe import Markup

    greeting, closing = own_salutation(body)
    return {
        "body_text": body.strip(),
        "body_html": Markup(markdown_to_html(body)),
        "greeting": not (greeting or no_greeting),
        "closing": not (closing or no_greeting),
    }


def new_message(
    ws: Workspace,
    campaign: str,
    key: str,
    subject: str,
    parts: tuple[str, str],
    to: list[tuple[str, str]],
    bcc: list[str] | None = None,
) -> EmailMessage:
    """A mail from the office: ``to`` as (name, address), or the office itself with ``bcc``."""
    sender = sender_address(ws)
    msg = EmailMessage()
    msg["From"] = sender
    if bcc is not None:
        msg["To"] = sender
        msg["Bcc"] = ", ".join(bcc)
    else:
        msg["To"] = [
            Address(display_name=header_text(n, "Der Name eines Empfängers"), addr_spec=a)
            for n, a in to
        ]
    reply = clean_address(ws.config.office.email)
    if reply and reply.lower() != sender.addr_spec.lower():
        msg["Reply-To"] = Address(display_name=sender.display_name, addr_spec=reply)
    msg["Subject"] = header_text(subject, "Der Betreff")
    msg["Message-ID"] = message_id(campaign, key, sender.domain)
    text, html = parts
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg["Content-Language"] = "de"  # after the content: setting it clears Content-* headers
    return msg


def stable_boundaries(message: EmailMessage) -> EmailMessage:
    """Give every multipart a boundary derived from the Message-ID (same mail, same bytes)."""
    seed = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:24]
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_merzig_{seed}_{number}")
    return message


def read_body(path: Path) -> str:
    """The Markdown body of a round mail; a missing or unreadable file is a German error."""
    text = read_text_or_refuse(path)
    if not text.strip():
        raise UserError(f"„{path}“ ist leer: eine Rundmail braucht einen Text")
    return text

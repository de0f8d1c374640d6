"""Round mails to the network: one mail per contact person, or one in BCC, from a Markdown text.

The campaign's name (and so its send ledger) comes from the subject unless
``--campaign`` names it; the ledger remembers subject and text, so a re-run
with a changed text cannot quietly become a second mailing to the same
people.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..core.errors import UsageError
from ..core.text import fold
from ..workspace.loader import Workspace
from .compose import Campaign, Mail, Target, markdown_parts, new_message, read_body, render_pair
from .headers import header_text
from .ledger import check_name
from .recipients import Choice, Recipient, choose_actors, contact_pairs, recipients

BCC_CHUNK = 50  # recipients per BCC mail; many servers refuse more per message


def campaign_name(*parts: str) -> str:
    """A ledger name from words: „Einladung zum Treffen“ → einladung-zum-treffen."""
    text = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(parts))).strip("-")
    return text[:80].rstrip("-") or "rundmail"


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def draft_name(index: int, address: str) -> str:
    return f"{index:03d}-{re.sub(r'[^a-z0-9]+', '-', address.lower()).strip('-')}"


def mails_to(
    ws: Workspace,
    name: str,
    subject: str,
    template: str,
    people: list[Recipient],
    context: dict[str, object],
    bcc: bool = False,
) -> list[Mail]:
    """One mail per recipient, greeting the contact persons behind the address by name; or
    with ``bcc`` the same mail to everyone, the addresses in BCC (BCC_CHUNK per mail)."""
    if not bcc:
        mails = []
        for index, person in enumerate(people, start=1):
            parts = render_pair(ws, template, {**context, "names": person.names, "bcc": False})
            to = [(person.label, person.address)]
            message = new_message(ws, name, person.key, subject, parts, to)
            target = Target(person.key, person.address, person.label)
            mails.append(Mail(draft_name(index, person.address), [target], message))
        return mails
    parts = render_pair(ws, template, {**context, "names": [], "bcc": True})
    chunks = [people[start : start + BCC_CHUNK] for start in range(0, len(people), BCC_CHUNK)]
    return [
        Mail(
            f"bcc-{number:02d}",
            [Target(p.key, p.address, p.label) for p in chunk],
            # Each chunk is a message of its own, with its own Message-ID (from its recipients).
            new_message(
                ws, name, bcc_key(chunk), subject, parts, [], bcc=[p.address for p in chunk]
            ),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def bcc_key(chunk: list[Recipient]) -> str:
    """What a BCC mail's Message-ID is made from: the recipients it goes to."""
    return "bcc:" + ",".join(p.key for p in chunk)


def round_mail(
    ws: Workspace,
    subject: str,
    body: Path,
    choice: Choice,
    bcc: bool = False,
    campaign: str | None = None,
    no_greeting: bool = False,
) -> Campaign:
    """The round mail to the contact persons of the chosen actors."""
    text = read_body(body)
    subject = header_text(subject, "--subject", UsageError)
    if not subject:
        raise UsageError(
            "--subject darf nicht leer sein",
            'Einen Betreff angeben, z. B. --subject "Rundbrief Herbst"',
        )
    name = check_name(campaign) if campaign else campaign_name(subject)
    actors = choose_actors(ws, choice)
    people, missing = recipients(contact_pairs(actors))
    context = {"subject": subject, **markdown_parts(text, no_greeting)}
    return Campaign(
        name,
        subject,
        mails_to(ws, name, subject, "round", people, context, bcc),
        missing,
        fingerprint(subject, text),
    )

"""Who a mail goes to: the contact persons of the chosen actors, one mail per address.

A round mail is addressed to contact persons, not to organisations. Two
contact persons who share an address (an office's common mailbox) get one
mail. A contact person without a usable address is never dropped silently:
it is listed with the reason, so the office can phone instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.errors import UsageError
from ..core.mailaddress import ENCODED_WORD, address_problem, clean_address
from ..core.text import close_match, one_line
from ..directory.query import filter_actors, sort_actors
from ..schema.actor import Actor, Contact
from ..schema.config import taxonomy_id
from ..workspace.loader import Workspace


@dataclass
class Recipient:
    """One address and the contact persons behind it."""

    address: str
    names: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)  # "actor/contact"

    @property
    def key(self) -> str:
        return self.address.lower()

    @property
    def label(self) -> str:
        return ", ".join(self.names)


@dataclass(frozen=True)
class Unreachable:
    """A contact person (or actor) that cannot be mailed, and why (German)."""

    actor: str
    contact: str
    name: str
    reason: str


__all__ = ["clean_address"]  # the one definition of an address, for the exports as well


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot stand in a mail header (German), or None."""
    if ENCODED_WORD in name:
        return "Name enthält „=?“ (kodiertes Wort nach RFC 2047) – so nicht versandt"
    return None


def known_lists(ws: Workspace) -> list[str]:
    return sorted({name for a in ws.actors.values() for name in a.network.lists})


def _check_choice(value: str | None, known: Iterable[str], option: str) -> None:
    names = sorted(known)
    if value is not None and value not in names:
        close = close_match(value, names)
        hint = f"Meinten Sie „{close}“?" if close else "Bekannt: " + (", ".join(names) or "–")
        raise UsageError(f"{option} {value}: gibt es nicht", hint)


@dataclass(frozen=True)
class Choice:
    """Whom a mailing or an export is for: a distribution list, a topic, a target group, or all.

    ``list_name``, ``topic`` and ``group`` may be combined (all must match);
    ``everyone`` stands alone. No choice at all is a usage error, so that a
    forgotten option never mails the whole network.
    """

    list_name: str | None = None
    topic: str | None = None
    group: str | None = None
    everyone: bool = False

    @property
    def empty(self) -> bool:
        return not (self.list_name or self.topic or self.group or self.everyone)


def choose_actors(ws: Workspace, choice: Choice) -> list[Actor]:
    """The actors of ``choice``, in brochure order; unknown names are usage errors."""
    list_name, topic, group, everyone = (
        choice.list_name,
        choice.topic,
        choice.group,
        choice.everyone,
    )
    if everyone and (list_name or topic or group):
        raise UsageError("--all lässt sich nicht mit --list, --topic oder --group verbinden")
    if not (everyone or list_name or topic or group):
        raise UsageError(
            "Empfänger fehlen: --list NAME, --topic THEMA, --group ZIELGRUPPE oder --all angeben",
            "Verteiler stehen in den Steckbriefen unter network.lists",
        )
    _check_choice(list_name, known_lists(ws), "--list")
    if topic is not None:  # the German label works as well as the id ("Wohnen")
        topic = taxonomy_id(ws.taxonomy.topics, topic, "--topic")
    if group is not None:
        group = taxonomy_id(ws.taxonomy.target_groups, group, "--group")
    actors = filter_actors(ws, topic=topic, group=group)
    if list_name:
        actors = [a for a in actors if list_name in a.network.lists]
    return sort_actors(ws.taxonomy, actors)


def contact_pairs(actors: Iterable[Actor]) -> list[tuple[Actor, Contact]]:
    return [(a, c) for a in actors for c in a.contacts]


def recipients(pairs: Iterable[tuple[Actor, Contact]]) -> tuple[list[Recipient], list[Unreachable]]:
    """One recipient per distinct address (in the given order), and who has none."""
    found: dict[str, Recipient] = {}
    missing: list[Unreachable] = []
    for actor, contact in pairs:
        name = one_line(contact.name) or contact.id
        address = clean_address(contact.email)
        reason = no_address(contact.email) if address is None else name_problem(name)
        if reason or address is None:
            missing.append(Unreachable(actor.id, contact.id, name, reason or ""))
            continue
        entry = found.setdefault(address.lower(), Recipient(address))
        if name not in entry.names:
            entry.names.append(name)
        entry.contacts.append(f"{actor.id}/{contact.id}")
    return list(found.values()), missing


def no_address(value: str | None) -> str:
    """Why a contact cannot be mailed at ``value`` (German)."""
    problem = address_problem(value)
    return f"ungültige E-Mail-Adresse: {problem}" if value else "keine E-Mail-Adresse"


def actor_address(actor: Actor, contact: Contact | None = None) -> tuple[str | None, str, str]:
    """(address, name, why none) to write to about an actor: the named contact person, else
    its general contact person, else the actor's own mailbox."""
    for person in (contact, actor.general_contact):
        address = clean_address(person.email) if person is not None else None
        if person is not None and address:
            name = one_line(person.name)
            problem = name_problem(name)
            return (None, name, problem) if problem else (address, name, "")
    name = one_line(actor.name)
    problem = name_problem(name)
    if problem:
        return None, name, problem
    address = clean_address(actor.email)
    return address, name, "" if address else no_address(actor.email)

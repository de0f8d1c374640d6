"""Whom an answer names: the contact person at an actor, or the Anlaufstelle when nothing fits.

The Anlaufstelle is recognised by the e-mail address or the name in
``config.yaml``; its own Steckbrief routes, it is never a routing target.
"""

from __future__ import annotations

import datetime as dt

from ..core.text import fold
from ..schema.actor import Actor, Contact
from ..workspace.loader import Workspace
from .language import speaks
from .result import Fallback


def pick_contact(
    actor: Actor, topics: dict[str, float], lang: str | None, day: dt.date
) -> tuple[Contact | None, list[str]]:
    """The present contact who speaks the language, then whose responsibility fits best."""
    present = [c for c in actor.contacts if not c.is_absent(day)]
    if not present:
        return None, []

    def score(c: Contact) -> tuple[bool, float]:
        s = sum(topics.get(t, 0.0) for t in c.topics) + (0.1 if c.is_general else 0.0)
        return (bool(lang) and speaks(c, lang or ""), s)

    best = max(present, key=score)
    return best, [t for t in best.topics if t in topics]


def is_office(actor: Actor, ws: Workspace) -> bool:
    """The Anlaufstelle's own Steckbrief: it routes, it is not a routing target."""
    office = ws.config.office
    if office.email and actor.email and fold(office.email) == fold(actor.email):
        return True
    return bool(office.name) and fold(actor.name).startswith(fold(office.name))


def office_fallback(ws: Workspace, day: dt.date) -> Fallback:
    """The Anlaufstelle from ``config.yaml``, for questions nothing fits.

    A workspace need not have a Steckbrief of the office; if it has one, its
    present general contact person is named too.
    """
    office = ws.config.office
    actor = next((a for a in ws.actors.values() if is_office(a, ws)), None)
    contact = None
    if actor is not None:
        present = [c for c in actor.contacts if not c.is_absent(day)]
        contact = next((c for c in present if c.is_general), present[0] if present else None)
    return Fallback(
        name=office.name,
        email=office.email or (actor.email if actor else None),
        phone=office.phone or (actor.phone if actor else None),
        actor=actor,
        contact=contact,
    )

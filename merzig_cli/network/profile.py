"""An actor's whole Steckbrief as a readable HTML document, to send to the actor for checking.

Everything the file holds about the actor, in German and with labels
instead of ids, so that the contact person can check it without knowing
YAML. It is made from untrusted text: the description goes through the
Markdown sanitiser, links keep only safe schemes, and every other value is
escaped by the template. The document has no script and loads nothing.
"""

from __future__ import annotations

from typing import Any

from ..core.languages import language_name
from ..core.vocab import LEVELS
from ..documents.jinja import get_template, long_date, render
from ..documents.sanitize import mailto, markdown_to_html, web_url
from ..schema.actor import Actor
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from .compose import mail_environment, office_context


def _labels(ids: list[str], entries: dict[str, Any]) -> list[str]:
    return [pick_label(entries[i].label, "de") if i in entries else i for i in ids]


def profile_context(ws: Workspace, actor: Actor) -> dict[str, Any]:
    """The record with labels, names and cleaned text, as the template shows it."""
    from markupsafe import Markup

    tax = ws.taxonomy
    return {
        "actor": actor,
        "category": _labels([actor.category], tax.categories)[0] if actor.category else "",
        "level": LEVELS.get(actor.level, actor.level),
        "topics": _labels(actor.topics, tax.topics),
        "groups": _labels(actor.target_groups, tax.target_groups),
        "languages": [language_name(code) for code in actor.languages],
        "description": Markup(markdown_to_html(actor.description)),
        "address": actor.address.one_line() if actor.address else None,
        "website": web_url(actor.website),
        "mailto": mailto(actor.email),
        "offers": [
            {
                "offer": o,
                "topics": _labels(o.topics, tax.topics),
                "groups": _labels(o.target_groups, tax.target_groups),
            }
            for o in actor.offers
        ],
        "contacts": [
            {
                "contact": c,
                "mailto": mailto(c.email),
                "topics": _labels(c.topics, tax.topics),
                "languages": [language_name(code) for code in c.languages],
                "absent": [
                    f"{long_date(a.start, 'de')} bis {long_date(a.end, 'de')}" for a in c.absent
                ],
            }
            for c in actor.contacts
        ],
        "reviewed": long_date(actor.reviewed, "de") if actor.reviewed else "noch nie",
        "translations": sorted(actor.translations),
    }


def profile_document(ws: Workspace, actor: Actor) -> str:
    """The Steckbrief as a stand-alone HTML page (``templates/mail/steckbrief.html.j2``)."""
    env = mail_environment(ws.root)
    context = {**office_context(ws), **profile_context(ws, actor)}
    return render(get_template(env, "mail/steckbrief.html.j2"), context)

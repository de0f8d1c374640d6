"""The brochure's texts in one language: fixed texts, title, and what lacks a translation.

The fixed texts (headings, labels) come from ``templates/brochure/strings.yaml``
(a workspace may override the file) and then from ``brochure.translations``
in ``config.yaml``; a Steckbrief's own texts from its ``translations`` block.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from ..core.yamlio import LoadFailure, parse_text
from ..schema.actor import Actor
from ..workspace.loader import Workspace
from ..workspace.resources import read_template
from .template_data import Text


def load_strings(ws: Workspace) -> dict[str, dict[str, str]]:
    """The fixed texts (headings, labels) per language; a workspace may override the file."""
    return read_strings("brochure/strings.yaml", ws.root)


def read_strings(name: str, root: Path | None) -> dict[str, dict[str, str]]:
    """Fixed texts per language from the template file ``name`` (``root``'s own copy first)."""
    rel = f"templates/{name}"
    text = read_template(name, root)
    try:  # the line-tracking loader: it refuses alias bombs and deep nesting
        data = parse_text(text, Path(rel), rel).data
    except LoadFailure as failure:
        raise UserError(failure.problem.format()) from None
    if not isinstance(data, dict):
        raise UserError(f"{rel}: erwartet je Sprache eine Zuordnung")
    return {
        str(k): {str(a): str(b) for a, b in v.items()}
        for k, v in data.items()
        if isinstance(v, dict)
    }


def translation_notes(actor: Actor, lang: str, source: str) -> tuple[dict[str, str], list[str]]:
    """The translated fields for ``lang`` and the note keys the reader must see.

    "fallback_note" (the entry is only in German) stands above the entry only
    when its summary is not translated; a translated summary over a German
    description gets "description_fallback_note" above the description instead.
    """
    if lang == source:
        return {}, []
    tr = actor.translations.get(lang)
    fields = tr.texts() if tr else {}
    notes = []
    if "summary" not in fields:
        notes.append("fallback_note")
    elif actor.description and "description" not in fields:
        notes.append("description_fallback_note")
    status = tr.status if tr else None
    if fields and status == "outdated":
        notes.append("outdated_note")
    elif fields and status == "machine":
        notes.append("machine_note")
    return fields, notes


def translation_state(actor: Actor, lang: str, source: str) -> str:
    """One word for an actor's translation: missing, partial, outdated, machine or current."""
    fields, notes = translation_notes(actor, lang, source)
    if "fallback_note" in notes:
        return "missing"
    if "description_fallback_note" in notes:
        return "partial"
    tr = actor.translations.get(lang)
    status = tr.status if tr else None
    return status if fields and status in ("outdated", "machine") else "current"


def brochure_strings(ws: Workspace, lang: str, source: str) -> dict[str, str]:
    """The fixed texts in ``lang``: strings.yaml, then ``brochure.translations`` of config.yaml."""
    files = load_strings(ws)
    own = ws.config.brochure.translations
    merged = {**files.get(source, {}), **files.get(lang, {})}
    for code in (source, lang):
        if code in own:
            merged.update(own[code].labels)
    return merged


def brochure_title(ws: Workspace, lang: str, source: str) -> Text:
    """The title in ``lang`` from ``brochure.translations``, else the title of config.yaml."""
    own = ws.config.brochure.translations.get(lang)
    if lang != source and own is not None and own.title:
        return Text(own.title, lang)
    return Text(ws.config.brochure.title, source)

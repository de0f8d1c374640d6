"""A Steckbrief for the terminal."""

from __future__ import annotations

from typing import Any

from ..schema.actor import Actor
from ..schema.config import pick_label
from ..workspace.loader import Workspace


def _line(label: str, value: str | None) -> str:
    from rich.markup import escape

    return f"[bold]{label}:[/] {escape(value)}" if value else ""


def _languages(codes: list[str]) -> str:
    """Language names in German: "Deutsch, Arabisch", not "de, ar"."""
    from ..core.languages import language_name

    return ", ".join(language_name(c) for c in codes)


def render_actor(a: Actor, ws: Workspace) -> Any:
    """The Steckbrief in German: labels, language names, the description as formatted text."""
    from rich.console import Group
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from ..core.vocab import LEVELS, TRANSLATION_STATUS

    tax = ws.taxonomy

    def labels(ids: list[str], entries: dict[str, Any]) -> str:
        return ", ".join(pick_label(entries[i].label, "de") if i in entries else i for i in ids)

    head = [
        _line("Kennung", a.id),
        _line("Kategorie", labels([a.category], tax.categories)),
        _line("Ebene", LEVELS.get(a.level, a.level)),
        _line("Kurzbeschreibung", a.summary),
        _line("Rechtsgrundlagen", ", ".join(a.legal_basis)),
        _line("Themen", labels(a.topics, tax.topics)),
        _line("Zielgruppen", labels(a.target_groups, tax.target_groups)),
        _line(
            "Sprachen",
            _languages(a.languages) + (f" ({a.languages_note})" if a.languages_note else ""),
        ),
        _line("Anschrift", a.address.one_line() if a.address else None),
        _line("Öffnungszeiten", a.opening_hours),
        _line("Web", a.website),
        _line("E-Mail", a.email),
        _line("Telefon", a.phone),
        _line("Veröffentlichen", "ja" if a.publish else "nein (keine Einwilligung)"),
        _line("Bestätigt am", a.reviewed.isoformat() if a.reviewed else "nie"),
        _line("Datei", a.source),
    ]
    parts: list[Any] = [Text.from_markup("\n".join(x for x in head if x))]
    if a.description:
        # Rich renders the Markdown as terminal text; links show their address.
        text = Markdown(a.description.strip(), hyperlinks=False)
        parts.append(Panel(text, title="Beschreibung", title_align="left"))
    for o in a.offers:
        body = "\n".join(
            x
            for x in (
                escape(o.summary or ""),
                _line("Themen", labels(o.topics, tax.topics)),
                _line("Zielgruppen", labels(o.target_groups, tax.target_groups)),
                _line("Voraussetzungen", o.eligibility),
                _line("Kosten", o.cost),
            )
            if x
        )
        parts.append(
            Panel(Text.from_markup(body), title=f"Angebot: {escape(o.name)}", title_align="left")
        )
    for c in a.contacts:
        absent = ", ".join(f"{x.start.isoformat()} bis {x.end.isoformat()}" for x in c.absent)
        body = "\n".join(
            x
            for x in (
                _line("Funktion", c.role),
                _line("E-Mail", c.email),
                _line("Telefon", c.phone),
                _line("Zuständig für", labels(c.topics, tax.topics) or "allgemein"),
                _line("Sprachen", _languages(c.languages)),
                _line("Abwesend", absent),
            )
            if x
        )
        parts.append(
            Panel(
                Text.from_markup(body),
                title=f"Ansprechperson: {escape(c.name)} ({c.id})",
                title_align="left",
            )
        )
    if a.network.interests or a.network.lists:
        parts.append(
            Text.from_markup(
                "\n".join(
                    x
                    for x in (
                        _line("Interessen im Netzwerk", "; ".join(a.network.interests)),
                        _line("Verteiler", ", ".join(a.network.lists)),
                    )
                    if x
                )
            )
        )
    if a.translations:
        from ..core.languages import language_name

        langs = ", ".join(
            f"{language_name(lang)} ({TRANSLATION_STATUS.get(tr.status or 'current', tr.status)})"
            for lang, tr in a.translations.items()
        )
        parts.append(Text.from_markup(_line("Übersetzungen", langs)))
    return Panel(Group(*parts), title=escape(a.name), title_align="left")

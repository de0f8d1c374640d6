"""``merzig route``: who should the coordinator call about this question?

Kept free of rich, Jinja and ruamel so that it answers while the caller is
still on the phone (well under half a second, Python start included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from .common import echo, print_json
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date

if TYPE_CHECKING:
    from ..routing.result import Fallback, RouteResult, Suggestion
    from ..workspace.loader import Workspace

GroupOpt = Annotated[
    str | None,
    option(
        "--group",
        "-g",
        help="Zielgruppe der fragenden Person (Kennung oder Bezeichnung aus taxonomy.yaml).",
    ),
]
LangOpt = Annotated[
    str | None,
    option(
        "--lang",
        "-l",
        help="Sprache, die die Person spricht (ISO-Code oder Name, z. B. ar oder Arabisch).",
    ),
]
TopicOpt = Annotated[
    list[str] | None,
    option("--topic", "-t", help="Thema vorgeben (Kennung oder Bezeichnung; mehrfach möglich)."),
]


def resolve_vocabulary(
    ws: Workspace, group: str | None, topics: list[str] | None
) -> tuple[str | None, list[str] | None]:
    """Target group and topics by id or German label; an unknown one is a usage error."""
    from .common import taxonomy_id

    tax = ws.taxonomy
    found_group = taxonomy_id(tax.target_groups, group, "--group") if group is not None else None
    found_topics = (
        [taxonomy_id(tax.topics, t, "--topic") for t in topics] if topics is not None else None
    )
    return found_group, found_topics


def resolve_language(lang: str | None) -> str | None:
    """``--lang`` as an ISO 639-1 code or a language name ("Arabisch", "Tigrinya")."""
    from ..core.languages import ISO_639_1

    if lang is None or lang in ISO_639_1:
        return lang
    if len(lang) == 2 and lang.lower() in ISO_639_1:
        raise UsageError(
            f"--lang: „{lang}“ ist kein Sprachcode nach ISO 639-1",
            f"Sprachcodes klein schreiben: --lang {lang.lower()}",
        )
    from ..core.vocab import accept_language

    return accept_language(lang, "--lang")


def route_command(
    question: Annotated[str, typer.Argument(help="Die Frage, so wie sie gestellt wurde.")],
    group: GroupOpt = None,
    lang: LangOpt = None,
    topic: TopicOpt = None,
    date: DateOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Höchstens so viele Vorschläge (mindestens 1).")
    ] = 5,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Passende Akteure und Ansprechpersonen für eine Anfrage vorschlagen, mit Begründung."""
    from ..routing.score import route
    from ..workspace.cache import load_actors

    if not question.strip():
        raise UsageError(
            "Die Frage ist leer",
            'Die Frage in Anführungszeichen angeben, z. B. merzig route "Kitaplatz gesucht"',
        )
    lang = resolve_language(lang)
    if limit < 1:
        raise UsageError(f"--limit: {limit} geht nicht; mindestens 1", "Zum Beispiel --limit 3")
    day = parse_date(date)
    ws = load_actors(data)
    group, topic = resolve_vocabulary(ws, group, topic)
    result = route(ws, question, group=group, lang=lang, topics=topic, day=day, limit=limit)
    if as_json:
        print_json(result.to_dict())
        return
    echo(format_result(result, ws))


def format_result(result: RouteResult, ws: Workspace) -> str:
    """Plain text for the terminal; shared with ``merzig inquiry new``."""
    from ..schema.config import pick_label

    lines: list[str] = []
    if result.topics:
        labels = [
            pick_label(ws.taxonomy.topics[t].label, "de")
            for t, _ in result.topics[:3]
            if t in ws.taxonomy.topics
        ]
        lines.append("Erkannte Themen: " + ", ".join(labels))
    if result.language_from_question and result.language:
        from ..core.languages import language_name

        lines.append(f"Sprache laut Frage: {language_name(result.language)}")

    def block(number: str, s: Suggestion) -> None:
        hidden = "" if s.actor.publish else " (nicht veröffentlicht)"
        lines.append(f"{number} {s.actor.name} [{s.actor.id}]{hidden}")
        c = s.contact
        if c is not None:
            reach = " · ".join(x for x in (c.phone or s.actor.phone, c.email or s.actor.email) if x)
            role = f" ({c.role})" if c.role else ""
            lines.append(
                f"   Ansprechperson: {c.name}{role} [{c.id}]" + (f" · {reach}" if reach else "")
            )
        if s.reasons:
            lines.append("   Warum: " + "; ".join(s.reasons))

    for i, s in enumerate(result.suggestions, 1):
        block(f"{i}.", s)
    if not result.confident:
        lines.append("Keine Stelle passt eindeutig zu dieser Frage – bitte nicht raten.")
        if result.fallback is not None:
            lines.extend(fallback_lines(result.fallback))
    if result.skipped_absent:
        lines.append(
            "Übersprungen (alle Ansprechpersonen abwesend): " + ", ".join(result.skipped_absent)
        )
    return "\n".join(lines)


def fallback_lines(f: Fallback) -> list[str]:
    """The Anlaufstelle from config.yaml, and its general contact person if it has a Steckbrief."""
    reach = " · ".join(x for x in (f.phone, f.email) if x)
    lines = [
        "Vorschlag: zuerst mit der Anlaufstelle klären:",
        f"→ {f.name}" + (f" · {reach}" if reach else ""),
    ]
    c = f.contact
    if c is not None:
        own = " · ".join(x for x in (c.phone, c.email) if x)
        role = f" ({c.role})" if c.role else ""
        lines.append(f"   Ansprechperson: {c.name}{role} [{c.id}]" + (f" · {own}" if own else ""))
    return lines

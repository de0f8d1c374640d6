"""``merzig route``: who should the coordinator call about this question?

Kept free of rich, Jinja and ruamel so that it answers while the caller is
still on the phone (well under half a second, Python start included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from .common import DataOpt, DateOpt, JsonOpt, parse_date, print_json

if TYPE_CHECKING:
    from ..routing.score import RouteResult, Suggestion
    from ..workspace.loader import Workspace

GroupOpt = Annotated[
    str | None,
    typer.Option(
        "--group",
        "-g",
        help="Zielgruppe der fragenden Person (Kennung aus taxonomy.yaml).",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help="Sprache, die die Person braucht (ISO-Code, z. B. ar).",
        show_default=False,
    ),
]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", help="Thema vorgeben (Kennung; mehrfach möglich).", show_default=False
    ),
]


def check_vocabulary(ws: Workspace, group: str | None, topics: list[str] | None) -> None:
    """Unknown taxonomy ids are a usage error with a suggestion, not an empty answer."""
    import difflib

    pairs = [("--group", group, ws.taxonomy.target_groups)] + [
        ("--topic", t, ws.taxonomy.topics) for t in topics or []
    ]
    for option, value, known in pairs:
        if value is not None and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            hint = f"Meinten Sie „{close[0]}“?" if close else "Erlaubt: " + ", ".join(sorted(known))
            raise UsageError(f"{option}: „{value}“ gibt es nicht in taxonomy.yaml", hint)


def check_language(lang: str | None) -> None:
    """``--lang`` must be a lowercase ISO 639-1 code; say which one was meant if possible."""
    from ..core.languages import ISO_639_1

    if lang is None or lang in ISO_639_1:
        return
    if lang.lower() in ISO_639_1:
        hint = f"Sprachcodes klein schreiben: --lang {lang.lower()}"
    else:
        hint = "Zwei Buchstaben nach ISO 639-1, kleingeschrieben, z. B. de, ar, uk, fa"
    raise UsageError(f"--lang: „{lang}“ ist kein Sprachcode nach ISO 639-1", hint)


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

    check_language(lang)
    if limit < 1:
        raise UsageError(f"--limit: {limit} geht nicht; mindestens 1", "Zum Beispiel --limit 3")
    day = parse_date(date)
    ws = load_actors(data)
    check_vocabulary(ws, group, topic)
    result = route(ws, question, group=group, lang=lang, topics=topic, day=day, limit=limit)
    if as_json:
        print_json(result.to_dict())
        return
    typer.echo(format_result(result, ws))


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

    def block(number: str, s: Suggestion) -> None:
        lines.append(f"{number} {s.actor.name} [{s.actor.id}]")
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
            lines.append(
                "Vorschlag: zuerst mit der allgemeinen Ansprechperson der Anlaufstelle klären:"
            )
            block("→", result.fallback)
    if result.skipped_absent:
        lines.append(
            "Übersprungen (alle Ansprechpersonen abwesend): " + ", ".join(result.skipped_absent)
        )
    return "\n".join(lines)

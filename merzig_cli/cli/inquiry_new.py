"""``merzig inquiry new``: take an inquiry at the phone or the counter.

In a terminal it asks for whatever is missing, shows the route suggestions
and lets the coordinator pick the referral by number. With every field given
as an option it runs without questions (scripts, tests); with fields missing
and no terminal it stops with a usage message instead of hanging.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from ..core.vocab import CHANNELS
from .common import DataOpt, JsonOpt, parse_date, print_json, stderr
from .route import GroupOpt, LangOpt, TopicOpt, check_language, check_vocabulary, format_result

if TYPE_CHECKING:
    from ..routing.score import RouteResult
    from ..workspace.loader import Workspace


def warn_personal(found: list[str], what: str) -> None:
    """Data minimisation: say what looks like personal data, and what to do."""
    if found:
        stderr().print(
            f"[yellow]Warnung: {what} enthält vermutlich {' und '.join(found)}. "
            "Datensparsamkeit: keine Namen oder Kontaktdaten der fragenden Person speichern.[/]"
        )


def _ask(label: str, check: Callable[[str], str | None], default: str | None = None) -> str:
    """Prompt until ``check`` accepts the answer (it returns an error text or None)."""
    while True:
        answer = str(typer.prompt(label, default=default)).strip()
        problem = check(answer)
        if problem is None:
            return answer
        stderr().print(f"[red]{problem}[/]")


def _choose_referrals(answer: str, result: RouteResult) -> list[str]:
    """ "1, 3" picks suggestions by number; anything else is ACTOR[/CONTACT]."""
    chosen = []
    for part in (p.strip() for p in answer.split(",")):
        if not part:
            continue
        if part.isdigit():
            index = int(part) - 1
            options = result.suggestions or ([result.fallback] if result.fallback else [])
            if not 0 <= index < len(options):
                raise UsageError(
                    f"Vorschlag {part} gibt es nicht",
                    f"Nummern von 1 bis {len(options)}" if options else "Keine Vorschläge",
                )
            s = options[index]
            chosen.append(f"{s.actor.id}/{s.contact.id}" if s.contact else s.actor.id)
        else:
            chosen.append(part)
    return chosen


def new_command(
    question: Annotated[
        str | None,
        typer.Option(
            "--question", "-q", help="Die Frage, ohne Namen und Kontaktdaten.", show_default=False
        ),
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(
            "--received", help="Eingangsdatum JJJJ-MM-TT (Standard: heute).", show_default=False
        ),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel", help="Weg der Anfrage: " + " | ".join(CHANNELS) + ".", show_default=False
        ),
    ] = None,
    group: GroupOpt = None,
    lang: LangOpt = None,
    topic: TopicOpt = None,
    refer: Annotated[
        list[str] | None,
        typer.Option(
            "--refer",
            help="Weiterleiten an AKTEUR oder AKTEUR/ANSPRECHPERSON (mehrfach möglich).",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Fehlende Angaben erfragen (Standard: nur im Terminal).",
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine neue Anfrage erfassen: fehlende Angaben erfragen, Vorschläge zeigen, weiterleiten."""
    from ..checks.privacy import personal_data_in
    from ..core.languages import ISO_639_1
    from ..inquiries.referrals import create_inquiry
    from ..routing.score import route
    from ..schema.inquiry import Inquiry, Referral
    from ..workspace.loader import load_workspace

    ask = sys.stdin.isatty() if interactive is None else interactive
    day = parse_date(received, "--received")
    ws = load_workspace(str(data) if data else None, kinds={"actor"})
    check_vocabulary(ws, group, topic)
    if channel is not None and channel not in CHANNELS:
        raise UsageError(
            f"--channel: „{channel}“ ist nicht erlaubt", "Erlaubt: " + ", ".join(CHANNELS)
        )
    check_language(lang)
    missing = [
        name
        for name, value in (
            ("--question", question),
            ("--channel", channel),
            ("--group", group),
            ("--lang", lang),
        )
        if value is None
    ]
    if missing and not ask:
        raise UsageError(
            "Es fehlen Angaben: " + ", ".join(missing),
            "Alle Angaben als Optionen übergeben oder den Befehl im Terminal ausführen, dann fragt er nach",
        )
    if question is None:
        question = _ask(
            "Frage (ohne Namen und Kontaktdaten)",
            lambda a: None if a else "Bitte eine Frage eingeben",
        )
    question = _check_question(question, ask, personal_data_in)
    if channel is None:
        channel = _ask(
            f"Weg ({', '.join(CHANNELS)})",
            lambda a: None if a in CHANNELS else "Nicht erlaubt",
            "phone",
        )
    if group is None:
        groups = ws.taxonomy.target_groups
        group = _ask(
            f"Zielgruppe ({', '.join(groups)})",
            lambda a: None if a in groups else "Unbekannte Zielgruppe",
        )
    if lang is None:
        lang = _ask(
            "Sprache (ISO-Code)", lambda a: None if a in ISO_639_1 else "Kein ISO-639-1-Code", "de"
        )
    result = route(ws, question, group=group, lang=lang, topics=topic, day=day)
    topics = list(topic or []) or [t for t, _ in result.topics[:2]]
    if ask and not topic:
        known = ws.taxonomy.topics
        answer = _ask(
            "Themen (Kennungen, mit Komma)",
            lambda a: (
                None if a and all(t.strip() in known for t in a.split(",")) else "Unbekanntes Thema"
            ),
            ",".join(topics) or None,
        )
        topics = [t.strip() for t in answer.split(",")]
    if not topics:
        raise UsageError("Kein Thema erkannt", "Mit --topic angeben (Kennung aus taxonomy.yaml)")
    _show_suggestions(result, ws, to_stderr=as_json)
    targets = list(refer or [])
    if ask and not refer:
        targets = _ask_referrals(ws, result)
    referrals = [
        Referral(
            actor=t.partition("/")[0], date=day, status="open", contact=t.partition("/")[2] or None
        )
        for t in targets
    ]
    new = Inquiry("", day, channel, group, lang, topics, question, referrals)
    inquiry_id, path = create_inquiry(ws, new)
    if as_json:
        print_json(
            {"id": inquiry_id, "file": path, "referrals": targets, "route": result.to_dict()}
        )
        return
    typer.echo(f"✓ Anfrage {inquiry_id} gespeichert ({path})")
    for t in targets:
        typer.echo(f"  weitergeleitet an {t}")


def _check_question(question: str, ask: bool, detect: Callable[[str], list[str]]) -> str:
    """Warn about personal data; in a terminal, ask again until it is gone or confirmed."""
    while True:
        found = detect(question)
        warn_personal(found, "Die Frage")
        if not found or not ask or typer.confirm("Trotzdem so speichern?", default=False):
            return question
        question = _ask(
            "Frage ohne persönliche Angaben", lambda a: None if a else "Bitte eine Frage eingeben"
        )


def _ask_referrals(ws: Workspace, result: RouteResult) -> list[str]:
    """The last question: a typo asks again instead of losing everything typed so far."""
    from ..core.errors import MerzigError
    from ..inquiries.referrals import resolve_target

    while True:
        answer = str(
            typer.prompt(
                "Weiterleiten an (Nummer oder Akteur/Ansprechperson, leer = später)",
                default="",
                show_default=False,
            )
        )
        try:
            targets = _choose_referrals(answer, result)
            for target in targets:
                resolve_target(ws, target)
        except MerzigError as exc:
            from rich.markup import escape

            hint = f" – {exc.hint}" if exc.hint else ""
            stderr().print(f"[red]{escape(exc.message + hint)}. Bitte erneut eingeben.[/]")
            continue
        return targets


def _show_suggestions(result: RouteResult, ws: Workspace, to_stderr: bool) -> None:
    text = "Vorschläge:\n" + format_result(result, ws)
    typer.echo(text, err=to_stderr)

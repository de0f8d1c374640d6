"""``merzig inquiry new``: take an inquiry at the phone or the counter.

In a terminal it asks for whatever is missing, shows the route suggestions,
lets the coordinator pick one or several referrals by number, shows a
summary and saves only after a „j“. A wrong entry is named with the allowed
values and asked again; nothing typed so far is lost. With every field given
as an option it runs without questions (scripts, tests); with fields missing
and no terminal it stops with a usage message instead of hanging.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import MerzigError, UsageError
from ..core.vocab import CHANNELS
from .common import echo, print_json, stderr, taxonomy_id
from .options import DataOpt, JsonOpt, option, parse_date
from .route import GroupOpt, LangOpt, TopicOpt, format_result, resolve_language, resolve_vocabulary

if TYPE_CHECKING:
    from ..routing.result import RouteResult
    from ..schema.inquiry import Inquiry
    from ..workspace.loader import Workspace

YES = ("j", "ja", "y", "yes")
NO = ("n", "nein", "no")


def warn_personal(found: list[str], what: str) -> None:
    """Data minimisation: say what looks like personal data, and what to do."""
    if found:
        stderr().print(
            f"[yellow]Warnung: {what} enthält vermutlich {' und '.join(found)}. "
            "Datensparsamkeit: keine Namen oder Kontaktdaten der fragenden Person speichern.[/]"
        )


def say_error(exc: MerzigError) -> None:
    """A wrong entry at a prompt: what was wrong and what is allowed, then ask again."""
    from rich.markup import escape

    hint = f"\n  {exc.hint}" if exc.hint else ""
    stderr().print(f"[red]{escape(exc.message)}[/]{escape(hint)}\n  Bitte erneut eingeben.")


def ask(label: str, parse: Callable[[str], str], default: str | None = None) -> str:
    """Prompt until ``parse`` accepts the answer; it raises MerzigError with the reason."""
    while True:
        answer = str(typer.prompt(label, default=default, show_default=default is not None))
        try:
            return parse(answer.strip())
        except MerzigError as exc:
            say_error(exc)


def confirm(label: str, default: bool) -> bool:
    """A yes/no question in German: j/ja or n/nein (y/n work too)."""
    hint = "J/n" if default else "j/N"
    while True:
        answer = str(typer.prompt(f"{label} [{hint}]", default="", show_default=False))
        word = answer.strip().lower()
        if not word:
            return default
        if word in YES:
            return True
        if word in NO:
            return False
        stderr().print("[red]Bitte mit j (ja) oder n (nein) antworten.[/]")


def _nonempty(answer: str) -> str:
    if not answer:
        raise UsageError("Die Frage ist leer", "Die Frage ohne Namen und Kontaktdaten eingeben")
    return answer


def choose_referrals(answer: str, result: RouteResult) -> list[str]:
    """ "1, 3" picks suggestions by number; anything else is ACTOR[/CONTACT]."""
    chosen: list[str] = []
    options = list(result.suggestions)
    for part in (p.strip() for p in answer.split(",")):
        if not part:
            continue
        if part.isdigit():
            index = int(part) - 1
            if not 0 <= index < len(options):
                raise UsageError(
                    f"Vorschlag {part} gibt es nicht",
                    f"Nummern von 1 bis {len(options)}"
                    if options
                    else "Keine Vorschläge; AKTEUR/ANSPRECHPERSON eingeben",
                )
            s = options[index]
            chosen.append(f"{s.actor.id}/{s.contact.id}" if s.contact else s.actor.id)
        else:
            chosen.append(part)
    return list(dict.fromkeys(chosen))


def new_command(
    question: Annotated[
        str | None,
        option("--question", "-q", help="Die Frage, ohne Namen und Kontaktdaten."),
    ] = None,
    received: Annotated[
        str | None,
        option("--received", help="Eingangsdatum JJJJ-MM-TT (Standard: heute)."),
    ] = None,
    channel: Annotated[
        str | None,
        option(
            "--channel",
            help="Weg der Anfrage, Kennung oder Bezeichnung: "
            + ", ".join(f"{k} ({v})" for k, v in CHANNELS.items())
            + ".",
        ),
    ] = None,
    group: GroupOpt = None,
    lang: LangOpt = None,
    topic: TopicOpt = None,
    refer: Annotated[
        list[str] | None,
        option(
            "--refer", help="Weiterleiten an AKTEUR oder AKTEUR/ANSPRECHPERSON (mehrfach möglich)."
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        option(
            "--interactive/--no-interactive",
            help="Fehlende Angaben erfragen (Standard: nur im Terminal).",
        ),
    ] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine neue Anfrage erfassen: fehlende Angaben erfragen, Vorschläge zeigen, weiterleiten."""
    from ..core.vocab import accept_channel, accept_language
    from ..inquiries.referrals import absence_note, create_inquiry, resolve_target
    from ..routing.score import route
    from ..schema.inquiry import Inquiry, Referral
    from ..workspace.loader import load_workspace

    interactive = sys.stdin.isatty() if interactive is None else interactive
    day = parse_date(received, "--received")
    ws = load_workspace(str(data) if data else None, kinds={"actor"})
    group, topic = resolve_vocabulary(ws, group, topic)
    channel = accept_channel(channel, "--channel") if channel is not None else None
    lang = resolve_language(lang)
    for target in refer or []:
        resolve_target(ws, target)
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
    if missing and not interactive:
        raise UsageError(
            "Es fehlen Angaben: " + ", ".join(missing),
            "Alle Angaben als Optionen übergeben oder den Befehl im Terminal ausführen, dann fragt er nach",
        )
    if interactive:
        when = "heute" if received is None else "aus --received"
        echo(f"Eingangsdatum: {day} ({when})")
    if question is None:
        question = ask("Frage (ohne Namen und Kontaktdaten)", _nonempty)
    question = _check_question(ws, question, interactive)
    if channel is None:
        labels = ", ".join(CHANNELS.values())
        channel = ask(f"Weg ({labels})", lambda a: accept_channel(a, "Weg"), CHANNELS["phone"])
    if group is None:
        groups = ws.taxonomy.target_groups
        names = ", ".join(_label(e.label) for e in groups.values())
        group = ask(f"Zielgruppe ({names})", lambda a: taxonomy_id(groups, a, "Zielgruppe"))
    if lang is None:
        lang = ask("Sprache (Name oder ISO-Code)", lambda a: accept_language(a), "Deutsch")
    result = route(ws, question, group=group, lang=lang, topics=topic, day=day)
    topics = list(topic or []) or [t for t, _ in result.topics[:2]]
    _show_suggestions(result, ws, to_stderr=as_json)
    if interactive and not topic:
        known = ws.taxonomy.topics
        default = ", ".join(_label(known[t].label) for t in topics if t in known) or None
        answer = ask(
            "Themen (Bezeichnungen oder Kennungen, mit Komma)",
            lambda a: ",".join(_topics(ws, a)),
            default,
        )
        topics = answer.split(",")
    if not topics:
        raise UsageError(
            "Kein Thema erkannt", "Mit --topic angeben (Kennung oder Bezeichnung aus taxonomy.yaml)"
        )
    targets = list(refer or [])
    if interactive and not refer:
        targets = _ask_referrals(ws, result)
    for t in targets:
        actor_id, _, contact_id = t.partition("/")
        note = absence_note(ws, actor_id, contact_id or None, day)
        if note:
            stderr().print(f"[yellow]Hinweis: {note}[/]")
    referrals = [
        Referral(
            actor=t.partition("/")[0], date=day, status="open", contact=t.partition("/")[2] or None
        )
        for t in targets
    ]
    new = Inquiry("", day, channel, group, lang, topics, question, referrals)
    if interactive:
        echo(summary(ws, new))
        if not confirm("So speichern?", default=True):
            stderr().print("Nicht gespeichert.")
            raise typer.Exit(1)
    inquiry_id, path = create_inquiry(ws, new)
    if as_json:
        print_json(
            {"id": inquiry_id, "file": path, "referrals": targets, "route": result.to_dict()}
        )
        return
    echo(f"✓ Anfrage {inquiry_id} gespeichert ({path})")
    for t in targets:
        echo(f"  weitergeleitet an {t}")


def _label(label: dict[str, str]) -> str:
    from ..schema.config import pick_label

    return pick_label(label, "de")


def _topics(ws: Workspace, answer: str) -> list[str]:
    parts = [p.strip() for p in answer.split(",") if p.strip()]
    if not parts:
        raise UsageError("Themen: keine Angabe", "Mindestens ein Thema, mehrere mit Komma")
    return list(dict.fromkeys(taxonomy_id(ws.taxonomy.topics, p, "Thema") for p in parts))


def summary(ws: Workspace, new: Inquiry) -> str:
    """What will be saved, in German, before the coordinator says „j“."""
    from ..core.languages import language_name

    tax = ws.taxonomy
    group = tax.target_groups.get(new.inquirer)
    lines = [
        "Zusammenfassung:",
        f"  Eingang:    {new.received}",
        f"  Weg:        {CHANNELS.get(new.channel, new.channel)}",
        f"  Zielgruppe: {_label(group.label) if group else new.inquirer}",
        f"  Sprache:    {language_name(new.language)}",
        "  Themen:     "
        + ", ".join(_label(tax.topics[t].label) if t in tax.topics else t for t in new.topics),
        f"  Frage:      {new.question}",
    ]
    if new.referrals:
        for i, r in enumerate(new.referrals):
            actor = ws.actors.get(r.actor)
            who = actor.name if actor else r.actor
            person = actor.contact(r.contact) if actor and r.contact else None
            head = "  Weiter an:  " if i == 0 else "              "
            lines.append(head + who + (f" – {person.name}" if person else ""))
    else:
        lines.append("  Weiter an:  (noch niemand)")
    return "\n".join(lines)


def _check_question(ws: Workspace, question: str, interactive: bool) -> str:
    """Warn about personal data; in a terminal, ask again until it is gone or confirmed."""
    from ..checks.privacy import personal_data_in, workspace_names

    while True:
        found = personal_data_in(question, workspace_names(ws))
        warn_personal(found, "Die Frage")
        if not found or not interactive or confirm("Trotzdem so speichern?", default=False):
            return question
        question = ask("Frage ohne persönliche Angaben", _nonempty)


def _ask_referrals(ws: Workspace, result: RouteResult) -> list[str]:
    """The last question: a typo asks again instead of losing everything typed so far."""
    from ..inquiries.referrals import resolve_target

    while True:
        answer = str(
            typer.prompt(
                "Weiterleiten an (Nummer oder Akteur/Ansprechperson, mehrere mit Komma, "
                "leer = später)",
                default="",
                show_default=False,
            )
        )
        try:
            targets = choose_referrals(answer, result)
            for target in targets:
                resolve_target(ws, target)
        except MerzigError as exc:
            say_error(exc)
            continue
        return targets


def _show_suggestions(result: RouteResult, ws: Workspace, to_stderr: bool) -> None:
    text = "Vorschläge:\n" + format_result(result, ws)
    echo(text, err=to_stderr)

"""``merzig inquiry new``: taking an inquiry at the phone or the counter (the intake).

In a terminal it asks for whatever is missing, shows the route suggestions,
lets the coordinator pick one or several referrals by number, shows a
summary and saves only after a „j“. A wrong entry is named with the allowed
values and asked again; nothing typed so far is lost. With every field given
as an option it runs without questions (scripts, tests); with fields missing
and no terminal it stops with a usage message instead of hanging. What the
answers mean (picked suggestions, topics, the record and its referrals) is
decided in :mod:`merzig_cli.inquiries.intake`; this module asks and prints.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import UsageError
from ..core.vocab import CHANNELS
from .common import echo, print_json, stderr, warn_personal
from .options import DataOpt, JsonOpt, option, parse_date
from .prompts import ask, ask_optional, confirm
from .route import GroupOpt, LangOpt, TopicOpt, format_result, resolve_language, resolve_vocabulary

if TYPE_CHECKING:
    from ..schema.inquiry import Inquiry
    from ..workspace.loader import Workspace


def new_command(
    question: Annotated[
        str | None,
        option("--question", "-q", help="Die Frage, ohne Namen und Kontaktdaten."),
    ] = None,
    received: Annotated[
        str | None,
        option("--received", help="Eingangsdatum, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: heute)."),
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
    from ..inquiries.intake import checked_targets, draft, pick_targets, suggest, topic_ids
    from ..inquiries.referrals import create_inquiry
    from ..schema.config import label_of, pick_label, taxonomy_id
    from ..workspace.loader import load_workspace

    interactive = sys.stdin.isatty() if interactive is None else interactive
    day = parse_date(received, "--received")
    ws = load_workspace(str(data) if data else None, kinds={"actor"})
    group, topic = resolve_vocabulary(ws, group, topic)
    channel = accept_channel(channel, "--channel") if channel is not None else None
    lang = resolve_language(lang)
    targets = checked_targets(ws, refer or [])
    given = (("--question", question), ("--channel", channel), ("--group", group), ("--lang", lang))
    missing = [name for name, value in given if value is None]
    if missing and not interactive:
        raise UsageError(
            "Es fehlen Angaben: " + ", ".join(missing),
            "Alle Angaben als Optionen übergeben oder den Befehl im Terminal ausführen, dann fragt er nach",
        )
    if interactive:
        echo(f"Eingangsdatum: {day} ({'heute' if received is None else 'aus --received'})")
    if question is None:
        question = ask("Frage (ohne Namen und Kontaktdaten)", _nonempty)
    question = _check_question(ws, question, interactive)
    if channel is None:
        labels = ", ".join(CHANNELS.values())
        channel = ask(f"Weg ({labels})", lambda a: accept_channel(a, "Weg"), CHANNELS["phone"])
    if group is None:
        groups = ws.taxonomy.target_groups
        names = ", ".join(pick_label(e.label, "de") for e in groups.values())
        group = ask(f"Zielgruppe ({names})", lambda a: taxonomy_id(groups, a, "Zielgruppe"))
    if lang is None:
        lang = ask("Sprache (Name oder ISO-Code)", lambda a: accept_language(a), "Deutsch")
    result, topics = suggest(ws, question, group, lang, topic, day)
    echo("Vorschläge:\n" + format_result(result, ws), err=as_json)
    if interactive and not topic:
        known = ws.taxonomy.topics
        default = ", ".join(label_of(known, t) for t in topics if t in known) or None
        label = "Themen (Bezeichnungen oder Kennungen, mit Komma)"
        topics = ask(label, lambda a: ",".join(topic_ids(ws, a)), default).split(",")
    if interactive and not refer:
        label = (
            "Weiterleiten an (Nummer oder Akteur/Ansprechperson, mehrere mit Komma, leer = später)"
        )
        targets = ask_optional(label, lambda a: pick_targets(ws, a, result))
    new = draft(ws, day, channel, group, lang, topics, question, targets)
    for note in new.absences:
        stderr().print(f"[yellow]Hinweis: {note}[/]")
    if interactive:
        echo(summary(ws, new.inquiry))
        if not confirm("So speichern?", default=True):
            stderr().print("Nicht gespeichert.")
            raise typer.Exit(1)
    inquiry_id, path = create_inquiry(ws, new.inquiry)
    if as_json:
        print_json(
            {"id": inquiry_id, "file": path, "referrals": targets, "route": result.to_dict()}
        )
        return
    echo(f"✓ Anfrage {inquiry_id} gespeichert ({path})")
    for t in targets:
        echo(f"  weitergeleitet an {t}")


def _nonempty(answer: str) -> str:
    if not answer:
        raise UsageError("Die Frage ist leer", "Die Frage ohne Namen und Kontaktdaten eingeben")
    return answer


def _check_question(ws: Workspace, question: str, interactive: bool) -> str:
    """Warn about personal data; in a terminal, ask again until it is gone or confirmed."""
    from ..checks.privacy import personal_data_in, workspace_names

    while True:
        found = personal_data_in(question, workspace_names(ws))
        warn_personal(found, "Die Frage")
        if not found or not interactive or confirm("Trotzdem so speichern?", default=False):
            return question
        question = ask("Frage ohne persönliche Angaben", _nonempty)


def summary(ws: Workspace, new: Inquiry) -> str:
    """What will be saved, in German, before the coordinator says „j“."""
    from ..core.languages import language_name
    from ..schema.config import label_of

    tax = ws.taxonomy
    lines = [
        "Zusammenfassung:",
        f"  Eingang:    {new.received}",
        f"  Weg:        {CHANNELS.get(new.channel, new.channel)}",
        f"  Zielgruppe: {label_of(tax.target_groups, new.inquirer)}",
        f"  Sprache:    {language_name(new.language)}",
        "  Themen:     " + ", ".join(label_of(tax.topics, t) for t in new.topics),
        f"  Frage:      {new.question}",
    ]
    for i, r in enumerate(new.referrals):
        actor = ws.actors.get(r.actor)
        person = actor.contact(r.contact) if actor and r.contact else None
        head = "  Weiter an:  " if i == 0 else "              "
        lines.append(
            head + (actor.name if actor else r.actor) + (f" – {person.name}" if person else "")
        )
    if not new.referrals:
        lines.append("  Weiter an:  (noch niemand)")
    return "\n".join(lines)

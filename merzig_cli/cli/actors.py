"""merzig actors …: the actor directory (Steckbriefe)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..schema.config import pick_label
from .common import count, new_app, print_json, stdout, taxonomy_id, warn_if_broken
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date
from .tables import Column, table

if TYPE_CHECKING:
    from ..schema.actor import Actor
    from ..schema.config import Taxonomy
    from ..workspace.loader import Workspace

app = new_app("Das Akteursverzeichnis: Steckbriefe auflisten, zeigen, suchen und anlegen.")


def _load(data: Any) -> Workspace:
    from ..workspace.loader import load_workspace

    ws = load_workspace(str(data) if data else None, kinds={"actor"})
    warn_if_broken(ws)
    return ws


def actor_summary(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "category": a.category,
        "level": a.level,
        "summary": a.summary,
        "topics": a.topics,
        "target_groups": a.target_groups,
        "languages": a.languages,
        "publish": a.publish,
        "reviewed": a.reviewed,
        "file": a.source,
    }


def actor_details(a: Actor) -> dict[str, Any]:
    from ..schema.record import to_plain

    data: dict[str, Any] = to_plain(a)
    data["file"] = data.pop("source")
    return data


def _labels(ids: list[str], entries: dict[str, Any], lang: str = "de") -> str:
    return ", ".join(pick_label(entries[i].label, lang) if i in entries else i for i in ids)


def _filter(flag: str, what: str) -> Any:
    """A filter option of ``actors list``: the value by id or German word."""
    words = "" if "," in what else ", Kennung oder Bezeichnung"
    return option(flag, help=f"{what}{words}.")


@app.command("list")
def list_actors(
    data: DataOpt = None,
    topic: Annotated[str | None, _filter("--topic", "Thema (mit Unterthemen)")] = None,
    group: Annotated[str | None, _filter("--group", "Zielgruppe")] = None,
    lang: Annotated[str | None, _filter("--lang", "Beratungssprache, ISO-Code oder Name")] = None,
    category: Annotated[str | None, _filter("--category", "Kategorie")] = None,
    level: Annotated[str | None, _filter("--level", "Ebene, z. B. district oder Landkreis")] = None,
    contacts: Annotated[
        bool, option("--contacts", help="Auch die allgemeine Ansprechperson zeigen.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Akteure auflisten, nach Thema, Zielgruppe, Sprache, Kategorie oder Ebene gefiltert."""
    ws = _load(data)
    topic, group, category, lang, level = _filter_ids(
        ws.taxonomy, topic, group, category, lang, level
    )
    from ..directory.query import filter_actors

    actors = filter_actors(ws, topic=topic, group=group, lang=lang, category=category, level=level)
    if as_json:
        print_json([actor_summary(a) for a in actors])
        return
    columns = [
        Column("Kennung", "id", priority=4),
        Column("Name", priority=5),
        Column("Kategorie", priority=2),
        Column("Sprachen", priority=1),
        Column("Themen", priority=2),
    ]
    if contacts:
        columns.append(Column("Ansprechperson", priority=5))  # asked for: kept before the id
    rows = []
    for a in actors:
        row = [
            a.id,
            a.name if a.publish else f"{a.name} (nicht veröffentlicht)",
            _labels([a.category], ws.taxonomy.categories),
            ", ".join(a.languages),
            _labels(a.topics, ws.taxonomy.topics),
        ]
        if contacts:
            row.append(_contact_line(a))
        rows.append(row)
    stdout().print(table(count(len(actors), "Akteur", "Akteure"), columns, rows))


def _contact_line(a: Actor) -> str:
    c = a.general_contact
    if c is None:
        return "–"
    reach = ", ".join(x for x in (c.phone or a.phone, c.email or a.email) if x)
    return c.name + (f" ({reach})" if reach else "")


def _filter_ids(
    tax: Taxonomy,
    topic: str | None,
    group: str | None,
    category: str | None,
    lang: str | None = None,
    level: str | None = None,
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """Filter values by id or German word; an unknown one is a usage error, not an empty list."""
    from ..core.vocab import LEVELS, accept, accept_language

    def entry(value: str | None, entries: Any, option: str) -> str | None:
        return taxonomy_id(entries, value, option) if value is not None else None

    return (
        entry(topic, tax.topics, "--topic"),
        entry(group, tax.target_groups, "--group"),
        entry(category, tax.categories, "--category"),
        accept_language(lang, "--lang") if lang is not None else None,
        accept(level, LEVELS, "--level") if level is not None else None,
    )


@app.command("show")
def show(
    actor_id: Annotated[str, typer.Argument(help="Kennung des Akteurs.")],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Den ganzen Steckbrief eines Akteurs lesbar anzeigen."""
    ws = _load(data)
    a = ws.actor(actor_id)
    if as_json:
        print_json(actor_details(a))
        return
    from .actor_card import render_actor

    stdout().print(render_actor(a, ws))


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Suchwörter, z. B. „anerkennung“.")],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Volltextsuche über Name, Beschreibung, Angebote und Themen (Umlaute und Wortteile egal)."""
    ws = _load(data)
    from ..directory.query import search_actors

    hits = search_actors(ws, text)
    if as_json:
        print_json(
            [{**actor_summary(h.actor), "score": h.score, "matched": h.fields} for h in hits]
        )
        return
    out = stdout()
    if not hits:
        out.print(f"Keine Treffer für „{text}“.", markup=False)
        raise typer.Exit(1)
    columns = [Column("Kennung", "id", 3), Column("Name", priority=4), Column("gefunden in")]
    rows = [[h.actor.id, h.actor.name, ", ".join(h.fields)] for h in hits]
    out.print(table(f"{count(len(hits), 'Treffer', 'Treffer')} für „{text}“", columns, rows))


@app.command("stale")
def stale(data: DataOpt = None, date: DateOpt = None, as_json: JsonOpt = False) -> None:
    """Steckbriefe, die länger als review_months nicht bestätigt wurden, die ältesten zuerst."""
    ws = _load(data)
    today = parse_date(date)
    from ..directory.query import stale_actors

    rows = stale_actors(ws, today)
    if as_json:
        print_json([{**actor_summary(a), "months": age} for a, age in rows])
        return
    out = stdout()
    limit = ws.config.review_months
    if not rows:
        out.print(f"Alle Steckbriefe wurden in den letzten {limit} Monaten bestätigt.")
        return
    columns = [
        Column("Kennung", "id", 4),
        Column("Name", priority=3),
        Column("bestätigt", "number", 2),
        Column("Monate", "number", 1),
        Column("Kontakt", priority=4),  # whom to ask for the confirmation
    ]
    lines = []
    for a, age in rows:
        contact = a.general_contact
        reach = (contact.email or contact.phone or "") if contact else ""
        lines.append(
            [
                a.id,
                a.name,
                a.reviewed.isoformat() if a.reviewed else "nie",
                str(age) if age is not None else "–",
                reach,
            ]
        )
    title = (
        f"{count(len(rows), 'Steckbrief', 'Steckbriefe')} älter als "
        f"{count(limit, 'Monat', 'Monate')} (Stand {today.isoformat()})"
    )
    out.print(table(title, columns, lines))


@app.command("new")
def new(
    actor_id: Annotated[str, typer.Argument(help="Kennung des neuen Akteurs.")],
    data: DataOpt = None,
) -> None:
    """Einen kommentierten Steckbrief als Vorlage anlegen (überschreibt nie eine Datei)."""
    from ..directory.scaffold import new_actor
    from ..workspace.loader import load_workspace

    ws = load_workspace(str(data) if data else None, kinds=set())
    path = new_actor(ws, actor_id, parse_date(None))
    # soft_wrap: a long path must stay one line that can be copied
    stdout().print(
        f"angelegt: {path}\nAlle Zeilen mit „TODO:“ ausfüllen, dann: merzig validate",
        soft_wrap=True,
    )

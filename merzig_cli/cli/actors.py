"""merzig actors …: the actor directory (Steckbriefe)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..schema.config import pick_label
from .common import (
    DataOpt,
    DateOpt,
    JsonOpt,
    new_app,
    parse_date,
    print_json,
    stdout,
    warn_if_broken,
)

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


@app.command("list")
def list_actors(
    data: DataOpt = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Thema (mit Unterthemen).")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Zielgruppe.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Beratungssprache (ISO 639-1).")
    ] = None,
    category: Annotated[str | None, typer.Option("--category", help="Kategorie.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="Ebene, z. B. district.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Akteure auflisten, nach Thema, Zielgruppe, Sprache, Kategorie oder Ebene gefiltert."""
    ws = _load(data)
    _check_filter_ids(ws.taxonomy, topic, group, category, lang, level)
    from ..directory.query import filter_actors

    actors = filter_actors(ws, topic=topic, group=group, lang=lang, category=category, level=level)
    if as_json:
        print_json([actor_summary(a) for a in actors])
        return
    from rich.table import Table

    table = Table(title=f"{len(actors)} Akteure", title_justify="left")
    for col in ("Kennung", "Name", "Kategorie", "Sprachen", "Themen"):
        table.add_column(col, overflow="fold")
    for a in actors:
        name = a.name if a.publish else f"{a.name} [dim](nicht veröffentlicht)[/]"
        table.add_row(
            a.id,
            name,
            _labels([a.category], ws.taxonomy.categories),
            ", ".join(a.languages),
            _labels(a.topics, ws.taxonomy.topics),
        )
    stdout().print(table)


def _check_filter_ids(
    tax: Taxonomy,
    topic: str | None,
    group: str | None,
    category: str | None,
    lang: str | None = None,
    level: str | None = None,
) -> None:
    """Unknown filter values are usage errors, not an empty list."""
    import difflib

    from ..core.errors import UsageError
    from ..core.languages import ISO_639_1
    from ..core.vocab import LEVELS

    if lang and lang not in ISO_639_1:
        raise UsageError(
            f"--lang {lang}: kein Sprachcode nach ISO 639-1",
            "Zwei Kleinbuchstaben, z. B. de, en, ar, fa, uk, tr",
        )
    choices: list[tuple[str | None, Any, str]] = [
        (topic, tax.topics, "--topic"),
        (group, tax.target_groups, "--group"),
        (category, tax.categories, "--category"),
        (level, LEVELS, "--level"),
    ]
    for value, known, option in choices:
        if value and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            hint = f"Meinten Sie „{close[0]}“?" if close else "Erlaubt: " + ", ".join(known)
            raise UsageError(f"{option} {value}: unbekannte Kennung", hint)


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
    from .actor_view import render_actor

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
        out.print(f"Keine Treffer für „{text}“.")
        raise typer.Exit(1)
    from rich.table import Table

    table = Table(title=f"{len(hits)} Treffer für „{text}“", title_justify="left")
    for col in ("Kennung", "Name", "gefunden in"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(h.actor.id, h.actor.name, ", ".join(h.fields))
    out.print(table)


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
    from rich.table import Table

    table = Table(
        title=f"{len(rows)} Steckbriefe älter als {limit} Monate (Stand {today.isoformat()})",
        title_justify="left",
    )
    for col in ("Kennung", "Name", "bestätigt", "Monate", "Kontakt"):
        table.add_column(col, overflow="fold")
    for a, age in rows:
        contact = a.general_contact
        reach = (contact.email or contact.phone or "") if contact else ""
        table.add_row(
            a.id,
            a.name,
            a.reviewed.isoformat() if a.reviewed else "nie",
            str(age) if age is not None else "–",
            reach,
        )
    out.print(table)


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

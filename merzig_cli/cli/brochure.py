"""merzig brochure …: the brochure „Arbeiten und Leben in …“ and its translations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import count, new_app, print_json, stderr, stdout, warn_if_broken
from .options import CheckOpt, DataOpt, FormatsOpt, JsonOpt, OutDirOpt, option
from .outputs import items, print_written, report_check
from .tables import Column, table

app = new_app("Die Broschüre der veröffentlichten Steckbriefe erzeugen (HTML, PDF, Markdown).")


@app.command("build")
def build(
    data: DataOpt = None,
    lang: Annotated[
        str,
        typer.Option("--lang", help="Sprache(n), z. B. de oder de,en; all = alle aus config.yaml."),
    ] = "all",
    formats: FormatsOpt = "html,pdf,md",
    out: OutDirOpt = Path("output"),
    page_size: Annotated[
        str | None,
        option(
            "--page-size",
            help="Papierformat der PDF: A4 oder A5 (Standard: brochure.page_size, sonst A4).",
        ),
    ] = None,
    check: CheckOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Die Broschüre bauen: nur Akteure mit publish: true, gleiche Daten ergeben gleiche Bytes."""
    from ..brochure.build import (
        FORMATS,
        build_outputs,
        load_actors_only,
        page_size_for,
        parse_languages,
    )
    from ..documents.output import compare, parse_formats, write_outputs

    ws = load_actors_only(str(data) if data else None)
    warn_if_broken(ws)
    langs = parse_languages(ws, lang)
    fmts = parse_formats(formats, FORMATS)
    _warn_missing_labels(ws, langs)
    size = page_size_for(ws, page_size)
    total = len(langs) * len(fmts)
    if total > 1 and not as_json:
        outputs = _with_progress(ws, langs, fmts, size, total)
    else:
        outputs = build_outputs(ws, langs, fmts, size)
    results = compare(out, outputs) if check else write_outputs(out, outputs)
    changed = [r for r in results if r.status != "unchanged"]
    if as_json:
        print_json(
            {
                "check": check,
                "up_to_date": not changed,
                "files": [{"file": r.path, "bytes": r.size, "status": r.status} for r in results],
            }
        )
    elif check:
        report_check(out, changed, len(results), "merzig brochure build")
    else:
        print_written(results)
    if check and changed:
        raise typer.Exit(1)


def _warn_missing_labels(ws: Any, langs: list[str]) -> None:
    """A language without its category titles and labels shows them in the source language:
    say which, before the build (in a right-to-left brochure they stand as left-to-right runs)."""
    from ..brochure.content import missing_labels

    source = (ws.config.brochure.languages or ["de"])[0]
    err = stderr()
    for code in langs:
        missing = missing_labels(ws, code, source) if code != source else []
        if not missing:
            continue
        shown = "; ".join(missing[:3]) + (
            f"; … ({len(missing) - 3} weitere)" if len(missing) > 3 else ""
        )
        err.print(
            f"Hinweis: Broschüre „{code}“: {count(len(missing), 'Bezeichnung', 'Bezeichnungen')} "
            f"ohne Übersetzung – {'sie erscheint' if len(missing) == 1 else 'sie erscheinen'} "
            f"in der Ausgangssprache „{source}“: {shown}. "
            "Alle zeigt: merzig brochure translations",
            soft_wrap=True,
            markup=False,
        )


def _with_progress(ws: Any, langs: list[str], fmts: list[str], size: str, total: int) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..brochure.build import build_outputs

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=stderr(), transient=True) as progress:
        task = progress.add_task("Broschüre wird erzeugt", total=total)

        def step(name: str, _lang: str, _fmt: str) -> None:
            progress.update(task, advance=1, description=f"fertig: {name}")

        return build_outputs(ws, langs, fmts, size, on_step=step)


STATE_DE = {
    "missing": "fehlt",
    "partial": "teilweise (Beschreibung fehlt)",
    "outdated": "veraltet",
    "machine": "maschinell übersetzt",
}


@app.command("translations")
def translations(data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Je Sprache: jeder veröffentlichte Akteur einmal mit dem Stand seiner Übersetzung, dazu fehlende Bezeichnungen."""
    from ..brochure.build import load_actors_only
    from ..brochure.content import translation_report

    ws = load_actors_only(str(data) if data else None)
    warn_if_broken(ws)
    report = translation_report(ws)
    if as_json:
        print_json(report)
        return
    out = stdout()
    if not report:
        out.print("Die Broschüre hat nur eine Sprache; es gibt nichts zu übersetzen.")
        return
    from ..core.languages import language_name

    rows = [
        [f"{language_name(lang)} ({lang})", actor, STATE_DE[state]]
        for lang, row in report.items()
        for state in STATE_DE
        for actor in row[state]
    ]
    title = "Übersetzungen der veröffentlichten Steckbriefe"
    if rows:
        columns = [Column("Sprache", priority=2), Column("Akteur", "id", 3), Column("Stand")]
        out.print(table(title, columns, rows))
    else:
        out.print(f"{title}: alle übersetzt.")
    for lang, row in report.items():
        labels = row["labels"]
        out.print()
        if labels:
            head = (
                f"Fehlende Bezeichnungen auf {language_name(lang)} "
                f"({count(len(labels), 'Eintrag', 'Einträge')}, es erscheint der deutsche Text):"
            )
            items(out, head, labels, "  – ")
        else:
            out.print(f"Alle Bezeichnungen auf {language_name(lang)} vorhanden.")

"""merzig export …: the directory for other systems (Open Referral HSDS 3.0)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import count, new_app, print_json, stderr, stdout, warn_if_broken
from .options import DataOpt, JsonOpt, option
from .outputs import print_written

app = new_app("Das Verzeichnis für andere Systeme ausgeben (Open Referral HSDS 3.0).")


@app.command("hsds")
def hsds(
    data: DataOpt = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Ausgabeordner.", show_default=True)
    ] = Path("output/hsds"),
    formats: Annotated[
        str,
        option("--format", help="json, csv oder json,csv (Standard: json)."),
    ] = "json",
    lang: Annotated[
        str,
        option(
            "--lang",
            help="Sprache(n), z. B. de oder de,en; all = alle Sprachen der Broschüre (Standard).",
        ),
    ] = "all",
    as_json: JsonOpt = False,
) -> None:
    """Die veröffentlichten Steckbriefe als HSDS 3.0 schreiben: ein Paket je Sprache.

    Nur Akteure mit publish: true, nur Steckbriefe, taxonomy.yaml und config.yaml
    (nie Anfragen oder Fälle). Gleiche Daten ergeben gleiche Kennungen und Bytes.
    """
    from ..brochure.build import load_actors_only, parse_languages
    from ..documents.output import parse_formats
    from ..exchange.hsds import FORMATS, export_hsds

    ws = load_actors_only(str(data) if data else None)
    warn_if_broken(ws)
    langs = parse_languages(ws, lang)
    result = export_hsds(ws, langs, parse_formats(formats, FORMATS), out)
    if as_json:
        print_json(
            {
                "organizations": result.organizations,
                "files": [
                    {"file": w.path, "bytes": w.size, "status": w.status} for w in result.written
                ],
                "removed": [str(p) for p in result.removed],
                "notes": result.notes,
            }
        )
        return
    # one line per language for the many organization files, the table for the rest
    single = [w for w in result.written if w.path.parent.name == "organizations"]
    print_written([w for w in result.written if w not in single])
    out_console = stdout()
    for folder in dict.fromkeys(w.path.parent for w in single):
        here = [w for w in single if w.path.parent == folder]
        fresh = sum(w.status != "unchanged" for w in here)
        out_console.print(
            f"{count(len(here), 'Datei', 'Dateien')} je Organisation in {folder} "
            f"({fresh} neu oder geändert)",
            soft_wrap=True,
            markup=False,
        )
    err = stderr()
    for path in result.removed:
        err.print(f"entfernt (nicht mehr veröffentlicht): {path}", soft_wrap=True, markup=False)
    for note in result.notes:
        err.print(f"Hinweis: {note}", soft_wrap=True, markup=False)
    per_lang = ", ".join(
        f"{lang}: {count(n, 'Organisation', 'Organisationen')}"
        for lang, n in result.organizations.items()
    )
    out_console.print(f"✓ HSDS 3.0 in {out} ({per_lang})", soft_wrap=True, markup=False)

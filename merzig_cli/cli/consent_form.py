"""``merzig case consent-form``: the consent form of a case, to print and sign."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .case import CaseArg, app, consent_gate, forget_outputs, load, warn_exposed
from .common import print_json
from .options import DataOpt, DateOpt, JsonOpt, option, parse_date


@app.command("consent-form")
def consent_form_command(
    case_id: CaseArg,
    lang: Annotated[
        str,
        option(
            "--lang",
            help="Sprache(n), z. B. de oder de,en (Standard: de); weitere als Vorlage "
            "templates/consent/<code>.html.j2 im Arbeitsbereich.",
        ),
    ] = "de",
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Ausgabeordner; die Dateien landen im Unterordner der Konferenz."
        ),
    ] = Path("output"),
    formats: Annotated[
        str, typer.Option("--format", help="Formate, durch Komma getrennt: html, pdf.")
    ] = "html,pdf",
    date: DateOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Einwilligungserklärung zum Unterschreiben: wer welche Daten wofür bekommt, Fristen, Widerruf."""
    from ..conference.consent_form import FORMATS, consent_form, parse_languages
    from ..core.paths import safe_name
    from ..documents.exposure import exposure_warning
    from ..documents.manifest import write_recorded
    from ..documents.output import parse_formats

    fmts = parse_formats(formats, FORMATS)
    ws = load(data)
    langs = parse_languages(ws, lang)
    day = parse_date(date)
    gate = consent_gate(ws, day)
    form, outputs = consent_form(gate, case_id, langs, fmts, day)
    folder = out / safe_name(form.conference.id)
    warn_exposed(exposure_warning([folder / o.name for o in outputs]))
    written = write_recorded(ws.root, ws.config, folder, outputs, day, base=out)
    forgotten = forget_outputs(gate)
    if as_json:
        print_json(
            {
                "case": form.case,
                "languages": langs,
                "guardian": form.guardian,
                "files": [{"file": w.path, "status": w.status} for w in written],
                "forgotten": forgotten,
            }
        )
        return
    from .outputs import print_written

    print_written(written)

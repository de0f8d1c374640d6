"""merzig init: a new, empty workspace for another town."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import print_json, stdout
from .options import JsonOpt, option


def init_command(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="ORDNER",
            help="Neuer oder leerer Ordner für den Arbeitsbereich.",
            show_default=False,
        ),
    ],
    town: Annotated[
        str, option("--town", help='Name der Kommune, z. B. "Kreisstadt Merzig" (Pflicht).')
    ],
    state: Annotated[
        str | None,
        option(
            "--state",
            help="Bundesland, z. B. Saarland (für den HSDS-Export; später in config.yaml).",
        ),
    ] = None,
    ci: Annotated[
        str,
        option(
            "--ci",
            help="Pipeline für gitlab (.gitlab-ci.yml, Standard), github "
            "(.github/workflows/merzig.yml) oder none.",
        ),
    ] = "gitlab",
    tool_repo: Annotated[
        str,
        option(
            "--tool-repo",
            help="Wo merzig-cli liegt (git-Adresse) – für die Pipeline und pre-commit "
            "(Standard: ein Platzhalter, in beiden Dateien anzupassen).",
        ),
    ] = "",
    as_json: JsonOpt = False,
) -> None:
    """Einen neuen, leeren Arbeitsbereich anlegen: config.yaml, taxonomy.yaml, Ordner, git-Dateien.

    Der Ordner muss neu oder leer sein; nichts wird überschrieben.
    """
    from ..core.clock import today
    from ..core.paths import out_path
    from ..workspace.new import TOOL_REPO, new_workspace

    made = new_workspace(out_path(folder), town, state, today(), tool_repo or TOOL_REPO, ci)
    if as_json:
        print_json({"folder": made.root, "files": made.files})
        return
    out = stdout()
    out.print(f"✓ Neuer Arbeitsbereich in {made.root}:", soft_wrap=True, markup=False)
    for name in made.files:
        out.print(f"  {name}", soft_wrap=True, markup=False)
    shown = made.root.as_posix()
    out.print(
        "Nächste Schritte:\n"
        f"  1. {shown}/config.yaml ausfüllen (Anlaufstelle, Datenschutz, später Mailversand)\n"
        f"  2. merzig validate --data {shown}\n"
        f"  3. Steckbriefe sammeln: merzig actors form --data {shown} --out steckbrief.xlsx,\n"
        f"     ausgefüllt zurück mit merzig actors import --data {shown} DATEI.xlsx\n"
        f"  4. git init {shown} und die erste Fassung einchecken",
        soft_wrap=True,
        markup=False,
    )

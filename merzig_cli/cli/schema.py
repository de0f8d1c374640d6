"""merzig schema …"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import count, new_app, stdout
from .options import DataOpt

app = new_app("JSON-Schemas für Editoren und Prüfwerkzeuge.")

SCHEMA_FOLDER = "schemas"  # below the workspace; the actors new template points here


@app.command("export")
def export(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="ORDNER",
            help="Zielordner (Standard: schemas/ im Arbeitsbereich, dorthin zeigen neue "
            "Steckbriefe).",
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Ein JSON-Schema je Datensatzart schreiben (config, taxonomy, actor, inquiry, conference, case)."""
    from ..schema.jsonschema import export_schemas
    from ..workspace.loader import resolve_root

    root = resolve_root(data)
    if folder is None and not (root / "config.yaml").is_file():
        from ..core.errors import UserError

        raise UserError(
            f"{root} ist kein Arbeitsbereich (config.yaml fehlt)",
            "Mit --data den Arbeitsbereich angeben oder einen Zielordner nennen",
        )
    from ..core.paths import in_workspace, out_path

    if folder is not None:
        target = base = out_path(folder)
    else:
        target, base = in_workspace(root, root / SCHEMA_FOLDER), root
    out = stdout()
    # soft_wrap: paths and the editor line must stay copyable, whatever the width
    paths = export_schemas(target, base)
    for path in paths:
        out.print(f"geschrieben: {path}", soft_wrap=True, markup=False)
    out.print(f"{count(len(paths), 'Schema', 'Schemas')} in {target}", soft_wrap=True, markup=False)
    # The language server resolves a relative $schema against the YAML file, not
    # against the current folder, so show the absolute path, which always works.
    actor_schema = (target / "actor.schema.json").resolve().as_posix()
    out.print(
        "Im Editor einbinden mit der ersten Zeile einer YAML-Datei, z. B.:\n"
        f"  # yaml-language-server: $schema={actor_schema}\n"
        "Neue Steckbriefe (merzig actors new) zeigen schon auf "
        f"../{SCHEMA_FOLDER}/actor.schema.json im Arbeitsbereich.",
        soft_wrap=True,
        markup=False,
    )

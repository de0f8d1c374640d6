"""merzig schema …"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import new_app, stdout

app = new_app("JSON-Schemas für Editoren und Prüfwerkzeuge.")


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Zielordner, z. B. schemas/")],
) -> None:
    """Ein JSON-Schema je Datensatzart schreiben (config, taxonomy, actor, inquiry, conference, case)."""
    out = stdout()
    # soft_wrap: paths and the editor line must stay copyable, whatever the width
    from ..schema.jsonschema import export_schemas

    for path in export_schemas(folder):
        out.print(f"geschrieben: {path}", soft_wrap=True)
    # The language server resolves a relative $schema against the YAML file, not
    # against the current folder, so show the absolute path, which always works.
    actor_schema = (folder / "actor.schema.json").resolve().as_posix()
    out.print(
        "Im Editor einbinden mit der ersten Zeile einer YAML-Datei, z. B.:\n"
        f"  # yaml-language-server: $schema={actor_schema}",
        soft_wrap=True,
    )

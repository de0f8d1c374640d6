"""JSON Schema per record kind, for editors (YAML language server) and validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.files import atomic_write_text
from ..core.paths import no_link
from .kinds import KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, Any]:
    k = KINDS[kind]
    return {
        "$schema": DRAFT,
        "$id": f"{kind}.schema.json",
        "title": k.title,
        **k.spec.json_schema(),
    }


def export_schemas(folder: Path, root: Path | None = None) -> list[Path]:
    """Write ``<kind>.schema.json`` for every record kind; unchanged files are left alone.

    No symbolic link may stand on the way from ``root`` (the workspace, or by
    default ``folder`` itself) to a file written (:func:`no_link`).
    """
    base = root if root is not None else folder
    paths = [no_link(base, folder / f"{kind}.schema.json") for kind in KINDS]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, path in zip(KINDS, paths, strict=True):
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
        written.append(path)
    return written

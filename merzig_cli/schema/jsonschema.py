"""JSON Schema per record kind, for editors (YAML language server) and validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.files import atomic_write_text
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


def export_schemas(folder: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every record kind; unchanged files are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
        written.append(path)
    return written

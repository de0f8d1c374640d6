"""A mapping skeleton (``--mapping-skeleton``): every heading of a file with a guessed field.

Microsoft Forms and Nextcloud Forms head their columns with the full
question text. The skeleton lists each heading with the field it most likely
means (by label or code), ``ignore`` where nothing fits, and the list of all
fields in a comment; the office corrects it and imports with ``--mapping``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.text import close_match, fold, one_line
from ..schema.config import Taxonomy
from .fields import SURVEY_BLOCKS, all_fields
from .readers import read_table
from .sources import DATE_COLUMNS, IGNORE, METADATA
from .survey import norm


def _guess(heading: str, labels: dict[str, str]) -> str:
    key = norm(heading)
    if key in DATE_COLUMNS:
        return "submitted"
    if key in METADATA or heading.lower() in METADATA or heading.startswith("_"):
        return IGNORE
    found = labels.get(fold(heading).strip())
    if found:
        return found
    close = close_match(fold(heading).strip(), list(labels), cutoff=0.75)
    return labels[close] if close else IGNORE


def skeleton(path: Path, tax: Taxonomy) -> str:
    """The mapping file for ``path`` as YAML text with German comments."""
    _ = tax
    sheets = read_table(path)
    headings = [
        h.strip().lstrip("\ufeff") for h in (sheets[0].rows[0] if sheets and sheets[0].rows else [])
    ]
    fields = all_fields(SURVEY_BLOCKS, SURVEY_BLOCKS)
    labels: dict[str, str] = {}
    for f in fields:
        block = f.key.split(".")
        label = f.label if len(block) == 1 else f"{block[0]} {block[1]} {f.label}"
        labels.setdefault(fold(label), f.key)
        labels.setdefault(fold(f.key), f.key)
    lines = [
        f"# Zuordnung der Spalten von {one_line(path.name)} zu den Feldern des Steckbriefs.",
        "# Jede Zeile: Spaltenkopf: Feld. „ignore“ lässt eine Spalte aus, „id“ ist die",
        "# Kennung des Akteurs, „submitted“ das Datum der Antwort. Mehrere Antworten in",
        "# einer Zelle werden mit „;“ getrennt. Felder:",
    ]
    for f in fields:
        lines.append(f"#   {f.key:<28} {f.label}")
    lines.append("columns:")
    for heading in headings:
        if heading:
            lines.append(f"  {json.dumps(heading, ensure_ascii=False)}: {_guess(heading, labels)}")
    return "\n".join(lines) + "\n"

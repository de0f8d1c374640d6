"""New files from commented templates (``merzig actors new``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.errors import UserError
from ..core.files import write_new_file
from ..core.paths import in_workspace, safe_name
from ..core.text import one_line
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from ..workspace.resources import fill, read_template


def _choices(entries: dict[str, object], label_of: dict[str, str]) -> str:
    lines = [
        f"#   {one_line(key):<24} {one_line(label_of.get(key, ''))}".rstrip() for key in entries
    ]
    return "\n".join(lines) if lines else "#   (taxonomy.yaml enthält noch keine Einträge)"


def new_actor(ws: Workspace, actor_id: str, today: dt.date) -> Path:
    """Write ``actors/<id>.yaml`` from the commented template; never overwrite."""
    safe_name(actor_id, "Kennung")
    target = ws.root / "actors" / f"{actor_id}.yaml"
    if target.exists():
        raise UserError(
            f"{target} gibt es schon; nichts wurde überschrieben",
            f"Datei direkt bearbeiten oder: merzig actors show {actor_id}",
        )
    tax = ws.taxonomy
    blocks = {
        "categories": _choices(
            dict(tax.categories), {k: pick_label(v.label, "de") for k, v in tax.categories.items()}
        ),
        "topics": _choices(
            dict(tax.topics), {k: pick_label(v.label, "de") for k, v in tax.topics.items()}
        ),
        "target_groups": _choices(
            dict(tax.target_groups),
            {k: pick_label(v.label, "de") for k, v in tax.target_groups.items()},
        ),
    }
    text = fill(
        read_template("steckbrief.yaml", ws.root),
        blocks,
        id=actor_id,
        today=today.isoformat(),
        title=ws.config.brochure.title,
        first_category=next(iter(tax.categories), "TODO-kategorie"),
        first_topic=next(iter(tax.topics), "TODO-thema"),
        first_group=next(iter(tax.target_groups), "TODO-zielgruppe"),
    )
    write_new_file(in_workspace(ws.root, target), text)
    return target

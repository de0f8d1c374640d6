"""Packaged files (templates) with per-workspace overrides.

A municipality puts its own version of any packaged template into the
workspace's ``templates/`` folder; that file then wins.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..core.errors import UserError
from ..core.files import read_text_or_refuse
from ..core.paths import within
from ..core.text import one_line


def packaged_templates() -> Path:
    return Path(str(resources.files("merzig_cli.templates")))


def template_dirs(workspace_root: Path | None) -> list[Path]:
    """Where templates are looked up, first match wins."""
    dirs = []
    if workspace_root is not None and (workspace_root / "templates").is_dir():
        dirs.append(workspace_root / "templates")
    dirs.append(packaged_templates())
    return dirs


def read_template(name: str, workspace_root: Path | None = None) -> str:
    """A template's text: the workspace's own first; a link out of its folder is refused."""
    for folder in template_dirs(workspace_root):
        path = folder / name
        if not os.path.lexists(path):
            continue
        if not within(folder, path):
            raise UserError(
                f"templates/{name} ist eine Verknüpfung aus dem Vorlagenordner hinaus – nicht "
                "gelesen",
                "Die Vorlage als gewöhnliche Datei in templates/ ablegen",
            )
        return read_text_or_refuse(path, shown=f"templates/{name}")
    raise FileNotFoundError(name)


def fill(template: str, lines: dict[str, str], **values: str) -> str:
    """A file template (``$name`` placeholders) filled in: ``values`` as one line each.

    ``lines`` are blocks the caller built line by line from one-line values.
    A ``$`` that is no placeholder stays as it is.
    """
    from string import Template

    filled = {k: one_line(v) for k, v in values.items()} | lines
    return Template(template).safe_substitute(filled)

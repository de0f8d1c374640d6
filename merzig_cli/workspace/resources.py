"""Packaged files (templates) with per-workspace overrides.

A municipality puts its own version of any packaged template into the
workspace's ``templates/`` folder; that file then wins.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..core.files import read_text_or_refuse


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
    for folder in template_dirs(workspace_root):
        path = folder / name
        if path.exists():
            return read_text_or_refuse(path, shown=name)
    raise FileNotFoundError(name)

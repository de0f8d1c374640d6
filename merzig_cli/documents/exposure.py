"""Whether case documents about to be written would lie unignored in a git repository.

An ``output/`` folder inside the repository that publishes the brochure is one
``git add -A`` away from putting minutes and excerpts into the history. Before
a command writes case documents it asks git (``check-ignore``, through
:func:`~merzig_cli.core.git.git_or_none`) whether the files would be ignored,
and the command warns before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..core.git import git_or_none
from .manifest import absolute


def _existing_folder(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return None


def exposure_warning(paths: Sequence[Path]) -> str | None:
    """A German warning when some of ``paths`` would lie in a git work tree without being
    ignored (or would be tracked already); None outside a repository or when all are ignored."""
    if not paths:
        return None
    files = [absolute(p) for p in paths]
    cwd = _existing_folder(files[0].parent)
    if cwd is None:
        return None
    top = git_or_none(cwd, "rev-parse", "--show-toplevel")
    if not top or not top.strip():
        return None
    tree = Path(os.path.realpath(top.strip()))
    inside = [f for f in files if Path(os.path.realpath(f)).is_relative_to(tree)]
    if not inside:
        return None
    ignored = git_or_none(cwd, "check-ignore", "--", *map(str, inside), answers=(0, 1))
    said = {absolute(line) for line in (ignored or "").splitlines() if line.strip()}
    exposed = [f for f in inside if f not in said]
    if not exposed:
        return None
    folder = os.path.commonpath([str(f.parent) for f in exposed])
    return (
        f"Warnung: Der Ausgabeordner {folder} liegt im git-Repository {top.strip()} und ist "
        "dort nicht ausgenommen: die Dokumente enthalten Falldaten und kämen mit einem "
        "„git add -A“ in die Geschichte des Repositorys. Den Ordner in .gitignore eintragen "
        "(z. B. „output/“) oder --out außerhalb des Repositorys wählen."
    )

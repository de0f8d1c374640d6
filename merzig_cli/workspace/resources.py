"""Packaged files (templates) with per-workspace overrides.

A municipality puts its own version of any packaged template into the
workspace's ``templates/`` folder; that file then wins.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path, PurePosixPath

from ..core.errors import UserError
from ..core.files import read_text_or_refuse
from ..core.paths import no_link
from ..core.text import one_line


def packaged_templates() -> Path:
    return Path(str(resources.files("merzig_cli.templates")))


def template_dirs(workspace_root: Path | None) -> list[tuple[Path, Path]]:
    """Where templates are looked up, first match wins: (trusted root, folder) pairs.

    The workspace's ``templates/`` folder must itself be no symbolic link (its
    root is the workspace); the packaged folder is the installation's own.
    """
    dirs = []
    if workspace_root is not None:
        folder = no_link(workspace_root, workspace_root / "templates")
        if folder.is_dir():
            dirs.append((workspace_root, folder))
    packaged = packaged_templates()
    dirs.append((packaged, packaged))
    return dirs


def template_file(name: str, workspace_root: Path | None = None) -> tuple[Path, Path] | None:
    """(folder, path) of the template ``name``: the workspace's own first, else the packaged one.

    Only a regular file with no symbolic link on the way from the workspace
    (the ``templates/`` folder included) and no second name (a hard link) is
    ever used: a link, wherever it points, is refused (:class:`UserError`), so
    that no template can pull a case file or any other file into a brochure or
    a mail. ``name`` may have
    folders (``brochure/actor.html.j2``) but no ``..``.
    """
    pieces = PurePosixPath(name).parts
    if not pieces or ".." in pieces or PurePosixPath(name).is_absolute():
        raise UserError(f"Vorlage „{name}“ ist kein erlaubter Name")
    for root, folder in template_dirs(workspace_root):
        path = folder.joinpath(*pieces)
        if not os.path.lexists(path):
            continue
        no_link(root, path, "dem Vorlagenordner")
        if root != folder and os.lstat(path).st_nlink > 1:  # the workspace's own template
            raise UserError(
                f"Vorlage templates/{name} ist eine harte Verknüpfung (ein zweiter Name einer "
                "anderen Datei, etwa einer Falldatei) – nicht gelesen",
                "Die Vorlage als eigene Datei anlegen (kopieren statt verknüpfen)",
            )
        return folder, path
    return None


def read_template(name: str, workspace_root: Path | None = None) -> str:
    """A template's text: the workspace's own first; a link is refused (:func:`template_file`)."""
    found = template_file(name, workspace_root)
    if found is None:
        raise FileNotFoundError(name)
    return read_text_or_refuse(found[1], shown=f"templates/{name}")


def fill(template: str, lines: dict[str, str], **values: str) -> str:
    """A file template (``$name`` placeholders) filled in: ``values`` as one line each.

    ``lines`` are blocks the caller built line by line from one-line values.
    A ``$`` that is no placeholder stays as it is.
    """
    from string import Template

    filled = {k: one_line(v) for k, v in values.items()} | lines
    return Template(template).safe_substitute(filled)

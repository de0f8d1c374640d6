"""A new, empty workspace for another town (``merzig init``).

Everything it writes comes from the packaged ``templates/workspace/`` folder:
a commented ``config.yaml``, the default ``taxonomy.yaml``, a ``.gitignore``
that keeps cases, outputs and the tool's state out of git, the CI recipe and
the pre-commit configuration. The folder must be new or empty and no
symbolic link; every file is created, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.errors import UsageError, UserError
from ..core.files import os_error_de, write_new_file
from ..core.paths import no_link
from .resources import fill, read_template

# The template below templates/workspace/ and where it goes in the new workspace.
FILES: tuple[tuple[str, str], ...] = (
    ("config.yaml", "config.yaml"),
    ("taxonomy.yaml", "taxonomy.yaml"),
    ("gitignore", ".gitignore"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
)
# The CI recipe by the forge the town uses (--ci).
CI_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "gitlab": (("gitlab-ci.yml", ".gitlab-ci.yml"),),
    "github": (("github-workflow.yml", ".github/workflows/merzig.yml"),),
    "none": (),
}
FOLDERS = ("actors", "inquiries", "conferences")
TOOL_REPO = "https://git.example.org/integration/merzig-cli.git"

# Words before a town's name that the brochure title leaves out
# ("Kreisstadt Merzig" -> "Arbeiten und Leben in Merzig").
_PREFIXES = re.compile(
    r"^(?:(?:Große|Grosse)\s+Kreisstadt|Kreisstadt|Landeshauptstadt|Hansestadt|Universitätsstadt|"
    r"Mittelstadt|Stadt|Verbandsgemeinde|Samtgemeinde|Gemeinde|Markt|Landkreis|Kreis)\s+",
    re.I,
)
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~:/@%+=,-]{0,299}")
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß0-9][A-Za-zÄÖÜäöüß0-9 .()/-]*")


@dataclass(frozen=True)
class NewWorkspace:
    root: Path
    files: list[str]


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as exactly this text."""
    if _PLAIN.fullmatch(value) and not value.endswith(" "):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _text_option(value: str | None, option: str, required: bool) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise UserError(
                f"{option}: der Name darf nicht leer sein", f'z. B. {option} "Kreisstadt Merzig"'
            )
        return None
    if len(text) > 120 or not text.isprintable():
        raise UserError(
            f"{option}: höchstens 120 Zeichen in einer Zeile, ohne Steuerzeichen",
            f'z. B. {option} "Kreisstadt Merzig"',
        )
    return text


def _empty_folder(root: Path) -> None:
    """Make ``root``, or accept it when it is an empty folder; refuse anything else."""
    try:
        mode = os.lstat(root).st_mode
    except FileNotFoundError:
        try:
            root.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"„{root}“ kann nicht angelegt werden: {os_error_de(exc)}") from None
        return
    if stat.S_ISLNK(mode):
        raise UserError(
            f"„{root}“ ist eine symbolische Verknüpfung – nichts geschrieben",
            "Einen gewöhnlichen, leeren Ordner angeben",
        )
    if not stat.S_ISDIR(mode):
        raise UserError(f"„{root}“ ist kein Ordner – nichts geschrieben")
    if any(os.scandir(root)):
        raise UserError(
            f"„{root}“ ist nicht leer – nichts geschrieben",
            "merzig init legt einen neuen Arbeitsbereich nur in einem neuen oder leeren Ordner an",
        )


def new_workspace(
    root: Path,
    town: str,
    state: str | None,
    today: dt.date,
    tool_repo: str = TOOL_REPO,
    ci: str = "gitlab",
) -> NewWorkspace:
    """Write an empty, valid workspace for ``town`` into the new or empty folder ``root``.

    ``ci``: which CI recipe goes with it (``gitlab``, ``github`` or ``none``).
    """
    if ci not in CI_FILES:
        raise UsageError(f"--ci {ci}: unbekannt", "Erlaubt: " + ", ".join(CI_FILES))
    name = _text_option(town, "--town", required=True)
    assert name is not None
    land = _text_option(state, "--state", required=False)
    repo = tool_repo.strip()
    if not _REPO.fullmatch(repo):
        raise UserError(
            f"--tool-repo: „{repo[:60]}“ ist keine Adresse eines git-Repositorys",
            f"z. B. --tool-repo {TOOL_REPO}",
        )
    _empty_folder(root)
    place = _PREFIXES.sub("", name) or name
    values = {
        "town": name,
        "town_yaml": yaml_scalar(name),
        "state_yaml": yaml_scalar(land) if land else "",
        "title_yaml": yaml_scalar(f"Arbeiten und Leben in {place}"),
        "today": today.isoformat(),
        "tool_repo": repo,
    }
    written = []
    for template, target in (*FILES, *CI_FILES[ci]):
        text = fill(read_template(f"workspace/{template}"), {}, **values)
        path = no_link(root, root / target)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(path, text)
        written.append(target)
    for folder in FOLDERS:
        (no_link(root, root / folder)).mkdir()
        # git keeps no empty folder; a dot file is no record (the loader skips it)
        write_new_file(no_link(root, root / folder / ".gitkeep"), "")
        written.append(f"{folder}/")
    return NewWorkspace(root, written)

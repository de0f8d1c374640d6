"""Privacy checks that several commands share: data minimisation and pseudonyms."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_IN_TEXT = re.compile(r"(?:\+|\b0)\d[\d /-]{6,}\d")
# "Frau Müller", "Herr Ahmad Karimi": a title followed by a capitalised word.
NAME_AFTER_TITLE = re.compile(r"\b(?:Frau|Herr|Herrn|Mr\.?|Mrs\.?|Ms\.?)\s+[A-ZÄÖÜ][a-zäöüß]+")
FULL_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáíóúç'-]{1,}(?:\s+[A-ZÄÖÜ][a-zäöüßéèáíóúç'-]{1,})+$")


def personal_data_in(text: str) -> list[str]:
    """What in ``text`` looks like contact data or a name (German descriptions)."""
    found = []
    if EMAIL_IN_TEXT.search(text):
        found.append("eine E-Mail-Adresse")
    if PHONE_IN_TEXT.search(text):
        found.append("eine Telefonnummer")
    if NAME_AFTER_TITLE.search(text):
        found.append("einen Namen")
    return found


def looks_like_full_name(pseudonym: str) -> bool:
    """ "Ahmad Karimi" does, "A. K." and "FK26-03" do not."""
    return bool(FULL_NAME.match(pseudonym.strip()))


def tracked_by_git(root: Path, rel_folder: str) -> list[str]:
    """Files below ``root/rel_folder`` that a git repository tracks (empty without git)."""
    if shutil.which("git") is None or not (root / rel_folder).is_dir():
        return []
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--", rel_folder],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode != 0:
        return []
    return [line for line in out.stdout.splitlines() if line.endswith(".yaml")]

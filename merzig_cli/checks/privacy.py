"""Privacy checks that several commands share: data minimisation and pseudonyms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .names import KnownNames

from ..core.git import git_or_none

# A match starts where a run of address letters starts (the look-behind): tried at every
# letter of a long word, the run would be read to its end each time, by the square of its length.
EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "+49 (0)6861 12345", "0176 1234567", "06861/123-45": a prefix, then digits
# with spaces, slashes, dashes or brackets; at least seven digits in all.
PHONE_IN_TEXT = re.compile(r"(?:\+\s?\d|\(0\)|\b0)[\d\s/()-]{5,}\d")
PHONE_MIN_DIGITS = 7


def _phone_like(text: str) -> bool:
    if "0" not in text and "+" not in text:  # every match begins with "+" or a zero
        return False
    return any(
        sum(ch.isdigit() for ch in m.group(0)) >= PHONE_MIN_DIGITS
        for m in PHONE_IN_TEXT.finditer(text)
    )


def personal_data_in(text: str, known_names: Iterable[str] | KnownNames = ()) -> list[str]:
    """What in ``text`` looks like contact data or a person's name (German descriptions).

    Names are found with lists of first names, surnames and German nouns
    (:mod:`merzig_cli.checks.names`); ``known_names`` are the workspace's own
    actors and contact persons, which name no asker (prepared once with
    :func:`~merzig_cli.checks.names.prepare_names` when many texts are checked). Ordinary questions –
    every German noun capitalised – stay quiet (``tests/test_privacy.py``;
    ``bench/bench_names.py`` measures precision and recall).
    """
    from .names import has_name

    found = []
    email = "@" in text and EMAIL_IN_TEXT.search(text) is not None
    if email:
        found.append("eine E-Mail-Adresse")
    if _phone_like(text):
        found.append("eine Telefonnummer")
    if has_name(EMAIL_IN_TEXT.sub(" ", text) if email else text, known_names):
        found.append("einen Namen")
    return found


def workspace_names(ws: Any) -> list[str]:
    """The workspace's actors, their contact persons and the office: names of no asker."""
    names = [a.name for a in ws.actors.values()] + [ws.config.office.name]
    return names + [c.name for a in ws.actors.values() for c in a.contacts]


def looks_like_full_name(pseudonym: str) -> bool:
    """Does the pseudonym hold a person's name? "Ahmad Karimi", "Yılmaz, Emre" and
    "Ahmad K." do, "A. K.", "FK26-03" and "Leuchtturm" do not."""
    from .pseudonyms import is_name

    return is_name(pseudonym)


def pseudonym_problem(pseudonym: str, pattern: str | None = None) -> tuple[str, str, str] | None:
    """(code, German message, German hint) when a pseudonym holds a name or is neither
    initials nor a code (``pattern``: ``privacy.pseudonym_pattern`` of the config)."""
    from .pseudonyms import pseudonym_verdict

    verdict = pseudonym_verdict(pseudonym, pattern)
    hint = "Nur Initialen (z. B. „A. K.“) oder einen Code verwenden"
    if verdict == "name":
        message = f"Pseudonym „{pseudonym}“ sieht aus wie ein voller Name oder ein Teil davon"
        return "pseudonym-full-name", message, hint
    if verdict == "format":
        if pattern:
            message = f"Pseudonym „{pseudonym}“ passt nicht zum Muster privacy.pseudonym_pattern"
            return "pseudonym-format", message, f"Das Muster in config.yaml: {pattern}"
        message = f"Pseudonym „{pseudonym}“ ist weder Initialen noch ein Code (kein Name)"
        return "pseudonym-format", message, hint
    return None


def tracked_by_git(root: Path, rel_folder: str) -> list[str]:
    """Files below ``root/rel_folder`` that a git repository tracks (empty without one).

    :class:`~merzig_cli.core.git.GitFailed` where git refuses the repository: it may hold them.
    """
    if not (root / rel_folder).is_dir():
        return []
    out = git_or_none(root, "ls-files", "--", rel_folder, timeout=10) or ""
    return [line for line in out.splitlines() if line.endswith(".yaml")]

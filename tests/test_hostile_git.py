"""A repository's own git configuration may name programs: none of them ever runs.

``.git/config`` is not reviewed in a merge request, and a shared runner or a
colleague's clone may carry one made by someone else. Each test sets up a
real repository whose configuration would start a program (a marker script)
through a command the tool runs, and asserts the marker never appears and the
tool answers in German instead of crashing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import inquiry_yaml
from test_actors_review import edit, git, repository

Cli = Callable[..., Any]


def marker_program(tmp_path: Path) -> tuple[Path, Path]:
    """(a program that leaves a marker file, that marker file)."""
    marker = tmp_path / "PROGRAMM-LIEF"
    program = tmp_path / "boese.sh"
    program.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    return program, marker


def test_a_partial_clone_never_fetches_through_the_repositorys_ssh_command(
    cli: Cli, tmp_path: Path
) -> None:
    """A missing object of a "partial clone" would be fetched through core.sshCommand."""
    repo, ws = repository(tmp_path)
    edit(ws / "actors/akteur-1.yaml", "name: Beratungsstelle 1", "name: Beratungsstelle Eins")
    git(repo, "commit", "-q", "-am", "Name")
    blob = git(repo, "rev-parse", "HEAD~1:data/actors/akteur-1.yaml").strip()
    (repo / ".git/objects" / blob[:2] / blob[2:]).unlink()
    program, marker = marker_program(tmp_path)
    for name, value in (
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.url", "ssh://angreifer.invalid/r"),
        ("remote.origin.promisor", "true"),
        ("core.sshCommand", str(program)),
    ):
        git(repo, "config", name, value)
    result = cli("actors", "diff", "HEAD~1", "HEAD", "--data", str(ws))
    assert not marker.exists()
    assert result.exit_code == 1, result.output
    assert "unvollständiger Klon" in result.stderr


def _signed_tip(repo: Path) -> None:
    """Make the tip commit carry a (fake) signature, so that showing it would call gpg."""
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    commit = (
        f"tree {tree}\nauthor T <t@example.org> 1700000000 +0000\n"
        "committer T <t@example.org> 1700000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n =abcd\n -----END PGP SIGNATURE-----\n"
        "\nSigniert\n"
    )
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo,
        input=commit,
        capture_output=True,
        text=True,
        check=True,
    )
    git(repo, "update-ref", "HEAD", done.stdout.strip())


@pytest.mark.parametrize(
    "command",
    [
        ["privacy", "purge", "--dry-run", "--date", "2040-01-01"],
        ["privacy", "check"],
        ["validate"],
        ["actors", "diff"],
    ],
    ids=["purge", "privacy-check", "validate", "diff"],
)
def test_signature_checking_and_other_programs_of_the_config_never_run(
    cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    repo, ws = repository(tmp_path)
    inquiry = inquiry_yaml("2026-0001", "2026-01-05", "recognition", "Anerkennung?", "  []\n")
    (ws / "inquiries/2026").mkdir(parents=True)
    (ws / "inquiries/2026/2026-0001.yaml").write_text(inquiry + "closed: 2026-01-20\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Anfrage")  # purge looks it up in the history
    _signed_tip(repo)
    program, marker = marker_program(tmp_path)
    for name, value in (
        ("log.showSignature", "true"),
        ("gpg.program", str(program)),
        ("core.fsmonitor", str(program)),
        ("core.pager", str(program)),
        ("diff.external", str(program)),
        ("core.hooksPath", str(tmp_path)),
        ("credential.helper", f"!{program}"),
    ):
        git(repo, "config", name, value)
    os.symlink(program, tmp_path / "post-checkout")  # a hook, were hooks run
    result = cli(*command, "--data", str(ws))
    assert not marker.exists(), command
    assert result.exit_code in (0, 1), result.output
    assert "Interner Fehler" not in result.output

"""A repository git refuses to read is not "no git": the privacy check says what git said.

Each test makes a real repository that tracks case files, then makes git
refuse it the way it happens in practice: a repository owned by another user
("dubious ownership"), one written by a newer git (a format version with an
extension this git does not know), a ``.git`` file that points nowhere, a
damaged ``HEAD`` (git then looks past it and says there is no repository,
while every committed case is still inside), no git installed at all. First
git itself is asked, to be sure it really refuses; then ``privacy check``
must report a finding with git's words (exit 1), never "all clear". Only a
folder in no repository at all is all clear.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

Cli = Callable[..., Any]
CLEAR_DAY = "2024-01-01"  # nothing is due for deletion yet: git is the only possible finding


@pytest.fixture(autouse=True)
def own_git_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No safe.directory or other setting of this machine's user changes what git says."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, env=env
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A workspace whose case files are committed: what the privacy check must never miss."""
    root = conference_workspace(tmp_path / "ws")
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "Fälle"]):
        assert _git(root, *args).returncode == 0
    assert any(line.startswith("cases/") for line in _git(root, "ls-files").stdout.splitlines())
    return root


def _check(cli: Cli, root: Path) -> tuple[int, list[dict[str, str]]]:
    result = cli("privacy", "check", "--data", str(root), "--date", CLEAR_DAY, "--json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _refused(root: Path, says: str) -> None:
    """git itself refuses the repository, in the words given."""
    done = _git(root, "ls-files")
    assert done.returncode == 128 and says in done.stderr, done.stderr


def _newer_format(root: Path) -> None:
    config = root / ".git/config"
    text = config.read_text(encoding="utf-8").replace(
        "repositoryformatversion = 0", "repositoryformatversion = 1"
    )
    config.write_text(text + "[extensions]\n\tfoo = bar\n", encoding="utf-8")


def _other_owner(root: Path) -> None:
    os.chown(root / ".git", 65534, 65534)  # nobody


def _dangling_git_file(root: Path) -> None:
    (root / ".git").rename(root.parent / "elsewhere.git")
    (root / ".git").write_text(f"gitdir: {root.parent / 'gone.git'}\n", encoding="utf-8")


def _damaged_head(root: Path) -> None:
    (root / ".git/HEAD").write_text("kaputt\n", encoding="utf-8")


REFUSALS = {
    "damaged-head": (_damaged_head, "not a git repository (or any of the parent"),
    "newer-git": (_newer_format, "unknown repository extension"),
    "other-owner": (_other_owner, "dubious ownership"),
    "dangling-git-file": (_dangling_git_file, "not a git repository: "),
}


def test_tracked_cases_are_found_while_git_reads_the_repository(cli: Cli, root: Path) -> None:
    code, findings = _check(cli, root)
    assert code == 1
    assert [(f["file"], f["code"]) for f in findings] == [("cases/", "cases-in-git")]


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_a_repository_git_refuses_is_a_finding_with_gits_words(
    cli: Cli, root: Path, refusal: str
) -> None:
    make, says = REFUSALS[refusal]
    make(root)
    _refused(root, says)
    code, findings = _check(cli, root)
    assert code == 1
    [finding] = findings
    assert (finding["file"], finding["code"]) == ("cases/", "git-failed")
    assert finding["message"].startswith("Ob Falldateien von git verfolgt werden, ließ sich")
    assert says in finding["message"]


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_validate_warns_that_git_could_not_answer(cli: Cli, root: Path, refusal: str) -> None:
    make, says = REFUSALS[refusal]
    make(root)
    result = cli("validate", "--data", str(root), "--json")
    assert result.exit_code in (0, 1), result.output
    problems = json.loads(result.stdout)["problems"]
    found = [p for p in problems if p["code"] == "git-failed"]
    assert len(found) == 1 and says in found[0]["message"], problems


def test_the_terminal_shows_the_finding_in_german(cli: Cli, root: Path) -> None:
    _other_owner(root)
    result = cli("privacy", "check", "--data", str(root), "--date", CLEAR_DAY)
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "cases/: Ob Falldateien von git verfolgt werden, ließ sich nicht prüfen" in err
    assert "dubious ownership" in err and "1 Befund zum Datenschutz" in err
    assert "Keine Befunde" not in result.output


def test_no_git_installed_beside_a_repository_is_a_finding(
    cli: Cli, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "kein-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, findings = _check(cli, root)
    assert code == 1
    assert [(f["code"], "git ist nicht installiert" in f["message"]) for f in findings] == [
        ("git-failed", True)
    ]


def test_a_folder_in_no_repository_is_all_clear(cli: Cli, tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    done = _git(root, "ls-files")
    assert done.returncode == 128 and "not a git repository (or any" in done.stderr
    assert _check(cli, root) == (0, [])
    result = cli("validate", "--data", str(root), "--json")
    assert all(p["code"] != "git-failed" for p in json.loads(result.stdout)["problems"])


def test_an_empty_git_folder_is_no_repository(cli: Cli, tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    (root / ".git").mkdir()
    assert _check(cli, root) == (0, [])


def test_no_git_installed_and_no_repository_is_all_clear(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = conference_workspace(tmp_path / "ws")
    empty = tmp_path / "kein-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert _check(cli, root) == (0, [])


def test_purge_stops_before_deleting_when_git_refuses(cli: Cli, root: Path) -> None:
    """Purge names the commits that still hold a deleted file; it never pretends there are none."""
    _newer_format(root)
    before = sorted(p.name for p in (root / "cases").rglob("*.yaml"))
    result = cli("privacy", "purge", "--date", "2040-01-01", "--data", str(root))
    assert result.exit_code == 1, result.output
    assert "unknown repository extension" in " ".join(result.stderr.split())
    assert sorted(p.name for p in (root / "cases").rglob("*.yaml")) == before


def test_a_git_that_does_not_answer_in_time_is_a_failure_not_no_git(
    root: Path, tmp_path: Path
) -> None:
    """Stopped after its time with everything it started; never taken for "no repository".

    A timeout is a matter of the real clock: the check runs in a process of its own without
    the clock years ahead of ``make unit`` (libfaketime does not wake timed waits there)."""
    slow = tmp_path / "langsam"
    slow.mkdir()
    never = tmp_path / "nie"  # a pipe nobody writes: blocks until the process is stopped
    os.mkfifo(never)
    (slow / "git").write_text(f"#!/bin/sh\ncat '{never}' &\nwait\n", encoding="utf-8")
    (slow / "git").chmod(0o755)
    real = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    env = {**real, "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}"}
    probe = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from merzig_cli.core.git import GitFailed, git_or_none\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    git_or_none(Path(sys.argv[1]), 'ls-files', timeout=1)\n"
        "except GitFailed as failed:\n"
        "    print(failed.message, round(time.monotonic() - started))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(root)], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    message, _, seconds = done.stdout.strip().rpartition(" ")
    assert message == "git ls-files hat nach 1 s nicht geantwortet", done.stdout + done.stderr
    assert int(seconds) < 10
    assert subprocess.run(["pgrep", "-f", str(never)], check=False).returncode != 0  # all gone

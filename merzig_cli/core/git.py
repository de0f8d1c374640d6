"""Running git: without a shell, with a timeout, never asking, never starting a program.

A repository's own configuration (``.git/config``) is not under our control:
it may name programs for git to start. Every setting through which the
commands we run could start one is overridden on the command line: the
file-system monitor, signature checking (``gpg.program``), and every remote
transport (a partial clone fetches missing objects on demand, through
``core.sshCommand`` or a remote helper). Prompts are disabled, so nothing waits
for a password. :func:`run_git` is for commands whose answer the user asked for
(an error is reported in German); :func:`git_or_none` for checks that go on
without git (not installed, no repository, no answer in time).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from .errors import UserError

TIMEOUT = 60


class GitFailed(UserError):
    """git answered with an error; the message carries git's own words."""


# name=value pairs given to every git call; they win over the repository's configuration.
SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.quotepath=off",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.gitProxy=",
    "protocol.allow=never",
    "log.showSignature=false",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    "diff.external=",
    "credential.helper=",
)


def _call(cwd: Path, args: tuple[str, ...], stdin: bytes | None, timeout: float) -> Any:
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "false",
        "SSH_ASKPASS": "false",
        "GIT_NO_LAZY_FETCH": "1",  # git 2.44+: never fetch missing objects behind our back
        "GIT_NO_REPLACE_OBJECTS": "1",
        "LC_ALL": "C",
        "GIT_OPTIONAL_LOCKS": "0",
    }
    for name in (
        "GIT_EXTERNAL_DIFF",
        "GIT_PAGER",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_PROXY_COMMAND",
    ):
        env.pop(name, None)
    settings = [part for pair in SAFE_CONFIG for part in ("-c", pair)]
    cmd = ["git", *settings, *args]
    return subprocess.run(
        cmd, cwd=cwd, env=env, input=stdin, capture_output=True, check=False, timeout=timeout
    )


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """``git args…`` in ``cwd``; its output, or a German error."""
    try:
        done = _call(cwd, args, stdin, TIMEOUT)
    except FileNotFoundError:
        raise UserError(
            "git ist nicht installiert", "git installieren, z. B. apt install git"
        ) from None
    except subprocess.TimeoutExpired:
        raise UserError(f"git hat nach {TIMEOUT} s nicht geantwortet") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise GitFailed(f"git {args[0]} ist fehlgeschlagen: {said or done.returncode}")
    return bytes(done.stdout)


def git_or_none(cwd: Path, *args: str, timeout: float = 20) -> str | None:
    """The output of ``git args…`` in ``cwd``, or None where git cannot answer."""
    if not cwd.is_dir():
        return None
    try:
        done = _call(cwd, args, None, timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

"""Running git: without a shell, with a timeout, never asking, never starting a hook program.

``core.fsmonitor`` is switched off and prompts are disabled, so that a
repository's configuration cannot make the tool run a program or wait for
a password. :func:`run_git` is for commands whose answer the user asked for
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


def _call(cwd: Path, args: tuple[str, ...], stdin: bytes | None, timeout: float) -> Any:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    cmd = ["git", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", *args]
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

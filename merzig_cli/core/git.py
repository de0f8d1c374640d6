"""Running git: without a shell, with a timeout, never asking, never starting a program.

A repository's own configuration (``.git/config``) is not under our control:
it may name programs for git to start. Every setting through which the
commands we run could start one is overridden on the command line: the
file-system monitor, signature checking (``gpg.program``), and every remote
transport (a partial clone fetches missing objects on demand, through
``core.sshCommand`` or a remote helper). Prompts are disabled, so nothing waits
for a password. :func:`run_git` is for commands whose answer the user asked for
(an error is reported in German); :func:`git_or_none` for checks that go on
without a repository.

A failing git is not the same as no git. Only "not a git repository" (and no
git installed where no ``.git`` is to be seen) means there is none; a
repository git refuses to read (owned by another user, written by a newer
git, a broken ``.git`` file) or a git that does not answer in time may well
hold the workspace's files, so it is a failure that says what git said
(:class:`GitFailed`), never an empty answer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

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


# What one git answer may have: more is refused while it is read, never kept whole.
MAX_OUTPUT_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 16


class OutputTooLarge(Exception):
    """git wrote more than the limit; it was stopped and what it wrote dropped."""


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: bytes
    stderr: bytes  # its first 64 KiB


def _call(
    cwd: Path,
    args: tuple[str, ...],
    stdin: bytes | None,
    timeout: float,
    limit: int = MAX_OUTPUT_BYTES,
) -> Done:
    """Run git; at most ``limit`` bytes of its output are kept (:class:`OutputTooLarge`).

    The output is read as it comes, so a repository that answers with
    gigabytes costs no more memory than ``limit``; a git that is still busy
    after ``timeout`` seconds is stopped (``TimeoutExpired``).
    """
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
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: stopped with whatever it started
    )
    expired = threading.Event()

    def kill() -> None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)

    def stop() -> None:
        expired.set()
        kill()

    timer = threading.Timer(timeout, stop)
    errors = bytearray()

    def drain() -> None:  # stderr read beside stdout, so that neither pipe fills and blocks git
        assert proc.stderr is not None
        while chunk := proc.stderr.read(_CHUNK):
            errors.extend(chunk[: max(0, _CHUNK - len(errors))])

    def feed() -> None:
        assert proc.stdin is not None
        with contextlib.suppress(OSError):  # git stopped reading: it has failed or was stopped
            proc.stdin.write(stdin or b"")
            proc.stdin.close()

    helpers = [threading.Thread(target=drain, daemon=True)]
    if stdin is not None:
        helpers.append(threading.Thread(target=feed, daemon=True))
    out = bytearray()
    try:
        timer.start()
        for helper in helpers:
            helper.start()
        assert proc.stdout is not None
        while chunk := os.read(proc.stdout.fileno(), _CHUNK):
            if len(out) + len(chunk) > limit:
                kill()
                raise OutputTooLarge
            out.extend(chunk)
        returncode = proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            kill()
        proc.wait()
        for helper in helpers:
            helper.join(timeout=5)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):  # stdin: what git did not read is dropped
                    pipe.close()
    if expired.is_set():
        raise subprocess.TimeoutExpired(cmd, timeout)
    return Done(returncode, bytes(out), bytes(errors))


def _too_large(args: tuple[str, ...], limit: int) -> GitFailed:
    return GitFailed(
        f"git {args[0] if args else ''} lieferte mehr als {limit // (1024 * 1024)} MiB; "
        "so viel liest merzig nicht",
        "Das Repository enthält ungewöhnlich große oder viele Dateien; mit git selbst prüfen",
    )


def run_git(
    cwd: Path, *args: str, stdin: bytes | None = None, limit: int = MAX_OUTPUT_BYTES
) -> bytes:
    """``git args…`` in ``cwd``; its output (at most ``limit`` bytes), or a German error."""
    try:
        done = _call(cwd, args, stdin, TIMEOUT, limit)
    except OutputTooLarge:
        raise _too_large(args, limit) from None
    except FileNotFoundError:
        raise UserError(
            "git ist nicht installiert", "git installieren, z. B. apt install git"
        ) from None
    except subprocess.TimeoutExpired:
        raise UserError(f"git hat nach {TIMEOUT} s nicht geantwortet") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise GitFailed(f"git {args[0]} ist fehlgeschlagen: {said or done.returncode}")
    return done.stdout


# What git says (LC_ALL=C) when no folder from ``cwd`` up is a repository; "not a git
# repository: <path>" (a broken .git file, a wrong GIT_DIR) is a refusal instead.
NO_REPOSITORY = b"fatal: not a git repository (or any "


def _repository_above(cwd: Path) -> Path | None:
    """The nearest ``.git`` from ``cwd`` up that holds a repository (objects, or a link file)."""
    for folder in (cwd, *cwd.parents):
        git_dir = folder / ".git"
        if git_dir.is_file() or (git_dir / "objects").is_dir():
            return git_dir
    return None


def git_or_none(
    cwd: Path, *args: str, timeout: float = 20, answers: tuple[int, ...] = (0,)
) -> str | None:
    """The output of ``git args…`` in ``cwd``; None only where there is no repository.

    An exit code in ``answers`` is an answer (``check-ignore`` says "not ignored"
    with 1). Anything else raises :class:`GitFailed` with git's own words: a
    repository git refuses is not "no repository".
    """
    if not cwd.is_dir():
        return None
    command = f"git {args[0]}" if args else "git"
    try:
        done = _call(cwd, args, None, timeout)
    except FileNotFoundError:
        found = _repository_above(cwd.resolve())
        if found is None:
            return None
        raise GitFailed(
            f"git ist nicht installiert, aber „{found}“ ist ein git-Repository",
            "git installieren, z. B. apt install git",
        ) from None
    except subprocess.TimeoutExpired:
        raise GitFailed(f"{command} hat nach {timeout:g} s nicht geantwortet") from None
    except OutputTooLarge:
        raise _too_large(args, MAX_OUTPUT_BYTES) from None
    except OSError as err:
        raise GitFailed(f"{command} ließ sich nicht starten: {err.strerror or err}") from None
    if done.returncode in answers:
        return done.stdout.decode("utf-8", "replace")
    said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
    if done.stderr.startswith(NO_REPOSITORY):
        found = _repository_above(cwd.resolve())
        if found is None:
            return None
        raise GitFailed(  # a damaged repository (HEAD, config) still holds what was committed
            f"git erkennt „{found}“ nicht als Repository: {said}",
            "git selbst aufrufen (z. B. git status) und das Repository reparieren",
        )
    raise GitFailed(
        f"{command} ist fehlgeschlagen: {said or f'Exit-Code {done.returncode}'}",
        "git selbst aufrufen (z. B. git status) und die Ursache beheben; ein Repository "
        "eines anderen Benutzers erst nach Prüfung mit git config --global --add "
        "safe.directory freigeben",
    )

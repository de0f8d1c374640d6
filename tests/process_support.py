"""merzig commands as processes of their own, forked from one that has imported the tool.

A command started as ``python -m merzig_cli`` spends most of its time importing
(0.3 s of 0.45 s for a small change). Tests that start many commands only to kill
them start them here instead: a multiprocessing fork server imports the tool once,
with the modules the commands import on demand, and each command is a process
forked from it that runs the entry point of ``merzig`` (:func:`merzig_cli.cli.main.run`)
with the test's environment and its output in files. It is a process like ``merzig``:
a SIGKILL ends it in the middle of what it does, the kernel lets go of its locks, and
the next command finds the files it left. Library functions that tests run in
processes of their own (:func:`updates`) live here too, so that a process need not
import a test module.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

# What the commands of the kill tests import, on demand too: a module left out is imported
# by each process again (slower, nothing else).
PRELOAD = [
    "merzig_cli.cli.main",
    "typer._adapters",  # imported when the first argument is parsed
    "merzig_cli.cli.case",
    "merzig_cli.cli.inquiry",
    "merzig_cli.cli.mail",
    "merzig_cli.cli.validate",
    "merzig_cli.checks.validate",
    "merzig_cli.checks.edits",
    "merzig_cli.conference.cases",
    "merzig_cli.conference.followup",
    "merzig_cli.inquiries.intake",
    "merzig_cli.inquiries.referrals",
    "merzig_cli.network.delivery",
    "merzig_cli.network.rounds",
    "merzig_cli.routing.index",
    "merzig_cli.workspace.loader",
]


def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    assert isinstance(context, ForkServerContext)
    # "__main__": a test run started as the script ``pytest`` is its main module, which every
    # process would run again (to import pytest) unless the server has it already.
    context.set_forkserver_preload(["__main__", __name__, *PRELOAD])
    return context


def ready() -> None:
    """Start the server now (it imports the tool: about a second), not with the first process."""
    process = start(os.getpid)
    process.join(timeout=60)
    assert process.exitcode == 0


def start(target: Any, *args: Any) -> BaseProcess:
    """``target(*args)`` in a process forked from the server; ``target`` a function of a
    module the server has imported (this one or :data:`PRELOAD`), or a built-in one."""
    process = _context().Process(target=target, args=args)
    process.start()
    return process


def _command(args: list[str], environ: dict[str, str], out: str, err: str) -> None:
    for fd, name in ((1, out), (2, err)):
        opened = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(opened, fd)
        os.close(opened)
    os.environ.clear()
    os.environ.update(environ)
    sys.argv = ["merzig", *args]
    from merzig_cli.cli.main import run

    run()


def command(args: list[str], out: Path, err: Path) -> BaseProcess:
    """``merzig args`` started with this process's environment; its output goes to the files
    ``out`` and ``err``; the process's ``exitcode`` is the command's (``-9`` when killed)."""
    return start(_command, args, dict(os.environ), str(out), str(err))


def updates(root: str, label: str, rounds: int, environ: dict[str, str]) -> None:
    """One process's updates: a note on the case and a referral with feedback, each round."""
    os.environ.clear()
    os.environ.update(environ)
    from merzig_cli.conference.cases import add_follow_up
    from merzig_cli.inquiries.referrals import feedback, refer
    from merzig_cli.workspace.loader import load_workspace

    actor = "jmd" if label == "A" else "jobcenter"
    ws = load_workspace(root)
    for i in range(rounds):
        add_follow_up(ws, "fk-2027-05", f"{label}-{i}", dt.date(2026, 11, 27))
        refer(ws, "2026-0001", actor, dt.date(2026, 11, 3))
        feedback(ws, "2026-0001", actor, "done", f"{label}-{i} erledigt", dt.date(2026, 11, 4))

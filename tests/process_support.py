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

:func:`measured` runs a command the same way and reports what the process itself used:
its peak memory (``VmHWM``: it starts as a copy of the server, so the imports count as in
a command of its own) and its CPU time (its own and its children's, counted from the fork);
:func:`script` runs a piece of Python code (the linear-time tests time calls in it).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import multiprocessing
import os
import resource
import sys
import tempfile
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

# What the commands of the kill tests and of test_limits/test_hostile_text import, on demand
# too: a module left out is imported by each process again (slower, nothing else).
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
    "merzig_cli.checks.file_by_file",
    "merzig_cli.core.yaml_syntax",
    "merzig_cli.cli.brochure",
    "merzig_cli.cli.privacy",
    "merzig_cli.cli.report",
    "merzig_cli.cli.route",
    "merzig_cli.brochure.build",
    "merzig_cli.conference.report",
    "merzig_cli.inquiries.report",
    "merzig_cli.network.reminders",
    "merzig_cli.privacy.check",
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


def _output_to(out: str, err: str) -> None:
    """This process's stdout and stderr into the files ``out`` and ``err`` (one file when
    they are the same name: both streams in the order written)."""
    for fds, name in (((1, 2), out),) if err == out else (((1,), out), ((2,), err)):
        opened = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        for fd in fds:
            os.dup2(opened, fd)
        os.close(opened)


def _command(
    args: list[str], environ: dict[str, str], out: str, err: str, cwd: str | None = None
) -> None:
    _output_to(out, err)
    os.environ.clear()
    os.environ.update(environ)
    if cwd is not None:
        os.chdir(cwd)
    sys.argv = ["merzig", *args]
    from merzig_cli.cli.main import run

    run()


def command(args: list[str], out: Path, err: Path) -> BaseProcess:
    """``merzig args`` started with this process's environment; its output goes to the files
    ``out`` and ``err``; the process's ``exitcode`` is the command's (``-9`` when killed)."""
    return start(_command, args, dict(os.environ), str(out), str(err))


def _ended(process: BaseProcess, timeout: float) -> bool:
    """Wait for ``process`` up to ``timeout`` seconds; one still running then is killed."""
    process.join(timeout)
    if process.exitcode is None:
        process.kill()
        process.join()
        return False
    return True


def _measured(args: list[str], environ: dict[str, str], cwd: str, out: str, used: str) -> None:
    try:
        _command(args, environ, out, out, cwd)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        own, children = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        Path(used).write_text(json.dumps({"peak_mb": peak / 1024, "cpu": cpu}), "utf-8")


@dataclass
class Measured:
    """What :func:`measured` reports of a command that ended."""

    code: int  # its exit code
    output: str  # what it wrote to stdout and stderr, in order
    peak_mb: float  # its peak memory (VmHWM)
    cpu: float  # CPU seconds of the process and of its children


def measured(
    args: list[str], cwd: Path, environ: dict[str, str], timeout: float
) -> Measured | None:
    """``merzig args`` in ``cwd`` with the environment ``environ``, as a process of its own;
    None when it had not ended after ``timeout`` seconds (it is killed then)."""
    with tempfile.TemporaryDirectory(prefix="merzig-measured-") as tmp:
        out, used = Path(tmp, "out"), Path(tmp, "used")
        process = start(_measured, args, environ, str(cwd), str(out), str(used))
        if not _ended(process, timeout):
            return None
        output = out.read_text("utf-8", "replace")
        assert used.exists(), output  # the command ended normally and reported what it used
        report = json.loads(used.read_text("utf-8"))
    assert process.exitcode is not None
    return Measured(process.exitcode, output, report["peak_mb"], report["cpu"])


def _script(code: str, out: str, err: str) -> None:
    _output_to(out, err)
    # The server's objects (its imports) live as long as the process: frozen, the collector
    # leaves them alone, and a gc.collect() of the script costs what it would in a process
    # that imported only what the script needs (a millisecond, not eight).
    gc.freeze()
    exec(compile(code, "<script>", "exec"), {"__name__": "__script__"})


def script(code: str, timeout: float) -> tuple[int, str, str] | None:
    """(exit code, stdout, stderr) of the Python ``code`` run in a process of its own; None
    when it had not ended after ``timeout`` seconds (it is killed then)."""
    with tempfile.TemporaryDirectory(prefix="merzig-script-") as tmp:
        out, err = Path(tmp, "out"), Path(tmp, "err")
        process = start(_script, code, str(out), str(err))
        if not _ended(process, timeout):
            return None
        assert process.exitcode is not None
        return process.exitcode, out.read_text("utf-8"), err.read_text("utf-8", "replace")


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

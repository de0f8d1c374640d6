"""Writers killed with SIGKILL at random moments, and two writers at once: nothing is lost.

Real ``merzig`` processes record feedback, refer, create inquiries, mark case
steps done, add case notes and send round mails through a real SMTP server on
localhost, and are killed at a random moment while they run. Afterwards every
file is the old or the new version and valid, the next command cleans up what
the killed writer left and is not blocked by its lock, and a mail sender run
again sends each mail at most once (a mail whose acceptance the kill left open
is held back as unclear, never sent twice). ``MERZIG_KILL_ROUNDS`` sets how
many kills (``make test``: 6, each writer once; ``make test-long``: 300).

The processes are forked from one that has imported the tool
(tests/process_support.py): each is a process of its own that runs ``merzig``'s
entry point, without the 0.3 s of imports that took half of each run, where most
kills used to land and found nothing to break.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import process_support
import pytest
import yaml
from conference_support import conference_workspace
from conftest import inquiry_yaml
from mailserver import addresses, network_ws, running_server

from merzig_cli.checks.validate import validate_path

# The CI profile, each writer killed once; make test-long runs the long one (300 kills, 200
# updates per process).
ROUNDS = int(os.environ.get("MERZIG_KILL_ROUNDS", "6"))
UPDATES = int(os.environ.get("MERZIG_KILL_UPDATES", "30"))

INQUIRY = "# Anfrage für den Abbruch-Test.\n" + inquiry_yaml(
    "2026-0001",
    "2026-11-02",
    "work",
    "Wie finde ich einen Ausbildungsplatz?",
    "  - actor: schule\n    contact: k-schule\n    date: 2026-11-02\n    status: open\n",
)


def _workspace(root: Path) -> Path:
    conference_workspace(root)
    (root / "inquiries/2026").mkdir(parents=True)
    (root / "inquiries/2026/2026-0001.yaml").write_text(INQUIRY, encoding="utf-8")
    return root


@dataclass
class Writer:
    """A writing command, what it may change, and whether its change is undone after each kill."""

    root: Path
    args: Callable[[int], list[str]]
    intended: Callable[[str, str, int], bool]  # (file, new text, round) -> the change it makes
    undo: bool = False  # a one-time change (a step done): the old file comes back for the next kill


def _writers(root: Path, mail_root: Path, body: Path) -> list[Writer]:
    inquiry, case = "inquiries/2026/2026-0001.yaml", "cases/2027/fk-2027-05.yaml"

    def kept(rel: str, text: str, header: str) -> bool:
        return text.startswith(header) and bool(yaml.safe_load(text))

    return [
        Writer(root, lambda n: ["inquiry", "feedback", "2026-0001", "schule", "--status",
               "accepted", "--outcome", f"Termin vereinbart {n}.", "--replace", "--date",
               "2026-11-20"],
               lambda rel, t, n: rel == inquiry and f"Termin vereinbart {n}." in t
               and kept(rel, t, "# Anfrage")),
        Writer(root, lambda n: ["inquiry", "refer", "2026-0001", "jobcenter", "--date",
               "2026-11-21"],
               lambda rel, t, n: rel == inquiry and "actor: jobcenter" in t
               and kept(rel, t, "# Anfrage"), undo=True),
        Writer(root, lambda n: ["inquiry", "new", "--question", f"Frage zum Deutschkurs {n}?",
               "--channel", "phone", "--group", "refugees", "--lang", "ar", "--topic",
               "language", "--received", "2026-11-20", "--no-interactive"],
               lambda rel, t, n: False),  # a new file, never a changed one
        Writer(root, lambda n: ["case", "step", "fk-2027-05", "1", "--done", "--date",
               "2026-11-28"],
               lambda rel, t, n: rel == case and "done: 2026-11-28" in t
               and kept(rel, t, "# Erfundener Testfall."), undo=True),
        Writer(root, lambda n: ["case", "followup", "fk-2027-05", "--note", f"Notiz {n}.",
               "--date", "2026-11-27"],
               lambda rel, t, n: rel == case and f"Notiz {n}." in t
               and kept(rel, t, "# Erfundener Testfall.")),
        Writer(mail_root, lambda n: ["mail", "round", "--all", "--subject", f"Rundmail {n}",
               "--campaign", f"abbruch-{n}", "--body", str(body), "--send"],
               lambda rel, t, n: False),  # sending changes no record, only its ledger
    ]  # fmt: skip


def _args(writer: Writer, n: int) -> list[str]:
    return [*writer.args(n), "--data", str(writer.root)]


def _start(args: list[str], out: Path) -> BaseProcess:
    return process_support.command(args, out.with_suffix(".out"), out.with_suffix(".err"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def _restore(root: Path, snapshot: dict[str, bytes]) -> None:
    for rel, data in snapshot.items():
        if (root / rel).read_bytes() != data:
            (root / rel).write_bytes(data)


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*.tmp")]


def _duration(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    process = _start(args, out)
    process.join(timeout=60)
    assert process.exitcode == 0, out.with_suffix(".err").read_text(encoding="utf-8")
    return time.perf_counter() - start


def _received(server: Any, n: int) -> dict[str, int]:
    """How often each address got the round mail of round ``n``."""
    counts: dict[str, int] = {}
    for r in server.handler.received:
        if r.message["Subject"] == f"Rundmail {n}":
            for address in r.rcpt_tos:
                counts[address] = counts.get(address, 0) + 1
    return counts


def test_writers_killed_at_random_moments_leave_old_or_new_valid_files(tmp_path: Path) -> None:
    body = tmp_path / "rundmail.md"
    body.write_text("Neues aus dem Netzwerk.\n", encoding="utf-8")
    with running_server() as server:
        root = _workspace(tmp_path / "ws")
        mail_root = network_ws(tmp_path / "mail", server.port, actors=3)
        writers = _writers(root, mail_root, body)
        rng = random.Random(20261201)
        durations = []
        out = tmp_path / "command"
        process_support.ready()  # the durations are the commands' own, not the server's start
        for w in writers:  # the one-time changes are undone: each kill meets the old file
            old = _snapshot(w.root)
            durations.append(_duration(_args(w, 0), out))
            if w.undo:
                _restore(w.root, old)
        before_errors = len(validate_path(str(root)).errors)
        everyone = addresses(3)
        for n in range(1, ROUNDS + 1):
            which = n % len(writers)
            writer = writers[which]
            before = _snapshot(writer.root)
            # most kills land late in the run, where the writing happens
            delay = durations[which] * rng.uniform(0.5, 1.05)
            process = _start(_args(writer, n), out)
            time.sleep(delay)
            process.kill()  # SIGKILL, unless it has finished already
            process.join(timeout=30)
            after = _snapshot(writer.root)
            for rel, data in after.items():
                if rel in before and data != before[rel]:
                    assert writer.intended(rel, data.decode("utf-8"), n), (n, rel)
            new = set(after) - set(before)
            assert all(rel.startswith("inquiries/2026/") for rel in new), new
            # the next command is not blocked by the dead writer's lock and cleans up after it
            follow = [*_args(writer, n), "--json"] if writer.root == mail_root else [
                "validate", "--data", str(root), "--json"]  # fmt: skip
            done = _start(follow, out)
            done.join(timeout=60)
            assert done.exitcode in (0, 1), out.with_suffix(".err").read_text(encoding="utf-8")
            assert _leftovers(writer.root) == [], (n, _leftovers(writer.root))
            if writer.root == mail_root:  # sent once, or held back as unclear: never twice
                got = _received(server, n)
                assert all(count == 1 for count in got.values()), (n, got)
                report = json.loads(out.with_suffix(".out").read_text(encoding="utf-8"))
                unclear = report["counts"].get("unclear", 0)
                # an unclear mail may have arrived (the kill fell between the server's "250"
                # and the log's entry): it is held back, so every address got it at most once
                missing = everyone - set(got)
                assert set(got) <= everyone and len(missing) <= unclear <= 1, (n, got, unclear)
            if writer.undo:
                _restore(root, before)
        assert len(validate_path(str(root)).errors) == before_errors  # every file still valid


@pytest.mark.parametrize("rounds", [UPDATES])
def test_two_processes_updating_the_same_files_lose_nothing(tmp_path: Path, rounds: int) -> None:
    root = _workspace(tmp_path / "ws")
    errors = len(validate_path(str(root)).errors)
    environ = dict(os.environ)
    workers = [
        process_support.start(process_support.updates, str(root), label, rounds, environ)
        for label in "AB"
    ]
    for w in workers:
        w.join(timeout=600)
        assert w.exitcode == 0
    case = (root / "cases/2027/fk-2027-05.yaml").read_text(encoding="utf-8")
    inquiry = (root / "inquiries/2026/2026-0001.yaml").read_text(encoding="utf-8")
    for label in "AB":
        for i in range(rounds):
            assert f"note: {label}-{i}\n" in case, (label, i)
            assert f"outcome: {label}-{i} erledigt\n" in inquiry, (label, i)
    # each process: `rounds` notes on the case, `rounds` referrals with feedback on the inquiry
    assert case.count("note: ") == 2 * rounds and inquiry.count("outcome: ") == 2 * rounds
    assert len(validate_path(str(root)).errors) == errors

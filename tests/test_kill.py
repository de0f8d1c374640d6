"""Writers killed with SIGKILL at random moments, and two writers at once: nothing is lost.

Real ``merzig`` processes record feedback, create inquiries and add case notes
and are killed at a random moment while they run. Afterwards every file is the
old or the new version and valid, the next command cleans up what the killed
writer left and is not blocked by its lock. ``MERZIG_KILL_ROUNDS`` sets how
many kills (``make test``: 24, ``make bench``: 300).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conference_support import conference_workspace
from conftest import inquiry_yaml

from merzig_cli.checks.validate import validate_path

ROUNDS = int(os.environ.get("MERZIG_KILL_ROUNDS", "24"))

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


def _commands(root: Path, n: int) -> list[list[str]]:
    base = [sys.executable, "-m", "merzig_cli"]
    data = ["--data", str(root)]
    return [
        [*base, "inquiry", "feedback", "2026-0001", "schule", "--status", "accepted",
         "--outcome", f"Termin vereinbart {n}.", "--replace", "--date", "2026-11-20", *data],
        [*base, "inquiry", "new", "--question", f"Frage zum Deutschkurs {n}?", "--channel", "phone",
         "--group", "refugees", "--lang", "ar", "--topic", "language", "--received", "2026-11-20",
         "--no-interactive", *data],
        [*base, "case", "followup", "fk-2027-05", "--note", f"Notiz {n}.", "--date", "2027-07-02", *data],
    ]  # fmt: skip


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*.tmp")]


def _duration(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, timeout=60)
    return time.perf_counter() - start


def test_writers_killed_at_random_moments_leave_old_or_new_valid_files(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    rng = random.Random(20261201)
    durations = [_duration(c) for c in _commands(root, 0)]
    before_errors = len(validate_path(str(root)).errors)
    for n in range(1, ROUNDS + 1):
        which = n % 3
        command = _commands(root, n)[which]
        before = _snapshot(root)
        # most kills land late in the run, where the writing happens
        delay = durations[which] * rng.uniform(0.5, 1.05)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        after = _snapshot(root)
        for rel, data in after.items():
            if rel in before and data != before[rel]:
                assert _changed_as_intended(rel, data, n), (n, rel)
        new = set(after) - set(before)
        assert all(rel.startswith("inquiries/2026/") for rel in new), new
        # the next command is not blocked by the dead writer's lock and cleans up after it
        follow = subprocess.run(
            [sys.executable, "-m", "merzig_cli", "validate", "--data", str(root), "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert follow.returncode in (0, 1), follow.stderr
        assert _leftovers(root) == [], (n, _leftovers(root))
    assert len(validate_path(str(root)).errors) == before_errors  # every file still valid


def _changed_as_intended(rel: str, data: bytes, n: int) -> bool:
    text = data.decode("utf-8")
    if rel == "inquiries/2026/2026-0001.yaml":
        return f"Termin vereinbart {n}." in text and text.startswith(
            "# Anfrage für den Abbruch-Test."
        )
    if rel == "cases/2027/fk-2027-05.yaml":
        return f"Notiz {n}." in text and text.startswith("# Erfundener Testfall.")
    return False


def _writer(root: str, label: str, rounds: int) -> None:
    """One process's updates: a note on the case and a referral with feedback, each round."""
    import datetime as dt

    from merzig_cli.conference.cases import add_follow_up
    from merzig_cli.inquiries.referrals import feedback, refer
    from merzig_cli.workspace.loader import load_workspace

    actor = "jmd" if label == "A" else "jobcenter"
    ws = load_workspace(root)
    for i in range(rounds):
        add_follow_up(ws, "fk-2027-05", f"{label}-{i}", dt.date(2027, 7, 2))
        refer(ws, "2026-0001", actor, dt.date(2026, 11, 3))
        feedback(ws, "2026-0001", actor, "done", f"{label}-{i} erledigt", dt.date(2026, 11, 4))


@pytest.mark.parametrize("rounds", [200])
def test_two_processes_updating_the_same_files_lose_nothing(tmp_path: Path, rounds: int) -> None:
    root = _workspace(tmp_path / "ws")
    errors = len(validate_path(str(root)).errors)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(root), label, rounds)) for label in "AB"]
    for w in workers:
        w.start()
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

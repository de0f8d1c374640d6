"""``actors diff`` bounds its memory before it reads: a huge file in git is never read whole.

A repository of a few kilobytes on disk may hold a Steckbrief of hundreds of
megabytes (it compresses to almost nothing). Each test commits such a file to
a real repository and runs the real command; the peak of Python's memory (and
of the git processes it starts) must stay far below the file's size, and the
file is reported in German as too large, never read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_actors_review import edit, git, repository

from merzig_cli.network import git as network_git

Cli = Callable[..., Any]
BIG = 50 * 1024 * 1024
MIB = 1024 * 1024
TOO_LARGE = "Datei ist 50,0 MiB groß; erlaubt ist höchstens 1 MiB"


# git compresses the huge file fastest (0.25 s instead of 0.6 s), and still to a few kilobytes
FAST = ("-c", "core.looseCompression=1")


def _commit_big(repo: Path, ws: Path, filler: bytes = b"a") -> Path:
    big = ws / "actors" / "riesig.yaml"
    big.write_bytes(b"id: riesig\nname: " + filler * BIG + b"\n")
    git(repo, *FAST, "add", "-A")
    git(repo, "commit", "-q", "-m", "Riesig")
    return big


def _diff_json(cli: Cli, ws: Path, *revs: str) -> tuple[dict[str, Any], int]:
    """The diff's report and the peak of Python's memory while it was made."""
    tracemalloc.start()
    try:
        result = cli("actors", "diff", *revs, "--data", str(ws), "--json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report, peak


def test_a_huge_blob_is_never_read(cli: Cli, tmp_path: Path) -> None:
    repo, ws = repository(tmp_path)
    big = _commit_big(repo, ws)
    big.unlink()  # the working tree need not read it either
    report, peak = _diff_json(cli, ws, "HEAD~1", "HEAD")
    assert peak < 8 * MIB, peak
    [unreadable] = report["unreadable"]
    assert (unreadable["id"], unreadable["problem"]) == ("riesig", TOO_LARGE)
    terminal = cli("actors", "diff", "HEAD~1", "HEAD", "--data", str(ws))
    assert terminal.exit_code == 0
    assert TOO_LARGE in " ".join(terminal.output.split())


def _measured(ws: Path) -> dict[str, Any]:
    """``HEAD~1 → HEAD`` in a process of its own: its peak, and the peak of every git it started.

    The process's own peak is the kernel's high-water mark of its memory (VmHWM):
    ``ru_maxrss`` would count the memory of the test process it was started from.
    """
    script = textwrap.dedent(
        """
        import json, resource, sys
        from pathlib import Path
        from merzig_cli.network.changes import profile_diff
        diff = profile_diff(Path(sys.argv[1]), "HEAD~1", "HEAD")
        status = Path("/proc/self/status").read_text().split("\\n")
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        print(json.dumps({
            "problems": [a.problem for a in diff.of("unreadable")],
            "self": peak * 1024,
            "git": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ws)], capture_output=True, text=True, check=True
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_the_process_and_its_git_never_hold_the_blob(tmp_path: Path) -> None:
    repo, ws = repository(tmp_path / "klein")
    (ws / "actors" / "klein.yaml").write_bytes(b"id: klein\nname: Klein\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Klein")
    small = _measured(ws)  # the same command over a repository of small files
    repo, ws = repository(tmp_path / "gross")
    _commit_big(repo, ws)
    big = _measured(ws)
    assert big["self"] < small["self"] + 10 * MIB, (small, big)
    assert big["git"] < small["git"] + 10 * MIB, (small, big)  # git never inflates the blob
    assert big["problems"] == [TOO_LARGE]


def test_an_unchanged_huge_blob_is_no_change_and_a_changed_one_is_named(
    cli: Cli, tmp_path: Path
) -> None:
    repo, ws = repository(tmp_path)
    big = _commit_big(repo, ws)
    edit(ws / "actors/akteur-1.yaml", "name: Beratungsstelle 1", "name: Beratungsstelle Eins")
    git(repo, "commit", "-q", "-am", "Name")
    report, _ = _diff_json(cli, ws, "HEAD~1", "HEAD")
    assert [a["id"] for a in report["changed"]] == ["akteur-1"]
    assert report["unreadable"] == []
    big.write_bytes(b"id: riesig\nname: " + b"b" * BIG + b"\n")
    git(repo, *FAST, "commit", "-q", "-am", "Riesig anders")
    report, peak = _diff_json(cli, ws, "HEAD~1", "HEAD")
    assert peak < 8 * MIB, peak
    assert [(a["id"], a["problem"]) for a in report["unreadable"]] == [("riesig", TOO_LARGE)]


def test_a_huge_file_in_the_working_tree_is_not_read(cli: Cli, tmp_path: Path) -> None:
    _repo, ws = repository(tmp_path)
    (ws / "actors" / "riesig.yaml").write_bytes(b"id: riesig\nname: " + b"a" * BIG + b"\n")
    report, peak = _diff_json(cli, ws)
    assert peak < 8 * MIB, peak
    assert [(a["id"], a["problem"]) for a in report["unreadable"]] == [("riesig", TOO_LARGE)]


def test_many_files_together_past_the_budget_are_refused_in_german(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, ws = repository(tmp_path)
    for i in range(4):  # each one allowed, all of them together not
        name = str(i).encode() * 300_000
        (ws / "actors" / f"gross-{i}.yaml").write_bytes(b"id: g\nname: " + name + b"\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Gross")
    monkeypatch.setattr(network_git, "MAX_VERSIONS_BYTES", MIB)
    result = cli("actors", "diff", "HEAD~1", "HEAD", "--data", str(ws))
    assert result.exit_code == 1, result.stderr
    err = " ".join(result.stderr.split())
    assert "Die Steckbriefe (HEAD " in err and "zusammen über 1 MiB groß" in err
    git(repo, "rm", "-q", "--cached", *(f"data/actors/gross-{i}.yaml" for i in range(4)))
    git(repo, "commit", "-q", "-m", "Nur noch auf der Platte")
    on_disk = cli("actors", "diff", "--data", str(ws))
    assert on_disk.exit_code == 1
    assert "Die Steckbriefe (Arbeitsverzeichnis) sind zusammen über 1 MiB" in " ".join(
        on_disk.stderr.split()
    )


def test_a_git_answer_past_the_limit_is_cut_off_with_a_german_error(tmp_path: Path) -> None:
    """The one reader of every git answer keeps at most its limit."""
    from merzig_cli.core.errors import UserError
    from merzig_cli.core.git import run_git

    repo, ws = repository(tmp_path)
    _commit_big(repo, ws)
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as refused:
            run_git(repo, "cat-file", "blob", "HEAD:data/actors/riesig.yaml", limit=MIB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * MIB, peak
    assert refused.value.message.startswith("git cat-file lieferte mehr als 1 MiB")

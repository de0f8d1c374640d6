"""No young person is lost to a broken file: every command that follows cases up says so."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED

Cli = Callable[..., Any]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-*", "invitations"))
    return root


def test_an_unreadable_case_file_is_named_by_every_follow_up(cli: Cli, ws: Path) -> None:
    path = ws / "cases/2027/fk-2027-03.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  kaputt: [\n", encoding="utf-8")
    check = cli("followup", "--check", "--data", str(ws))
    assert check.exit_code == 1
    assert "fk-2027-03" in check.stderr and "nicht lesbar" in check.stderr
    out = ["--out", str(ws.parent / "out"), "--format", "md"]
    for args in (["followup"], ["conference", "plan", "fk-2027", *out],
                 ["report", "conference", "fk-2027"]):  # fmt: skip
        result = cli(*args, "--data", str(ws))
        assert "cases/2027/fk-2027-03.yaml ist nicht lesbar" in " ".join(result.stderr.split())


def test_a_conference_file_with_errors_is_refused_with_its_line(cli: Cli, ws: Path) -> None:
    path = ws / "conferences/fk-2027.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2027-06-29", "date: morgen"))
    result = cli("conference", "plan", "fk-2027", "--data", str(ws), "--out", str(ws.parent / "o"))
    assert result.exit_code == 1, result.output
    assert "conferences/fk-2027.yaml" in result.stderr and ":5" in result.stderr
    assert not (ws.parent / "o").exists()


def test_a_review_item_held_back_by_the_gate_is_named(cli: Cli, ws: Path) -> None:
    """fk-2026-02 (withdrawn 2026-09-15, open steps) would be a review item of fk-2027."""
    out = ["--out", str(ws.parent / "out"), "--format", "md"]
    result = cli("conference", "plan", "fk-2027", *out, "--data", str(ws))
    assert result.exit_code == 0, result.output
    assert "Fall fk-2026-02 ausgelassen" in result.stderr

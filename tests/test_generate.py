"""bench/generate.py: the synthetic workspace of the benchmarks is valid and always the same."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from merzig_cli.checks.validate import validate_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import generate


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_a_generated_workspace_validates_and_is_the_same_every_time(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", actors=120, inquiries=600, cases=40)
    again = generate(tmp_path / "b", actors=120, inquiries=600, cases=40)
    other = generate(tmp_path / "c", actors=120, inquiries=600, cases=40, seed=2)
    assert _digest(first) == _digest(again) != _digest(other)
    report = validate_path(str(first), cache=False)
    assert report.errors == []
    assert report.files_checked == 2 + 120 + 600 + 1 + 40
    assert {p.code for p in report.warnings} <= {"consent-withdrawn"}  # every 97th case
    assert len(list((first / "cases").rglob("*.yaml"))) == 40
    # the same actors whatever else is generated: benchmarks compare like with like
    alone = generate(tmp_path / "d", actors=120, inquiries=0, cases=0)
    assert _digest(alone / "actors") == _digest(first / "actors")

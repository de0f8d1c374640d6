"""Benchmark: `merzig --help` and `merzig validate` on the bundled data.

Target (issue 2): each answers in well under half a second. Both run as real
subprocesses (interpreter start-up included, as a user experiences it); the
figure is the median of 10 runs after one warm-up. Also times the loading of
the hostile corpus files (alias bomb, several-MB file) in-process.
Run with ``python bench/bench_validate.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MERZIG = REPO / ".venv" / "bin" / "merzig"
RUNS = 10
TARGET_S = 0.5


def median_wall_time(args: list[str]) -> float:
    command = [str(MERZIG), *args]
    subprocess.run(command, cwd=REPO, capture_output=True, check=False)  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(args)} endete mit {result.returncode}")
    return statistics.median(times)


def hostile_files() -> list[tuple[str, float]]:
    sys.path.insert(0, str(REPO))
    from merzig_cli.checks.validate import validate_path

    out = []
    corpus = REPO / "tests" / "corpus"
    for name in ("alias-bomb", "file-too-large"):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "ws"
            shutil.copytree(corpus / name, root)
            if name == "file-too-large":
                big = "id: riesig\nsummary: '" + "x" * (3 * 1024 * 1024) + "'\n"
                (root / "actors" / "riesig.yaml").write_text(big, encoding="utf-8")
            start = time.perf_counter()
            validate_path(str(root))
            out.append((name, time.perf_counter() - start))
    return out


def main() -> int:
    print(f"Median aus {RUNS} Läufen (Subprozess, Ziel deutlich unter {TARGET_S} s):")
    worst = 0.0
    for label, args in (
        ("merzig --help", ["--help"]),
        ("merzig validate (data/)", ["validate", "--data", "data"]),
    ):
        seconds = median_wall_time(args)
        worst = max(worst, seconds)
        print(f"  {label:<28} {seconds:.3f} s")
    for name, seconds in hostile_files():
        print(f"  validate corpus/{name:<19} {seconds:.3f} s (im Prozess)")
    print("  Ziel erreicht" if worst < TARGET_S else "  ZIEL VERFEHLT")
    return 0


if __name__ == "__main__":
    sys.exit(main())

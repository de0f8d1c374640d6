"""Benchmark: routing quality on the three labelled sets, and how fast ``merzig route`` answers.

Prints, for the held-out set (written without seeing the taxonomy, the
Steckbriefe or the router, and only measured), the development set (written
the same way by another writer, for tuning) and the older set (its words
overlap the taxonomy's keywords), the share of inquiries with a correct actor
first and among the first three, then the wall time of the real command in a
subprocess (Python start included, median of several runs) on the bundled
data. Targets: at least 75 % / 90 % on every set; at most 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_routing_quality import BAR, SETS, hit_rates, labelled  # noqa: E402

from merzig_cli.workspace.loader import load_workspace  # noqa: E402

MERZIG = Path(sys.executable).parent / "merzig"
QUESTION = "Wie kann mein Pflegediplom aus Syrien anerkannt werden?"
RUNS = 9


def main() -> None:
    ws = load_workspace(REPO / "data", kinds={"actor"})
    for path, title in SETS:
        items = labelled(path)
        top1, top3 = hit_rates(ws, items)
        print(f"Routing-Qualität, {title}, {len(items)} Anfragen:")
        first, three = (f"Ziel ≥ {bar * 100:.0f} %" for bar in BAR)
        print(f"  richtiger Akteur an erster Stelle:        {top1:.1%} ({first})")
        print(f"  richtiger Akteur unter den ersten drei:   {top3:.1%} ({three})")
    args = [str(MERZIG), "route", QUESTION, "--data", str(REPO / "data"), "--lang", "ar"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"merzig route (Subprozess, mit Python-Start), Median aus {RUNS}: {median:.3f} s "
        f"(schnellster {min(times):.3f} s; Ziel ≤ 0,3 s -> {'OK' if median <= 0.3 else 'ZU LANGSAM'})"
    )


if __name__ == "__main__":
    main()

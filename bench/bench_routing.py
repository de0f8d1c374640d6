"""Benchmark: routing quality on both labelled sets, and how fast ``merzig route`` answers.

Prints, for the older set and for the held-out set written without seeing the
taxonomy or the Steckbriefe, the share of inquiries with a correct actor first
and among the first three, then the wall time of the real command in a
subprocess (Python start included, median of several runs) on the bundled
data. Targets (held-out set): at least 75 % / 90 %; at most 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_routing_quality import HELDOUT, LABELLED, hit_rates, labelled  # noqa: E402

from merzig_cli.workspace.loader import load_workspace  # noqa: E402

MERZIG = Path(sys.executable).parent / "merzig"
QUESTION = "Wie kann mein Pflegediplom aus Syrien anerkannt werden?"
RUNS = 9


def main() -> None:
    ws = load_workspace(REPO / "data", kinds={"actor"})
    for title, path in (
        ("alter Satz (Schlagwörter teilen Wörter mit den Fragen)", LABELLED),
        ("unabhängiger Satz (ohne Blick auf Taxonomie und Steckbriefe)", HELDOUT),
    ):
        items = labelled(path)
        top1, top3 = hit_rates(ws, items)
        print(f"Routing-Qualität, {title}, {len(items)} Anfragen:")
        print(f"  richtiger Akteur an erster Stelle:        {top1:.1%} (Ziel ≥ 75 %)")
        print(f"  richtiger Akteur unter den ersten drei:   {top3:.1%} (Ziel ≥ 90 %)")
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

"""Benchmark: how well the personal-data check finds names (tests/privacy/names.yaml).

Prints precision (share of warned sentences that really name a person) and
recall (share of sentences with a name that are warned about) on the
labelled set written independently of the detector, and the time per
sentence. Targets: at least 90 % each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_names import labelled, precision_recall, workspace_names  # noqa: E402

from merzig_cli.checks.names import lexicon  # noqa: E402


def main() -> None:
    data = labelled()
    start = time.perf_counter()
    lexicon()
    loaded = time.perf_counter() - start
    known = workspace_names()
    start = time.perf_counter()
    precision, recall, _ = precision_recall(data, known)
    took = time.perf_counter() - start
    n = len(data["with_names"]) + len(data["without_names"])
    print(f"Namenserkennung über {n} Sätze ({len(data['with_names'])} mit Namen):")
    print(f"  Präzision:    {precision:.1%} (Ziel ≥ 90 %)")
    print(f"  Trefferquote: {recall:.1%} (Ziel ≥ 90 %)")
    print(f"  Listen laden: {loaded * 1000:.0f} ms; je Satz {took / n * 1000:.2f} ms")


if __name__ == "__main__":
    main()

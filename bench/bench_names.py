"""Benchmark: how well names are found in pseudonyms and in questions and notes.

Prints, for every labelled set of issue 17 (tests/privacy/names_*.yaml, each
written by others before they read the detector, measured blind once and then
used for tuning: none of these figures is blind any more), the share of names
found and of false alarms, for pseudonyms and for free texts; then precision and recall
on the older sentence set (tests/privacy/names.yaml) and the time per
sentence. Targets: held-out ≥ 95 % found, ≤ 5 % false alarms; older set
≥ 90 % each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_names import labelled, precision_recall, workspace_names  # noqa: E402
from test_names_heldout import BLIND, DEV, FIFTH, FOURTH, FRESH, HELDOUT, figures  # noqa: E402

from merzig_cli.checks.names import lexicon  # noqa: E402


def pct(x: float) -> str:
    return f"{x * 100:.1f} %".replace(".", ",")


def held_out(path: Path, label: str) -> None:
    f = figures(path)
    print(f"Namen, {label} ({sum(f['pseudonyms'])} Pseudonyme, {sum(f['texts'])} Texte):")
    print(f"  Pseudonyme: erkannt {pct(f['pseudonym_recall'])} (Ziel ≥ 95 %), "
          f"Fehlalarme {pct(f['pseudonym_false_alarms'])} (Ziel ≤ 5 %), "
          f"Formathinweise {f['format_hints']}")  # fmt: skip
    print(f"  Fragen und Notizen: erkannt {pct(f['text_recall'])} (Ziel ≥ 95 %), "
          f"Fehlalarme {pct(f['text_false_alarms'])} (Ziel ≤ 5 %)")  # fmt: skip


def main() -> None:
    start = time.perf_counter()
    lexicon()
    loaded = time.perf_counter() - start
    held_out(FIFTH, "fünfter Satz (blind gemessen, nie zum Abstimmen benutzt)")
    held_out(
        FOURTH, "vierter Satz (blind: 99 % / 94 % erkannt, je 2 % Fehlalarme; danach abgestimmt)"
    )
    held_out(BLIND, "dritter Satz (blind: 91,3 % / 89,1 % erkannt; danach zum Abstimmen benutzt)")
    held_out(HELDOUT, "erster zurückgehaltener Satz (danach zum Abstimmen benutzt)")
    held_out(DEV, "Entwicklungssatz")
    for path in FRESH:
        held_out(path, f"{path.stem} (unabhängig geschrieben, danach zum Abstimmen benutzt)")
    data = labelled()
    known = workspace_names()
    start = time.perf_counter()
    precision, recall, _ = precision_recall(data, known)
    took = time.perf_counter() - start
    n = len(data["with_names"]) + len(data["without_names"])
    print(f"Namenserkennung über {n} ältere Sätze ({len(data['with_names'])} mit Namen):")
    print(f"  Präzision:    {pct(precision)} (Ziel ≥ 90 %)")
    print(f"  Trefferquote: {pct(recall)} (Ziel ≥ 90 %)")
    print(f"  Listen laden: {loaded * 1000:.0f} ms; je Satz {took / n * 1000:.2f} ms")


if __name__ == "__main__":
    main()

"""Benchmark: what the store's quick line patch saves over the full round trip.

Every change to a record goes through one path (``workspace.store.Draft.change``);
it writes only the changed items' lines where it can and otherwise lets ruamel
write the whole file. This times 200 inquiry edits (a referral, then its
Rückmeldung, 100 times) and 200 case follow-ups through the library, on a copy
of the bundled data, once as shipped and once with the quick technique switched
off, so that the speed it keeps is a measured figure. The files grow to about
600 and 450 lines. Run with ``python bench/bench_write.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 20)
ROUNDS = 100
INQUIRY, ACTOR, CASE = "2026-0004", "jobcenter-merzig-wadern", "fk-2026-01"


def run(root: Path) -> tuple[float, float, float, float]:
    """(inquiry edits, their text making, case follow-ups, their text making) in seconds."""
    from merzig_cli.conference.cases import add_follow_up
    from merzig_cli.inquiries.referrals import feedback, refer
    from merzig_cli.workspace import store
    from merzig_cli.workspace.loader import load_workspace

    spent = [0.0]
    change = store.Draft.change

    def timed(self: store.Draft, mutate: Callable[[Any], None]) -> Any:
        start = time.perf_counter()
        try:
            return change(self, mutate)
        finally:
            spent[0] += time.perf_counter() - start

    store.Draft.change = timed  # type: ignore[method-assign]
    try:
        ws = load_workspace(root, kinds={"actor", "inquiry", "case", "conference"})
        start = time.perf_counter()
        for i in range(ROUNDS):
            refer(ws, INQUIRY, ACTOR, DAY)
            feedback(ws, INQUIRY, ACTOR, "done", f"Beraten ({i}).", DAY)
        inquiries, inquiry_change = time.perf_counter() - start, spent[0]
        spent[0] = 0.0
        start = time.perf_counter()
        for i in range(2 * ROUNDS):
            add_follow_up(ws, CASE, f"Nachgefragt ({i}).", DAY)
        return inquiries, inquiry_change, time.perf_counter() - start, spent[0]
    finally:
        store.Draft.change = change  # type: ignore[method-assign]


def main() -> int:
    import merzig_cli.workspace.patch as patch

    os.environ["MERZIG_TODAY"] = DAY.isoformat()
    quick = patch.patched
    results = {}
    for label, off in (("Zeilen, sonst Rundreise", False), ("nur Rundreise", True)):
        if off:
            patch.patched = lambda *_args: None
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            shutil.copytree(REPO / "data", root)
            results[label] = run(root)
        patch.patched = quick
    print(f"{2 * ROUNDS} Änderungen je Art über die Bibliothek (Kopie von data/):")
    for label, (inq, inq_text, case, case_text) in results.items():
        print(
            f"  {label:<24} Anfragen {inq:6.2f} s (Text {inq_text:5.2f} s)   "
            f"Fälle {case:6.2f} s (Text {case_text:5.2f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

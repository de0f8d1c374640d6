"""Benchmark: the brochure of a synthetic workspace with 1,000 actors.

Targets (issues 3 and 21, on a 2-core machine): HTML in at most 3 s, the
PDF/UA-1 PDF in at most 60 s, for one language. Prints the figures; run with
``python bench/bench_brochure.py`` (``BENCH_ALL=1`` adds the Arabic PDF, which
has no target; ``BENCH_ACTORS=300`` a smaller brochure).

The PDF is laid out in parts on two cores and joined with one structure tree
(issue 21); its reference, measured in the same run right after it, is the same
brochure tagged in one piece on one core.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from merzig_cli.workspace.loader import Workspace

REPO = Path(__file__).resolve().parent.parent
ACTORS = int(os.environ.get("BENCH_ACTORS", "1000"))

ACTOR = """\
id: akteur-{i:04d}
name: Beratungsstelle {i:04d} für Arbeit und Leben
category: {category}
level: civil-society
summary: Beratung zu Arbeit, Anerkennung und Sprache für Menschen aus aller Welt (Nr. {i}).
description: |
  Wir beraten **kostenlos** und vertraulich. Termine nach Vereinbarung,
  auch mit [Sprachmittlung](https://example.org/sprachmittlung/{i}).

  - Anerkennung ausländischer Abschlüsse
  - Bewerbungen und Arbeitssuche
topics: [{topic}]
target_groups: [refugees]
languages: [de, en, ar]
address: {{street: Musterstraße {i}, postal_code: "66663", city: Merzig}}
opening_hours: "Mo–Fr 9–12 Uhr"
website: https://example.org/akteur-{i:04d}
email: akteur-{i:04d}@example.org
phone: "+49 6861 {i:04d}"
offers:
  - id: beratung
    name: Erstberatung
    summary: Ein erstes Gespräch, um den Weg zu klären.
    topics: [{topic}]
    cost: kostenlos
contacts:
  - id: kontakt
    name: Person {i:04d}
    role: Beraterin
    email: person-{i:04d}@example.org
    languages: [de, ar]
publish: true
reviewed: 2026-10-01
translations:
  ar:
    summary: استشارة حول العمل والاعتراف بالشهادات واللغة (رقم {i}).
    status: machine
"""


def make_workspace(root: Path, actors: int = ACTORS) -> Path:
    data = REPO / "data"
    (root / "actors").mkdir(parents=True)
    shutil.copy(data / "config.yaml", root / "config.yaml")
    shutil.copy(data / "taxonomy.yaml", root / "taxonomy.yaml")
    categories = ["authority", "counselling", "education", "welfare", "civil-society"]
    topics = ["recognition", "job-search", "language-courses", "housing", "health"]
    for i in range(actors):
        text = ACTOR.format(i=i, category=categories[i % 5], topic=topics[i % 5])
        (root / "actors" / f"akteur-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return root


class Clock:
    """Wall time and CPU time of a step (this process and its finished workers): on a
    shared machine the CPU seconds tell what the step costs, the wall seconds what the
    user waits."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = _cpu() - self.cpu


def _cpu() -> float:
    import resource

    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def pdf_phases(ws: Workspace) -> None:
    """The PDF as ``merzig brochure build`` makes it, against its reference in the same run.

    A long brochure is laid out in parts on two cores and joined with one structure
    tree (brochure/pdf_parts.py); the reference is the same brochure laid out and
    written tagged in one piece, on one core: ``parts / one piece`` is what the parts save.
    """
    from merzig_cli.brochure.build import build_outputs
    from merzig_cli.brochure.content import build_brochure
    from merzig_cli.brochure.pdf_parts import use_parts
    from merzig_cli.brochure.render import Renderer
    from merzig_cli.documents.pdf import layout, pdf_bytes

    with Clock() as parts_t:
        [out] = build_outputs(ws, ["de"], ["pdf"])
    in_parts = use_parts(build_brochure(ws, "de"), ws.root)
    with Clock() as html_t:
        html = Renderer(ws.root).html(build_brochure(ws, "de"), for_pdf=True)
    with Clock() as layout_t:
        document = layout(html)
    with Clock() as tagged_t:
        whole = pdf_bytes(document)
    pages = len(document.pages)
    one_wall = html_t.wall + layout_t.wall + tagged_t.wall
    verdict = "ok" if parts_t.wall <= 60 else "TOO SLOW"
    how = "in parts on 2 cores" if in_parts else "in one piece (parts not used here)"
    print(
        f"brochure pdf  de, {ACTORS} actors, {pages} pages, PDF/UA-1 {how}: "
        f"{parts_t.wall:6.2f} s wall, CPU of all processes {parts_t.cpu:6.2f} s "
        f"({len(out.data) / 1024:.0f} KiB) (limit 60 s) {verdict}"
    )
    print(
        f"  reference, tagged in one piece on one core: {one_wall:6.2f} s wall "
        f"(template {html_t.wall:.2f} s, layout {layout_t.wall:.2f} s, write {tagged_t.wall:.2f} s, "
        f"{len(whole) / 1024:.0f} KiB); parts / one piece = {parts_t.wall / one_wall:.2f}"
    )
    try:
        import page  # the PDF/UA-1 checker of the tests (pip install -e '.[test]')
    except ImportError:
        return
    with Clock() as check_t:
        report = page.validate_pdf_bytes(out.data, profile="ua1")
    print(f"  PDF/UA-1 check of the joined PDF (page-validation): {report.rules.failed} failed "
          f"rules, {check_t.wall:.2f} s")  # fmt: skip


def main() -> int:
    sys.path.insert(0, str(REPO))
    from merzig_cli.brochure.build import build_outputs, load_actors_only

    with tempfile.TemporaryDirectory() as tmp:
        root = make_workspace(Path(tmp) / "ws")
        start = time.perf_counter()
        ws = load_actors_only(root)
        load_s = time.perf_counter() - start
        print(f"load {ACTORS} actors: {load_s:.2f} s")
        for fmt, limit in (("html", 3.0), ("md", 3.0)):
            start = time.perf_counter()
            [out] = build_outputs(ws, ["de"], [fmt])
            took = time.perf_counter() - start
            verdict = "ok" if took <= limit else "TOO SLOW"
            print(
                f"brochure {fmt:4} de, {ACTORS} actors: {took:6.2f} s "
                f"(limit {limit:.0f} s, {len(out.data) / 1024:.0f} KiB) {verdict}"
            )
        pdf_phases(ws)
        if os.environ.get("BENCH_ALL") == "1":  # no target; three minutes more on 2 cores
            start = time.perf_counter()
            [out] = build_outputs(ws, ["ar"], ["pdf"])
            print(f"brochure pdf  ar, {ACTORS} actors: {time.perf_counter() - start:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: ``merzig report referrals`` over 50,000 synthetic inquiries.

Builds a temporary workspace (the bundled config, taxonomy and actors plus
50,000 generated inquiry files), then times the real command in a subprocess,
Python start included: a cold run (no cache), a warm run (cache filled), and
the HTML report. Target: at most 10 s.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MERZIG = Path(sys.executable).parent / "merzig"
COUNT = int(os.environ.get("BENCH_INQUIRIES", "50000"))
STATUS = ["open", "accepted", "done", "done", "done", "declined", "not-reached"]


def build(root: Path, count: int) -> None:
    """A workspace with ``count`` valid inquiries spread over two years."""
    import yaml

    for name in ("config.yaml", "taxonomy.yaml"):
        shutil.copy(REPO / "data" / name, root / name)
    shutil.copytree(REPO / "data" / "actors", root / "actors")
    tax = yaml.safe_load((root / "taxonomy.yaml").read_text(encoding="utf-8"))
    topics = [t["id"] for t in tax["topics"]]
    groups = [g["id"] for g in tax["target_groups"]]
    actors = {}
    for path in (root / "actors").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        actors[data["id"]] = [c["id"] for c in data["contacts"]]
    rng = random.Random(42)
    ids = sorted(actors)
    per_year: dict[int, int] = {}
    import datetime as dt

    for _ in range(count):
        received = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        n = per_year[received.year] = per_year.get(received.year, 0) + 1
        iid = f"{received.year}-{n:05d}"
        lines = [
            f'id: "{iid}"',
            f"received: {received}",
            f"channel: {rng.choice(['phone', 'email', 'walk-in', 'event', 'other'])}",
            f"inquirer: {rng.choice(groups)}",
            f"language: {rng.choice(['de', 'de', 'ar', 'uk', 'en', 'fa', 'tr'])}",
            f"topics: [{', '.join(rng.sample(topics, rng.randint(1, 2)))}]",
            "question: Synthetische Frage für den Lasttest.",
            "referrals:",
        ]
        for _ in range(rng.randint(1, 2)):
            actor = rng.choice(ids)
            status = rng.choice(STATUS)
            lines += [
                f"  - actor: {actor}",
                f"    contact: {rng.choice(actors[actor])}",
                f"    date: {received}",
                f"    status: {status}",
            ]
            if status not in ("open",) and rng.random() < 0.8:
                fb = received + dt.timedelta(days=rng.randint(1, 30))
                lines += ["    feedback:", f"      date: {fb}", "      outcome: Erledigt."]
        folder = root / "inquiries" / str(received.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{iid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(MERZIG), *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        root.mkdir()
        start = time.perf_counter()
        build(root, COUNT)
        print(f"{COUNT} Anfragen erzeugt in {time.perf_counter() - start:.1f} s")
        env_args = ["report", "referrals", "--data", str(root), "--date", "2026-12-31"]
        cold = timed([*env_args, "--year", "2026"])
        warm = timed([*env_args, "--year", "2026"])
        html = timed([*env_args, "--html", str(Path(tmp) / "auswertung.html")])
        print(f"report referrals, kalt (ohne Cache): {cold:.2f} s")
        print(f"report referrals, warm (mit Cache):  {warm:.2f} s")
        print(f"report referrals --html, warm:       {html:.2f} s")
        print(f"Ziel: höchstens 10 s -> {'OK' if max(cold, warm, html) <= 10 else 'ZU LANGSAM'}")


if __name__ == "__main__":
    main()

"""``make bench``: every benchmark, one table, each timing against its reference of the same run.

Generates the synthetic workspaces (bench/generate.py) at 1× (1,000 actors,
5,000 inquiries, 200 cases) and 10× into a temporary folder, measures the
targets of issue 11, prints one table (Markdown, German: it goes into the
manual) and writes it to output/bench.md; then runs the other benchmarks
(bench_*.py, each in its own process) and prints their figures below it.
``--quick`` measures 1× only and kills 30 writers instead of 300 (for trying
it out, not for the manual); ``--docs`` also puts the table into
docs/geschwindigkeit.md.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import figures as fig  # noqa: E402
from generate import generate  # noqa: E402
from measure import REPO, machine  # noqa: E402

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SCALES = {"1×": (1_000, 5_000, 200), "10×": (10_000, 50_000, 2_000)}
HEAD = ["Messung", "Umfang", "Zeit", "Bezug (im selben Lauf gemessen)", "Verhältnis", "Ziel",
        "erfüllt"]  # fmt: skip


def _size(label: str, actors: int, inquiries: int, cases: int) -> str:
    n = [f"{x:,}".replace(",", ".") for x in (actors, inquiries, cases)]
    return f"{label}: {n[0]} Akteure, {n[1]} Anfragen, {n[2]} Fälle"


def table(rows: list[fig.Row]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def measure(tmp: Path, quick: bool) -> list[fig.Row]:
    rows: list[fig.Row] = []
    spaces: dict[str, fig.Workspace] = {}
    for label, counts in SCALES.items():
        if quick and label != "1×":
            continue
        start = time.perf_counter()
        root = generate(tmp / label.rstrip("×"), *counts)
        print(f"{label}: erzeugt in {time.perf_counter() - start:.0f} s", flush=True)
        spaces[label] = fig.Workspace(root, label, _size(label, *counts))
    cold, warm, one, follow, report = {}, {}, {}, {}, {}
    schemas = fig.export_schemas(tmp / "schemas")
    for label, ws in spaces.items():
        row, cold[label], parse = fig.validate_cold(ws, times=3 if label == "1×" else 1)
        rows.append(row)
        found, warm[label], one[label] = fig.validate_warm(ws, cold[label], times=3)
        rows += found
        rows.append(fig.memory(ws, [cold[label], warm[label], one[label]], parse))
        row, follow[label] = fig.case_command(ws, "followup", ["followup"])
        rows.append(row)
        row, report[label] = fig.case_command(
            ws, "report conference", ["report", "conference", "fk-2026"]
        )
        rows.append(row)
        print(f"{label}: gemessen", flush=True)
    small = spaces["1×"]
    rows.append(
        fig.check_jsonschema(small, schemas, list(fig.KIND_FILES), "alle Dateien", cold["1×"])
    )
    if not quick:
        actors = fig.Workspace(generate(tmp / "steckbriefe", 10_000, 0, 0), "10×",
                               "10×: dieselben 10.000 Steckbriefe")  # fmt: skip
        _, alone, _ = fig.validate_cold(actors, times=1)
        rows.append(fig.check_jsonschema(actors, schemas, ["config", "taxonomy", "actor"],
                                         "Steckbriefe", alone))  # fmt: skip
    rows.append(fig.route(times=15))
    if not quick:
        rows.append(fig.growth("`merzig validate` kalt", cold["1×"], cold["10×"]))
        rows.append(fig.growth("`merzig validate` warm", warm["1×"], warm["10×"]))
        rows.append(
            fig.growth("`merzig validate` warm, eine Datei geändert", one["1×"], one["10×"])
        )
        rows.append(fig.growth("`merzig followup`", follow["1×"], follow["10×"]))
        rows.append(fig.growth("`merzig report conference`", report["1×"], report["10×"]))
    print("Abbruchtest läuft …", flush=True)
    rows.append(fig.kill_test(30 if quick else 300))
    return rows


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    started = time.perf_counter()
    about = f"{dt.date.today().isoformat()}, {machine()}"
    with tempfile.TemporaryDirectory(prefix="merzig-bench-") as tmp:
        rows = measure(Path(tmp), quick)
    minutes = (time.perf_counter() - started) / 60
    text = (
        f"{table(rows)}\n\nGemessen am {about}; Messungen der Tabelle {fig.de(minutes, 1)} min."
        + (" (--quick: nur 1×, 30 Abbrüche)" if quick else "")
    )
    print("\n" + text + "\n", flush=True)
    out = REPO / "output" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"Tabelle auch in {out.relative_to(REPO)}\n", flush=True)
    if "--docs" in argv and not quick:
        page = REPO / "docs" / "geschwindigkeit.md"
        head, rest = page.read_text(encoding="utf-8").split(START, 1)
        page.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END, 1)[1]}", "utf-8")
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        subprocess.run([sys.executable, str(script)], cwd=REPO, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

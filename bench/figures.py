"""The figures of ``make bench`` (issue 11): each timing against its reference, same run.

Every function returns rows of the one table :mod:`bench.run` prints; a row
says what was measured, on how much data, the time, the reference and the
ratio, the target and whether it was met.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from measure import BIN, MERZIG, PYTHON, REPO, Run, checked, pairs, run

REFERENCE = [str(PYTHON), str(REPO / "bench" / "reference.py")]
QUESTION = "Wie kann mein Pflegediplom aus Syrien anerkannt werden?"
DAY = "2026-12-01"


def de(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


@dataclass
class Row:
    what: str
    size: str
    time: str
    reference: str
    ratio: str
    target: str
    met: bool | None  # None: shown for comparison, the target holds at 10×

    def cells(self) -> list[str]:
        met = "–" if self.met is None else "ja" if self.met else "**nein**"
        return [self.what, self.size, self.time, self.reference, self.ratio, self.target, met]

    def judged(self, ws: Workspace) -> Row:
        """The targets of the issue hold at 10×; at 1× the row is for comparison."""
        if ws.label != "10×":
            self.target, self.met = f"({self.target} bei 10×)", None
        return self


@dataclass
class Workspace:
    root: Path
    label: str  # "1×" or "10×"
    size: str  # German: how much is in it


def _clear(ws: Workspace) -> None:
    shutil.rmtree(ws.root / ".merzig-cache", ignore_errors=True)


def _validate(ws: Workspace) -> list[str]:
    return [str(MERZIG), "validate", "--data", str(ws.root)]


def _parse(ws: Workspace, *folders: str) -> list[str]:
    return [*REFERENCE, "parse", str(ws.root), *folders]


def validate_cold(ws: Workspace, times: int) -> tuple[Row, Run, Run]:
    """``merzig validate`` without a cache against reading and parsing the same files."""
    ours: list[Run] = []
    parse: list[Run] = []
    for _ in range(times):
        parse.append(checked(_parse(ws)))
        _clear(ws)
        ours.append(checked(_validate(ws)))
    cold = min(ours, key=lambda r: r.seconds)
    ref = min(parse, key=lambda r: r.seconds)
    ratio = cold.seconds / ref.seconds
    row = Row("`merzig validate`, kalt (ohne Cache)", ws.size, f"{de(cold.seconds)} s",
              f"Parsen (C-Loader): {de(ref.seconds)} s", f"{de(ratio)}×", "≤ 1,5×",
              ratio <= 1.5).judged(ws)  # fmt: skip
    return row, cold, ref


def validate_warm(ws: Workspace, cold: Run, times: int) -> tuple[list[Row], Run, Run]:
    """``merzig validate`` through the cache: unchanged, and with one file changed."""
    warm: list[Run] = []
    floor: list[Run] = []
    for _ in range(times):  # turn about, so that a busy moment slows both
        floor.append(checked([*REFERENCE, "notice", str(ws.root)]))
        warm.append(checked(_validate(ws)))
    unchanged = min(warm, key=lambda r: r.seconds)
    least = min(floor, key=lambda r: r.seconds)
    files = sorted((ws.root / "inquiries").rglob("*.yaml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("question: Frage zu", "question: Eine Frage zu", 1), "utf-8")
    one = checked(_validate(ws))
    target.write_text(text, encoding="utf-8")
    checked(_validate(ws))
    rows = [
        Row("`merzig validate`, warm (Cache, nichts geändert)", ws.size, f"{de(unchanged.seconds)} s",
            f"kalt: {de(cold.seconds)} s", f"{de(unchanged.seconds / cold.seconds, 3)}×",
            "≤ 1 s", unchanged.seconds <= 1.0).judged(ws),
        Row("`merzig validate`, warm (eine Datei geändert)", ws.size, f"{de(one.seconds)} s",
            f"kalt: {de(cold.seconds)} s", f"{de(one.seconds / cold.seconds, 3)}×",
            "≤ 1 s", one.seconds <= 1.0).judged(ws),
        Row("`merzig validate`, warm, gegen seine Untergrenze", ws.size,
            f"{de(unchanged.seconds)} s",
            f"Typer-App, die jede Datei nach ihrem Stand fragt: {de(least.seconds)} s",
            f"{de(unchanged.seconds / least.seconds)}×", "– (zur Einordnung)", None),
    ]  # fmt: skip
    return rows, unchanged, one


def memory(ws: Workspace, runs: list[Run], ref: Run) -> Row:
    peak = max(r.peak_mb for r in runs)
    return Row("Speicher (Spitze) von `merzig validate`", ws.size, f"{de(peak, 0)} MB",
               f"Parsen: {de(ref.peak_mb, 0)} MB", f"{de(peak / ref.peak_mb, 1)}×",
               "≤ 400 MB", peak <= 400).judged(ws)  # fmt: skip


KIND_FILES = {
    "config": ["config.yaml"],
    "taxonomy": ["taxonomy.yaml"],
    "actor": ["actors"],
    "inquiry": ["inquiries"],
    "conference": ["conferences"],
    "case": ["cases"],
}


def check_jsonschema(ws: Workspace, schemas: Path, kinds: list[str], what: str, ours: Run) -> Row:
    """check-jsonschema on the same files, against the exported JSON Schemas, kind by kind."""
    seconds = 0.0
    for kind in kinds:
        files: list[str] = []
        for part in KIND_FILES[kind]:
            target = ws.root / part
            files += [str(target)] if target.is_file() else sorted(map(str, target.rglob("*.yaml")))
        if files:
            seconds += checked([str(BIN / "check-jsonschema"), "--schemafile",
                                str(schemas / f"{kind}.schema.json"), *files]).seconds  # fmt: skip
    ratio = seconds / ours.seconds
    return Row(f"`merzig validate` kalt gegen check-jsonschema ({what})", ws.size,
               f"{de(ours.seconds)} s", f"check-jsonschema: {de(seconds, 1)} s",
               f"{de(ratio, 1)}× schneller", "≥ 10× schneller", ratio >= 10).judged(ws)  # fmt: skip


def route(times: int) -> Row:
    """``merzig route`` on the bundled data against a minimal Typer app with the same options."""
    args = [QUESTION, "--data", str(REPO / "data"), "--lang", "ar"]
    checked([str(MERZIG), "route", *args])  # fills the cache, as any earlier use would
    ours, floor = pairs([str(MERZIG), "route", *args], [*REFERENCE, "route", *args], times)
    ratio = ours.seconds / floor.seconds
    return Row("`merzig route` (mitgelieferte Daten)", f"Median aus {times}",
               f"{de(ours.seconds, 3)} s", f"minimale Typer-App: {de(floor.seconds, 3)} s",
               f"{de(ratio)}×", "≤ 1,3×", ratio <= 1.3)  # fmt: skip


def case_command(ws: Workspace, name: str, args: list[str]) -> tuple[Row, Run]:
    """A command over the cases against parsing the files it reads (actors, conferences, cases)."""
    folders = ("actors", "conferences", "cases")
    ref = checked(_parse(ws, *folders))
    ours = checked([str(MERZIG), *args, "--data", str(ws.root), "--date", DAY])
    ratio = ours.seconds / ref.seconds
    return Row(f"`merzig {name}`", ws.size, f"{de(ours.seconds)} s",
               f"Parsen dieser Dateien: {de(ref.seconds)} s", f"{de(ratio)}×", "≤ 2×",
               ratio <= 2.0).judged(ws), ours  # fmt: skip


def growth(what: str, small: Run, large: Run) -> Row:
    """How a figure grows from 1× to 10× the data: at most linearly (a fifth of slack)."""
    factor = large.seconds / small.seconds
    return Row(f"Wachstum: {what}", "1× → 10×", f"{de(small.seconds)} s → {de(large.seconds)} s",
               "Daten ×10", f"×{de(factor, 1)}", "≤ ×12 (linear)", factor <= 12)  # fmt: skip


def kill_test(rounds: int) -> Row:
    """tests/test_kill.py in its long profile: ``rounds`` writers killed by SIGKILL at random
    moments, and two processes making 200 updates each to the same files."""
    env = {**os.environ, "MERZIG_KILL_ROUNDS": str(rounds), "MERZIG_KILL_UPDATES": "200"}
    result = run([str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "tests/test_kill.py"], env=env)  # fmt: skip
    return Row("Abbruchtest: Schreibende mit SIGKILL abgebrochen", f"{rounds} Abbrüche",
               f"{de(result.seconds, 0)} s", "–", "–",
               "jede Datei alt oder neu und gültig, keine Reste, keine Sperre",
               result.code == 0)  # fmt: skip


def export_schemas(folder: Path) -> Path:
    subprocess.run([str(MERZIG), "schema", "export", str(folder)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return folder

"""Timing real commands for the benchmarks: wall time and peak memory of a subprocess.

Every figure of ``make bench`` runs the real program in a fresh process, as a
user starts it, and is set against a reference measured in the same run
(turn about, so that a busy machine slows both alike). The peak memory is the
command's own (``wait4``'s ``ru_maxrss``, see :data:`LAUNCHER`), not the benchmark's.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MERZIG = BIN / "merzig"
PYTHON = Path(sys.executable)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int


# wait4 counts in a child's peak the pages of its parent that the child shared before
# exec; so a small launcher starts each command and reports the command's own peak
# memory and wall time (the benchmark's own memory never enters a figure).
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end; its wall time, peak memory and exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "run"
        subprocess.run(
            [str(PYTHON), "-c", LAUNCHER, str(report), *command],
            cwd=cwd or REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        seconds, peak_kib, code = report.read_text(encoding="utf-8").split()
    return Run(float(seconds), int(peak_kib) / 1024, int(code))  # ru_maxrss: KiB on Linux


def checked(command: list[str], codes: tuple[int, ...] = (0,)) -> Run:
    result = run(command)
    if result.code not in codes:
        raise SystemExit(f"{' '.join(command)} endete mit {result.code}")
    return result


def pairs(subject: list[str], reference: list[str], times: int) -> tuple[Run, Run]:
    """Median runs of ``subject`` and ``reference``, taken turn about ``times`` times."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(times):
        theirs.append(checked(reference))
        ours.append(checked(subject))
    return _median(ours), _median(theirs)


def _median(runs: list[Run]) -> Run:
    seconds = statistics.median(r.seconds for r in runs)
    return Run(seconds, max(r.peak_mb for r in runs), runs[0].code)


def machine() -> str:
    """The machine, as the manual states it next to the table."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " / ".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())
    return (
        f"{os.cpu_count()} Kerne ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; Last zu Beginn {load}"
    )

"""Timing real commands for the benchmarks: wall time and peak memory of a subprocess.

Every figure of ``make bench`` runs the real program in a fresh process, as a
user starts it, and is set against a reference measured in the same run
(turn about, so that a busy machine slows both alike). The peak memory is the
child's own (``wait4``'s ``ru_maxrss``), not the benchmark's.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
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


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end; its wall time, peak memory and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd or REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode)  # ru_maxrss: KiB on Linux


def checked(command: list[str], codes: tuple[int, ...] = (0,), **kwargs: object) -> Run:
    result = run(command, **kwargs)  # type: ignore[arg-type]
    if result.code not in codes:
        raise SystemExit(f"{' '.join(command)} endete mit {result.code}")
    return result


def pairs(
    subject: list[str], reference: list[str], times: int, codes: tuple[int, ...] = (0,)
) -> tuple[Run, Run]:
    """Median runs of ``subject`` and ``reference``, taken turn about ``times`` times."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(times):
        theirs.append(checked(reference))
        ours.append(checked(subject, codes))
    return _median(ours), _median(theirs)


def _median(runs: list[Run]) -> Run:
    seconds = statistics.median(r.seconds for r in runs)
    return Run(seconds, max(r.peak_mb for r in runs), runs[0].code)


def machine() -> str:
    """The machine, as the README states it next to the table."""
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

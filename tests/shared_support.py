"""An expensive artefact (a brochure's PDFs, a conference's documents) made once per test run.

A module fixture is made once per process; ``make unit`` runs the tests on two
processes (pytest-xdist, worksteal), and a module's tests may end up on both, so
the fixture was made twice. Here the first process makes it under a file lock
(filelock) in the run's own temporary folder, which the workers share; the other
process waits for it and reads it back. Without xdist it is simply made.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)``, made once for all workers; ``folder`` is new and empty.

    ``make`` must depend on nothing but its folder (the same inputs on every
    worker); what it returns is pickled for the others, and what it writes into
    the folder is shared: the tests only read it.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    # pytest-N/ of this run: its workers' basetemps (popen-gw0, ...) are inside it
    shared = factory.getbasetemp().parent / "shared"
    shared.mkdir(exist_ok=True)
    made = shared / f"{name}.pickle"
    # a build that hangs ends the wait with an error, not the run
    with FileLock(shared / f"{name}.lock", timeout=600):
        if made.exists():
            value: T = pickle.loads(made.read_bytes())
            return value
        folder = shared / name
        if folder.exists():  # the other worker's build failed: build again, show its error
            shutil.rmtree(folder)
        folder.mkdir()
        value = make(folder)
        made.write_bytes(pickle.dumps(value))
        return value

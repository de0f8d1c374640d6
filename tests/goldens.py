"""Golden files: the expected text of a rendered document, kept under tests/golden/.

Each is stored as ``<name>.golden`` (``protokoll.html.golden``): data to compare
against, not a page of the project.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden(name: str, actual: str) -> str:
    """The golden file's text; MERZIG_UPDATE_GOLDEN=1 rewrites it from ``actual`` first."""
    path = GOLDEN / f"{name}.golden"
    if os.environ.get("MERZIG_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")

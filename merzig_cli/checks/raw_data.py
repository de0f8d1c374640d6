"""Reading raw file data whose shape is not yet known to be right.

The cross-file rules read the parsed files before anyone vouches for their
shape: a list may be ``true``, a mapping a number. These accessors give the
rules only what has the shape they expect; the schema reports the rest.
"""

from __future__ import annotations

from typing import Any


def mapping(data: Any, key: str) -> dict[str, Any]:
    """The mapping under ``key``, or an empty one."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of the list under ``key``, with their index in the list."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]

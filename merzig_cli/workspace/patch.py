"""The store's quick technique: change a record by only the lines of the items that changed.

Not a writer of its own: :meth:`merzig_cli.workspace.store.Draft.change` is
the one way a record's text changes, and it uses this where it can. Most
changes add an item to a list (a referral, a follow-up note) or change one
item of it (a feedback). The full round trip through ruamel reads and writes
the whole file, which grows with the file (about 90 ms for a record of 600
lines, against 4 ms here). When the change is confined to the items of one
top-level block list, only those items are written out and spliced into the
text; the rest of the file stays byte for byte. The store keeps the result
only if reading it back gives exactly the data the change wanted; anything
else (flow style, comments inside the item, any other shape) takes the round
trip. :func:`carry_over` prepares that round trip.
"""

from __future__ import annotations

import re
from typing import Any

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(#.*)?$")
_ITEM = re.compile(r"^(\s*)- ")


def _changed_key(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """The one top-level key whose value differs (and is a list in both), or None."""
    if list(old) != list(new):
        return None
    keys = [k for k in old if old[k] != new[k]]
    if len(keys) != 1 or not isinstance(old[keys[0]], list) or not isinstance(new[keys[0]], list):
        return None
    return keys[0]


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """(first item line, end) of the block list under the top-level ``key``."""
    start = next(
        (i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m.group(1) == key),
        None,
    )
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #-"):
        end += 1
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1  # blank lines and comments before the next key belong to it
    if end == start + 1 or not _ITEM.match(lines[start + 1]):
        return None
    return start + 1, end


def _items(lines: list[str], first: int, end: int) -> list[tuple[int, int]] | None:
    indent = len(_ITEM.match(lines[first]).group(1))  # type: ignore[union-attr]
    starts = [
        i for i in range(first, end) if (m := _ITEM.match(lines[i])) and len(m.group(1)) == indent
    ]
    if not starts or starts[0] != first:
        return None
    return list(zip(starts, [*starts[1:], end], strict=True))


def _render(yaml: Any, key: str, items: list[Any]) -> list[str]:
    import io

    buffer = io.StringIO()
    yaml.dump({key: items}, buffer)
    return buffer.getvalue().splitlines(keepends=True)[1:]


def patched(text: str, old: dict[str, Any], new: dict[str, Any], yaml: Any) -> str | None:
    """``text`` with the change from ``old`` to ``new`` applied to its lines, or None.

    The caller (:meth:`merzig_cli.workspace.store.Draft.change`) reads the
    result back and uses it only if it gives exactly ``new``.
    """
    key = _changed_key(old, new)
    if key is None:
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    block = _block(lines, key)
    if block is None:
        return None
    spans = _items(lines, *block)
    before, after = old[key], new[key]
    if spans is None or len(spans) != len(before):
        return None
    if len(after) > len(before) and after[: len(before)] == before:
        at = spans[-1][1]
        lines[at:at] = _render(yaml, key, after[len(before) :])
    elif len(after) == len(before):
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        if len(changed) != 1:
            return None
        first, stop = spans[changed[0]]
        if any("#" in line for line in lines[first:stop]):
            return None  # a comment inside the item: only the round trip keeps it
        lines[first:stop] = _render(yaml, key, [after[changed[0]]])
    else:
        return None
    return "".join(lines)


def carry_over(target: Any, old: Any, new: Any) -> Any:
    """Bring the change from ``old`` to ``new`` (plain data) into ``target`` (ruamel's tree).

    The change is made once, on plain data; the round trip then only repeats its
    result, so that ``mutate`` never runs twice. Untouched parts of ``target``
    keep their comments and style. Returns the value to store where ``target`` was.
    """
    if isinstance(target, dict) and isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in target if k not in new]:
            del target[key]
        for key, value in new.items():
            if key in target and key in old:
                if old[key] != value:
                    target[key] = carry_over(target[key], old[key], value)
            elif hasattr(target, "insert") and key != list(new)[-1]:
                # a new key goes where the change put it, not at the end of the file
                earlier = list(new)[: list(new).index(key)]
                placed = [i for i, k in enumerate(target) if k in earlier]
                target.insert(placed[-1] + 1 if placed else 0, key, value)
            else:
                target[key] = value
        return target
    if isinstance(target, list) and isinstance(old, list) and isinstance(new, list):
        if len(new) >= len(old) == len(target) and new[: len(old)] == old:
            target.extend(new[len(old) :])
            return target
        if len(new) == len(old) == len(target):
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                if a != b:
                    target[i] = carry_over(target[i], a, b)
            return target
    return new

"""Read one YAML record file safely, keeping the line and column of every value.

PyYAML's C composer builds the node tree fast; we then turn nodes into plain
Python values ourselves so that each value keeps its position, duplicate keys
are caught, impossible dates become problems instead of crashes, and aliases
cannot blow up memory or time ("billion laughs").
"""

from __future__ import annotations

import errno
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import MAX_FILE_BYTES, FileRefused, read_limited_stat
from .problems import Problem

MAX_NODES = 50_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
# The names of a document's lists met so far (see format_path): by the list's identity,
# with the list itself, so that the identity of a list gone cannot be taken for another's.
KnownNames = dict[int, tuple[list[Any], list[str | None]]]


@dataclass
class Document:
    """A parsed file: its data plus where each value stands.

    Positions are found when a problem first asks for one (:meth:`where`): the
    text is composed again and walked, so that the many files without a
    problem never pay for them.
    """

    path: Path
    rel: str
    data: Any
    locs: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_locs: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # what positions are found in, until they are (``located``)
    located: bool = True
    list_names: KnownNames = field(default_factory=dict, repr=False)  # for format_path

    def where(self, path: PathKey, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of a value (or its key), else of its nearest ancestor."""
        if not self.located:
            self.locs, self.key_locs = locate(self.text, self.rel)
            self.located, self.text = True, ""
        if key and path in self.key_locs:
            return self.key_locs[path]
        probe = path
        while True:
            if probe in self.locs:
                return self.locs[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(
        self,
        severity: str,
        code: str,
        message: str,
        path: PathKey = (),
        hint: str | None = None,
        key: bool = False,
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(
            severity=severity,  # type: ignore[arg-type]
            code=code,
            message=message,
            file=self.rel,
            line=line,
            column=col,
            field=format_path(path, self.data, self.list_names),
            hint=hint,
        )


def format_path(path: PathKey, data: Any = None, known: KnownNames | None = None) -> str:
    """A place in a record as people write it: ``contacts[e-muster].phone``.

    The one way every message, ``validate`` and its ``--json`` name a place.
    Given the parsed document (``data``), an entry of a list is named by its
    natural key (:func:`entry_names`), so that the name still fits after the
    entries were reordered, as ``actors diff`` names them; an entry without a
    usable key, and every entry when ``data`` is not at hand, by its position
    from 0 (``breaks[0]``). ``known`` keeps the names of the lists met, by their identity,
    for the next place in the same document: a file with many problems in one long
    list names its entries once.
    """
    out = ""
    here = data
    for part in path:
        if isinstance(part, int):
            items = here if isinstance(here, list) and 0 <= part < len(here) else None
            name = _names(items, known)[part] if items is not None else None
            out += f"[{part if name is None else name}]"
            here = items[part] if items is not None else None
        else:
            out += f".{part}" if out else part
            here = here.get(part) if isinstance(here, dict) else None
    return out


def _names(items: list[Any], known: KnownNames | None) -> list[str | None]:
    if known is None:
        return entry_names(items)
    seen = known.get(id(items))
    if seen is None or seen[0] is not items:
        seen = known[id(items)] = (items, entry_names(items))
    return seen[1]


# The keys that name an entry of a list of mappings, the first one the list's entries carry:
# the ``id`` of a record in a list (contacts, offers, topics), else the ``actor`` an entry
# refers to (referrals, a conference's participants, a case's actors).
ENTRY_KEYS = ("id", "actor")
_ENTRY_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def entry_names(items: list[Any]) -> list[str | None]:
    """The name of each entry of a list by its natural key (see :data:`ENTRY_KEYS`), or None.

    A name is usable when it is an id as the data model writes them (a slug of
    at most 80 characters), not a bare number (``[2]`` would read as a position) and no other entry of
    the list has it; any other entry (a broken one, a twin) is named by its place.
    """
    key = next(
        (k for k in ENTRY_KEYS for item in items if isinstance(item, dict) and k in item), None
    )
    if key is None:
        return [None] * len(items)
    values = [item.get(key) if isinstance(item, dict) else None for item in items]
    usable = [
        v if isinstance(v, str) and _ENTRY_NAME.fullmatch(v) and not v.isdigit() else None
        for v in values
    ]
    times = Counter(v for v in usable if v is not None)
    return [v if v is not None and times[v] == 1 else None for v in usable]


class LoadFailure(Exception):
    """The file cannot be used at all; carries the single problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def fail(
    rel: str,
    code: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = None,
) -> LoadFailure:
    return LoadFailure(Problem("error", code, message, rel, line, column, "", hint))


def load_document(path: Path, rel: str) -> Document:
    """Read, decode and parse one file; raise :class:`LoadFailure` if it is unusable."""
    raw, _ = read_record(path, rel)
    return parse_text(decode(raw, rel), path, rel)


def read_record(path: Path, rel: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a record file and the status of the file read; :class:`LoadFailure`
    for a file that is too large, no regular file, a symbolic link or unreadable."""
    try:
        return read_limited_stat(path, MAX_FILE_BYTES, follow_links=False)
    except FileRefused as refused:
        raise fail(
            rel,
            "file-too-large" if refused.size is not None else "not-a-file",
            f"Datei {refused}",
            hint="Kein Datensatz braucht so viel Platz – Datei prüfen und kürzen"
            if refused.size is not None
            else "Entfernen oder durch eine YAML-Datei ersetzen",
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put in the file's place after it was listed
            raise fail(
                rel,
                "link",
                "Symbolische Verknüpfung wird nicht gelesen",
                hint="Die Verknüpfung durch die Datei selbst ersetzen",
            ) from None
        raise fail(
            rel, "file-unreadable", f"Datei kann nicht gelesen werden: {exc.strerror}"
        ) from exc


def decode(raw: bytes, rel: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(
            rel,
            "encoding",
            f"Datei ist nicht in UTF-8 kodiert (ungültiges Byte 0x{raw[exc.start]:02x})",
            line=line,
            hint="Im Editor als UTF-8 speichern (z. B. „Speichern unter … → UTF-8“)",
        ) from exc


def parse_text(text: str, path: Path, rel: str) -> Document:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise fail(
            rel, "empty-file", "Datei ist leer", hint="Datensatz eintragen oder Datei löschen"
        )
    from .yaml_nodes import compose

    return compose(text, path, rel)


Positions = dict[PathKey, tuple[int, int]]


def locate(text: str, rel: str) -> tuple[Positions, Positions]:
    """Line and column of every value and of every key in ``text`` (parsed before)."""
    from .yaml_nodes import positions

    return positions(text, rel)


class InvalidDate(str):
    """A date-shaped text that is no real date; already reported, never re-reported."""

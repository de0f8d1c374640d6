"""The validation cache: what ``merzig validate`` found in each file, until the file changes.

``.merzig-cache/validate-v1.txt`` in the workspace (git ignores the folder,
see :func:`merzig_cli.workspace.cache.write_cache`) holds, for each record
file, its identity, its facts for the rules across files
(:mod:`merzig_cli.checks.facts`: ids, dates, a hash of names) and its own
warnings. A file is read again when anything of its identity differs (size,
modification and change time in nanoseconds, inode, device); a file changed
less than ``RACY_SECONDS`` before it was read might change again within
the same tick of the file system's clock, so its content hash is kept too and
compared on the next run: the one rule of every cache
(:mod:`merzig_cli.workspace.cache`), so that a cache copied along with the
workspace is never believed. The rules across files run in full every time.

Never stale, never trusted blindly: the whole cache counts only for the same
program files and the same brochure languages (:func:`fingerprint`); an entry
that does not parse exactly as written is ignored and its file read. Nothing
personal is kept: a file with an error, with a warning that quotes the file
(an unknown key, a pseudonym), or with facts other than ids and dates is not
cached at all and is simply read on every run.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from pathlib import Path
from typing import Any

import yaml

from ..core.clock import file_clock_ns
from ..core.files import MAX_FILE_BYTES, read_limited
from ..core.languages import ISO_639_1
from ..core.problems import Problem
from ..core.text import hidden_characters
from ..schema.kinds import KINDS
from ..schema.values import SLUG_RE
from ..workspace.cache import content_hash, read_cache_bytes, stamp, write_cache
from ..workspace.cache import racy as racy_since
from .facts import FACT_COLUMNS, Facts, to_fields, uncached_fields
from .single_file import Frame

CACHE_NAME = "validate-v1.txt"
# Warnings whose message and hint hold nothing from the file but dates, numbers,
# inquiry numbers and language codes: these may be kept.
SAFE_WARNINGS = frozenset(
    {
        "break-repeat",
        "consent-withdrawn",
        "hidden-characters",
        "personal-data",
        "step-done-date",
        "step-due-before-agreement",
        "translation-language",
        "year-folder",
        "year-number",
    }
)


def fingerprint(frame: Frame) -> str:
    """What every cached result depends on besides its file: the program and the frame."""
    parts = [CACHE_NAME, yaml.__version__, *frame.languages, repr(frame.pseudonym_pattern)]
    return content_hash("\n".join([*parts, *_program()]).encode("utf-8"))


@functools.cache
def _program() -> tuple[str, ...]:
    """The program's files by size and modification time, read once per process: the code
    that checks is the code loaded when the process began, and the tests run hundreds of
    commands in one process (the walk took 17 ms of each)."""
    package = Path(__file__).resolve().parent.parent
    parts = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".gz"):
            st = path.stat()
            parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return tuple(parts)


def _keys() -> frozenset[str]:
    """Every key the record descriptions know: what a cached problem's field may name."""
    from ..schema.containers import Obj
    from ..schema.record import Rec

    found: set[str] = set()
    seen: set[int] = set()

    def walk(spec: Any) -> None:
        if id(spec) in seen:
            return
        seen.add(id(spec))
        if isinstance(spec, Obj):
            for name, fld in spec.fields.items():
                found.add(name)
                walk(fld.spec)
            walk(spec.open_keys)
        walk(getattr(spec, "item", None))
        if isinstance(spec, Rec):
            walk(spec.obj)

    for kind in KINDS.values():
        walk(kind.spec)
    return frozenset(found)


_KEYS: frozenset[str] | None = None


def _safe_field(field: str) -> bool:
    global _KEYS
    if _KEYS is None:
        _KEYS = _keys()
    for part in field.replace("[", ".[").split("."):
        if not part or part in _KEYS or part in ISO_639_1:
            continue
        if not (part.startswith("[") and part.endswith("]") and SLUG_RE.fullmatch(part[1:-1])):
            return False  # a list entry is named by its place or its id (format_path)
    return True


def safe(problem: Problem) -> bool:
    """Whether a problem may be kept: a warning of :data:`SAFE_WARNINGS` about a known key."""
    return (
        problem.severity == "warning"
        and problem.code in SAFE_WARNINGS
        and _safe_field(problem.field)
        and not hidden_characters(problem.message + (problem.hint or ""))
    )


def _problem(raw: Any, rel: str) -> Problem:
    severity, code, message, line, column, field, hint = raw
    numbers = (line, column)
    if not all(n is None or (isinstance(n, int) and not isinstance(n, bool)) for n in numbers):
        raise ValueError("not a position")
    if not all(isinstance(t, str) for t in (code, message, field)) or not isinstance(
        hint, str | None
    ):
        raise ValueError("not a problem")
    problem = Problem(severity, code, message, rel, line, column, field, hint)
    if not safe(problem):
        raise ValueError("not a problem the cache may hold")
    return problem


HEADER = "merzig validate v1"
# What the cache keeps of each file, as columns: one list per field, in the order of the files.
COLUMNS = ("rel", "stamp", "hash", "problems", *FACT_COLUMNS)
_REL, _PROBLEMS = COLUMNS.index("rel"), COLUMNS.index("problems")


class Table:
    """The files of one kind as columns (one list per field of :data:`COLUMNS`), in their order.

    A table read from the cache keeps each column as the line it was written as
    and splits it on first use; the references of tens of thousands of files are
    checked on those lines whole (:meth:`tokens`). Besides the columns, by row:
    ``uncached`` the rows that may not be kept; ``facts`` the facts of those
    (their row holds only the id and the hash of names); ``names`` the names of
    actors read in this run; ``problems`` the problems of the files read in this
    run and the warnings taken from the cache.
    """

    def __init__(
        self, columns: list[list[str]] | None = None, lines: list[str] | None = None, rows: int = 0
    ) -> None:
        self._lines = lines
        self._columns: list[list[str] | None] = (
            list(columns) if columns is not None else [None if lines else [] for _ in COLUMNS]
        )
        self.rows = len(columns[0]) if columns is not None else rows
        self.uncached: set[int] = set()
        self.facts: dict[int, Facts] = {}
        self.names: dict[int, list[str]] = {}
        self.problems: dict[int, list[Problem]] = {}
        self.pristine = False  # holds exactly the lines it was read from
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return self.rows

    def lines(self) -> list[str]:
        """The columns as the cache writes them: only the rows that may be kept."""
        if self.pristine and self._lines is not None:
            return self._lines
        if not self.uncached:
            return ["\t".join(col) for col in self.columns]
        keep = [i for i in range(self.rows) if i not in self.uncached]
        return ["\t".join([col[i] for i in keep]) for col in self.columns]

    def column(self, name: str) -> list[str]:
        return self._column(COLUMNS.index(name))

    def _column(self, c: int) -> list[str]:
        col = self._columns[c]
        if col is None:
            assert self._lines is not None
            col = self._columns[c] = self._lines[c].split("\t") if self.rows else []
        return col

    @property
    def columns(self) -> list[list[str]]:
        return [self._column(c) for c in range(len(COLUMNS))]

    @property
    def rels(self) -> list[str]:
        return self._column(_REL)

    def tokens(self, name: str) -> set[str]:
        """Every id in a column of lists (references, contacts used, steps), once."""
        c = COLUMNS.index(name)
        if self._columns[c] is None and self._lines is not None:
            return set(self._lines[c].split())  # tabs and spaces alike
        return set(" ".join(self._column(c)).split())

    def find(self, rel: str, guess: int) -> int | None:
        """The row of ``rel``; ``guess`` is where it stands if the files are as before."""
        rels = self.rels
        if guess < len(rels) and rels[guess] == rel:
            return guess
        if self._index is None:
            self._index = {r: i for i, r in enumerate(rels)}
        return self._index.get(rel)

    def kept_problems(self, i: int) -> list[Problem]:
        """The warnings the cache kept for row ``i``; ``ValueError`` or ``TypeError``
        if they are not what the cache may hold."""
        text = self._column(_PROBLEMS)[i]
        return [_problem(p, self.rels[i]) for p in json.loads(text)] if text else []


class Builder(Table):
    """The new table of one kind, row by row: taken from the old table, or from a file just read."""

    def __init__(self, old: Table | None) -> None:
        super().__init__()
        self.old = old
        self.picks: list[int | list[str]] = []

    def take(self, i: int, problems: list[Problem], row: list[str] | None = None) -> None:
        """Row ``i`` of the old table (or ``row``, a changed copy of it)."""
        if problems:
            self.problems[len(self.picks)] = problems
        self.picks.append(i if row is None else row)

    def add(self, row: list[str], cached: bool, facts: Facts, problems: list[Problem]) -> None:
        n = len(self.picks)
        self.picks.append(row)
        self.problems[n] = problems
        if facts.kind == "actor":
            self.names[n] = facts.names
        if not cached:
            self.uncached.add(n)
            self.facts[n] = facts

    @property
    def unchanged(self) -> bool:
        """Whether the new table holds what the old one held, row by row."""
        n = len(self.old) if self.old is not None else 0
        return len(self.picks) == n and all(p == i for i, p in enumerate(self.picks))

    def build(self) -> Table:
        old, picks = self.old, self.picks
        if old is not None and self.unchanged:  # as read: written again as it was, if at all
            table = Table(None, old._lines, old.rows) if old._lines else Table(old.columns)
            table._columns = list(old._columns)
            table.pristine = True
        else:
            columns = old.columns if old is not None else [[] for _ in COLUMNS]
            table = Table(
                [
                    [col[p] if isinstance(p, int) else p[c] for p in picks]
                    for c, col in enumerate(columns)
                ]
            )
        table.uncached, table.facts, table.names = self.uncached, self.facts, self.names
        table.problems = self.problems
        return table


class Memo:
    """The cache of one run: the tables read at the start, the tables to write at the end.

    Without a ``key`` the cache is switched off: it knows nothing and writes nothing.
    """

    def __init__(self, root: Path, key: str | None, old: dict[str, Table] | None = None) -> None:
        self.root, self.key = root, key
        self.old: dict[str, Table] = old or {}
        self.new: dict[str, Table] = {}
        self.changed = False
        self.started = file_clock_ns()  # before any file is read

    @classmethod
    def open(cls, root: Path, frame: Frame) -> Memo:
        """The workspace's cache; an empty one if it is missing, broken, hostile or outdated."""
        key = fingerprint(frame)
        data = read_cache_bytes(root, CACHE_NAME)
        with contextlib.suppress(ValueError):
            lines = (data or b"").decode("utf-8").split("\n")
            if lines[0] == f"{HEADER}\t{key}":
                return cls(root, key, _tables(lines[1:]))
        return cls(root, key)

    def builder(self, kind: str) -> Builder:
        return Builder(self.old.get(kind))

    def finish(self, kind: str, builder: Builder) -> Table:
        """The new table of ``kind``, complete."""
        if not builder.unchanged or builder.uncached:
            self.changed = True
        table = self.new[kind] = builder.build()
        return table

    def lookup(
        self, old: Table | None, rel: str, path: str, st: os.stat_result, guess: int
    ) -> int | None:
        """The row of the old table for a file that has not changed, else None."""
        i = old.find(rel, guess) if old is not None else None
        if old is None or i is None or old.column("stamp")[i] != stamp(st):
            return None
        digest = old.column("hash")[i]
        if digest:  # changed just before it was read last time: compare the content
            try:
                raw = read_limited(Path(path), MAX_FILE_BYTES)
            except OSError:
                return None
            if digest != content_hash(raw):
                return None
        return i

    def racy(self, st: os.stat_result) -> bool:
        """Changed so shortly before this run that a change after it might keep its identity."""
        return racy_since(st, self.started)

    def row(
        self, rel: str, st: os.stat_result, raw: bytes, facts: Facts, problems: list[Problem]
    ) -> tuple[list[str], bool]:
        """The new row of a file just read and checked, and whether it may be kept."""
        fields = to_fields(facts)
        cached = fields is not None and "\t" not in rel and "\n" not in rel
        cached = cached and all(safe(p) for p in problems)
        kept = [
            [p.severity, p.code, p.message, p.line, p.column, p.field, p.hint] for p in problems
        ]
        return [
            rel,
            stamp(st),
            content_hash(raw) if self.racy(st) else "",
            json.dumps(kept, ensure_ascii=True) if cached and kept else "",
            *(fields if cached and fields is not None else uncached_fields(facts)),
        ], cached

    def save(self) -> None:
        """Write the cache if anything changed (best effort: a read-only workspace has none)."""
        if self.key is None or not (self.changed or self.new.keys() != self.old.keys()):
            return
        lines = [f"{HEADER}\t{self.key}"]
        for kind, table in self.new.items():
            lines.append(f"{kind}\t{len(table) - len(table.uncached)}")
            lines += table.lines()
        write_cache(self.root, CACHE_NAME, "\n".join(lines) + "\n")


def _tables(lines: list[str]) -> dict[str, Table]:
    """The tables of the cache file: per kind a line "kind, rows", then one line per column."""
    out: dict[str, Table] = {}
    at = 0
    while at < len(lines) and lines[at]:
        kind, _, count = lines[at].partition("\t")
        columns = lines[at + 1 : at + 1 + len(COLUMNS)]
        rows = int(count)
        if kind not in KINDS or len(columns) != len(COLUMNS) or rows < 0:
            raise ValueError("a broken table")
        if any(line.count("\t") != max(rows - 1, 0) or (not rows and line) for line in columns):
            raise ValueError("a broken table")
        out[kind] = Table(None, columns, rows)
        at += 1 + len(COLUMNS)
    return out

"""``merzig validate`` over a workspace on disk: file by file, through the cache.

Each record file is read, parsed, checked by itself and reduced to its facts
and problems; the parsed file is then dropped, so memory grows with the facts,
not with the files. A file the cache (:mod:`merzig_cli.checks.validation_cache`) knows
unchanged is not read at all: its row of facts and warnings is taken over.
Then the rules across files run over the facts of all files; the few files
they find fault with are read once more to name the line.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.many_files import file_stats, gc_paused
from ..core.problems import Problem, Report
from ..core.yamlio import Document, LoadFailure, decode, load_document, parse_text, read_record
from ..schema.kinds import KINDS
from ..schema.values import Checker
from ..workspace.cache import stamp
from ..workspace.loader import Workspace, record_files
from .cases import cases_in_git
from .cross_file import Across
from .facts import Facts, actor_names, digest
from .names import KnownNames, prepare_names
from .single_file import check_file
from .validate import CHECK_ORDER, add_finding, broken, dedupe, frame_of, own_names, strays
from .validation_cache import COLUMNS, Builder, Memo, Table

_HASH = COLUMNS.index("hash")
_LOOKED_AT = ("rel", "stamp", "hash", "problems", "needs_names")
_NAMES, _NEEDS = COLUMNS.index("names"), COLUMNS.index("needs_names")


class Sweep:
    def __init__(self, ws: Workspace, memo: Memo) -> None:
        self.ws, self.memo = ws, memo
        self.frame = frame_of(ws.config)
        self.tables: dict[str, Table] = {}
        self.read: list[str] = []  # the record files read (not answered by the cache)
        self._names: KnownNames | None = None
        self._names_digest: str | None = None

    def run(self) -> Report:
        ws = self.ws
        own: list[tuple[Document, Facts]] = []  # config and taxonomy, read by open_workspace
        for kind in CHECK_ORDER[:2]:
            for doc in ws.documents.get(kind, []):
                refs = [r for r in ws.refs if r.doc is doc]
                own.append((doc, check_file(doc, kind, self.frame, self.names, refs)))
        for kind in CHECK_ORDER[2:]:
            self.tables[kind] = self._kind(kind)
        across = Across(ws.taxonomy, self.tables, broken(ws))
        problems = [*ws.failures, *strays(ws.stray_files)]
        for doc, facts in own:
            for finding in across.findings(facts):
                add_finding(doc, finding)
            problems += doc.problems
        for kind, table in self.tables.items():
            again = {i: self._again(table, kind, i, across) for i in across.faulty(kind)}
            for found in {**table.problems, **again}.values():
                problems += found
        self.memo.save()
        problems += cases_in_git(ws.root, ws.config, len(self.tables["case"]))
        files = sum(len(t) for t in self.tables.values()) + len(own)
        return Report(dedupe(problems), files + len(ws.failures), self.read)

    def _kind(self, kind: str) -> Table:
        """The table of one kind: every file taken from the cache or read."""
        builder = self.memo.builder(kind)
        old = builder.old or Table()
        rels, stamps, hashes, warnings, needs = (old.column(c) for c in _LOOKED_AT)
        take = builder.picks.append
        with file_stats() as stat:
            for n, (rel, path) in enumerate(record_files(self.ws.root, kind, self.ws)):
                st = stat(path)
                i = n if n < len(rels) and rels[n] == rel else old.find(rel, n)
                # the common case, kept short: unchanged, no hash to compare, no warning, no names
                if (
                    st is not None
                    and i is not None
                    and stamps[i] == stamp(st)
                    and not (hashes[i] or warnings[i] or needs[i])
                ):
                    take(i)
                    continue
                self._file(builder, kind, rel, path, n, st)
        return self.memo.finish(kind, builder)

    def _file(
        self, builder: Builder, kind: str, rel: str, path: str, n: int, st: os.stat_result | None
    ) -> None:
        old = builder.old
        i = self.memo.lookup(old, rel, path, st, n) if st is not None else None
        if i is not None and old is not None and st is not None:
            columns = old.columns
            if not columns[_NEEDS][i] or columns[_NAMES][i] == self.names_digest():
                try:
                    problems = old.kept_problems(i)  # what the cache holds is checked before use
                except (ValueError, TypeError):
                    problems = None
                if problems is not None:
                    row = None
                    if columns[_HASH][i] and not self.memo.racy(st):  # compared, old enough now
                        row = [col[i] for col in columns]
                        row[_HASH] = ""
                    builder.take(i, problems, row)
                    return
        self.read.append(rel)
        try:
            file = Path(path)
            raw, st = read_record(file, rel)
            doc = parse_text(decode(raw, rel), file, rel)
        except LoadFailure as failure:
            self.ws.failures.append(failure.problem)
            return
        facts = self._check(doc, kind)
        row, cached = self.memo.row(rel, st, raw, facts, doc.problems)
        builder.add(row, cached, facts, doc.problems)

    def _check(self, doc: Document, kind: str) -> Facts:
        """The file against its kind's description and the rules for one file: its facts."""
        checker = Checker(doc)
        KINDS[kind].spec.check(doc.data, (), checker)
        facts = check_file(doc, kind, self.frame, self.names, checker.refs)
        if facts.needs_names:
            facts.names_digest = self.names_digest()
        return facts

    def _again(self, table: Table, kind: str, i: int, across: Across) -> list[Problem]:
        """Read a file once more to say where the rules across files find fault with it."""
        rel = table.rels[i]
        try:
            doc = load_document(self.ws.root / rel, rel)
        except LoadFailure as failure:  # changed since: what it is now
            return [failure.problem]
        for finding in across.findings(self._check(doc, kind)):
            add_finding(doc, finding)
        return doc.problems

    def names_digest(self) -> str:
        """A hash of the workspace's own names, from the actors' facts (read or cached)."""
        if self._names_digest is None:
            actors = sorted(self.tables["actor"].column("names"))
            self._names_digest = digest([self.ws.config.office.name, *actors])
        return self._names_digest

    def names(self) -> KnownNames:
        """The workspace's own names; the actors the cache answered for are read for them."""
        if self._names is None:
            actors = self.tables["actor"]
            lists = []
            for i, rel in enumerate(actors.rels):
                if i in actors.names:  # read in this run
                    lists.append(actors.names[i])
                    continue
                self.read.append(rel)
                try:
                    lists.append(actor_names(load_document(self.ws.root / rel, rel).data))
                except LoadFailure:
                    continue
            self._names = prepare_names(own_names(self.ws.config, lists))
        return self._names


def sweep(ws: Workspace, cache: bool = True) -> Report:
    """Validate ``ws`` (opened: config and taxonomy read) file by file; see the module."""
    with gc_paused():
        memo = Memo.open(ws.root, frame_of(ws.config)) if cache else Memo(ws.root, key=None)
        return Sweep(ws, memo).run()

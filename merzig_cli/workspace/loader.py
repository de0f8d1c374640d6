"""Find and load a workspace: config, taxonomy and every record kind.

Loading never stops at the first bad file: each file is parsed, checked
against its schema and built into a record where possible; what is wrong is
kept as problems for :func:`merzig_cli.checks.validate.validate` to report.
A record is read only from its own kind's folder, never through a symbolic
link (:func:`list_kind`); every command but ``validate`` stops at such a link
with a German error (:func:`refuse_links`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.errors import ConfigError, UserError
from ..core.files import is_temporary, remove_if_stale
from ..core.many_files import gc_paused
from ..core.paths import first_link, within
from ..core.problems import Problem
from ..core.text import close_match, count
from ..core.yamlio import Document, LoadFailure, load_document
from ..schema.config import Config, Taxonomy
from ..schema.kinds import KINDS, RECORD_KINDS
from ..schema.record import build
from ..schema.values import Checker, RefUse

if TYPE_CHECKING:  # the record classes are imported as their files are read
    from ..schema.actor import Actor
    from ..schema.conference import Case, Conference
    from ..schema.inquiry import Inquiry

DATA_ENV = "MERZIG_DATA"

RECORD_DIRS = {name: str(KINDS[name].folder) for name in sorted(RECORD_KINDS)}
ALL_KINDS = RECORD_KINDS


def resolve_root(data: str | Path | None = None) -> Path:
    """Option, then ``MERZIG_DATA``, then ``./data``."""
    if data:
        return Path(data)
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else Path("data")


@dataclass
class Workspace:
    root: Path
    config: Config
    taxonomy: Taxonomy
    kinds: frozenset[str]
    actors: dict[str, Actor] = field(default_factory=dict)
    inquiries: dict[str, Inquiry] = field(default_factory=dict)
    conferences: dict[str, Conference] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    documents: dict[str, list[Document]] = field(default_factory=dict)
    failures: list[Problem] = field(default_factory=list)
    refs: list[RefUse] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)

    def records(self, kind: str) -> dict[str, Any]:
        """The typed records of one kind, by id."""
        by_kind: dict[str, dict[str, Any]] = {
            "actor": self.actors,
            "inquiry": self.inquiries,
            "conference": self.conferences,
            "case": self.cases,
        }
        return by_kind[kind]

    def all_documents(self) -> Iterable[Document]:
        for docs in self.documents.values():
            yield from docs

    def document(self, kind: str, record_id: str) -> Document | None:
        return next((d for d in self.documents.get(kind, []) if _doc_id(d) == record_id), None)

    @property
    def files_checked(self) -> int:
        return sum(len(d) for d in self.documents.values()) + len(self.failures)

    def error_count(self) -> int:
        doc_errors = sum(
            1 for d in self.all_documents() for p in d.problems if p.severity == "error"
        )
        return doc_errors + len(self.failures)

    def actor(self, actor_id: str) -> Actor:
        return lookup(
            self.actors,
            actor_id,
            f"Akteur „{actor_id}“ gibt es nicht in {self.root / 'actors'}",
            "merzig actors list zeigt alle Kennungen",
        )


R = TypeVar("R")


def lookup(records: dict[str, R], ident: str, missing: str, hint: str) -> R:
    """The record ``ident``, or a German error ``missing`` with a "did you mean" hint."""
    found = records.get(ident)
    if found is None:
        close = close_match(ident, records)
        raise UserError(missing, f"Meinten Sie „{close}“?" if close else hint)
    return found


def _doc_id(doc: Document) -> str | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("id")
    return str(value) if value is not None else None


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load(path: Path, root: Path, kind: str, ws: Workspace) -> Document | None:
    rel = rel_path(path, root)
    try:
        doc = load_document(path, rel)
    except LoadFailure as failure:
        ws.failures.append(failure.problem)
        return None
    checker = Checker(doc)
    KINDS[kind].spec.check(doc.data, (), checker)
    ws.refs.extend(checker.refs)
    ws.documents.setdefault(kind, []).append(doc)
    return doc


@dataclass
class Listing:
    """The files of one record kind, found without following a single link."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (relative path, path)
    links: list[str] = field(default_factory=list)  # links in their place, never followed
    stray: list[str] = field(default_factory=list)  # YAML files where no record belongs


def list_kind(root: Path, kind: str) -> Listing:
    """The record files of ``kind``, in the order of their paths; stale temporary files removed.

    A record is read only from its own kind's folder: the kind's folder, a
    year folder and a record file must each be what they are, not a symbolic
    link (:func:`~merzig_cli.core.paths.first_link`), wherever the link points.
    Links are listed instead, for the caller to report.
    """
    listing = Listing()
    rel = RECORD_DIRS[kind]
    folder = root / rel
    link = first_link(root, folder)
    if link is not None:
        listing.links.append(rel_path(link, root))
    elif folder.is_dir():
        _walk(str(folder), rel, 2 if KINDS[kind].year_folders else 1, listing)
    return listing


def _walk(folder: str, rel: str, depth: int, listing: Listing) -> None:
    """Collect the files ``depth`` levels down; ``lstat`` only, so no link is followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            if is_temporary(name):
                remove_if_stale(Path(entry.path))
            continue
        if entry.is_symlink():
            if name.endswith((".yaml", ".yml")) or depth > 1:
                listing.links.append(f"{rel}/{name}")
            continue
        if entry.is_dir(follow_symlinks=False):
            if depth > 1:
                _walk(entry.path, f"{rel}/{name}", depth - 1, listing)
            continue
        # a pipe or device named like a record is passed on: loading reports it, never waits
        if name.endswith(".yaml") and depth == 1:
            listing.files.append((f"{rel}/{name}", entry.path))
        elif name.endswith((".yaml", ".yml")):
            listing.stray.append(f"{rel}/{name}")


def record_files(root: Path, kind: str, ws: Workspace) -> list[tuple[str, str]]:
    """The record files of ``kind`` as (path relative to the workspace, path), in order.

    Stray files are noted; every symbolic link in their place is a problem of
    ``ws`` and is never followed (:func:`list_kind`).
    """
    listing = list_kind(root, kind)
    ws.stray_files.extend(listing.stray)
    for rel in listing.links:
        ws.failures.append(link_problem(root, rel))
    return listing.files


def link_problem(root: Path, rel: str) -> Problem:
    """The problem for a symbolic link where a record, a record folder or a setting belongs."""
    if within(root, root / rel):
        code = "link"
        message = (
            "Symbolische Verknüpfung wird nicht gelesen: ein Datensatz wird nur aus dem "
            "eigenen Ordner gelesen, nie über eine Verknüpfung"
        )
    else:
        code = "link-outside"
        message = (
            "Symbolische Verknüpfung führt aus dem Arbeitsbereich hinaus und wird nicht gelesen"
        )
    return Problem(
        "error",
        code,
        message,
        rel,
        hint="Die Verknüpfung durch die Datei oder den Ordner selbst ersetzen",
    )


def refuse_links(ws: Workspace) -> None:
    """Stop a command (exit 1) that would work on a workspace with a link in a record's place.

    Only ``validate`` reads on and lists every link; any other command would
    silently miss a whole folder, or be fooled into reading, publishing or
    deleting one kind of file as another.
    """
    links = [p for p in ws.failures if p.code in ("link", "link-outside")]
    if links:
        raise links_error(links)


def links_error(links: list[Problem]) -> UserError:
    """One German error for the links found (the first named, the others counted)."""
    first = links[0]
    others = count(len(links) - 1, "weitere Verknüpfung", "weitere Verknüpfungen")
    more = f" (und {others})" if len(links) > 1 else ""
    return UserError(f"{first.file}: {first.message}{more}", first.hint)


def open_workspace(
    data: str | Path | None = None,
    kinds: Iterable[str] = ALL_KINDS,
    tolerant: bool = False,
) -> Workspace:
    """The workspace at ``data`` with its config and taxonomy, before any record is read.

    Without ``tolerant`` an unusable config.yaml or taxonomy.yaml raises
    :class:`ConfigError`; validation opens tolerantly to report everything.
    """
    root = resolve_root(data)
    if not (root / "config.yaml").is_file():
        raise ConfigError(
            f"Kein Arbeitsbereich unter „{root}“: config.yaml fehlt",
            f"Mit --data VERZEICHNIS oder der Umgebungsvariablen {DATA_ENV} auf den Arbeitsbereich zeigen",
        )
    ws = Workspace(root=root, config=Config(), taxonomy=Taxonomy(), kinds=frozenset(kinds))
    for name, kind in (("config.yaml", "config"), ("taxonomy.yaml", "taxonomy")):
        path = root / name
        if path.is_symlink():
            ws.failures.append(problem := link_problem(root, name))
            if not tolerant:
                raise ConfigError(f"{name}: {problem.message}", problem.hint)
            continue
        if not path.is_file():
            ws.failures.append(
                Problem(
                    "error",
                    "file-missing",
                    f"{name} fehlt",
                    name,
                    hint="Datei aus dem Beispiel-Arbeitsbereich data/ übernehmen",
                )
            )
            if not tolerant:
                raise ConfigError(f"{name} fehlt in „{root}“")
            continue
        doc = _load(path, root, kind, ws)
        if doc is None:
            if not tolerant:
                p = ws.failures[-1]
                raise ConfigError(f"{p.location}: {p.message}", p.hint)
            continue
        if kind == "config":
            ws.config = build(Config, doc.data)
        else:
            ws.taxonomy = build(Taxonomy, doc.data)
    return ws


def load_workspace(
    data: str | Path | None = None, kinds: Iterable[str] = ALL_KINDS, tolerant: bool = False
) -> Workspace:
    """:func:`open_workspace`, then every record of the kinds named in ``kinds``."""
    ws = open_workspace(data, kinds, tolerant)
    with gc_paused():
        for kind in sorted(ws.kinds):
            records = ws.records(kind)
            for _, path in record_files(ws.root, kind, ws):
                doc = _load(Path(path), ws.root, kind, ws)
                record = build(KINDS[kind].record, doc.data, doc.rel) if doc else None
                if record is not None:
                    records.setdefault(record.id, record)
    if not tolerant:
        refuse_links(ws)
    return ws

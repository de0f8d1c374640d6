"""Find and load a workspace: config, taxonomy and every record kind.

Loading never stops at the first bad file: each file is parsed, checked
against its schema and built into a record where possible; what is wrong is
kept as problems for :func:`merzig_cli.validate.validate` to report.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import build
from .errors import ConfigError
from .model import Actor, Case, Conference, Config, Inquiry, Taxonomy
from .problems import Problem
from .records import KINDS
from .schema import Checker, RefUse
from .yamlio import Document, LoadFailure, load_document

DATA_ENV = "MERZIG_DATA"

RECORD_DIRS = {
    "actor": "actors",
    "inquiry": "inquiries",
    "conference": "conferences",
    "case": "cases",
}
YEAR_FOLDERS = {"inquiry", "case"}
ALL_KINDS = frozenset(RECORD_DIRS)


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

    def all_documents(self) -> Iterable[Document]:
        for docs in self.documents.values():
            yield from docs

    def known_ids(self, kind: str) -> set[str]:
        """Ids that references to ``kind`` may use.

        A record whose file is broken, or whose id differs from its file name,
        is reported once; its file name still counts as a known id, so that one
        defect does not repeat as a dangling reference in every other file.
        """
        docs = self.documents.get(kind, [])
        ids = {str(d.data.get("id")) for d in docs}
        ids |= {Path(d.rel).stem for d in docs}
        folder = RECORD_DIRS[kind] + "/"
        ids |= {Path(p.file).stem for p in self.failures if p.file and p.file.startswith(folder)}
        return ids

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
        from .errors import UserError

        found = self.actors.get(actor_id)
        if found is None:
            import difflib

            close = difflib.get_close_matches(actor_id, list(self.actors), n=1)
            hint = (
                f"Meinten Sie „{close[0]}“?" if close else "merzig actors list zeigt alle Kennungen"
            )
            raise UserError(f"Akteur „{actor_id}“ gibt es nicht in {self.root / 'actors'}", hint)
        return found


def _doc_id(doc: Document) -> str | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("id")
    return str(value) if value is not None else None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load(path: Path, root: Path, kind: str, ws: Workspace) -> Document | None:
    rel = _rel(path, root)
    try:
        doc = load_document(path, rel)
    except LoadFailure as failure:
        ws.failures.append(failure.problem)
        return None
    checker = Checker(doc)
    KINDS[kind].check(doc.data, (), checker)
    ws.refs.extend(checker.refs)
    ws.documents.setdefault(kind, []).append(doc)
    return doc


def _record_files(root: Path, kind: str, ws: Workspace) -> list[Path]:
    folder = root / RECORD_DIRS[kind]
    if not folder.is_dir():
        return []
    depth = 2 if kind in YEAR_FOLDERS else 1
    found: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        parts = path.relative_to(folder).parts
        if path.suffix == ".yaml" and len(parts) == depth:
            found.append(path)
        elif path.suffix in (".yaml", ".yml"):
            ws.stray_files.append(_rel(path, root))
    return found


def load_workspace(
    data: str | Path | None = None,
    kinds: Iterable[str] = ALL_KINDS,
    tolerant: bool = False,
) -> Workspace:
    """Load the workspace at ``data``; only the record kinds named in ``kinds``.

    Without ``tolerant`` an unusable config.yaml or taxonomy.yaml raises
    :class:`ConfigError`; validation loads tolerantly to report everything.
    """
    root = resolve_root(data)
    if not (root / "config.yaml").is_file():
        raise ConfigError(
            f"Kein Arbeitsbereich unter „{root}“: config.yaml fehlt",
            f"Mit --data VERZEICHNIS oder der Umgebungsvariablen {DATA_ENV} auf den Arbeitsbereich zeigen",
        )
    ws = Workspace(root=root, config=build.config({}), taxonomy=Taxonomy(), kinds=frozenset(kinds))
    for name, kind in (("config.yaml", "config"), ("taxonomy.yaml", "taxonomy")):
        path = root / name
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
            ws.config = build.config(doc.data)
        else:
            ws.taxonomy = build.taxonomy(doc.data)
    for kind in sorted(ws.kinds):
        for path in _record_files(root, kind, ws):
            doc = _load(path, root, kind, ws)
            if doc is None:
                continue
            source = doc.rel
            if kind == "actor":
                a = build.actor(doc.data, source)
                ws.actors.setdefault(a.id, a)
            elif kind == "inquiry":
                i = build.inquiry(doc.data, source)
                ws.inquiries.setdefault(i.id, i)
            elif kind == "conference":
                c = build.conference(doc.data, source)
                ws.conferences.setdefault(c.id, c)
            else:
                k = build.case(doc.data, source)
                ws.cases.setdefault(k.id, k)
    return ws

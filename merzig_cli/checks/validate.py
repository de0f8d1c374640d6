"""Validation of a whole workspace: each file by itself, then the rules across files.

:func:`validate_path` is ``merzig validate``: it reads the workspace file by
file, through the validation cache (:mod:`merzig_cli.checks.file_by_file`);
:func:`validate` checks a workspace that is loaded already (the checked edits
use it). Both run the same rules – for one file (:mod:`merzig_cli.checks.single_file`)
and across files (:mod:`merzig_cli.checks.cross_file`) – and never raise for bad data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..core.problems import Problem, Report
from ..core.yamlio import Document
from ..schema.config import Config
from ..schema.kinds import RECORD_KINDS
from ..schema.values import RefUse
from ..workspace.loader import ALL_KINDS, Workspace, open_workspace
from .cases import cases_in_git
from .cross_file import Across, Finding
from .facts import Facts, actor_names, uncached_fields
from .names import prepare_names
from .single_file import Frame, check_file
from .validation_cache import Builder, Table

# config and taxonomy first; actors before the inquiries whose questions may name them
CHECK_ORDER = ("config", "taxonomy", "actor", "conference", "case", "inquiry")


def validate_path(data: str | None = None, cache: bool = True) -> Report:
    """Validate the workspace at ``data``; ``cache``: through ``.merzig-cache/`` (see :mod:`.validation_cache`)."""
    from .file_by_file import sweep

    return sweep(open_workspace(data, ALL_KINDS, tolerant=True), cache)


def validate(ws: Workspace) -> Report:
    """Validate a loaded workspace (its documents, as :func:`load_workspace` left them)."""
    frame = frame_of(ws.config)
    refs: dict[int, list[RefUse]] = defaultdict(list)
    for ref in ws.refs:
        refs[id(ref.doc)].append(ref)
    actors = ws.documents.get("actor", [])
    names = prepare_names(own_names(ws.config, (actor_names(d.data) for d in actors)))
    own: list[tuple[Document, Facts]] = []
    tables: dict[str, Table] = {}
    for kind in CHECK_ORDER:
        builder = Builder(None)
        for doc in ws.documents.get(kind, []):
            facts = check_file(doc, kind, frame, lambda: names, refs[id(doc)])
            if kind in RECORD_KINDS:  # every row from its facts: nothing here is cached
                builder.add(
                    [doc.rel, "", "", "", *uncached_fields(facts)], False, facts, doc.problems
                )
            else:
                own.append((doc, facts))
        if kind in RECORD_KINDS:
            tables[kind] = builder.build()
    across = Across(ws.taxonomy, tables, broken(ws), actor_refs="actor" in ws.kinds)
    checked = own + [
        (doc, tables[kind].facts[i])
        for kind in tables
        for i, doc in enumerate(ws.documents.get(kind, []))
    ]
    for doc, facts in checked:
        for finding in across.findings(facts):
            add_finding(doc, finding)
    cases = len(ws.documents.get("case", [])) if "case" in ws.kinds else 0
    problems = [*ws.failures, *strays(ws.stray_files)]
    problems += [p for doc, _ in checked for p in doc.problems]
    problems += cases_in_git(ws.root, ws.config, cases)
    return Report(problems=dedupe(problems), files_checked=ws.files_checked)


def frame_of(config: Config) -> Frame:
    return Frame(
        languages=tuple(config.brochure.languages),
        pseudonym_pattern=config.privacy.pseudonym_pattern,
    )


def own_names(config: Config, actors: Iterable[list[str]]) -> list[str]:
    """The workspace's own names: its actors', their contact persons' and the office's."""
    return [config.office.name, *(name for names in actors for name in names)]


def broken(ws: Workspace) -> list[str]:
    """The files that could not be read at all (their names still count as known ids)."""
    return [p.file for p in ws.failures if p.file]


def add_finding(doc: Document, finding: Finding) -> None:
    f = finding
    doc.problems.append(doc.problem(f.severity, f.code, f.message, f.where or (), f.hint))


def strays(rels: Iterable[str]) -> list[Problem]:
    return [
        Problem(
            "warning",
            "stray-file",
            "Datei liegt nicht an der erwarteten Stelle und wird ignoriert",
            rel,
            hint="Endung .yaml verwenden; Anfragen und Fälle gehören in einen Jahresordner (…/2026/)",
        )
        for rel in rels
    ]


def dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out

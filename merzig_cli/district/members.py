"""Read ``district.yaml`` and load its member workspaces: actors, taxonomy, config only.

A member is named by a path relative to ``district.yaml``. The office names its
towns' workspaces there as it would with ``--data``, so a path may lead out of
the district's folder with ``..`` (``../../data``), but never through a
symbolic link: the written path is resolved by its name first (``..`` taken
away in the text, not by following the file system), then every part of it
below the folder it shares with the district's folder is looked at with
``lstat`` and a link is refused (:func:`~merzig_cli.core.paths.first_link`).
An absolute path is refused too: the file is shared between offices. Each
member is loaded by the workspace loader as every command loads a workspace
(no link followed, every file checked) and validated; case files, inquiries
and conferences are never read.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.validate import validate
from ..core.errors import ConfigError, UserError
from ..core.paths import first_link
from ..core.problems import Problem
from ..core.yamlio import Document, LoadFailure, load_document
from ..schema.district import District
from ..schema.record import build, record_spec
from ..schema.values import Checker
from ..workspace.loader import Workspace, load_workspace


@dataclass(eq=False)
class Member:
    """One town of the district: its workspace and how messages name its folder."""

    index: int
    written: str  # the path as district.yaml writes it
    shown: str  # the folder as messages name it (from the current folder where possible)
    name: str  # the town, as the brochure names it
    ws: Workspace

    def file(self, rel: str | None) -> str:
        """A file of this member as messages name it (``losheim/actors/x.yaml``)."""
        return f"{self.shown}/{rel}" if rel else self.shown


@dataclass
class LoadedDistrict:
    path: Path  # district.yaml
    folder: Path  # its folder: the root of the district's own templates/
    record: District
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_district(path: str | Path) -> LoadedDistrict:
    """``district.yaml`` and its members, each validated; what is wrong is in ``problems``.

    A ``district.yaml`` that cannot be read at all is a :class:`UserError`; one with
    errors loads no member (the problems name them).
    """
    file = Path(path)
    shown = file.as_posix()
    if not file.is_file():
        raise UserError(
            f"„{shown}“ gibt es nicht oder ist keine Datei",
            "Den Pfad zur district.yaml des Landkreises angeben",
        )
    try:
        doc = load_document(file, shown)
    except LoadFailure as failure:  # reported like every other problem, with file and line
        return LoadedDistrict(file, file.parent, District(), problems=[failure.problem])
    checker = Checker(doc)
    record_spec(District).check(doc.data, (), checker)
    record = build(District, doc.data) if isinstance(doc.data, dict) else None
    district = LoadedDistrict(file, file.parent, record or District(), problems=doc.problems)
    if record is None or district.errors:
        return district
    record.titles = _titles(doc.data.get("title"))
    seen: dict[str, int] = {}
    for index, entry in enumerate(record.members):
        member = _member(district, doc, index, entry.path, entry.name)
        if member is None:
            continue
        key = os.path.normcase(os.path.abspath(member.shown))
        if key in seen:
            district.problems.append(
                doc.problem(
                    "error",
                    "district-member-twice",
                    f"Arbeitsbereich „{entry.path}“ steht zweimal in der Liste",
                    ("members", index, "path"),
                )
            )
            continue
        seen[key] = index
        district.members.append(member)
    return district


def _titles(raw: object) -> dict[str, str]:
    if isinstance(raw, str):
        return {"": raw.strip()}
    if isinstance(raw, dict):
        return {str(k): str(v).strip() for k, v in raw.items() if isinstance(v, str) and v.strip()}
    return {}


def _member(
    district: LoadedDistrict, doc: Document, index: int, written: str, name: str | None
) -> Member | None:
    where = ("members", index, "path")
    folder, why = member_folder(district.folder, written)
    if folder is None:
        district.problems.append(doc.problem("error", "district-member-path", why, where))
        return None
    shown = Path(os.path.normpath(district.folder / written)).as_posix()
    try:  # tolerant: every problem of the member is reported, not only the first
        ws = load_workspace(folder, kinds={"actor"}, tolerant=True)
    except ConfigError as exc:
        district.problems.append(doc.problem("error", "district-member", exc.message, where))
        return None
    member = Member(index, written, shown, name or ws.config.municipality, ws)
    report = validate(ws)
    district.problems += [dataclasses.replace(p, file=member.file(p.file)) for p in report.problems]
    return member


def member_folder(base: Path, written: str) -> tuple[Path | None, str]:
    """The folder of a member written relative to ``base``, or None and the German reason."""
    if not written.strip():
        return None, "Pfad des Arbeitsbereichs ist leer"
    if not written.isprintable():  # a NUL or a line break names no folder anywhere
        return None, "Pfad des Arbeitsbereichs enthält ein Steuerzeichen"
    if Path(written).is_absolute():
        return None, (
            f"„{written}“ ist ein absoluter Pfad; Arbeitsbereiche werden relativ zur "
            "district.yaml angegeben"
        )
    target = Path(os.path.abspath(os.path.normpath(base / written)))
    start = Path(os.path.abspath(base))
    common = Path(os.path.commonpath([start, target]))
    link = first_link(common, target)
    if link is not None:
        return None, (
            f"„{written}“ führt über die symbolische Verknüpfung "
            f"„{os.path.relpath(link, start)}“ – nicht gelesen: "
            "ein Arbeitsbereich wird nur über gewöhnliche Ordner erreicht"
        )
    if not target.is_dir():
        return None, f"Arbeitsbereich „{written}“ gibt es nicht (kein Ordner)"
    return target, ""

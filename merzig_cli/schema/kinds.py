"""The record kinds of a workspace: which class describes which file, and where it lies."""

from __future__ import annotations

from dataclasses import dataclass

from .actor import Actor
from .conference import Case, Conference
from .config import Config, Taxonomy
from .containers import Obj
from .inquiry import Inquiry
from .record import record_spec


@dataclass(frozen=True)
class Kind:
    name: str
    record: type
    title: str  # German, for the JSON Schema and the format reference
    path: str  # where its files lie, as the format reference shows it
    folder: str | None = None  # the folder of one-file-per-record kinds
    year_folders: bool = False  # files lie in a folder per year: inquiries/2026/...

    @property
    def spec(self) -> Obj:
        return record_spec(self.record)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("config", Config, "Einstellungen (config.yaml)", "config.yaml"),
        Kind(
            "taxonomy",
            Taxonomy,
            "Themen, Zielgruppen und Kategorien (taxonomy.yaml)",
            "taxonomy.yaml",
        ),
        Kind(
            "actor",
            Actor,
            "Steckbrief eines Akteurs (actors/<id>.yaml)",
            "actors/<id>.yaml",
            "actors",
        ),
        Kind(
            "inquiry",
            Inquiry,
            "Anfrage an die Anlaufstelle (inquiries/<JJJJ>/<id>.yaml)",
            "inquiries/<JJJJ>/<id>.yaml",
            "inquiries",
            year_folders=True,
        ),
        Kind(
            "conference",
            Conference,
            "Förderkonferenz (conferences/<id>.yaml)",
            "conferences/<id>.yaml",
            "conferences",
        ),
        Kind(
            "case",
            Case,
            "Fall einer Förderkonferenz (cases/<JJJJ>/<id>.yaml)",
            "cases/<JJJJ>/<id>.yaml",
            "cases",
            year_folders=True,
        ),
    )
}

RECORD_KINDS = frozenset(k.name for k in KINDS.values() if k.folder)

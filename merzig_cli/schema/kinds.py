"""The record kinds of a workspace: which class describes which file, and where it lies."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .containers import Obj


@dataclass(frozen=True)
class Kind:
    name: str
    where: str  # the class that describes a file, "module:Class" below this package
    title: str  # German, for the JSON Schema and the format reference
    path: str  # where its files lie, as the format reference shows it
    folder: str | None = None  # the folder of one-file-per-record kinds
    year_folders: bool = False  # files lie in a folder per year: inquiries/2026/...

    @cached_property
    def record(self) -> type:
        """The record class, imported when first asked for (``merzig route`` needs only one)."""
        module, name = self.where.split(":")
        cls: type = getattr(import_module(f".{module}", __package__), name)
        return cls

    @property
    def spec(self) -> Obj:
        from .record import record_spec

        return record_spec(self.record)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("config", "config:Config", "Einstellungen (config.yaml)", "config.yaml"),
        Kind(
            "taxonomy",
            "config:Taxonomy",
            "Themen, Zielgruppen und Kategorien (taxonomy.yaml)",
            "taxonomy.yaml",
        ),
        Kind(
            "actor",
            "actor:Actor",
            "Steckbrief eines Akteurs (actors/<id>.yaml)",
            "actors/<id>.yaml",
            "actors",
        ),
        Kind(
            "inquiry",
            "inquiry:Inquiry",
            "Anfrage an die Anlaufstelle (inquiries/<JJJJ>/<id>.yaml)",
            "inquiries/<JJJJ>/<id>.yaml",
            "inquiries",
            year_folders=True,
        ),
        Kind(
            "conference",
            "conference:Conference",
            "Förderkonferenz (conferences/<id>.yaml)",
            "conferences/<id>.yaml",
            "conferences",
        ),
        Kind(
            "case",
            "conference:Case",
            "Fall einer Förderkonferenz (cases/<JJJJ>/<id>.yaml)",
            "cases/<JJJJ>/<id>.yaml",
            "cases",
            year_folders=True,
        ),
    )
}

RECORD_KINDS = frozenset(k.name for k in KINDS.values() if k.folder)

"""``merzig export hsds``: the published directory as Open Referral HSDS 3.0 files.

One package per brochure language (HSDS has no multilingual text), below
``--out``:

- ``<lang>/json/organizations.json``: every organization with its services,
  locations, contacts and schedules nested (the ``organization_package``
  shape), and ``<lang>/json/organizations/<id>.json``, one per organization
  (the shape of the API's ``/organizations/{id}``);
- ``<lang>/csv/``: the tabular data package, one CSV per table and
  ``datapackage.json`` with the columns, types and keys of HSDS 3.0.

Files are written through :mod:`merzig_cli.documents.output` (every path
checked, atomic, unchanged files untouched). An organization file of an
earlier export whose actor is no longer published is removed, so that
withdrawn consent reaches the export folder too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.paths import no_link, out_path
from ..documents import media
from ..documents.output import Output, Written, write_outputs
from ..workspace.loader import Workspace
from .hsds_model import Row, Tables, hsds_tables
from .hsds_tables import TABLES

FORMATS = ("json", "csv")
_UUID_FILE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$")

# Which rows nest below a row in JSON: (key, table, column that points to the parent).
CHILDREN: dict[str, tuple[tuple[str, str, str], ...]] = {
    "organization": (
        ("phones", "phone", "organization_id"),
        ("contacts", "contact", "organization_id"),
        ("locations", "location", "organization_id"),
        ("attributes", "attribute", "link_id"),
        ("services", "service", "organization_id"),
    ),
    "contact": (("phones", "phone", "contact_id"),),
    "phone": (("languages", "language", "phone_id"),),
    "location": (("addresses", "address", "location_id"), ("schedules", "schedule", "location_id")),
    "service": (
        ("languages", "language", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("attributes", "attribute", "link_id"),
        ("service_at_locations", "service_at_location", "service_id"),
    ),
}


@dataclass
class Export:
    """What one export wrote, per language, and what it removed."""

    written: list[Written] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    organizations: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return media.data(value)
    return value


class _Nest:
    def __init__(self, tables: Tables) -> None:
        self.by_parent: dict[tuple[str, str, str], list[Row]] = {}
        links = {(table, column) for children in CHILDREN.values() for _, table, column in children}
        for table, column in sorted(links):
            for row in tables.rows.get(table, []):
                if column in row:
                    self.by_parent.setdefault((table, column, row[column]), []).append(row)
        self.terms = {r["id"]: r for r in tables.rows.get("taxonomy_term", [])}
        self.taxonomies = {r["id"]: r for r in tables.rows.get("taxonomy", [])}

    def nest(self, table: str, row: Row) -> Row:
        out = {k: _clean(v) for k, v in row.items()}
        if table == "attribute":
            term = dict(self.terms[row["taxonomy_term_id"]])
            taxonomy = self.taxonomies.get(term.get("taxonomy_id", ""))
            if taxonomy is not None:
                term["taxonomy_detail"] = dict(taxonomy)
            out["taxonomy_term"] = {k: _clean(v) for k, v in term.items()}
        for key, child, column in CHILDREN.get(table, ()):
            rows = self.by_parent.get((child, column, row["id"]), [])
            if rows:
                out[key] = [self.nest(child, r) for r in rows]
        return out


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_outputs(tables: Tables) -> tuple[list[Output], list[Output]]:
    """(the package document, one file per organization)."""
    nest = _Nest(tables)
    orgs = [nest.nest("organization", row) for row in tables.rows.get("organization", [])]
    package = Output("organizations.json", _json(orgs), tables.lang, "json")
    return [package], [Output(f"{o['id']}.json", _json(o), tables.lang, "json") for o in orgs]


def datapackage(ws: Workspace, lang: str) -> dict[str, Any]:
    """The descriptor of the tabular data package (Frictionless Data, HSDS 3.0 tables)."""
    town = media.data(ws.config.municipality)
    resources = []
    for name, (path, columns, keys) in TABLES.items():
        fields = []
        for column, kind, fmt, required, unique, enum in columns:
            constraints: dict[str, Any] = {"required": required, "unique": unique}
            if enum:
                constraints["enum"] = list(enum)
            fields.append(
                {
                    "name": column,
                    "type": kind,
                    **({"format": fmt} if fmt else {}),
                    "constraints": constraints,
                }
            )
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "primaryKey": "id",
                    "foreignKeys": [
                        {"fields": column, "reference": {"resource": table, "fields": "id"}}
                        for column, table in keys
                    ],
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": f"hsds-{lang}",
        "title": f"{town}: Verzeichnis der Einrichtungen und Angebote (HSDS 3.0, {lang})",
        "description": "Human Services Data Specification 3.0 (Open Referral), "
        f"geschrieben von merzig export hsds aus den veröffentlichten Steckbriefen von {town}.",
        "resources": resources,
    }


def csv_outputs(ws: Workspace, tables: Tables) -> list[Output]:
    """One CSV per table (every column of HSDS 3.0, empty where there is no value)."""
    outputs = []
    for name, (path, columns, _keys) in TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c[0] for c in columns])
        for row in tables.rows.get(name, []):
            writer.writerow([media.data_csv(row[c[0]]) if c[0] in row else "" for c in columns])
        outputs.append(Output(path, buffer.getvalue().encode("utf-8"), tables.lang, "csv"))
    outputs.append(
        Output("datapackage.json", _json(datapackage(ws, tables.lang)), tables.lang, "csv")
    )
    return outputs


def _remove_stale(base: Path, folder: Path, keep: set[str]) -> list[Path]:
    """Organization files of an earlier export that this one did not write."""
    removed = []
    try:
        entries = list(os.scandir(no_link(base, folder, "dem Ausgabeordner")))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UserError(f"„{folder}“ kann nicht gelesen werden: {exc.strerror}") from None
    for entry in entries:
        stale = _UUID_FILE.match(entry.name) and entry.name not in keep
        if stale and (entry.is_file(follow_symlinks=False) or entry.is_symlink()):
            try:
                os.unlink(entry.path)  # a link is removed itself, never followed
            except OSError as exc:
                raise UserError(
                    f"„{entry.path}“ aus einem früheren Export kann nicht gelöscht werden: "
                    f"{exc.strerror}",
                    "Schreibrechte des Ausgabeordners prüfen",
                ) from None
            removed.append(Path(entry.path))
    return sorted(removed)


def export_hsds(ws: Workspace, langs: list[str], formats: list[str], out: Path) -> Export:
    """Write the HSDS packages of ``ws`` for ``langs`` in ``formats`` below ``out``."""
    base = out_path(out)
    result = Export()
    for lang in langs:
        tables = hsds_tables(ws, lang)
        result.organizations[lang] = len(tables.rows.get("organization", []))
        result.notes += [n for n in tables.notes if n not in result.notes]
        if "json" in formats:
            package, orgs = json_outputs(tables)
            folder = base / lang / "json"
            result.written += write_outputs(folder, package, base)
            result.written += write_outputs(folder / "organizations", orgs, base)
            keep = {o.name for o in orgs}
            result.removed += _remove_stale(base, folder / "organizations", keep)
        if "csv" in formats:
            result.written += write_outputs(base / lang / "csv", csv_outputs(ws, tables), base)
    return result

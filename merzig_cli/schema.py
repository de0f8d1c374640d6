"""A small schema language: one description per record kind drives both the
validation of YAML files and the JSON Schema export for editors.

Each spec checks a value at a path and reports problems through a
:class:`Checker`; references (topic ids, actor ids, ...) are collected and
resolved after every file is loaded. Scalar specs live in
:mod:`merzig_cli.schema_values` and are re-exported here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .languages import ISO_639_1
from .schema_values import (
    EMAIL_RE,
    SLUG_RE,
    TIME_RE,
    TYPE_DE,
    URL_RE,
    Bool,
    Checker,
    Date,
    Email,
    Enum,
    Int,
    Lang,
    Pattern,
    RefUse,
    Slug,
    Spec,
    Str,
    Time,
    Url,
    type_name,
)
from .yamlio import PathKey

__all__ = [
    "EMAIL_RE",
    "SLUG_RE",
    "TIME_RE",
    "TYPE_DE",
    "URL_RE",
    "Bool",
    "Checker",
    "Date",
    "Email",
    "Enum",
    "Field",
    "Int",
    "Lang",
    "ListOf",
    "Obj",
    "Pattern",
    "Ref",
    "RefUse",
    "Slug",
    "Spec",
    "Str",
    "Time",
    "Url",
    "type_name",
    "walk_strings",
]


@dataclass
class Ref(Spec):
    """An id that must resolve to a record of ``kind``."""

    kind: str
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, str) or isinstance(value, bool):
            self._type_error(value, "Kennung (Text)", path, c)
            return
        c.refs.append(RefUse(self.kind, value, c.doc, path))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_RE.pattern}


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    unique: bool = False
    description: str = ""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, list):
            if isinstance(value, str | int) and not isinstance(value, bool):
                self._type_error(value, "Liste", path, c, f"Als Liste schreiben: [{value}]")
            else:
                self._type_error(value, "Liste", path, c)
            return
        if len(value) < self.min_items:
            c.error("required", f"Liste braucht mindestens {self.min_items} Eintrag/Einträge", path)
        seen: set[Any] = set()
        for i, item in enumerate(value):
            if item is None:
                c.error("type", "leerer Listeneintrag", (*path, i))
                continue
            self.item.check(item, (*path, i), c)
            if self.unique and isinstance(item, str):
                if item in seen:
                    c.warn("duplicate-item", f"„{item}“ steht doppelt in der Liste", (*path, i))
                seen.add(item)

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass
class Field:
    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass
class Obj(Spec):
    fields: dict[str, Field]
    open_keys: Spec | None = None  # for maps keyed by free ids (translations)
    description: str = ""
    lang_keys: bool = False  # the free keys are ISO 639-1 language codes (labels, translations)

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if not isinstance(value, dict):
            self._type_error(value, "Zuordnung (Schlüssel: Wert)", path, c)
            return
        for name, fld in self.fields.items():
            present = value.get(name)
            if present is None:
                if fld.required:
                    msg = (
                        f"Pflichtfeld „{name}“ fehlt"
                        if name not in value
                        else f"Pflichtfeld „{name}“ ist leer"
                    )
                    c.error(
                        "required",
                        msg,
                        (*path, name) if name in value else path,
                        f"Eintragen: {fld.doc}" if fld.doc else None,
                        key=name in value,
                    )
                continue
            fld.spec.check(present, (*path, name), c)
        for name in value:
            if name in self.fields:
                continue
            if self.open_keys is not None:
                if self.lang_keys and not _lang_key(name, value[name], (*path, name), c):
                    continue
                if value[name] is not None:
                    self.open_keys.check(value[name], (*path, name), c)
                continue
            close = difflib.get_close_matches(name, list(self.fields), n=1, cutoff=0.6)
            hint = f"meinten Sie „{close[0]}“?" if close else "Schlüssel prüfen oder entfernen"
            c.warn("unknown-key", f"unbekannter Schlüssel „{name}“", (*path, name), hint, key=True)

    def json_schema(self) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for name, fld in self.fields.items():
            sub = fld.spec.json_schema()
            if not fld.required:
                sub = {"anyOf": [sub, {"type": "null"}]}
            if fld.doc:
                sub["description"] = fld.doc
            props[name] = sub
        out: dict[str, Any] = {"type": "object", "properties": props}
        required = [n for n, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.open_keys is not None:
            out["additionalProperties"] = self.open_keys.json_schema()
        if self.lang_keys:
            out["propertyNames"] = {"pattern": "^[a-z]{2}$"}
        return out


def _lang_key(name: str, value: Any, path: PathKey, c: Checker) -> bool:
    """A key of a per-language map must be a language code; say why it is not."""
    if name in ISO_639_1:
        return True
    hint = "Zwei Kleinbuchstaben, z. B. de, en, ar, fa, uk, tr"
    if value is None:
        # {de: Freizeit, Sport und Kultur}: the comma split the text into a new key
        hint = (
            'Text mit Komma in Anführungszeichen setzen, z. B. {de: "Freizeit, Sport und Kultur"}'
        )
    c.error("language", f"„{name}“ ist kein Sprachcode nach ISO 639-1", path, hint, key=True)
    return False


def walk_strings(value: Any) -> Iterable[str]:
    """Every text inside a value, for searches and privacy checks."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk_strings(v)

"""The containers of the schema language: references, lists, mappings and records.

A :class:`Ref` names another record (a topic, an actor, ...) and is resolved
once every file is loaded; an :class:`Obj` checks a mapping key by key; a
:class:`~merzig_cli.schema.record.Rec` is the :class:`Obj` that a record
dataclass describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.languages import ISO_639_1, LANGUAGE_HINT
from ..core.text import close_match
from ..core.yamlio import PathKey
from .values import SLUG_RE, Checker, RefUse, Spec

# What each kind of reference is called in German, and where its ids are defined.
REF_NAMES = {
    "topic": ("Thema", "taxonomy.yaml unter topics"),
    "target_group": ("Zielgruppe", "taxonomy.yaml unter target_groups"),
    "category": ("Kategorie", "taxonomy.yaml unter categories"),
    "actor": ("Akteur", "actors/"),
    "conference": ("Förderkonferenz", "conferences/"),
}


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

    def describe(self) -> str:
        name, where = REF_NAMES[self.kind]
        return f"Kennung: {name} aus {where}"


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

    def describe(self) -> str:
        least = f", mindestens {self.min_items}" if self.min_items else ""
        return f"Liste{least}; jeder Eintrag: {self.item.describe()}"


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
            close = close_match(name, self.fields)
            hint = f"meinten Sie „{close}“?" if close else "Schlüssel prüfen oder entfernen"
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

    def describe(self) -> str:
        if self.lang_keys and self.open_keys is not None:
            text = f"je Sprachcode (ISO 639-1) ein Eintrag: {self.open_keys.describe()}"
            required = [f"`{n}`" for n, f in self.fields.items() if f.required]
            return text + (f"; Pflicht: {', '.join(required)}" if required else "")
        return "Zuordnung, siehe unten"


def _lang_key(name: str, value: Any, path: PathKey, c: Checker) -> bool:
    """A key of a per-language map must be a language code; say why it is not."""
    if name in ISO_639_1:
        return True
    hint = LANGUAGE_HINT
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

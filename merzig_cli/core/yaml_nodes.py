"""libyaml's node tree, quickly: the loader, the limits, and plain values in one pass.

PyYAML's C parser composes the nodes but asks Python, for every node, which
tag it has and whether a path resolver applies. :class:`FastLoader` answers
from a table built once from the very resolvers of the safe loader (and has
no path resolvers), so it gives the same tags in a fraction of the time.

:func:`plain` turns a node tree into Python values in one quick pass for the
common case: a file without anchors, duplicate keys, unusual tags or
impossible dates, and within the limits. Anything else raises
:class:`Unusual`, and :mod:`merzig_cli.core.yamlio` takes its careful path,
which reports each of these with line and column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem
from .yaml_syntax import explain
from .yamlio import (
    MAX_DEPTH,
    MAX_NODES,
    Document,
    InvalidDate,
    LoadFailure,
    PathKey,
    fail,
    format_path,
)

TAG = "tag:yaml.org,2002:"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STR, _SEQ, _MAP = TAG + "str", TAG + "seq", TAG + "map"

constructor = yaml.constructor.SafeConstructor()

_Base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(_IMPLICIT.get(None, []))
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    ch: (*found, *_WILDCARD) for ch, found in _IMPLICIT.items() if ch is not None
}
assert not yaml.resolver.Resolver.yaml_path_resolvers, "FastLoader knows no path resolvers"


class FastLoader(_Base):  # type: ignore[misc]
    """The safe loader with the same implicit tags, resolved from a table."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return plain_tag(value) if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def plain_tag(value: str) -> str:
    """The tag the loader gives ``value`` written unquoted ("yes" is a bool, "12:30" an int)."""
    for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR


class Unusual(Exception):
    """The quick pass met something that needs the careful one."""


def may_alias(text: str) -> bool:
    """Whether ``text`` may hold an alias: an anchor (&) and an alias (*) are both needed."""
    return "&" in text and "*" in text


_OTHER = object()  # a tag neither pass reads as a value: kept as text, with a warning


def _value(node: ScalarNode) -> Any:
    """A scalar's value by its tag (``ValueError`` for an impossible one), or :data:`_OTHER`."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == TAG + "null":
        return None
    if tag == TAG + "bool":
        return constructor.construct_yaml_bool(node)
    if tag == TAG + "int":
        return constructor.construct_yaml_int(node)
    if tag == TAG + "float":
        return constructor.construct_yaml_float(node)
    if tag == TAG + "timestamp":
        if ISO_DATE.match(node.value):  # the common case, as the constructor reads it
            return dt.date.fromisoformat(node.value)
        value = constructor.construct_yaml_timestamp(node)
        if not isinstance(value, dt.datetime):
            return node.value  # YAML reads 2026-1-5 as a date; the spec wants ISO only
        return value
    return _OTHER


def _scalar(node: ScalarNode) -> Any:
    try:
        value = _value(node)
    except (ValueError, OverflowError):
        raise Unusual from None  # an impossible date: a problem, from the careful pass
    if value is _OTHER:
        raise Unusual  # another tag: a warning, from the careful pass
    return value


class _Plain:
    """One quick pass over a node tree (a class, not a closure: no reference cycle per file)."""

    def __init__(self) -> None:
        self.count = 0

    def convert(self, node: Any, depth: int) -> Any:
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            raise Unusual
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                raise Unusual
            self.count += 1
            key = knode.value
            if key in out:
                raise Unusual
            out[key] = self.convert(vnode, depth + 1)
        return out


def plain(root: MappingNode) -> dict[str, Any]:
    """The values of a node tree without anchors; :class:`Unusual` if it needs more care."""
    result: dict[str, Any] = _Plain().convert(root, 0)
    return result


def compose(text: str, path: Path, rel: str) -> Document:
    """Parse ``text`` (not empty) into a :class:`Document`; :class:`LoadFailure` if unusable."""
    try:
        node = yaml.compose(text, Loader=FastLoader)
    except yaml.MarkedYAMLError as exc:
        message, hint, line, column = explain(exc, text)
        raise fail(rel, "yaml-syntax", message, line, column, hint) from exc
    except yaml.YAMLError as exc:
        raise fail(rel, "yaml-syntax", f"YAML-Fehler: {exc}") from exc
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null"):
        raise fail(
            rel, "empty-file", "Datei ist leer", hint="Datensatz eintragen oder Datei löschen"
        )
    if isinstance(node, yaml.MappingNode) and not may_alias(text):
        # The common case: no anchors, so nothing to expand; plain values in one quick
        # pass, which hands anything unusual (a limit, a duplicate key, a tag) to the full one.
        with contextlib.suppress(Unusual):
            return Document(path=path, rel=rel, data=plain(node), text=text, located=False)
    _check_size(node, rel)
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        raise fail(
            rel,
            "not-mapping",
            "Oberste Ebene ist keine Zuordnung (Schlüssel: Wert)",
            line=line,
            column=1,
            hint="Die Datei muss mit Schlüsseln wie „id: …“ beginnen, nicht mit einer Liste oder einem Text",
        )
    doc = Document(path=path, rel=rel, data=None)
    doc.data = _convert(node, (), doc)
    if doc.problems:
        # Its problems name list entries by their ids (format_path), which only the whole
        # data holds: the walk again with it at hand (rare: dates, tags, duplicate keys).
        doc = Document(path=path, rel=rel, data=doc.data)
        _convert(node, (), doc)
    return doc


def positions(
    text: str, rel: str
) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
    """Line and column of every value and of every key in ``text`` (parsed before)."""
    scratch = Document(path=Path(rel), rel=rel, data=None)
    with contextlib.suppress(yaml.YAMLError, LoadFailure):
        node = yaml.compose(text, Loader=FastLoader)
        if node is not None:
            _check_size(node, rel)
            _convert(node, (), scratch)
    return scratch.locs, scratch.key_locs


def _check_size(root: yaml.Node, rel: str) -> None:
    """Refuse alias bombs: count the nodes as if every alias were expanded."""
    memo: dict[int, int] = {}
    aliased = False

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal aliased
        if depth > MAX_DEPTH:
            raise fail(
                rel,
                "yaml-too-deep",
                f"YAML ist tiefer als {MAX_DEPTH} Ebenen verschachtelt",
                line=node.start_mark.line + 1,
                hint="Kein Datensatz braucht so tiefe Verschachtelung – Klammern und Einrückung prüfen",
            )
        key = id(node)
        if key in memo:
            aliased = True  # the same node reached twice: an alias (*name)
            return memo[key]
        memo[key] = MAX_NODES + 1  # a cycle counts as too big
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
                if total > MAX_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
                if total > MAX_NODES:
                    break
        memo[key] = total
        return total

    if size(root, 0) <= MAX_NODES:
        return
    if aliased:
        raise fail(
            rel,
            "yaml-alias-bomb",
            "Datei würde beim Auflösen von Ankern/Aliassen (&/*) zu groß werden",
            line=root.start_mark.line + 1,
            hint="Anker und Aliasse entfernen und Werte direkt eintragen",
        )
    raise fail(
        rel,
        "yaml-too-many-values",
        f"Datei enthält mehr als {MAX_NODES:,} Werte".replace(",", "."),
        line=root.start_mark.line + 1,
        hint="Kein Datensatz braucht so viele Einträge – Datei prüfen und kürzen",
    )


def _convert(node: yaml.Node, path: PathKey, doc: Document) -> Any:
    doc.locs[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                doc.problems.append(
                    doc.problem("error", "yaml-key", "Schlüssel muss ein einfacher Text sein", path)
                )
                continue
            key = str(_careful_scalar(knode, path, doc, as_key=True))
            kpath = (*path, key)
            kloc = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            if key in out:
                first = doc.key_locs.get(kpath, (None, None))[0]
                doc.problems.append(
                    Problem(
                        "error",
                        "yaml-duplicate-key",
                        f"Schlüssel „{key}“ steht doppelt (zuerst in Zeile {first})",
                        doc.rel,
                        kloc[0],
                        kloc[1],
                        format_path(kpath, doc.data, doc.list_names),
                        "Einen der beiden Einträge löschen; sonst gilt unklar, welcher Wert zählt",
                    )
                )
                continue
            doc.key_locs[kpath] = kloc
            out[key] = _convert(vnode, kpath, doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    return _careful_scalar(node, path, doc)


def _careful_scalar(node: yaml.Node, path: PathKey, doc: Document, as_key: bool = False) -> Any:
    assert isinstance(node, yaml.ScalarNode)
    if as_key:
        return node.value
    try:
        value = _value(node)
    except (ValueError, OverflowError):
        if node.tag == TAG + "timestamp":
            doc.problems.append(
                doc.problem(
                    "error",
                    "date-impossible",
                    f"„{node.value}“ ist kein gültiges Datum",
                    path,
                    "Tag und Monat prüfen (Format JJJJ-MM-TT, z. B. 2026-11-20)",
                )
            )
            return InvalidDate(node.value)
        return node.value
    if value is not _OTHER:
        return value
    # Any other tag (!custom, binary, set, ...) is kept as its text.
    doc.problems.append(
        doc.problem(
            "warning",
            "yaml-tag",
            f"YAML-Tag „{node.tag}“ wird nicht unterstützt; der Wert gilt als Text",
            path,
        )
    )
    return node.value if isinstance(node.value, str) else str(node.value)

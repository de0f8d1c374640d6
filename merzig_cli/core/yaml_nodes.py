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

import datetime as dt
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_NODES = 50_000
MAX_DEPTH = 64

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
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class Unusual(Exception):
    """The quick pass met something that needs the careful one."""


def may_alias(text: str) -> bool:
    """Whether ``text`` may hold an alias: an anchor (&) and an alias (*) are both needed."""
    return "&" in text and "*" in text


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    try:
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
            if not isinstance(value, dt.datetime) and not ISO_DATE.match(node.value):
                return node.value  # YAML reads 2026-1-5 as a date; the spec wants ISO only
            return value
    except (ValueError, OverflowError):
        raise Unusual from None
    raise Unusual  # another tag: a warning, from the careful pass


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

"""Read one YAML record file safely, keeping the line and column of every value.

PyYAML's C composer builds the node tree fast; we then turn nodes into plain
Python values ourselves so that each value keeps its position, duplicate keys
are caught, impossible dates become problems instead of crashes, and aliases
cannot blow up memory or time ("billion laughs").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import MAX_FILE_BYTES, FileRefused, read_limited_stat
from .problems import Problem
from .yaml_nodes import (
    ISO_DATE,
    MAX_DEPTH,
    MAX_NODES,
    TAG,
    FastLoader,
    Unusual,
    constructor,
    may_alias,
    plain,
)
from .yaml_syntax import explain

PathKey = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: its data plus where each value stands.

    Positions are found when a problem first asks for one (:meth:`where`): the
    text is composed again and walked, so that the many files without a
    problem never pay for them.
    """

    path: Path
    rel: str
    data: Any
    locs: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_locs: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # what positions are found in, until they are (``located``)
    located: bool = True

    def where(self, path: PathKey, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of a value (or its key), else of its nearest ancestor."""
        if not self.located:
            self.locs, self.key_locs = locate(self.text, self.rel)
            self.located, self.text = True, ""
        if key and path in self.key_locs:
            return self.key_locs[path]
        probe = path
        while True:
            if probe in self.locs:
                return self.locs[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(
        self,
        severity: str,
        code: str,
        message: str,
        path: PathKey = (),
        hint: str | None = None,
        key: bool = False,
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(
            severity=severity,  # type: ignore[arg-type]
            code=code,
            message=message,
            file=self.rel,
            line=line,
            column=col,
            field=format_path(path),
            hint=hint,
        )


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class LoadFailure(Exception):
    """The file cannot be used at all; carries the single problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _fail(
    rel: str,
    code: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = None,
) -> LoadFailure:
    return LoadFailure(Problem("error", code, message, rel, line, column, "", hint))


def load_document(path: Path, rel: str) -> Document:
    """Read, decode and parse one file; raise :class:`LoadFailure` if it is unusable."""
    raw, _ = read_record(path, rel)
    return parse_text(decode(raw, rel), path, rel)


def read_record(path: Path, rel: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a record file and the status of the file read; :class:`LoadFailure`
    for a file that is too large, no regular file or unreadable."""
    try:
        return read_limited_stat(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        raise _fail(
            rel,
            "file-too-large" if refused.size is not None else "not-a-file",
            f"Datei {refused}",
            hint="Kein Datensatz braucht so viel Platz – Datei prüfen und kürzen"
            if refused.size is not None
            else "Entfernen oder durch eine YAML-Datei ersetzen",
        ) from None
    except OSError as exc:
        raise _fail(
            rel, "file-unreadable", f"Datei kann nicht gelesen werden: {exc.strerror}"
        ) from exc


def decode(raw: bytes, rel: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            rel,
            "encoding",
            f"Datei ist nicht in UTF-8 kodiert (ungültiges Byte 0x{raw[exc.start]:02x})",
            line=line,
            hint="Im Editor als UTF-8 speichern (z. B. „Speichern unter … → UTF-8“)",
        ) from exc


def parse_text(text: str, path: Path, rel: str) -> Document:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise _fail(
            rel, "empty-file", "Datei ist leer", hint="Datensatz eintragen oder Datei löschen"
        )
    try:
        node = yaml.compose(text, Loader=FastLoader)
    except yaml.MarkedYAMLError as exc:
        message, hint, line, column = explain(exc, text)
        raise _fail(rel, "yaml-syntax", message, line, column, hint) from exc
    except yaml.YAMLError as exc:
        raise _fail(rel, "yaml-syntax", f"YAML-Fehler: {exc}") from exc
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null"):
        raise _fail(
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
        raise _fail(
            rel,
            "not-mapping",
            "Oberste Ebene ist keine Zuordnung (Schlüssel: Wert)",
            line=line,
            column=1,
            hint="Die Datei muss mit Schlüsseln wie „id: …“ beginnen, nicht mit einer Liste oder einem Text",
        )
    doc = Document(path=path, rel=rel, data=None)
    doc.data = _convert(node, (), doc)
    return doc


Positions = dict[PathKey, tuple[int, int]]


def locate(text: str, rel: str) -> tuple[Positions, Positions]:
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
            raise _fail(
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
        raise _fail(
            rel,
            "yaml-alias-bomb",
            "Datei würde beim Auflösen von Ankern/Aliassen (&/*) zu groß werden",
            line=root.start_mark.line + 1,
            hint="Anker und Aliasse entfernen und Werte direkt eintragen",
        )
    raise _fail(
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
            key = str(_scalar(knode, path, doc, as_key=True))
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
                        format_path(kpath),
                        "Einen der beiden Einträge löschen; sonst gilt unklar, welcher Wert zählt",
                    )
                )
                continue
            doc.key_locs[kpath] = kloc
            out[key] = _convert(vnode, kpath, doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    return _scalar(node, path, doc)


def _scalar(node: yaml.Node, path: PathKey, doc: Document, as_key: bool = False) -> Any:
    assert isinstance(node, yaml.ScalarNode)
    tag = node.tag
    if as_key:
        return node.value
    try:
        if tag == TAG + "str":
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
            value = constructor.construct_yaml_timestamp(node)
            if not isinstance(value, dt.datetime) and not ISO_DATE.match(node.value):
                return node.value  # YAML reads 2026-1-5 as a date; the spec wants ISO only
            return value
    except (ValueError, OverflowError):
        if tag == TAG + "timestamp":
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
    # Any other tag (!custom, binary, set, ...) is kept as its text.
    doc.problems.append(
        doc.problem(
            "warning",
            "yaml-tag",
            f"YAML-Tag „{tag}“ wird nicht unterstützt; der Wert gilt als Text",
            path,
        )
    )
    return node.value if isinstance(node.value, str) else str(node.value)


class InvalidDate(str):
    """A date-shaped text that is no real date; already reported, never re-reported."""

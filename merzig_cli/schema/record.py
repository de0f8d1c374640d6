"""Records described once: a dataclass whose attributes carry their schema.

Every record kind of the data model is a dataclass. Each attribute that is a
key of the file is declared with :func:`key`, which holds the spec that
checks the value, whether it is required, and its German description. From
that one description come

* the validation and the JSON Schema (:func:`record_spec` builds the
  :class:`~merzig_cli.schema.containers.Obj`),
* the German format reference (:mod:`merzig_cli.schema.reference`),
* the typed record built from a parsed file (:func:`build`: tolerant, since
  validation reports what is wrong and queries must still work), and
* the cache's JSON form and back (:func:`to_plain`, :func:`from_plain`:
  strict, since a cache file that does not fit is simply read again).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any

from ..core.yamlio import InvalidDate, PathKey
from .containers import Field, Obj
from .values import Checker, Spec

_META = "merzig"


@dataclasses.dataclass(frozen=True)
class KeyInfo:
    """What :func:`key` records about one attribute."""

    spec: Spec
    required: bool
    doc: str
    name: str | None  # the key in the file, where it differs from the attribute
    keyed_by: str | None  # a list in the file, a dict by this id in the record


def key(
    spec: Spec,
    doc: str = "",
    *,
    required: bool = False,
    default: Any = None,
    factory: Any = None,
    name: str | None = None,
    keyed_by: str | None = None,
) -> Any:
    """Declare a record attribute that is a key of the file.

    ``default`` (or ``factory`` for lists, dicts and records) is what the
    record holds when the file has no usable value. A required attribute
    whose type does not allow ``None`` and that has no default makes the
    whole record unusable when it is missing (a feedback without a date).
    """
    meta = {_META: KeyInfo(spec, required, doc, name, keyed_by)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


class Rec(Spec):
    """The mapping a record dataclass describes; built on first use, so records may refer ahead."""

    def __init__(self, record: type, description: str = "") -> None:
        self.record = record
        self.description = description

    @property
    def obj(self) -> Obj:
        return record_spec(self.record)

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        self.obj.check(value, path, c)

    def json_schema(self) -> dict[str, Any]:
        return self.obj.json_schema()

    def describe(self) -> str:
        return "Zuordnung, siehe unten"


@dataclasses.dataclass(frozen=True)
class _Attr:
    attr: str
    key: str
    info: KeyInfo
    type: Any
    default: Any  # a value, or a factory when ``has_factory``
    has_factory: bool
    optional: bool

    def fallback(self) -> Any:
        return self.default() if self.has_factory else self.default

    @property
    def essential(self) -> bool:
        """Required, not optional and without a default: the record cannot stand without it."""
        return (
            self.info.required
            and not self.optional
            and self.default is None
            and not self.has_factory
        )


@cache
def attributes(cls: type) -> tuple[_Attr, ...]:
    """The file keys of a record class, in declaration order (the order of the data model)."""
    hints = _hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        info = f.metadata.get(_META)
        if info is None:
            continue
        has_factory = f.default_factory is not dataclasses.MISSING
        default = f.default_factory if has_factory else f.default
        hint = hints[f.name]
        optional = _allows_none(hint)
        out.append(_Attr(f.name, info.name or f.name, info, hint, default, has_factory, optional))
    return tuple(out)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def record_spec(cls: type) -> Obj:
    """The schema of a record class: one :class:`Field` per file key."""
    return Obj({a.key: Field(a.info.spec, a.info.required, a.info.doc) for a in attributes(cls)})


def _allows_none(hint: Any) -> bool:
    return hint is type(None) or (
        _is_union(hint) and any(arg is type(None) for arg in typing.get_args(hint))
    )


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _without_none(hint: Any) -> Any:
    if _is_union(hint):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


Convert = typing.Callable[[Any], Any]
_Plan = tuple[tuple[str, str, Convert, "_Attr"], ...]


def build(cls: type, data: Any, source: str | None = None) -> Any:
    """The typed record of class ``cls`` from parsed YAML, using whatever is usable.

    Returns None when ``data`` is no mapping or lacks a value the record
    cannot stand without.
    """
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for attr, file_key, convert, a in _plan(cls):
        raw = data.get(file_key)
        value = None if raw is None else convert(raw)
        if value is None or value == "" or value == [] or value == {}:
            if a.essential:
                return None
            value = a.fallback()
        values[attr] = value
    if source is not None:
        values["source"] = source
    return cls(**values)


@cache
def _plan(cls: type) -> _Plan:
    """One converter per attribute, made once per class: building stays fast for 50,000 files."""
    plan = []
    for a in attributes(cls):
        convert = _keyed(a) if a.info.keyed_by else _converter(a.type, in_container=False)
        if a.key != "id" and hasattr(a.info.spec, "fits"):
            convert = _fitting(convert, a.info.spec.fits)
        plan.append((a.attr, a.key, convert, a))
    return tuple(plan)


def _fitting(convert: Convert, fits: Convert) -> Convert:
    """A value its spec rejects (a time "25:99", a port 0) is not used: the default stands in.

    Validation reports the value; queries and documents must not stumble over it.
    """

    def checked(raw: Any) -> Any:
        value = convert(raw)
        return value if value is None or fits(value) else None

    return checked


def _keyed(a: _Attr) -> Convert:
    """``[{id: x, ...}, ...]`` in the file, ``{x: record}`` in the record (entries without id left out)."""
    _, item_type = typing.get_args(_without_none(a.type))
    ident_key = a.info.keyed_by

    def convert(raw: Any) -> Any:
        if not isinstance(raw, list):
            return None
        out: dict[str, Any] = {}
        for item in raw:
            ident = item.get(ident_key) if isinstance(item, dict) else None
            if isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident):
                built = build(item_type, item)
                if built is not None:
                    out[str(ident)] = built
        return out

    return convert


def _converter(hint: Any, in_container: bool) -> Convert:
    """A function turning a raw YAML value into type ``hint``, or None where it does not fit."""
    hint = _without_none(hint)
    origin = typing.get_origin(hint)
    if origin is list:
        item = _converter(typing.get_args(hint)[0], in_container=True)

        def to_list(raw: Any) -> Any:
            if not isinstance(raw, list):
                return None
            return [c for c in (item(v) for v in raw if v is not None) if c is not None]

        return to_list
    if origin is dict:
        value = _converter(typing.get_args(hint)[1], in_container=True)

        def to_dict(raw: Any) -> Any:
            if not isinstance(raw, dict):
                return None
            pairs = ((str(k), value(v)) for k, v in raw.items() if v is not None)
            return {k: v for k, v in pairs if v is not None}

        return to_dict
    if dataclasses.is_dataclass(hint):
        record = typing.cast(type, hint)
        return lambda raw: build(record, raw)
    if hint is str:
        return _text_in_container if in_container else _text
    if hint is bool:
        return lambda raw: raw if isinstance(raw, bool) else None
    if hint is int:
        return lambda raw: raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if hint is dt.date:
        return _date
    raise TypeError(f"record attribute of unsupported type {hint!r}")


def _text(raw: Any) -> str | None:
    """A single text value: numbers and dates are read as their text (a postal code)."""
    if isinstance(raw, str):
        return str(raw)
    if isinstance(raw, bool | dict | list):
        return None
    return str(raw)


def _text_in_container(raw: Any) -> str | None:
    """A text in a list or map: only real text counts (validation reports the rest)."""
    return str(raw) if isinstance(raw, str) and not isinstance(raw, InvalidDate) else None


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    return raw if isinstance(raw, dt.date) else None


def to_plain(record: Any) -> Any:
    """A record as JSON-ready data (dates as ISO text); every attribute, ``source`` too."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_plain(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, dt.date):
        return record.isoformat()
    if isinstance(record, list):
        return [to_plain(v) for v in record]
    if isinstance(record, dict):
        return {k: to_plain(v) for k, v in record.items()}
    return record


def from_plain(cls: type, data: Any) -> Any:
    """The record :func:`to_plain` made; raises ``ValueError`` for anything that does not fit."""
    return _plain_to(cls)(data)


@cache
def _plain_to(hint: Any) -> Convert:
    """A function that checks and converts plain data of type ``hint``, made once per type.

    The cache files are read on every command (``merzig route`` 40 Steckbriefe,
    ``followup`` thousands of cases); working out the type of every value anew
    (its origin, its arguments, whether it may be null) cost more than the rest
    of the answer.
    """
    if hint is type(None):
        return _none
    nullable = _allows_none(hint)
    inner = _plain_to_type(_without_none(hint))
    if not nullable:
        return inner
    return lambda value: None if value is None else inner(value)


def _none(value: Any) -> None:
    if value is not None:
        raise ValueError("expected null")


def _plain_to_type(hint: Any) -> Convert:
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        convert_item = _plain_to(item)

        def to_list(value: Any) -> list[Any]:
            if not isinstance(value, list):
                raise ValueError(f"expected a list, found {type(value).__name__}")
            return [convert_item(v) for v in value]

        return to_list
    if origin is dict:
        _, item = typing.get_args(hint)
        convert_value = _plain_to(item)

        def to_dict(value: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise ValueError(f"expected a mapping, found {type(value).__name__}")
            return {str(k): convert_value(v) for k, v in value.items()}

        return to_dict
    if dataclasses.is_dataclass(hint):
        return _plain_to_record(typing.cast(type, hint))
    if hint is dt.date:

        def to_date(value: Any) -> dt.date:
            if not isinstance(value, str):
                raise ValueError(f"expected a date, found {type(value).__name__}")
            return dt.date.fromisoformat(value)

        return to_date
    if hint in (str, bool, int):

        def exactly(value: Any) -> Any:
            if type(value) is not hint:
                raise ValueError(f"expected {hint!r}, found {type(value).__name__}")
            return value

        return exactly
    raise TypeError(f"no plain form for {hint!r}")  # a record description the cache cannot hold


def _plain_to_record(cls: type) -> Convert:
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    fields: list[tuple[str, Convert]] = []

    def to_record(data: Any) -> Any:
        if not fields:  # filled on first use (a record may refer to itself), all or nothing
            fields[:] = [(n, _plain_to(hints[n])) for n in names]
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__}: expected a mapping")
        values = {}
        for name, convert in fields:
            if name not in data:
                raise ValueError(f"{cls.__name__}: {name} missing")
            values[name] = convert(data[name])
        return cls(**values)

    return to_record

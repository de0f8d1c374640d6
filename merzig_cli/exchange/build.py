"""From one actor's answers to the Steckbrief they mean: new, or the existing one changed.

The answers are untrusted text: hidden and control characters are removed
(with a warning), over-long cells refused, values of a vocabulary accepted by
id or German label (a typo gets "Meinten Sie …?"), and every problem carries
the cell it came from. Only the fields the source asks are changed; the rest
of an existing Steckbrief (translations, network, absences) stays as it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problem
from ..core.text import HIDDEN, close_match, fold
from .entries import Cell, Entry, Where
from .fields import ACTOR_FIELDS, BLOCK_TITLES, BLOCKS, CHOICE, LONG, MULTI, block_of, field_for
from .readers import MAX_CELL

# The order of a Steckbrief's keys; a key the import adds goes to its place.
ORDER = (
    "id name category level summary description legal_basis topics target_groups languages "
    "languages_note address opening_hours website email phone offers contacts network publish "
    "reviewed translations"
).split()
ITEM_ORDER = {
    "contacts": "id name role email phone topics languages lead absent".split(),
    "offers": "id name summary topics target_groups eligibility cost".split(),
}
ADDRESS_ORDER = ("street", "postal_code", "city")
SPLIT = re.compile(r"\s*[;\n]\s*")  # labels may hold commas ("Freizeit, Sport und Kultur")
SPLIT_TEXTS = re.compile(r"\s*[;,\n]\s*")  # legal bases: "SGB II, SGB III"


@dataclass
class Built:
    entry: Entry
    actor_id: str = ""
    data: dict[str, Any] | None = None  # the Steckbrief after the import; None on errors
    old: dict[str, Any] | None = None  # the Steckbrief before (None: a new actor)
    problems: list[Problem] = field(default_factory=list)
    origin: dict[str, Where] = field(default_factory=dict)  # record field -> cell
    empty: bool = False  # no answer at all (an unused form, a survey row left blank)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def slug(text: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return stem[:60].rstrip("-") or "akteur"


def clean(text: str, where: Where, problems: list[Problem], one_line: bool) -> str:
    """Imported text as a record may hold it: no hidden characters, no over-long cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if HIDDEN.search(text):
        text = HIDDEN.sub("", text)
        problems.append(
            where.problem(
                "Steuer- oder unsichtbare Zeichen entfernt", severity="warning", code="hidden"
            )
        )
    if one_line:
        text = " ".join(text.split())
    return text.strip()


class Vocabularies:
    """Ids of a vocabulary by id or German label, case and umlauts folded."""

    def __init__(self, vocabs: dict[str, dict[str, str]]) -> None:
        self.labels = vocabs
        self.table = {
            name: {fold(x): ident for ident, label in v.items() for x in (ident, label)}
            for name, v in vocabs.items()
        }

    def resolve(self, name: str, value: str, where: Where, problems: list[Problem]) -> str | None:
        found = self.table[name].get(fold(value))
        if found is None and name == "language":
            from ..core.errors import UsageError
            from ..core.vocab import accept_language

            try:
                found = accept_language(value)
            except UsageError:
                found = None
        if found is not None:
            return found
        labels = self.labels[name]
        close = close_match(value, [*labels.values(), *labels])
        hint = f"Meinten Sie „{close}“?" if close else "Einen Wert aus der Liste wählen"
        problems.append(where.problem(f"„{value}“ steht nicht in der Liste", hint, code="vocab"))
        return None


def _values(cell: Cell, split: re.Pattern[str] = SPLIT) -> list[str]:
    items = cell.value if isinstance(cell.value, list) else [cell.value]
    out = []
    for item in items:
        out += [part for part in split.split(item) if part.strip()]
    return out


def convert(cell: Cell, key: str, vocabs: Vocabularies, problems: list[Problem]) -> Any:
    """The record value of one answer: text, an id, a list of ids, or None when empty."""
    f = field_for(key)
    assert f is not None
    where = cell.where
    raw = cell.value if isinstance(cell.value, list) else [cell.value]
    if any(len(v) > MAX_CELL for v in raw):
        problems.append(where.problem(f"Zelle länger als {MAX_CELL} Zeichen", code="too-long"))
        return None
    if f.kind == MULTI or key == "legal_basis":
        split = SPLIT if f.kind == MULTI else SPLIT_TEXTS
        items = [clean(v, where, problems, True) for v in _values(cell, split)]
        if f.kind != MULTI:
            return [v for v in items if v] or None
        ids = [vocabs.resolve(f.vocab, v, where, problems) for v in items if v]
        return list(dict.fromkeys(i for i in ids if i)) or None
    text = clean("\n".join(raw), where, problems, f.kind != LONG)
    if not text:
        return None
    if f.kind == CHOICE:
        return vocabs.resolve(f.vocab, text, where, problems)
    return text + ("\n" if f.kind == LONG and "\n" in text else "")


def place(data: dict[str, Any], key: str, value: Any, order: list[str] | tuple[str, ...]) -> None:
    """Set ``data[key]``; a new key goes after the keys that come before it in ``order``."""
    if key in data or key not in order:
        data[key] = value
        return
    rank = order.index(key)
    items = list(data.items())
    at = len(items)
    for i, (k, _) in enumerate(items):
        if k in order and order.index(k) > rank:
            at = i
            break
    items.insert(at, (key, value))
    data.clear()
    data.update(items)


def _set(data: dict[str, Any], key: str, value: Any, order: Any) -> None:
    if value is None:
        data.pop(key, None)
    else:
        place(data, key, value, order)


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def contact_id(name: str) -> str:
    """k-mueller for Katrin Müller, as the example Steckbriefe name their contacts."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w]
    if len(words) >= 2:
        return f"{words[0][0]}-{words[-1]}"[:40]
    return words[0][:40] if words else "person"


def _blocks(b: Built, data: dict[str, Any], answers: dict[str, Any], complete: bool) -> None:
    """Contact persons and offers: matched to the existing ones by name, else added."""
    parsed = {k: p for k in answers if (p := block_of(k)) is not None}
    for block in BLOCKS:
        numbers = sorted({p[1] for p in parsed.values() if p[0] == block})
        if not numbers:
            continue
        old_items = [i for i in data.get(block) or [] if isinstance(i, dict)]
        by_name = {fold(str(i.get("name", ""))): i for i in old_items}
        result: list[dict[str, Any]] = [] if complete else copy.deepcopy(old_items)
        for n in numbers:
            keys = {p[2]: k for k, p in parsed.items() if p[:2] == (block, n)}
            sub = {name: answers[k] for name, k in keys.items()}
            if all(v is None for v in sub.values()):
                continue
            name = sub.get("name")
            if not name:
                where = b.origin.get(keys.get("name", ""), b.entry.where)
                b.problems.append(
                    where.problem(f"{BLOCK_TITLES[block]} {n}: der Name fehlt", code="required")
                )
                continue
            old = by_name.pop(fold(str(name)), None)
            if old is not None:
                item = copy.deepcopy(old)
            else:
                taken = {str(i.get("id")) for i in [*old_items, *result]}
                base = contact_id(str(name)) if block == "contacts" else slug(str(name))
                item = {"id": _unique(base, taken)}
            for key, value in sub.items():
                _set(item, key, value, ITEM_ORDER[block])
            at = next(
                (i for i, x in enumerate(result) if old and x.get("id") == old.get("id")), None
            )
            if at is None:
                result.append(item)
            else:
                result[at] = item
            for key, flat in keys.items():
                b.origin[f"{block}[{item['id']}].{key}"] = b.origin.get(flat, b.entry.where)
        _set(data, block, result or None, ORDER)


def keep_same(old: Any, new: Any) -> Any:
    """``new`` with every text that differs from ``old`` only by outer white space kept as it was.

    A form cell loses a text's final line break, a survey lists choices in its own
    order; the file must not change for either.
    """
    if isinstance(old, str) and isinstance(new, str) and old.strip() == new.strip():
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: keep_same(old[k], v) if k in old else v for k, v in new.items()}
    if isinstance(old, list) and isinstance(new, list):
        scalars = all(isinstance(v, str) for v in [*old, *new])
        if scalars and len(old) == len(new) and set(old) == set(new):
            return old  # a survey's choices come in its own order: the file keeps its order
        by_id = {i.get("id"): i for i in old if isinstance(i, dict) and "id" in i}
        return [
            keep_same(by_id[i["id"]], i) if isinstance(i, dict) and i.get("id") in by_id else i
            for i in new
        ]
    return new


def build(
    entry: Entry,
    actors: dict[str, dict[str, Any]],
    vocabs: Vocabularies,
    today: dt.date,
    taken: dict[str, str],
) -> Built:
    """The Steckbrief ``entry`` makes: an existing one (by id, else by name) changed, or a new one.

    ``actors``: the workspace's Steckbriefe as plain data by id; ``taken``:
    the new actors of this import so far, folded name -> id (filled in here).
    """
    b = Built(entry, problems=list(entry.problems))
    answers: dict[str, Any] = {}
    for key, cell in entry.values.items():
        b.origin[key] = cell.where
        answers[key] = convert(cell, key, vocabs, b.problems)
    if all(v is None for v in answers.values()) and not entry.problems:
        b.problems.append(
            entry.where.problem("Keine Angaben: übergangen", severity="warning", code="empty")
        )
        b.empty = True
        return b
    name = answers.get("name")
    ident = entry.actor_id
    if not ident and name:
        wanted = fold(str(name))
        ident = next((i for i, d in actors.items() if fold(str(d.get("name", ""))) == wanted), "")
        ident = ident or taken.get(wanted, "")  # a new actor named twice in this import
    if not ident and name:
        ident = _unique(slug(str(name)), set(actors) | set(taken.values()))
        taken[fold(str(name))] = ident
    b.actor_id = ident
    b.old = actors.get(ident)
    if b.old is not None and not entry.complete:
        # A survey asks without showing what is on file: an empty answer keeps it.
        answers = {k: v for k, v in answers.items() if v is not None}
    data: dict[str, Any] = copy.deepcopy(b.old) if b.old else {"id": ident}
    for f in ACTOR_FIELDS:
        if f.key not in answers:
            continue
        value = answers[f.key]
        if f.key.startswith("address."):
            address = dict(data.get("address") or {})
            _set(address, f.key.split(".")[1], value, ADDRESS_ORDER)
            _set(data, "address", address or None, ORDER)
            b.origin["address." + f.key.split(".")[1]] = b.origin[f.key]
            continue
        if value is None and f.required:
            b.problems.append(
                b.origin[f.key].problem(f"Pflichtfeld „{f.label}“ ist leer", code="required")
            )
        _set(data, f.key, value, ORDER)
    if b.old is None:
        for f in ACTOR_FIELDS:
            if f.required and f.key not in answers:
                b.problems.append(
                    entry.where.problem(f"Pflichtfeld „{f.label}“ fehlt", code="required")
                )
        place(data, "publish", False, ORDER)  # listed only after the actor's consent
    _blocks(b, data, answers, entry.complete)
    if not data.get("contacts") and b.old is None:
        b.problems.append(
            entry.where.problem("Mindestens eine Ansprechperson mit Namen fehlt", code="required")
        )
    place(data, "reviewed", entry.day or today, ORDER)
    if b.old is not None:
        data = keep_same(b.old, data)
    if not ident and "name" not in answers:
        b.problems.append(entry.where.problem("Der Name der Einrichtung fehlt", code="required"))
    b.data = data if ident else None  # checked as a whole even with errors: all are listed
    return b

"""What changed in the Steckbriefe between two revisions, field by field, for a reviewer.

Actors added and removed, and for each changed actor every changed field
with its old and new value. Contact persons and offers are matched by their
``id``, not by their place in the list, so moving one up is no change and
changing one's phone number reads ``contacts[k-mueller].phone`` ("Ansprechpersonen
k-mueller › Telefonnummer" in German, from the Steckbrief's description). The Markdown
form is a merge-request comment: every value from the files is a code span
(no link, not even a bare URL that GitHub or GitLab would make one, no image,
HTML or @-mention can come from a profile), and long texts appear as a line
diff in a fenced block.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.files import MAX_FILE_BYTES
from ..core.yamlio import LoadFailure, decode, entry_names, parse_text
from ..documents import media
from ..workspace.loader import RECORD_DIRS
from .git import WORKTREE, Revision, TooLarge, Version, files_at, open_repo, resolve

MISSING = None
LONG_TEXT = 80
ORDER = " (Reihenfolge)"  # the field of a list whose items were moved: "contacts (Reihenfolge)"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any  # None: the field was absent
    new: Any

    @property
    def label(self) -> str:
        """The field in German words, from the Steckbrief's description (see :func:`label`)."""
        return label(self.field)

    @property
    def key(self) -> str:
        """The field's place in the file, for whoever edits it (``contacts[b].email``)."""
        return self.field.removesuffix(ORDER)


# An unclosed "[" runs to the end: a search for its "]" from every "[" would take the square.
_PATH_PART = re.compile(r"\.?([^.\[]+)|\[([^\]]*)\]?")


def _short(doc: str) -> str:
    """The name part of a key's description: "Telefonnummer (E-Mail oder …)" -> "Telefonnummer"."""
    return re.split(r" \(|, |: |; ", doc, maxsplit=1)[0]


def label(path: str) -> str:
    """A field path of the diff in German: ``contacts[k-mueller].phone`` ->
    "Ansprechpersonen k-mueller › Telefonnummer"; a key the Steckbrief does not
    describe keeps its own name."""
    from ..schema.actor import Actor
    from ..schema.record import attributes

    parts: list[str] = []
    here: Any = Actor  # the record class the next key belongs to, or None
    entries: Any = None  # after a mapping (translations): the class of its entries
    for m in _PATH_PART.finditer(path.removesuffix(ORDER)):
        key, ident = m.groups()
        if not parts and key is None:  # a file that is a list, not a Steckbrief
            parts.append(f"[{ident}]")
            here = None
            continue
        if parts and (ident is not None or entries is not None):  # an item's id, a language
            parts[-1] += f" {ident if ident is not None else key}"
            here, entries = (entries if ident is None else here), None
            continue
        found = next((a for a in attributes(here) if a.key == key), None) if here else None
        parts.append(_short(found.info.doc) if found else str(key))
        here, entries = _inner(found.type) if found else (None, None)
    text = " › ".join(parts)
    return f"Reihenfolge: {text}" if path.endswith(ORDER) else text


def _inner(hint: Any) -> tuple[Any, Any]:
    """(the record class of a key's items, the class of a mapping's entries), or None each."""
    import dataclasses
    import types
    import typing

    def record(t: Any) -> Any:
        return t if isinstance(t, type) and dataclasses.is_dataclass(t) else None

    while True:
        origin = typing.get_origin(hint)
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if origin is dict:
            return None, record(args[-1])
        if origin in (list, typing.Union, types.UnionType) and args:
            hint = args[-1]
            continue
        return record(hint), None


@dataclass
class ActorChange:
    id: str
    name: str
    file: str
    status: str  # added | removed | changed | unreadable
    fields: list[FieldChange] = field(default_factory=list)
    problem: str = ""


@dataclass
class ProfileDiff:
    base: Revision
    target: Revision
    actors: list[ActorChange]

    def of(self, status: str) -> list[ActorChange]:
        return [a for a in self.actors if a.status == status]


def _parse(name: str, raw: Version | None, rel: str) -> tuple[Any, str]:
    """(data, problem) of one file version; problem is "" when it parsed."""
    if raw is None:
        return MISSING, ""
    if isinstance(raw, TooLarge):
        return MISSING, raw.problem
    if len(raw) > MAX_FILE_BYTES:
        return MISSING, "Datei größer als 1 MiB"
    try:
        doc = parse_text(decode(raw, rel), Path(rel), rel)
    except LoadFailure as failure:
        return MISSING, failure.problem.format()
    return doc.data, ""


def _ids(items: Any) -> list[str] | None:
    """The names of a list of records when each has one (:func:`entry_names`, the names
    ``validate`` gives them too: ``contacts[k-mueller]``), else None."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return None
    ids = [name for name in entry_names(items) if name is not None]
    return ids if len(ids) == len(items) else None


def diff_values(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    """Append every difference between two values of a record, below ``path``."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            diff_values(sub, old.get(key, MISSING), new.get(key, MISSING), out)
        return
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None and (old_ids or new_ids):
        by_old = dict(zip(old_ids, old, strict=True))
        by_new = dict(zip(new_ids, new, strict=True))
        for ident in [*old_ids, *(i for i in new_ids if i not in by_old)]:
            diff_values(
                f"{path}[{ident}]", by_old.get(ident, MISSING), by_new.get(ident, MISSING), out
            )
        if [i for i in old_ids if i in by_new] != [i for i in new_ids if i in by_old]:
            out.append(FieldChange(f"{path}{ORDER}", old_ids, new_ids))
        return
    out.append(FieldChange(path, old, new))


def _name(data: Any, fallback: str) -> str:
    name = data.get("name") if isinstance(data, dict) else None
    return " ".join(str(name).split()) if name else fallback


def compare(
    files_before: dict[str, Version], files_after: dict[str, Version], folder: str
) -> list[ActorChange]:
    """The changes between two sets of Steckbrief files (by file name)."""
    changes = []
    for name in sorted(set(files_before) | set(files_after)):
        before, after = files_before.get(name), files_after.get(name)
        if before == after:
            continue
        rel = f"{folder}/{name}"
        ident = name.removesuffix(".yaml")
        old, old_problem = _parse(name, before, rel)
        new, new_problem = _parse(name, after, rel)
        label = _name(new if new is not MISSING else old, ident)
        if new_problem or (old_problem and after is None):
            changes.append(
                ActorChange(ident, label, rel, "unreadable", problem=new_problem or old_problem)
            )
        elif before is None:
            changes.append(ActorChange(ident, label, rel, "added"))
        elif after is None:
            changes.append(ActorChange(ident, label, rel, "removed"))
        else:
            found: list[FieldChange] = []
            diff_values("", old if not old_problem else {}, new, found)
            entry = ActorChange(ident, label, rel, "changed", found, old_problem)
            if found or old_problem:
                changes.append(entry)
    return changes


def profile_diff(root: Path, rev: str | None = None, rev2: str | None = None) -> ProfileDiff:
    """Like ``git diff [REV [REV2]]``: HEAD or REV against the working tree, or REV against REV2."""
    repo = open_repo(root)
    base = resolve(repo, rev or "HEAD")
    target = resolve(repo, rev2) if rev2 else Revision(WORKTREE, None)
    folder = RECORD_DIRS["actor"]
    actors = compare(files_at(repo, base, root), files_at(repo, target, root), folder)
    return ProfileDiff(base, target, actors)


# --- presentation ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value for JSON: dates as ISO text, everything else as parsed."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def show(value: Any) -> str:
    """A value on one line as a reviewer reads it."""
    if value is MISSING:
        return "–"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(str(plain(v)) for v in value) or "(leer)"
    if isinstance(value, dict | list):
        import json

        return json.dumps(plain(value), ensure_ascii=False, sort_keys=False)
    return str(plain(value))


def is_long(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value.strip() or len(value) > LONG_TEXT)


def line_diff(old: Any, new: Any) -> list[str]:
    before = str(old or "").splitlines()
    after = str(new or "").splitlines()
    return [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=1)
        if not line.startswith(("---", "+++", "@@"))
    ]


def to_json(diff: ProfileDiff) -> dict[str, Any]:
    def actor(a: ActorChange) -> dict[str, Any]:
        data: dict[str, Any] = {"id": a.id, "name": a.name, "file": a.file}
        if a.status in ("changed", "unreadable"):
            data["fields"] = [
                {"field": f.field, "label": f.label, "old": plain(f.old), "new": plain(f.new)}
                for f in a.fields
            ]
        if a.problem:
            data["problem"] = a.problem
        return data

    return {
        "from": {"rev": diff.base.name, "commit": diff.base.commit},
        "to": {"rev": diff.target.name, "commit": diff.target.commit},
        **{
            status: [actor(a) for a in diff.of(status)]
            for status in ("added", "removed", "changed", "unreadable")
        },
    }


def md(value: object, table: bool = False) -> str:
    """A value from the files as a code span: no link, mention, image or HTML."""
    return media.markdown(value, table=table)


def _shown(value: Any) -> str:
    """A field's value in a table cell: a code span, or "–" when the field is absent."""
    return "–" if value is MISSING else md(show(value), table=True) or "(leer)"


def summary(diff: ProfileDiff) -> str:
    counts = [len(diff.of(s)) for s in ("added", "removed", "changed")]
    return "{} neu, {} entfernt, {} geändert".format(*counts) + (
        f", {len(diff.of('unreadable'))} nicht lesbar" if diff.of("unreadable") else ""
    )


def _cell(f: FieldChange) -> str:
    """The field in German, then its file key for whoever edits the file."""
    return f"{md(f.label, table=True)} ({md(f.key, table=True)})"


def to_markdown(diff: ProfileDiff) -> str:
    """The diff as a merge-request comment; hidden and control characters shown as „�“.

    A reviewer must see what a profile hides (a direction override that turns
    a name around, an escape sequence that would clear a terminal).
    """
    out = [
        "## Änderungen an den Steckbriefen",
        "",
        f"{md(diff.base.label)} → {md(diff.target.label)}: {summary(diff)}",
    ]
    if not diff.actors:
        out += ["", "Keine Änderungen an Steckbriefen."]
    for title, status in (
        ("Neu", "added"),
        ("Entfernt", "removed"),
        ("Nicht lesbar", "unreadable"),
    ):
        if diff.of(status):
            out += ["", f"### {title}", ""]
            for a in diff.of(status):
                problem = f": {md(a.problem)}" if a.problem else ""
                out.append(f"- **{md(a.name)}** ({md(a.id)}, {md(a.file)}){problem}")
    for a in diff.of("changed"):
        out += ["", f"### Geändert: {md(a.name)} ({md(a.id)})", ""]
        if a.problem:
            out += [f"Vorher nicht lesbar: {md(a.problem)}", ""]
        out += ["| Feld | vorher | nachher |", "| --- | --- | --- |"]
        texts = []
        for f in a.fields:
            if is_long(f.old) or is_long(f.new):
                out.append(f"| {_cell(f)} | (Text, siehe unten) | (Text, siehe unten) |")
                texts.append(f)
            else:
                out.append(f"| {_cell(f)} | {_shown(f.old)} | {_shown(f.new)} |")
        for f in texts:
            out += [
                "",
                f"**{md(f.label)}** ({md(f.key)})",
                "",
                *media.markdown_block(line_diff(f.old, f.new), "diff"),
            ]
    return "\n".join(out) + "\n"

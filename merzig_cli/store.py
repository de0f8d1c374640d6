"""Write records back: atomic, locked, round-trip (comments and key order kept).

Every write goes to a temporary file in the same folder and is renamed over
the target, so a crash never leaves half a file. A lock file in the
workspace serialises concurrent writers (two coordinators, a cron job).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError, UserError

if TYPE_CHECKING:
    from .problems import Problem
    from .workspace import Workspace

LOCK_NAME = ".merzig.lock"
LOCK_TIMEOUT_SECONDS = 30.0


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given) in one step."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, then rename)."""
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_new_file(path: Path, text: str) -> None:
    """Create ``path`` atomically; refuse if it exists, even if created a moment ago."""
    tmp = _write_temp(path, text.encode("utf-8"))
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UserError(f"{path} gibt es schon; nichts wurde überschrieben") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the workspace's write lock; wait up to ``timeout`` seconds for it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise UserError(
            "Der Arbeitsbereich ist gerade gesperrt: ein anderer Vorgang schreibt noch",
            f"Kurz warten und erneut versuchen; hängt die Sperre, die Datei {root / LOCK_NAME} löschen",
        ) from None


def _yaml(null_word: str = "") -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", null_word)

    yaml.representer.add_representer(type(None), null)
    # One date used twice must not come out as "&id001" / "*id001".
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the file already uses them.

    ruamel's own guess reads "referrals:\n  - actor:" as a four-space mapping
    and would re-indent every nested block; a reviewer would then see the whole
    file change in ``git diff`` instead of the one new referral.
    """
    lines = [
        (len(raw) - len(raw.lstrip(" ")), raw.strip())
        for raw in text.splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    mapping: int | None = None
    offset: int | None = None
    sequence: int | None = None
    for (ind_a, a), (ind_b, b) in itertools.pairwise(lines):
        if not a.endswith(":") or ind_b < ind_a or (ind_b == ind_a and not b.startswith("- ")):
            continue
        if b.startswith("- "):
            if offset is None:
                offset = ind_b - ind_a
                sequence = offset + 2 + (len(b[1:]) - len(b[1:].lstrip(" ")) - 1)
        elif mapping is None and not a.startswith("- "):
            mapping = ind_b - ind_a
    if mapping is None:
        # No nested mapping yet: follow the step the file uses for its lists.
        mapping = offset if offset else 2
    if offset is None:
        offset, sequence = mapping, mapping + 2
    return mapping, max(sequence or 0, offset + 2), offset


BOM = "\ufeff"


def _style(text: str) -> str:
    """The line ending the file mostly uses, so a write keeps it (CRLF stays CRLF)."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def load_roundtrip(path: Path) -> tuple[Any, Any]:
    """Load a file for editing: (ruamel YAML instance set up like the file, data)."""
    text = path.read_text(encoding="utf-8-sig")
    return _roundtrip_text(text)


def _roundtrip_text(text: str) -> tuple[Any, Any]:
    mapping, sequence, offset = guess_indent(text)
    # Keep "closed: null" spelled as the file spells it (the spec writes null).
    yaml = _yaml("null" if ": null" in text else "")
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml, yaml.load(text)


def dump_roundtrip(yaml: Any, data: Any) -> str:
    import io

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _refuse_broken(path: Path, rel: str, problems: list[Problem]) -> DataError:
    return DataError(
        f"{rel} kann nicht bearbeitet werden: die Datei ist schon jetzt fehlerhaft",
        list(problems),
        f"Datei {path} zuerst reparieren; merzig validate zeigt die Stelle",
    )


def edit_file(
    path: Path,
    mutate: Callable[[Any], None],
    check: Callable[[str], object],
    rel: str | None = None,
) -> str:
    """Load ``path`` round-trip, apply ``mutate``, ``check`` the new text, write it atomically.

    A file that is already broken (syntax, duplicate key, impossible date, a
    schema or reference error) is refused before anything is changed, with
    every problem and its line. ``check`` raises (typically
    :class:`DataError`) to refuse the change; then nothing is written. The
    file keeps its byte-order mark and line endings. Returns the new text.
    Call inside :func:`workspace_lock`.
    """
    from .yamlio import LoadFailure, load_document

    rel = rel or path.name
    try:
        doc = load_document(path, rel)
    except LoadFailure as failure:
        raise _refuse_broken(path, rel, [failure.problem]) from None
    errors = [p for p in doc.problems if p.severity == "error"]
    if errors:
        raise _refuse_broken(path, rel, errors)
    raw = path.read_bytes()
    bom = raw.startswith(BOM.encode("utf-8"))
    original = raw.decode("utf-8-sig")
    newline = _style(original)
    # ruamel keeps a "\r" inside comments; edit with "\n" and restore the style on writing.
    original = original.replace("\r\n", "\n")
    try:
        check(original)
    except DataError as exc:
        from .problems import Problem

        found = [p for p in exc.problems if isinstance(p, Problem)]
        raise _refuse_broken(path, rel, found) from None
    try:
        yaml, data = _roundtrip_text(original)
    except Exception as exc:  # ruamel refuses what our own loader let through
        raise UserError(
            f"{rel} kann nicht bearbeitet werden: die YAML-Struktur ist nicht eindeutig{_where(exc)}",
            f"Datei {path} prüfen und reparieren; merzig validate zeigt die Stelle",
        ) from None
    mutate(data)
    text = dump_roundtrip(yaml, data)
    check(text)
    if newline != "\n":
        text = text.replace("\n", newline)
    atomic_write_text(path, (BOM if bom else "") + text)
    return text


def _where(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = getattr(mark, "line", None)
    return f" (Zeile {line + 1})" if isinstance(line, int) else ""


def check_record(ws: Workspace, kind: str, path: Path, text: str) -> list[Problem]:
    """Refuse ``text`` for ``path`` with :class:`DataError` unless it is a valid record.

    The same checks as ``merzig validate``: schema, ids, and every reference
    against the workspace's taxonomy and actors. Warnings pass and are
    returned, so the command can show them; a change that would make the file
    invalid never reaches the disk.
    """
    from dataclasses import replace

    from .records import KINDS
    from .schema import Checker
    from .validate import validate
    from .workspace import Workspace
    from .yamlio import LoadFailure, parse_text

    try:
        rel = path.relative_to(ws.root).as_posix()
    except ValueError:
        rel = path.as_posix()
    try:
        doc = parse_text(text, path, rel)
    except LoadFailure as failure:
        raise DataError(f"Änderung an {rel} abgelehnt", [failure.problem]) from None
    checker = Checker(doc)
    KINDS[kind].check(doc.data, (), checker)
    others = [replace(d, problems=[]) for d in ws.documents.get("actor", [])]
    probe = Workspace(
        root=ws.root,
        config=ws.config,
        taxonomy=ws.taxonomy,
        kinds=frozenset({kind, "actor"}),
        documents={"actor": others, kind: [doc]} if kind != "actor" else {kind: [doc]},
        refs=list(checker.refs),
    )
    own = [p for p in validate(probe).problems if p.file == rel]
    errors: list[Problem] = [p for p in own if p.severity == "error"]
    if errors:
        raise DataError(
            f"Änderung an {rel} abgelehnt: sie wäre ungültig; nichts wurde geschrieben",
            list(errors),
            "Angaben korrigieren und erneut versuchen",
        )
    return [p for p in own if p.severity != "error"]

"""The one write path of records: locked, comments, quotes and key order kept, atomic.

A :class:`Draft` is one file opened for editing. :meth:`Draft.change` is the
only way a record's text changes: the change is made on plain data, the text
made by only the changed lines where it can (:mod:`.patch`) and else by
ruamel's round trip, and kept only if it reads back as exactly the data
wanted. :func:`merzig_cli.checks.edits.edit_record` has the new text checked
and then saves the draft. This module knows how to write, not what is valid. A lock file in the workspace serialises
concurrent writers (two coordinators, a cron job).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import DataError, UserError
from ..core.files import atomic_write_text, os_error_de, read_limited
from ..core.problems import Problem
from ..core.yamlio import Document, LoadFailure, load_document, parse_text

LOCK_NAME = "write.lock"  # in .merzig-cache/, which git ignores in every workspace
LOCK_TIMEOUT_SECONDS = 30.0
BOM = "\ufeff"


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the workspace's write lock; wait up to ``timeout`` seconds for it.

    The lock file is ``.merzig-cache/write.lock``, in the tool's git-ignored
    folder, so that ``git add -A`` never picks it up.
    """
    from .cache import CACHE_DIR, cache_folder

    try:
        path = cache_folder(root) / LOCK_NAME
    except OSError as exc:
        raise UserError(
            f"Ordner {root / CACHE_DIR} für die Sperrdatei kann nicht angelegt werden: "
            f"{exc.strerror}",
            "Schreibrechte im Arbeitsbereich prüfen",
        ) from None
    with file_lock(path, timeout, _busy(path)):
        yield


@contextlib.contextmanager
def file_lock(path: Path, timeout: float, busy: UserError) -> Iterator[None]:
    """Hold the lock file ``path``; wait up to ``timeout`` seconds, then raise ``busy``.

    The lock is an ``flock`` on the file: the system releases it when its
    holder dies, so a killed writer never blocks the next command. The
    waiting is blocking (the kernel hands the lock on) rather than polling, so
    that two busy writers take turns instead of one starving the other. The
    file is opened without following a link (a hostile workspace could point
    it at a file of the user) and never truncated; a folder, pipe or device in
    its place is a German error.
    """
    try:
        import fcntl
    except ImportError:  # not a Unix system: filelock's portable lock
        with _portable_lock(path, timeout, busy):
            yield
        return
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise UserError(
            f"Sperrdatei {path} kann nicht geöffnet werden: {os_error_de(exc)}",
            "Ist sie eine Verknüpfung oder ein Ordner? Dann entfernen; sonst Schreibrechte prüfen",
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError(
                f"Sperrdatei {path} ist keine gewöhnliche Datei (sondern eine Pipe oder ein Gerät)",
                "Sie entfernen; beim nächsten Aufruf wird sie neu angelegt",
            )
        _acquire(fd, timeout, busy)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _busy(path: Path) -> UserError:
    return UserError(
        "Der Arbeitsbereich ist gerade gesperrt: ein anderer Vorgang schreibt noch",
        f"Kurz warten und erneut versuchen; hängt die Sperre, die Datei {path} löschen",
    )


def _acquire(fd: int, timeout: float, busy: UserError) -> None:
    import fcntl
    import signal
    import threading
    import time

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        if timeout <= 0:
            raise busy from None
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expired(_signum: int, _frame: object) -> None:
            raise busy

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # blocking: woken when the holder lets go
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    deadline = time.monotonic() + timeout
    while True:  # threads cannot use the alarm: short polls
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise busy from None
            time.sleep(0.01)


@contextlib.contextmanager
def _portable_lock(path: Path, timeout: float, busy: UserError) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(path), timeout=timeout):
            yield
    except Timeout:
        raise busy from None


def new_yaml(null_word: str = "") -> Any:
    """A ruamel round-trip YAML instance as every write uses it."""
    from ruamel.yaml import YAML

    from ..core.yaml_nodes import plain_tag

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", null_word)

    yaml.representer.add_representer(type(None), null)

    def text(representer: Any, value: str) -> Any:
        # ruamel writes YAML 1.2, the loader reads YAML 1.1: "yes", "off" or "12:30"
        # unquoted would come back as a bool or a number; a NEL (U+0085, a mis-decoded
        # "…" from Windows text) in single quotes would come back as a space.
        if "\x85" in value:
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style='"')
        if plain_tag(value) != "tag:yaml.org,2002:str":
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style="'")
        return representer.represent_str(value)

    yaml.representer.add_representer(str, text)
    # One date used twice must not come out as "&id001" / "*id001".
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the file already uses them.

    ruamel's own guess reads "referrals:\\n  - actor:" as a four-space mapping
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


def _line_ending(text: str) -> str:
    """The line ending the file mostly uses, so a write keeps it (CRLF stays CRLF)."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def yaml_like(text: str) -> Any:
    """A ruamel YAML instance that writes as ``text`` is written (indentation, null)."""
    mapping, sequence, offset = guess_indent(text)
    # Keep "closed: null" spelled as the file spells it (the spec writes null).
    yaml = new_yaml("null" if ": null" in text else "")
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def roundtrip_text(text: str) -> tuple[Any, Any]:
    """(ruamel YAML instance set up like ``text``, its data) for editing."""
    yaml = yaml_like(text)
    return yaml, yaml.load(text)


def dump(yaml: Any, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def refuse_broken(path: Path, rel: str, problems: list[Problem]) -> DataError:
    """The error for a file that is already broken before any change."""
    return DataError(
        f"{rel} kann nicht bearbeitet werden: die Datei ist schon jetzt fehlerhaft",
        list(problems),
        f"Datei {path} zuerst reparieren; merzig validate zeigt die Stelle",
    )


@dataclass
class Draft:
    """One record file opened for a change (:meth:`change`), then saved (:meth:`save`).

    The file keeps its byte-order mark and its line endings; the text is
    edited with ``\\n`` (ruamel keeps a stray ``\\r`` inside comments).
    """

    path: Path
    rel: str
    original: str
    bom: bool
    newline: str
    doc: Document | None = None  # the file as parsed for checks; its data drives quick patches

    @classmethod
    def open(cls, path: Path, rel: str) -> Draft:
        """Read ``path``; a file that does not even parse cleanly is refused with its problems."""
        try:
            doc = load_document(path, rel)
        except LoadFailure as failure:
            raise refuse_broken(path, rel, [failure.problem]) from None
        errors = [p for p in doc.problems if p.severity == "error"]
        if errors:
            raise refuse_broken(path, rel, errors)
        raw = read_limited(path)
        original = raw.decode("utf-8-sig")
        return cls(
            path=path,
            rel=rel,
            original=original.replace("\r\n", "\n"),
            bom=raw.startswith(BOM.encode("utf-8")),
            newline=_line_ending(original),
            doc=doc,
        )

    def change(self, mutate: Callable[[Any], None]) -> tuple[str, Document]:
        """The file's text after ``mutate``, and that text as read back.

        The one way a record's text is changed. ``mutate`` runs once, on plain
        data; then the text is made by the quickest technique that keeps the
        file's form: only the changed items' own lines where the change is
        confined to the items of one top-level list
        (:func:`~merzig_cli.workspace.patch.patched`; on a file grown to
        hundreds of entries about a twentieth of the time), else ruamel's round
        trip of the whole file. Either way the text is accepted only if reading
        it back gives exactly the data the change wanted.
        """
        import copy

        from .patch import patched

        plain = self.doc.data if self.doc else {}
        wanted = copy.deepcopy(plain)
        mutate(wanted)  # once: the change is made on plain data and carried over from there
        quick = patched(self.original, plain, wanted, yaml_like(self.original))
        if quick is not None:
            doc = self._read_back(quick, wanted)
            if doc is not None and not doc.problems:
                return quick, doc
        text = self._round_trip(plain, wanted)
        doc = self._read_back(text, wanted)
        if doc is None:
            raise UserError(
                f"{self.rel} kann nicht sicher geändert werden: die Datei ergäbe nach dem "
                "Schreiben andere Angaben als gewünscht; nichts wurde geschrieben",
                f"Die Änderung von Hand in {self.path} eintragen; merzig validate prüft sie",
            )
        return text, doc

    def _round_trip(self, plain: Any, wanted: Any) -> str:
        """The whole file written by ruamel with the change from ``plain`` to ``wanted``."""
        from .patch import carry_over

        try:
            yaml, data = roundtrip_text(self.original)
        except Exception as exc:  # ruamel refuses what our own loader let through
            raise UserError(
                f"{self.rel} kann nicht bearbeitet werden: die YAML-Struktur ist nicht "
                f"eindeutig{_where(exc)}",
                f"Datei {self.path} prüfen und reparieren; merzig validate zeigt die Stelle",
            ) from None
        return dump(yaml, carry_over(data, plain, wanted))

    def _read_back(self, text: str, wanted: Any) -> Document | None:
        """``text`` parsed as the loader will read it, if that gives exactly ``wanted``."""
        try:
            doc = parse_text(text, self.path, self.rel)
        except LoadFailure:
            return None
        return doc if doc.data == wanted else None

    def save(self, text: str) -> None:
        """Write ``text`` atomically with the file's BOM and line endings."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        atomic_write_text(self.path, (BOM if self.bom else "") + text)


def _where(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = getattr(mark, "line", None)
    return f" (Zeile {line + 1})" if isinstance(line, int) else ""

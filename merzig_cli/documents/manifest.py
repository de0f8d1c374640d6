"""The manifest of case documents: which file below which ``--out`` folder holds which cases.

Minutes, excerpts, agreement sheets and schedules leave the workspace as files
in an output folder, where a withdrawal or a purge of the case would never
reach them. Every command that writes such a document records it here (the
file, the ``--out`` folder it was written below, the case ids it holds, the
kind of document, its recipient, the day and a SHA-256 of the bytes), so that
a later run that withholds the case, ``privacy purge`` and ``privacy check``
can find it again (:mod:`merzig_cli.documents.forget`).

The manifest is a file the tool keeps in the workspace, like the send ledger:
``.merzig-outputs/manifest.json``, git-ignored by its own ``.gitignore``, mode
0600, read with a size limit and without following a link, rewritten
atomically under a lock of its own, so that two commands never lose each
other's entries. It holds paths and case ids, never a case's text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import MAX_STATE_BYTES, atomic_write_bytes, read_limited_stat, state_folder
from ..core.paths import in_workspace
from ..schema.config import Config
from .output import Output, Written

FOLDER = ".merzig-outputs"
NAME = "manifest.json"
MANIFEST = f"{FOLDER}/{NAME}"  # as the user sees it, relative to the workspace
VERSION = 1

# The kinds of case document, with their German names (for messages).
KINDS = {
    "agenda": "Tagesordnung",
    "schedule": "Zeitplan",
    "minutes": "Protokoll",
    "sheet": "Vereinbarung",
    "excerpt": "Auszug",
    "invitation": "Einladung",
    "access-export": "Auskunft",
    "reminder": "Erinnerung",
    "consent-form": "Einwilligungserklärung",
}


@dataclass(frozen=True)
class Entry:
    """One case document as it was written."""

    file: str  # absolute path, as written (links are never followed to it)
    out: str  # absolute path of the --out folder it was written below
    cases: tuple[str, ...]
    kind: str
    day: str  # the document's day, JJJJ-MM-TT
    sha256: str  # of the bytes written: a file changed since is reported, never deleted
    recipient: str = ""  # the actor the document is for; "" for the office itself
    # The written file as this machine knows it (device, inode, change time): what no
    # manifest planted in a workspace can know of a file of the user, so only the very
    # file the tool wrote is ever deleted (an entry without it never is).
    identity: str = ""

    @property
    def kind_de(self) -> str:
        return KINDS.get(self.kind, self.kind or "Dokument")


def case_mode(config: Config) -> int:
    """The permissions of a case document: 0600, or 0640 with ``output.group_readable``."""
    return 0o640 if config.output.group_readable else 0o600


def absolute(path: Path | str) -> Path:
    """``path`` made absolute by its name (no link resolved): the path the tool writes."""
    return Path(os.path.abspath(os.path.normpath(path)))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _path(root: Path) -> Path:
    return in_workspace(root, root / FOLDER / NAME)


def _entry(item: Any) -> Entry | None:
    """An entry of the file, or None for anything that is not one (a torn or foreign line)."""
    if not isinstance(item, dict):
        return None
    texts = ("file", "out", "kind", "day", "sha256")
    if not all(isinstance(item.get(k), str) for k in texts):
        return None
    cases = item.get("cases")
    if not isinstance(cases, list) or not all(isinstance(c, str) for c in cases):
        return None
    recipient, bound = item.get("recipient", ""), item.get("identity", "")
    return Entry(
        item["file"],
        item["out"],
        tuple(cases),
        item["kind"],
        item["day"],
        item["sha256"],
        recipient if isinstance(recipient, str) else "",
        bound if isinstance(bound, str) else "",
    )


def identity(st: os.stat_result) -> str:
    """Device, inode and change time of a file: what an entry binds to (see :class:`Entry`)."""
    return f"{st.st_dev} {st.st_ino} {st.st_ctime_ns}"


def _read(path: Path) -> dict[str, Entry]:
    shown = f"{FOLDER}/{NAME}"
    try:
        raw = read_limited_stat(path, MAX_STATE_BYTES, follow_links=False)[0]
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UserError(
            f"{shown} kann nicht gelesen werden: {exc.strerror or exc}",
            "Die Datei führt merzig selbst; ist sie eine Verknüpfung, sie löschen",
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        items = data.get("files") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ValueError("keine Liste „files“")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise UserError(
            f"{shown} kann nicht gelesen werden: {exc}",
            "Die Datei führt merzig selbst; aus einer Sicherung wiederherstellen – ohne sie "
            "findet merzig frühere Ausgaben nicht wieder (merzig privacy check sucht in output/)",
        ) from None
    found = (_entry(item) for item in items)
    return {e.file: e for e in found if e is not None}


def read(root: Path) -> list[Entry]:
    """Every recorded case document (none without a manifest), read without a lock."""
    return list(_read(_path(root)).values())


@contextlib.contextmanager
def locked(root: Path) -> Iterator[dict[str, Entry]]:
    """The entries by file, locked; what the caller leaves in the mapping is written back."""
    from ..workspace.store import LOCK_TIMEOUT_SECONDS, file_lock

    folder = state_folder(root, FOLDER, "Verzeichnis der Falldokumente von merzig: nie einchecken")
    busy = UserError(
        "Das Verzeichnis der Falldokumente ist gerade gesperrt: ein anderer Vorgang schreibt",
        "Kurz warten und erneut versuchen",
    )
    with file_lock(in_workspace(root, folder / "manifest.lock"), LOCK_TIMEOUT_SECONDS, busy):
        yield from _locked_entries(root)


def _locked_entries(root: Path) -> Iterator[dict[str, Entry]]:
    path = _path(root)
    entries = _read(path)
    before = dict(entries)
    yield entries
    if entries != before:
        body = {"version": VERSION, "files": [_plain(e) for _, e in sorted(entries.items())]}
        text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"), 0o600)


def _plain(entry: Entry) -> dict[str, Any]:
    plain = asdict(entry)
    plain["cases"] = list(entry.cases)
    return plain


def record(
    ws_root: Path,
    out_file: Path,
    case_ids: Iterable[str],
    kind: str,
    day: dt.date,
    *,
    out: Path | None = None,
    recipient: str = "",
) -> None:
    """Note that ``out_file`` (just written, below the ``--out`` folder ``out``, by default its
    own folder) holds ``case_ids``; a later run that withholds one of them deletes it."""
    file = absolute(out_file)
    try:
        data, st = read_limited_stat(file, MAX_STATE_BYTES * 4, follow_links=False)
    except OSError as exc:
        raise UserError(f"„{file}“ kann nicht gelesen werden: {exc.strerror or exc}") from None
    entry = Entry(
        str(file),
        str(absolute(out if out is not None else file.parent)),
        tuple(sorted(set(case_ids))),
        kind,
        day.isoformat(),
        digest(data),
        recipient,
        identity(st),
    )
    with locked(ws_root) as entries:
        entries[entry.file] = entry


def _entries(
    written: Sequence[Written], outputs: Sequence[Output], day: dt.date, out: Path
) -> list[Entry]:
    base = str(absolute(out))
    return [
        Entry(
            str(absolute(w.path)),
            base,
            tuple(sorted(set(o.cases))),
            o.kind,
            day.isoformat(),
            digest(o.data),
            o.recipient,
            identity(os.lstat(w.path)),
        )
        for w, o in zip(written, outputs, strict=True)
    ]


def write_recorded(
    ws_root: Path,
    config: Config,
    folder: Path,
    outputs: Sequence[Output],
    day: dt.date,
    base: Path | None = None,
) -> list[Written]:
    """Write case documents with the mode of :func:`case_mode` and record them: the one way
    every command writes a file that holds case content."""
    from .output import write_outputs

    # The manifest is opened first: where it cannot be read or written (a link, a pipe in
    # its place), no case document is written that it would then not know of.
    with locked(ws_root) as entries:
        written = write_outputs(folder, outputs, base, mode=case_mode(config))
        for entry in _entries(written, outputs, day, base if base is not None else folder):
            entries[entry.file] = entry
    return written

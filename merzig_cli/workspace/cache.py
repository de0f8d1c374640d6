"""The tool's caches in ``.merzig-cache/`` (git-ignored, safe to delete), and their one rule.

Every cache is a JSON or text file that a run may use instead of reading and
checking the files it was made from. A workspace travels (a tar or zip file,
a shared folder, ``cp -a``) and so does its cache folder, with names, sizes
and modification times intact, and anyone may have written what is in it.
So every cache counts only for the files it was made from *as they are on
this machine*: each source file is recorded by its identity (:func:`identity`:
size, modification and change time in nanoseconds, inode and device). A copy,
an unpacked archive or a file written by someone else has another change
time and inode, which nobody can set or foresee, and no cache made elsewhere
is ever believed. A file changed less than :data:`RACY_SECONDS` before it was
read might change again within the same tick of the file system's clock, so
its identity holds a hash of its content as well, compared on the next run.
Caches that depend on more than files (the program, the rules) add that to
their key as well. Every cache keeps this rule: the actors (here), the routing
index (:mod:`merzig_cli.routing.index_cache`), the language names
(:mod:`merzig_cli.routing.language`), the inquiries for the report
(:mod:`merzig_cli.inquiries.index`) and the validation results
(:mod:`merzig_cli.checks.validation_cache`).

The actors cache (:func:`load_actors`): parsing and checking 40 Steckbriefe
line by line costs about 50 ms, a sixth of the time budget of a routing
answer given while the caller waits. The built records are kept as JSON in
``actors-v3.json``, for config.yaml, taxonomy.yaml and every actor file as
identified. The JSON form is derived from the record descriptions
(:func:`merzig_cli.schema.record.to_plain`). JSON, never pickle: a file in a
shared folder must not be able to run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..core.clock import file_clock_ns
from ..core.errors import UserError
from ..core.files import (
    MAX_FILE_BYTES,
    MAX_STATE_BYTES,
    atomic_write_text,
    read_limited,
    read_limited_stat,
    state_folder,
)
from ..core.paths import in_workspace
from ..schema.actor import Actor
from ..schema.config import Config, Taxonomy
from ..schema.record import from_plain, to_plain
from .loader import (
    Workspace,
    link_problem,
    links_error,
    list_kind,
    load_workspace,
    resolve_root,
)

CACHE_DIR = ".merzig-cache"
CACHE_FILE = "actors-v3.json"
RACY_SECONDS = 3


def cache_folder(root: Path) -> Path:
    """``.merzig-cache/`` of the workspace, made if missing; git ignores it by its own .gitignore.

    The tool's other files that never belong in git live here too (the write
    lock of :func:`merzig_cli.workspace.store.workspace_lock`). Raises
    :class:`UserError` if the folder is a link out of the workspace.
    """
    return state_folder(root, CACHE_DIR, "Zwischenspeicher von merzig; wird neu erzeugt.")


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def stamp(st: os.stat_result) -> str:
    """What identifies a file on this machine, and travels with no copy of it."""
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}"


def racy(st: os.stat_result, started: int) -> bool:
    """Changed so shortly before ``started`` (ns) that a change after it might keep its stamp."""
    return max(st.st_mtime_ns, st.st_ctime_ns) > started - RACY_SECONDS * 1_000_000_000


def identity(path: Path, st: os.stat_result, started: int, raw: bytes | None = None) -> str | None:
    """The file's :func:`stamp`, with the hash of its content if it is :func:`racy`.

    ``raw`` is the content if it was read already. None: the content could not be read.
    """
    if not racy(st, started):
        return stamp(st)
    if raw is None:
        try:
            raw = read_limited(path, MAX_FILE_BYTES)
        except OSError:
            return None
    return f"{stamp(st)} {content_hash(raw)}"


def same_file(recorded: Any, path: Path, st: os.stat_result) -> bool:
    """Whether ``path`` (status ``st``) is still the file an :func:`identity` was recorded of."""
    if not isinstance(recorded, str):
        return False
    now = stamp(st)
    if recorded == now:
        return True
    if not recorded.startswith(now + " "):
        return False
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except OSError:
        return False
    return recorded == f"{now} {content_hash(raw)}"


def sources(paths: list[Path]) -> list[list[str]] | None:
    """The identities of the files a cache is made from (a missing one is left out).

    Taken before the files are read: a change while they are read shows next time.
    None: a file could not be read, so no cache is bound to them.
    """
    started = file_clock_ns()
    out: list[list[str]] = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        found = identity(p, st, started)
        if found is None:
            return None
        out.append([p.name, found])
    return out


def unchanged(recorded: Any, paths: list[Path]) -> bool:
    """Whether the files are exactly those :func:`sources` recorded (nothing added or removed)."""
    if not isinstance(recorded, list):
        return False
    present: list[tuple[Path, os.stat_result]] = []
    for p in paths:
        with contextlib.suppress(OSError):
            present.append((p, p.stat()))
    if len(recorded) != len(present):
        return False
    for entry, (p, st) in zip(recorded, present, strict=True):
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == p.name):
            return False
        if not same_file(entry[1], p, st):
            return False
    return True


def actor_sources(root: Path) -> list[Path]:
    """Every file the actors are made from: config.yaml, taxonomy.yaml and every actor file."""
    listing = list_kind(root, "actor")  # a link stops the command, as in every loading
    if listing.links:
        raise links_error([link_problem(root, rel) for rel in listing.links])
    return [
        root / "config.yaml",
        root / "taxonomy.yaml",
        *sorted(Path(p) for _, p in listing.files),
    ]


def _from_cache(root: Path, data: dict[str, Any]) -> Workspace:
    ws = Workspace(
        root=root,
        config=from_plain(Config, data["config"]),
        taxonomy=from_plain(Taxonomy, data["taxonomy"]),
        kinds=frozenset({"actor"}),
    )
    actors = [from_plain(Actor, a) for a in data["actors"]]
    ws.actors = {a.id: a for a in actors}
    return ws


def load_actors(data: str | Path | None) -> Workspace:
    """Like ``load_workspace(data, kinds={"actor"})``, through the cache when it is fresh."""
    root = resolve_root(data)
    paths = actor_sources(root)
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        cached = read_cache(root, CACHE_FILE)
        if unchanged(cached["sources"], paths):
            return _from_cache(root, cached)
    key = sources(paths)
    ws = load_workspace(root, kinds={"actor"})
    if ws.error_count() == 0 and key is not None:
        payload = {
            "sources": key,
            "config": to_plain(ws.config),
            "taxonomy": to_plain(ws.taxonomy),
            "actors": [to_plain(a) for a in ws.actors.values()],
        }
        write_cache(root, CACHE_FILE, json.dumps(payload, ensure_ascii=False))
    return ws


def read_cache_bytes(root: Path, name: str) -> bytes | None:
    """A cache file's bytes, or None: missing, too large, a link or no regular file.

    The folder must lie in the workspace and be no link, and the file itself
    is never a link: nothing else should replace the tool's own files.
    """
    folder = root / CACHE_DIR
    with contextlib.suppress(OSError, UserError):
        in_workspace(root, folder)
        # The folder is opened once, not followed if it is a link, and the file read in
        # it: a folder swapped for a link after the check is never read through.
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(folder, flags)
        try:
            return read_limited_stat(name, MAX_STATE_BYTES, follow_links=False, dir_fd=fd)[0]
        finally:
            os.close(fd)
    return None


def read_cache(root: Path, name: str) -> Any:
    """A cache file's JSON, or None (see :func:`read_cache_bytes`; broken JSON too)."""
    data = read_cache_bytes(root, name)
    with contextlib.suppress(ValueError, RecursionError):  # nested a million times deep
        return None if data is None else json.loads(data)
    return None


def write_cache(root: Path, name: str, text: str) -> None:
    """Best effort: a read-only workspace, or one whose cache folder is a link, gets no cache.

    The file is replaced in one step (a temporary file, then a rename), so that a
    reader never sees half a cache and two writers at once leave one whole cache;
    the rename replaces a link that stands in its place, never writes through it.
    """
    with contextlib.suppress(OSError, UserError):
        atomic_write_text(cache_folder(root) / name, text)

"""Read a workspace fast through a cache in ``.merzig-cache/`` (git-ignored, safe to delete).

Parsing and checking 40 Steckbriefe line by line costs about 50 ms, a sixth
of the time budget of a routing answer given while the caller waits. The
built records are kept as JSON in ``.merzig-cache/actors-v2.json``, keyed by
path, modification time and size of config.yaml, taxonomy.yaml and every
actor file; any change to any of them rebuilds the cache. The JSON form is
derived from the record descriptions (:func:`merzig_cli.schema.record.to_plain`).
JSON, never pickle: a file in a shared folder must not be able to run code.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import MAX_STATE_BYTES, atomic_write_text, read_limited_stat, state_folder
from ..core.paths import in_workspace
from ..schema.actor import Actor
from ..schema.config import Config, Taxonomy
from ..schema.record import from_plain, to_plain
from .loader import RECORD_DIRS, Workspace, load_workspace, resolve_root

CACHE_DIR = ".merzig-cache"
CACHE_FILE = "actors-v2.json"


def cache_folder(root: Path) -> Path:
    """``.merzig-cache/`` of the workspace, made if missing; git ignores it by its own .gitignore.

    The tool's other files that never belong in git live here too (the write
    lock of :func:`merzig_cli.workspace.store.workspace_lock`). Raises
    :class:`UserError` if the folder is a link out of the workspace.
    """
    return state_folder(root, CACHE_DIR, "Zwischenspeicher von merzig; wird neu erzeugt.")


def _key(root: Path) -> list[list[Any]]:
    """What the cache depends on: (file, mtime_ns, size) of every file routing reads."""
    paths = [root / "config.yaml", root / "taxonomy.yaml"]
    folder = root / RECORD_DIRS["actor"]
    if folder.is_dir():
        with os.scandir(folder) as entries:
            paths += sorted(Path(e.path) for e in entries if e.name.endswith((".yaml", ".yml")))
    out: list[list[Any]] = []
    for p in paths:
        with contextlib.suppress(OSError):
            st = p.stat()
            out.append([p.name, st.st_mtime_ns, st.st_size])
    return out


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
    key = _key(root)
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        cached = read_cache(root, CACHE_FILE)
        if cached.get("key") == key:
            return _from_cache(root, cached)
    ws = load_workspace(root, kinds={"actor"})
    if ws.error_count() == 0:
        payload = {
            "key": key,
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

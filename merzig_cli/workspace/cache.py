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
import stat
from pathlib import Path
from typing import Any

from ..core.files import MAX_STATE_BYTES, atomic_write_text, read_limited_stat
from ..schema.actor import Actor
from ..schema.config import Config, Taxonomy
from ..schema.record import from_plain, to_plain
from .loader import RECORD_DIRS, Workspace, load_workspace, resolve_root

CACHE_DIR = ".merzig-cache"
CACHE_FILE = "actors-v2.json"


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
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        cached = json.loads(read_cache(root, CACHE_FILE))
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


def cache_folder(root: Path, create: bool = False) -> Path | None:
    """The cache folder: a real folder directly in the workspace, else None.

    A link (also one to a folder inside the workspace), a file or a pipe named
    ``.merzig-cache`` is never read from or written through. ``create`` makes
    the folder, with a ``.gitignore`` of ``*`` in it: git then ignores the
    folder and everything in it, in every clone of the workspace.
    """
    folder = root / CACHE_DIR
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return None
        with contextlib.suppress(FileExistsError):  # made a moment ago, by another process
            folder.mkdir()
        info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return None
    if create and not os.path.lexists(folder / ".gitignore"):
        atomic_write_text(
            folder / ".gitignore", "# Zwischenspeicher von merzig; wird neu erzeugt.\n*\n"
        )
    return folder


def read_cache(root: Path, name: str) -> bytes:
    """A cache file's bytes; ``OSError`` if it is missing, too large, a link or no regular file."""
    folder = cache_folder(root)
    if folder is None:
        raise FileNotFoundError(CACHE_DIR)
    return read_limited_stat(folder / name, MAX_STATE_BYTES, follow_links=False)[0]


def write_cache(root: Path, name: str, text: str) -> None:
    """Best effort: a read-only workspace simply gets no cache. The folder ignores itself in git.

    The file is replaced in one step (a temporary file, then a rename), so that a
    reader never sees half a cache and two writers at once leave one whole cache.
    """
    with contextlib.suppress(OSError):
        folder = cache_folder(root, create=True)
        if folder is not None:
            atomic_write_text(folder / name, text)

"""Load the Steckbriefe for routing from a cache, so ``merzig route`` answers at once.

Parsing and checking 40 Steckbriefe line by line costs about 50 ms, a sixth
of the time budget of a routing answer given while the caller waits. The
built records are kept as JSON in ``.merzig-cache/actors-v1.json``, keyed by
path, modification time and size of config.yaml, taxonomy.yaml and every
actor file; any change to any of them rebuilds the cache. JSON, never
pickle: a file in a shared folder must not be able to run code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .model import (
    Absence,
    Actor,
    Address,
    Config,
    Contact,
    Entry,
    Offer,
    Office,
    SmtpSettings,
    Taxonomy,
    Topic,
)
from .workspace import RECORD_DIRS, Workspace, load_workspace, resolve_root

CACHE_DIR = ".merzig-cache"
CACHE_FILE = "actors-v1.json"


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


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _address(d: dict[str, Any] | None) -> Address | None:
    return Address(**d) if d else None


def _contact(c: dict[str, Any]) -> Contact:
    absent = [
        Absence(dt.date.fromisoformat(a["start"]), dt.date.fromisoformat(a["end"]))
        for a in c["absent"]
    ]
    return Contact(**(c | {"absent": absent}))


def _actor(d: dict[str, Any]) -> Actor:
    d = dict(d)
    d["contacts"] = [_contact(c) for c in d["contacts"]]
    d["offers"] = [Offer(**o) for o in d["offers"]]
    d["address"] = _address(d.get("address"))
    d["reviewed"] = _day(d.get("reviewed"))
    return Actor(**d)


def _config(d: dict[str, Any]) -> Config:
    d = dict(d)
    office = dict(d["office"])
    office["address"] = _address(office.get("address"))
    d["office"] = Office(**office)
    d["smtp"] = SmtpSettings(**d["smtp"]) if d.get("smtp") else None
    return Config(**d)


def _taxonomy(d: dict[str, Any]) -> Taxonomy:
    return Taxonomy(
        topics={k: Topic(**v) for k, v in d["topics"].items()},
        target_groups={k: Entry(**v) for k, v in d["target_groups"].items()},
        categories={k: Entry(**v) for k, v in d["categories"].items()},
    )


def _from_cache(root: Path, data: dict[str, Any]) -> Workspace:
    ws = Workspace(
        root=root,
        config=_config(data["config"]),
        taxonomy=_taxonomy(data["taxonomy"]),
        kinds=frozenset({"actor"}),
    )
    ws.actors = {a["id"]: _actor(a) for a in data["actors"]}
    return ws


def load_actors(data: str | Path | None) -> Workspace:
    """Like ``load_workspace(data, kinds={"actor"})``, through the cache when it is fresh."""
    root = resolve_root(data)
    key = _key(root)
    path = root / CACHE_DIR / CACHE_FILE
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return _from_cache(root, cached)
    ws = load_workspace(root, kinds={"actor"})
    if ws.error_count() == 0:
        payload = {
            "key": key,
            "config": asdict(ws.config),
            "taxonomy": asdict(ws.taxonomy),
            "actors": [asdict(a) for a in ws.actors.values()],
        }
        write_cache(root, CACHE_FILE, json.dumps(payload, default=_plain, ensure_ascii=False))
    return ws


def write_cache(root: Path, name: str, text: str) -> None:
    """Best effort: a read-only workspace simply gets no cache. The folder ignores itself in git."""
    from .store import atomic_write_text

    folder = root / CACHE_DIR
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text(
                "# Zwischenspeicher von merzig; wird neu erzeugt.\n*\n", encoding="utf-8"
            )
        atomic_write_text(folder / name, text)

"""Load many inquiries fast for the evaluation: a safe cache and parallel parsing.

An office that has worked for years has tens of thousands of inquiry files.
Parsing each with the validating loader costs about a quarter of a
millisecond, so a report over 50,000 would take far too long on every run.
This module reads them with libyaml's untyped loader and keeps what the report needs (counts, dates, ids; no question
texts and no outcome texts, so the cache holds nothing personal) in
``.merzig-cache/inquiries-v2.json`` inside the workspace, keyed by file path
and the file's identity on this machine (the one rule of every cache,
:mod:`merzig_cli.workspace.cache`: a cache that came along with a copy of the
workspace is never believed). Only new or changed files are parsed. The cache is JSON, never pickle: a file in
a shared folder must not be able to run code. The cache folder ignores itself
in git.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import Any

from ..core.clock import file_clock_ns
from ..core.files import read_limited
from ..core.vocab import INQUIRY_ID_RE
from ..schema.inquiry import Feedback, Inquiry, Referral
from ..workspace.cache import identity, read_cache, same_file, write_cache
from ..workspace.loader import Workspace, link_problem, links_error, list_kind, load_workspace

CACHE_FILE = "inquiries-v2.json"
PARALLEL_FROM = 5000  # below this, starting worker processes costs more than it saves

Record = dict[str, Any]


def _scan(root: Path) -> dict[str, tuple[Path, os.stat_result]]:
    """Every inquiry file as ``rel path -> (path, status)``; a link in its place stops
    the command, as it stops every loading of the workspace (:func:`list_kind`)."""
    listing = list_kind(root, "inquiry")
    if listing.links:
        raise links_error([link_problem(root, rel) for rel in listing.links])
    out: dict[str, tuple[Path, os.stat_result]] = {}
    for rel, path in listing.files:
        with contextlib.suppress(OSError):
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                out[rel] = (Path(path), st)
    return out


def _s(value: Any) -> str:
    """A cached text field; anything else means the cache entry was tampered with."""
    if not isinstance(value, str):
        raise TypeError("cache entry is not text")
    return value


def _inquiry(rec: Record, rel: str) -> Inquiry:
    day = dt.date.fromisoformat
    return Inquiry(
        id=_s(rec["id"]),
        received=day(rec["received"]),
        channel=_s(rec["channel"]),
        inquirer=_s(rec["inquirer"]),
        language=_s(rec["language"]),
        topics=[_s(t) for t in rec["topics"]],
        question="",
        referrals=[
            Referral(
                actor=_s(a),
                date=day(d),
                status=_s(st),
                feedback=Feedback(day(f), "") if f else None,
            )
            for a, d, st, f in rec["referrals"]
        ],
        closed=day(rec["closed"]) if rec["closed"] else None,
        source=rel,
    )


_NULL = ("", "null", "Null", "NULL", "~")


def _day(value: Any) -> str | None:
    """An ISO date kept as text, or None; anything else makes the record invalid."""
    if not isinstance(value, str) or value in _NULL:
        return None
    return dt.date.fromisoformat(value).isoformat()


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return list(value)


def _fast_record(data: Any) -> Record | None:
    """The report's view of one inquiry, from untyped YAML; None if it is invalid.

    The full validation belongs to ``merzig validate``; here only what the
    figures rely on is checked: the required fields, their kinds, real dates.
    """
    try:
        if not isinstance(data, dict) or not INQUIRY_ID_RE.fullmatch(str(data.get("id", ""))):
            return None
        received = _day(data.get("received"))
        if received is None or not all(
            isinstance(data.get(k), str) and data[k] for k in ("channel", "inquirer", "language")
        ):
            return None
        referrals = []
        for ref in data.get("referrals") or []:
            fb = ref.get("feedback") if isinstance(ref, dict) else None
            if not isinstance(ref, dict) or not isinstance(ref.get("actor"), str):
                return None
            ref_date = _day(ref.get("date"))
            if ref_date is None:
                return None
            fb_date = _day(fb.get("date")) if isinstance(fb, dict) else None
            referrals.append([ref["actor"], ref_date, str(ref.get("status", "open")), fb_date])
        return {
            "id": str(data["id"]),
            "received": received,
            "channel": data["channel"],
            "inquirer": data["inquirer"],
            "language": data["language"],
            "topics": _strings(data.get("topics")),
            "closed": _day(data.get("closed")),
            "referrals": referrals,
        }
    except (TypeError, ValueError, AttributeError):
        return None


def parse_files(root: str, rels: list[str]) -> list[tuple[str, Record | None]]:
    """Parse files with libyaml's untyped loader (about three times faster than the
    line-tracking one); an unusable or invalid file becomes None (not counted)."""
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    out: list[tuple[str, Record | None]] = []
    for rel in rels:
        path = Path(root) / rel
        try:
            data = yaml.load(read_limited(path).decode("utf-8-sig"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            out.append((rel, None))
            continue
        out.append((rel, _fast_record(data)))
    return out


def _parse(root: Path, rels: list[str]) -> list[tuple[str, Record | None]]:
    """Parse serially, or over all cores when there are many files (a cold cache)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_FROM or workers < 2:
        return parse_files(str(root), rels)
    from concurrent.futures import ProcessPoolExecutor

    size = max(len(rels) // (workers * 4), 500)
    chunks = [rels[i : i + size] for i in range(0, len(rels), size)]
    out: list[tuple[str, Record | None]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(parse_files, [str(root)] * len(chunks), chunks):
            out.extend(part)
    return out


def load_inquiries(root: Path, use_cache: bool = True) -> tuple[list[Inquiry], int]:
    """All valid inquiries of the workspace and the number of invalid files skipped."""
    started = file_clock_ns()
    files = _scan(root)
    found = read_cache(root, CACHE_FILE) if use_cache else None
    cached: dict[str, Any] = found if isinstance(found, dict) else {}
    entries: dict[str, Any] = {}
    todo: list[str] = []
    for rel, (path, st) in files.items():
        hit = cached.get(rel)
        if isinstance(hit, list) and len(hit) == 2 and same_file(hit[0], path, st):
            entries[rel] = hit
        else:
            todo.append(rel)
    for rel, rec in _parse(root, sorted(todo)):
        path, st = files[rel]
        entries[rel] = [identity(path, st, started), rec]
    inquiries: list[Inquiry] = []
    skipped = 0
    for rel, (_, rec) in entries.items():
        if rec is None:
            skipped += 1
            continue
        try:
            inquiries.append(_inquiry(rec, rel))
        except (KeyError, TypeError, ValueError):
            # A tampered or outdated cache entry: read the file itself.
            (_, fresh), *_ = parse_files(str(root), [rel])
            if fresh is None:
                skipped += 1
            else:
                entries[rel][1] = fresh
                inquiries.append(_inquiry(fresh, rel))
            todo.append(rel)
    if use_cache and (todo or len(entries) != len(cached)):
        write_cache(root, CACHE_FILE, json.dumps(entries, separators=(",", ":")))
    return inquiries, skipped


def load_for_report(data: str | Path | None) -> tuple[Workspace, list[Inquiry], int]:
    """Config, taxonomy and actors as usual; the inquiries through the cache."""
    ws = load_workspace(data, kinds={"actor"})
    inquiries, skipped = load_inquiries(ws.root)
    return ws, inquiries, skipped

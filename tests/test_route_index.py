"""The routing index kept in .merzig-cache: the same answers as without it, never stale."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED

from merzig_cli.routing.index_cache import CACHE_NAME
from merzig_cli.routing.score import Router, route
from merzig_cli.workspace.cache import load_actors
from merzig_cli.workspace.loader import Workspace

HERE = Path(__file__).resolve().parent / "routing"
DAY = "2026-06-01"


@pytest.fixture
def ws_root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-cache"))
    return root


def _answers(ws: Workspace, questions: list[str]) -> list[dict[str, object]]:
    import datetime as dt

    router = Router(ws)  # the index made or read once for all questions
    day = dt.date.fromisoformat(DAY)
    return [router.route(q, day=day).to_dict() for q in questions]


@cache
def _questions() -> list[str]:
    """60 questions of the development set, read once for the module."""
    items = yaml.load((HERE / "dev_inquiries.yaml").read_text(encoding="utf-8"), yaml.CSafeLoader)
    return [item["question"] for item in items][:60]


def test_answers_from_the_stored_index_are_those_of_a_fresh_one(ws_root: Path) -> None:
    questions = _questions()
    fresh = _answers(load_actors(ws_root), questions)  # no cache yet: made, then stored
    stored = ws_root / ".merzig-cache" / CACHE_NAME
    assert stored.is_file()
    before = stored.stat().st_mtime_ns
    assert _answers(load_actors(ws_root), questions) == fresh  # read from the cache
    assert stored.stat().st_mtime_ns == before  # read, not made again


def test_one_router_answers_every_question_as_a_single_route_does(ws_root: Path) -> None:
    import datetime as dt

    questions = _questions()[:25]
    ws = load_actors(ws_root)
    day = dt.date.fromisoformat(DAY)
    alone = [route(ws, q, day=day).to_dict() for q in questions]
    # The words matched for one question are kept for the next, in either order.
    assert _answers(ws, questions) == alone
    assert _answers(ws, questions[::-1]) == alone[::-1]


def test_a_changed_steckbrief_gives_a_new_index(ws_root: Path) -> None:
    question = "Ukulele"
    assert not _answers(load_actors(ws_root), [question])[0]["suggestions"]
    path = ws_root / "actors" / "vhs-merzig-wadern.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: Ukulele. ", 1), encoding="utf-8")
    found: list[dict[str, str]] = _answers(load_actors(ws_root), [question])[0]["suggestions"]  # type: ignore[assignment]
    assert [s["actor"] for s in found][:1] == ["vhs-merzig-wadern"]


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Workspace, str, list[dict[str, object]]]:
    """A workspace whose index was made and stored once, the stored index, and the answers."""
    root = tmp_path_factory.mktemp("indexed") / "ws"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-cache"))
    ws = load_actors(root)
    fresh = _answers(ws, _questions()[:15])
    return ws, (root / ".merzig-cache" / CACHE_NAME).read_text(encoding="utf-8"), fresh


@pytest.mark.parametrize(
    "garbage",
    [
        "kein JSON",
        '{"key": "x"}',
        "[]",
        "null",
        # the right key, but values of the wrong type
        "KEY_WITH_BAD_FIELDS",
        "KEY_WITH_BAD_WORDS",
        "KEY_WITH_HUGE_WEIGHTS",
        "[" * 200_000,  # nested deeper than the JSON parser's recursion
    ],
)
def test_a_broken_or_forged_cache_is_made_again(
    indexed: tuple[Workspace, str, list[dict[str, object]]], garbage: str
) -> None:
    # The index in the workspace it was made for, whose files are unchanged: a cache
    # that would be believed, had it not been spoilt (one in a copy never is).
    ws, good, fresh = indexed
    stored = ws.root / ".merzig-cache" / CACHE_NAME
    data = json.loads(good)
    if garbage == "KEY_WITH_BAD_FIELDS":
        data["fields"] = {actor: {"deutschkurs": "viel"} for actor in data["fields"]}
        garbage = json.dumps(data)
    elif garbage == "KEY_WITH_HUGE_WEIGHTS":  # an int too large for a float
        data["fields"] = {actor: {"deutschkurs": 10**400} for actor in data["fields"]}
        garbage = json.dumps(data)
    elif garbage == "KEY_WITH_BAD_WORDS":
        data["vocabulary"]["by_stem"] = {"deutsch": [1, 2, 3]}
        garbage = json.dumps(data)
    stored.write_text(garbage, encoding="utf-8")
    assert _answers(ws, _questions()[:15]) == fresh
    assert json.loads(stored.read_text(encoding="utf-8"))["key"] == data["key"]  # made again


def test_a_link_in_place_of_the_cache_is_replaced_not_written_through(
    ws_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "offen"
    outside.mkdir()
    outside.chmod(0o1777)  # like /tmp: its mode must not become the cache's
    victim = tmp_path / "opfer.json"
    victim.write_text("bleibt", encoding="utf-8")
    _answers(load_actors(ws_root), ["Deutschkurs"])
    for target in (outside, victim):
        stored = ws_root / ".merzig-cache" / CACHE_NAME
        stored.unlink()
        stored.symlink_to(target)
        _answers(load_actors(ws_root), ["Deutschkurs"])
        assert not stored.is_symlink() and stored.is_file()
        assert stored.stat().st_mode & 0o7022 == 0  # neither world-writable nor sticky
    assert victim.read_text(encoding="utf-8") == "bleibt" and list(outside.iterdir()) == []

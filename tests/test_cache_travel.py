"""A cache that travels with a workspace (tar, zip, shared folder, ``cp -a``) is never believed.

A copy keeps names, sizes and modification times of every file, the cache's
included, and anyone may have written the cache inside it. Each test warms
every cache of a real workspace, copies it the way users do, changes a
Steckbrief in the copy so that its size and modification time stay as they
were, forges the copied caches (a phone number in no Steckbrief, another
actor's words, another language, an invented inquiry) and asserts that the
answers in the copy are those of its files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED

from merzig_cli.inquiries.index import CACHE_FILE as INQUIRY_CACHE
from merzig_cli.inquiries.index import load_inquiries
from merzig_cli.routing.index_cache import CACHE_NAME as INDEX_CACHE
from merzig_cli.routing.language import CACHE_NAME as LANGUAGE_CACHE
from merzig_cli.workspace.cache import CACHE_DIR, CACHE_FILE, load_actors

Cli = Callable[..., Any]
QUESTION = "Anerkennung meines Diploms, ich spreche Arabisch"
STECKBRIEF = "actors/iq-anerkennung.yaml"
REAL, CHANGED, FAKE = "+49 6861 000-301", "+49 6861 000-309", "+49 6861 000-666"


def _copytree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, symlinks=True, copy_function=shutil.copy2)


def _tar(src: Path, dst: Path) -> None:
    archive = src.parent / f"{dst.name}.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(src, arcname=dst.name)
    with tarfile.open(archive) as tar:
        tar.extractall(dst.parent, filter="tar")


def _cp_a(src: Path, dst: Path) -> None:
    subprocess.run(["cp", "-a", str(src), str(dst)], check=True)


COPIES = {"copytree": _copytree, "tar": _tar, "cp-a": _cp_a}


def _keep_time(path: Path, change: Callable[[str], str]) -> None:
    """Rewrite a file's text; its size must stay, and its modification time is put back."""
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text and len(new.encode()) == len(text.encode())
    path.write_text(new, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)


def _route(cli: Cli, root: Path) -> dict[str, Any]:
    result = cli("route", QUESTION, "--date", "2026-06-01", "--json", "--data", str(root))
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def _forge(cache: Path) -> None:
    """What someone puts into the caches of a workspace they hand on."""

    def actors(text: str) -> str:
        assert REAL in text
        return text.replace(REAL, FAKE)

    def index(text: str) -> str:  # every actor gets the words of the first one
        data = json.loads(text)
        first = next(iter(data["fields"].values()))
        data["fields"] = {actor: dict(first) for actor in data["fields"]}
        return json.dumps(data)

    def languages(text: str) -> str:  # "Arabisch" now means Turkish
        data = json.loads(text)
        data["words"] = {w: "tr" if c == "ar" else c for w, c in data["words"].items()}
        return json.dumps(data, ensure_ascii=False)

    def inquiries(text: str) -> str:  # every inquiry came by e-mail
        data = json.loads(text)
        for entry in data.values():
            entry[-1]["channel"] = "email"
        return json.dumps(data, separators=(",", ":"))

    for name, change in (
        (CACHE_FILE, actors),
        (INDEX_CACHE, index),
        (LANGUAGE_CACHE, languages),
        (INQUIRY_CACHE, inquiries),
    ):
        path = cache / name
        info = path.stat()
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _warm(cli: Cli, root: Path) -> dict[str, Any]:
    """Run the commands that keep caches; the answer of route."""
    answer = _route(cli, root)
    load_inquiries(root)
    for name in (CACHE_FILE, INDEX_CACHE, LANGUAGE_CACHE, INQUIRY_CACHE):
        assert (root / CACHE_DIR / name).is_file(), name
    return answer


@pytest.mark.parametrize("how", sorted(COPIES))
def test_a_cache_copied_with_the_workspace_is_never_believed(
    cli: Cli, tmp_path: Path, how: str
) -> None:
    original = tmp_path / "ws"
    shutil.copytree(BUNDLED, original, ignore=shutil.ignore_patterns(CACHE_DIR))
    warm = _warm(cli, original)
    assert REAL in json.dumps(warm)
    copy = tmp_path / "kopie"
    COPIES[how](original, copy)
    _keep_time(copy / STECKBRIEF, lambda t: t.replace(REAL, CHANGED))
    _forge(copy / CACHE_DIR)
    truth = tmp_path / "wahrheit"  # the copy's files without any cache
    shutil.copytree(copy, truth, ignore=shutil.ignore_patterns(CACHE_DIR))

    answer = _route(cli, copy)
    shown = json.dumps(answer, ensure_ascii=False)
    assert FAKE not in shown and REAL not in shown
    assert CHANGED in shown
    assert answer == _route(cli, truth)
    assert load_actors(copy).actors["iq-anerkennung"] == load_actors(truth).actors["iq-anerkennung"]
    assert load_inquiries(copy) == load_inquiries(truth, use_cache=False)
    # The caches made again in the copy hold its files' data only.
    cached = (copy / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8")
    assert CHANGED in cached and FAKE not in cached


def test_an_edit_that_keeps_size_and_time_is_seen_by_route(cli: Cli, tmp_path: Path) -> None:
    """On the same machine too: the change time and the content of a fresh file count."""
    root = tmp_path / "ws"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    _warm(cli, root)
    _keep_time(root / STECKBRIEF, lambda t: t.replace(REAL, CHANGED))
    shown = json.dumps(_route(cli, root), ensure_ascii=False)
    assert CHANGED in shown and REAL not in shown


@pytest.mark.parametrize("how", sorted(COPIES))
def test_validate_in_a_copy_sees_an_edit_that_keeps_size_and_time(
    cli: Cli, tmp_path: Path, how: str
) -> None:
    """The validation cache of the original says the Steckbrief is fine; the copy's is not."""
    original = tmp_path / "ws"
    shutil.copytree(BUNDLED, original, ignore=shutil.ignore_patterns(CACHE_DIR))
    assert cli("validate", "--data", str(original)).exit_code == 0
    copy = tmp_path / "kopie"
    COPIES[how](original, copy)
    mail = "samir.alhassan@example.org"
    _keep_time(copy / STECKBRIEF, lambda t: t.replace(mail, mail.replace(".org", ",org")))
    result = cli("validate", "--data", str(copy), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    errors = [(p["file"], p["code"]) for p in problems if p["severity"] == "error"]
    assert (STECKBRIEF, "format") in errors

"""Send ledgers and their locks are untrusted too: in any shape (wrong types, huge numbers, deep
nesting, a folder, pipe or link in a file's place) a German error and exit 1, nothing sent."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailserver import addresses, network_ws, running_server

from merzig_cli.core.errors import UserError
from merzig_cli.network.ledger import LEDGER_DIR, read_ledger

Cli = Callable[..., Any]
CAMPAIGN = "rundbrief-herbst"
GOOD = {"event": "sent", "key": "anna1@example.org", "message_id": "<m@x>", "at": "2026-01-01"}


def _run(cli: Cli, ws: Path, tmp_path: Path, send: bool) -> Any:
    body = tmp_path / "text.md"
    body.write_text("Neuigkeiten.\n", encoding="utf-8")
    return cli("mail", "round", "--all", "--subject", "Rundbrief Herbst", "--body", str(body),
               "--data", str(ws), "--out", str(tmp_path / "out"),
               *(["--send"] if send else []))  # fmt: skip


def _line(**change: Any) -> bytes:
    return json.dumps({**GOOD, **change}).encode() + b"\n"


CONTENTS = {
    "a list": b"[]\n",
    "a number": b"12\n",
    "key a number": _line(key=5),
    "key a dict": _line(key={"a": 1}),
    "unknown event": _line(event="gesendet"),
    "event a list": _line(event=["sent"]),
    "code text": _line(code="250"),
    "code huge": _line(code=10**300),
    "code a float": _line(code=1e308),
    "code true": _line(code=True),
    "reason a dict": _line(reason={"x": [1, 2]}),
    "reason huge": _line(reason="x" * 10_000),
    "fingerprint a list": b'{"event": "campaign", "fingerprint": [1]}\n',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep nesting in a record": b'{"event": "sent", "key": ' + b"[" * 100_000 + b"\n" + b"x}\n",
    "number past the digit limit": b'{"event": "sent", "code": ' + b"9" * 5000 + b"}\n",
    "not UTF-8": b'{"event": "sent", "key": "\xff\xfe"}\n',
    "NUL bytes": b"\x00" * 64 + b"\n",
    "a name, no JSON": b"anna1@example.org\n",
}


@pytest.mark.parametrize("content", list(CONTENTS.values()), ids=list(CONTENTS))
def test_a_ledger_in_a_shape_the_tool_never_writes_is_a_german_error(
    cli: Cli, tmp_path: Path, content: bytes
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        (ws / LEDGER_DIR).mkdir()
        (ws / LEDGER_DIR / f"{CAMPAIGN}.jsonl").write_bytes(content)
        for send in (False, True):
            result = _run(cli, ws, tmp_path, send)
            assert result.exit_code == 1, result.output
            assert "Versandprotokoll" in result.output and "beschädigt" in result.output
            assert "Interner Fehler" not in result.output
        assert server.handler.received == []


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inhalt").write_text("x")


def _link_in(path: Path) -> None:
    inside = path.parent / "anderes.txt"
    inside.write_text("")
    path.symlink_to(inside)


def _link_out(path: Path) -> None:
    outside = path.parents[2] / "fremd.txt"  # beside the workspace
    outside.write_text("gehört jemand anderem\n")
    path.symlink_to(outside)


SHAPES = {"fifo": _fifo, "folder": _folder, "link out": _link_out, "link in": _link_in}
ENGLISH = ("symbolic links", "Is a directory", "Not a directory", "File exists")


@pytest.mark.parametrize("name", [f"{CAMPAIGN}.jsonl", f"{CAMPAIGN}.lock"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_pipe_folder_or_link_in_place_of_the_ledger_or_lock_is_refused(
    cli: Cli, tmp_path: Path, name: str, shape: str
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        (ws / LEDGER_DIR).mkdir()
        SHAPES[shape](ws / LEDGER_DIR / name)
        result = _run(cli, ws, tmp_path, send=True)
        assert result.exit_code == 1, result.output
        assert "Interner Fehler" not in result.output
        assert not any(english in result.output for english in ENGLISH)
        assert server.handler.received == []
        if shape == "link out":
            assert (tmp_path / "fremd.txt").read_text() == "gehört jemand anderem\n"
        if name.endswith(".jsonl"):  # drafts read the ledger too
            drafts = _run(cli, ws, tmp_path, send=False)
            assert drafts.exit_code == 1 and "Interner Fehler" not in drafts.output


@pytest.mark.parametrize("shape", ["file", "fifo", "gitignore folder"])
def test_a_file_or_pipe_in_place_of_the_ledger_folder_is_refused(
    cli: Cli, tmp_path: Path, shape: str
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        folder = ws / LEDGER_DIR
        if shape == "file":
            folder.write_text("kein Ordner")
        elif shape == "fifo":
            os.mkfifo(folder)
        else:
            (folder / ".gitignore").mkdir(parents=True)
        result = _run(cli, ws, tmp_path, send=True)
        assert result.exit_code == 1, result.output
        assert "Interner Fehler" not in result.output and server.handler.received == []
        assert not any(english in result.output for english in ENGLISH)


def test_a_huge_sparse_ledger_is_refused_before_it_is_read(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25, actors=1)
    (ws / LEDGER_DIR).mkdir()
    path = ws / LEDGER_DIR / f"{CAMPAIGN}.jsonl"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # no disk space used
    result = _run(cli, ws, tmp_path, send=False)
    assert result.exit_code == 1 and "MiB" in result.output, result.output


def test_a_valid_ledger_still_counts_and_a_cut_off_line_is_only_counted(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        (ws / LEDGER_DIR).mkdir()
        path = ws / LEDGER_DIR / f"{CAMPAIGN}.jsonl"
        path.write_bytes(_line(code=250) + b'{"event": "sent", "key": "bernd1@exa')
        assert read_ledger(ws, CAMPAIGN).torn_lines == 1
        result = _run(cli, ws, tmp_path, send=True)
        assert result.exit_code == 0, result.output
        assert server.handler.by_address() == dict.fromkeys(addresses(2) - {"anna1@example.org"}, 1)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "event": st.sampled_from(["sent", "pending", "refused", "deferred", "campaign"]) | _json,
        "key": st.text(max_size=30) | _json,
        "message_id": st.text(max_size=10) | _json,
        "at": st.text(max_size=10) | _json,
        "code": st.integers() | _json,
        "reason": st.text(max_size=10) | _json,
        "fingerprint": st.text(max_size=10) | _json,
    },
)
_lines = st.one_of(
    _records.map(lambda r: json.dumps(r).encode()), _json.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=40),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_lines, max_size=6))
def test_fuzzed_ledgers_are_read_or_refused_in_german(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    ws = tmp_path_factory.mktemp("ws")
    (ws / LEDGER_DIR).mkdir()
    (ws / LEDGER_DIR / f"{CAMPAIGN}.jsonl").write_bytes(b"\n".join(lines))
    try:
        ledger = read_ledger(ws, CAMPAIGN)
    except UserError as exc:
        assert "Versandprotokoll" in exc.message
        return
    for key, entry in ledger.entries.items():
        assert isinstance(key, str) and entry.state in ("sent", "pending", "refused", "deferred")
        assert entry.code is None or (type(entry.code) is int and 100 <= entry.code <= 999)
        assert all(isinstance(v, str) for v in (entry.message_id, entry.at, entry.reason))

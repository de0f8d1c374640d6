"""The send ledger after a real crash (SIGKILL of a sending merzig), and SMTP security:
STARTTLS, the password only from MERZIG_SMTP_PASSWORD, no login in clear text."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mailserver import addresses, make_certificate, network_ws, running_server, wait_for

from merzig_cli.network.ledger import LEDGER_DIR

Cli = Callable[..., Any]
REPO = Path(__file__).resolve().parent.parent


def _args(ws: Path, body: Path) -> list[str]:
    return ["mail", "round", "--all", "--subject", "Rundbrief Herbst", "--body", str(body),
            "--data", str(ws), "--send"]  # fmt: skip


def test_sigkill_during_sending_then_rerun_sends_each_mail_exactly_once(
    cli: Cli, tmp_path: Path
) -> None:
    body = tmp_path / "text.md"
    body.write_text("Neuigkeiten aus dem Netzwerk.\n", encoding="utf-8")
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=6)
        # the server takes its time to answer each message: the 8 after the third take 1.6 s,
        # the kill comes within a poll of 20 ms (on a loaded machine, later)
        server.handler.delay = 0.2
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "merzig_cli", *_args(ws, body)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: len(server.handler.received) >= 3)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        received = set(server.handler.by_address())
        assert 3 <= len(received) < len(addresses(6))  # killed in the middle of the batch

        lines = (ws / LEDGER_DIR / "rundbrief-herbst.jsonl").read_text().splitlines()
        last: dict[str, str] = {}
        for line in lines:
            record = json.loads(line)
            if "key" in record:
                last[record["key"]] = record["event"]
        sent = {k for k, e in last.items() if e == "sent"}
        unclear = {k for k, e in last.items() if e == "pending"}
        assert sent <= received  # the ledger never claims more than the server got
        assert received <= sent | unclear  # nothing the server got is missing from the ledger
        assert len(unclear) <= 1  # one mail at a time can be in the window

        server.handler.delay = 0.0
        rerun = cli(*_args(ws, body))
        assert rerun.exit_code == (1 if unclear else 0), rerun.output
        assert server.handler.by_address() == dict.fromkeys(addresses(6), 1)  # no duplicate
        assert ("unklar" in rerun.output) == bool(unclear)


def test_starttls_and_login_with_the_password_from_the_environment(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = make_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    body = tmp_path / "text.md"
    body.write_text("Hallo.\n", encoding="utf-8")
    with running_server(tls=(cert, key)) as server:
        ws = network_ws(
            tmp_path / "ws",
            server.port,
            actors=1,
            starttls=True,
            user="anlaufstelle",
            host="localhost",
        )
        monkeypatch.delenv("MERZIG_SMTP_PASSWORD", raising=False)
        without = cli(*_args(ws, body))
        assert without.exit_code == 1 and "MERZIG_SMTP_PASSWORD" in without.stderr
        assert server.handler.received == [] and server.handler.logins == []

        monkeypatch.setenv("MERZIG_SMTP_PASSWORD", "geheim-123")
        result = cli(*_args(ws, body))
        assert result.exit_code == 0, result.output
        assert server.handler.logins == [("anlaufstelle", "geheim-123")]
        assert [r.tls for r in server.handler.received] == [True]
        assert "geheim-123" not in (ws / "config.yaml").read_text()

        monkeypatch.setenv("MERZIG_SMTP_PASSWORD", "falsch")
        (ws / LEDGER_DIR / "rundbrief-herbst.jsonl").unlink()
        wrong = cli(*_args(ws, body))
        assert wrong.exit_code == 1 and "Anmeldung" in wrong.stderr


def test_no_login_in_clear_text_and_no_silent_downgrade(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = tmp_path / "text.md"
    body.write_text("Hallo.\n", encoding="utf-8")
    monkeypatch.setenv("MERZIG_SMTP_PASSWORD", "geheim-123")
    remote = network_ws(
        tmp_path / "remote", 587, actors=1, user="anlaufstelle", host="mail.example.org"
    )
    clear = cli(*_args(remote, body))
    assert clear.exit_code == 1 and "ohne Verschlüsselung" in clear.stderr
    with running_server() as server:  # a server without STARTTLS
        ws = network_ws(tmp_path / "ws", server.port, actors=1, starttls=True)
        result = cli(*_args(ws, body))
        assert result.exit_code == 1 and "kein STARTTLS" in result.stderr
        assert server.handler.received == []


def test_an_unreachable_server_sends_nothing_and_says_so(cli: Cli, tmp_path: Path) -> None:
    from mailserver import free_port

    body = tmp_path / "text.md"
    body.write_text("Hallo.\n", encoding="utf-8")
    ws = network_ws(tmp_path / "ws", free_port(), actors=1)
    result = cli(*_args(ws, body))
    assert result.exit_code == 1 and "nicht erreichbar" in result.stderr
    assert "Interner Fehler" not in result.stderr


def test_a_line_torn_by_a_crash_is_ignored_and_the_ledger_goes_on(cli: Cli, tmp_path: Path) -> None:
    from merzig_cli.network.ledger import read_ledger

    body = tmp_path / "text.md"
    body.write_text("Hallo.\n", encoding="utf-8")
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        assert cli(*_args(ws, body), "--limit", "1").exit_code == 1
        path = ws / LEDGER_DIR / "rundbrief-herbst.jsonl"
        with path.open("ab") as ledger:
            ledger.write(b'{"event": "sent", "key": "bernd1@exa')  # power cut mid-line
        assert read_ledger(ws, "rundbrief-herbst").torn_lines == 1
        rerun = cli(*_args(ws, body))
        assert rerun.exit_code == 0, rerun.output
        assert server.handler.by_address() == dict.fromkeys(addresses(2), 1)
        assert read_ledger(ws, "rundbrief-herbst").torn_lines == 1
        assert all(json.loads(line) for line in path.read_text().splitlines()[-2:])


def test_a_full_disk_stops_before_the_server_can_accept(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    body = tmp_path / "text.md"
    body.write_text("Hallo.\n", encoding="utf-8")
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the campaign header is written, the first "pending" is not
            raise OSError(errno.ENOSPC, "Kein Platz auf dem Gerät")
        real_fsync(fd)

    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        monkeypatch.setattr(os, "fsync", fsync)
        full = cli(*_args(ws, body))
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert full.exit_code == 1 and "Versandprotokoll" in full.stderr
        assert "Interner Fehler" not in full.stderr
        assert server.handler.received == []  # the final dot was never sent
        rerun = cli(*_args(ws, body))
        assert rerun.exit_code == 0, rerun.output
        assert server.handler.by_address() == dict.fromkeys(addresses(2), 1)

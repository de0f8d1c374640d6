"""SMTP servers that misbehave on purpose (tests/smtpscript.py, a real socket on 127.0.0.1):
a reply without a valid code, an endless continuation, a refused sender, a hang-up."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mailserver import addresses, network_ws, running_server
from smtpscript import DRIP, DROP, ENDLESS, Script, scripted_server

from merzig_cli.network import rounds, transport
from merzig_cli.network.ledger import LEDGER_DIR

Cli = Callable[..., Any]
CAMPAIGN = "rundbrief-herbst"


def _send(cli: Cli, ws: Path, tmp_path: Path, *extra: str, send: bool = True) -> Any:
    body = tmp_path / "text.md"
    body.write_text("Neuigkeiten aus dem Netzwerk.\n", encoding="utf-8")
    return cli("mail", "round", "--all", "--subject", "Rundbrief Herbst", "--body", str(body),
               "--data", str(ws), "--out", str(tmp_path / "out"), "--retry-wait", "0",
               *(["--send"] if send else []), *extra)  # fmt: skip


def _events(ws: Path) -> dict[str, str]:
    """The last ledger event per recipient."""
    path = ws / LEDGER_DIR / f"{CAMPAIGN}.jsonl"
    last: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        record = json.loads(line)
        if "key" in record:
            last[record["key"]] = record["event"]
    return last


@pytest.mark.parametrize(
    "reply",
    [
        b"Danke!\r\n",  # no code at all
        b"2500 angenommen\r\n",  # four digits
        b"25\r\n",
        b"\r\n",
        b"999 was auch immer\r\n",
        b"250-erste Zeile\r\n451 zweite Zeile\r\n",  # codes that disagree
    ],
)
def test_a_reply_without_a_valid_code_after_the_message_is_unclear_and_never_resent(
    cli: Cli, tmp_path: Path, reply: bytes
) -> None:
    script = Script(replies={".": [reply]})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        first = _send(cli, ws, tmp_path)
        assert first.exit_code == 1, first.output
        assert "unklar" in first.output and "Interner Fehler" not in first.output
        assert len(script.received) == 1  # the run stopped: the server speaks no SMTP
        unclear = script.received[0].rcpt_tos[0].lower()
        assert _events(ws) == {unclear: "pending"}

        rerun = _send(cli, ws, tmp_path)  # the server behaves now
        assert rerun.exit_code == 1, rerun.output  # the unclear one stays to be asked about
        assert script.by_address() == dict.fromkeys(addresses(2), 1)  # nobody twice
        assert _events(ws)[unclear] == "pending"


@pytest.mark.parametrize(
    ("command", "reply"),
    [(".", ENDLESS), (".", DRIP), ("MAIL", ENDLESS), ("RCPT", DRIP), ("DATA", ENDLESS)],
)
def test_an_endless_reply_ends_at_the_message_deadline_and_frees_the_lock(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, reply: bytes
) -> None:
    script = Script(replies={command: [reply]})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        # 10 drips of 50 ms (the reply limit of 100 lines would take 5 s). What must fit in
        # the deadline before the endless reply, MAIL to the ledger's "pending" (an fsync)
        # before the dot, takes milliseconds, on a loaded machine more; the rerun has the
        # default deadline.
        with monkeypatch.context() as patch:
            patch.setattr(transport, "MESSAGE_SECONDS", 1.0)
            began = time.monotonic()
            result = _send(cli, ws, tmp_path)
            assert time.monotonic() - began < 20  # not for ever, and not once per line
        assert result.exit_code == 1, result.output
        assert "Zeitlimit" in result.output and "Interner Fehler" not in result.output
        committed = command == "."
        assert ("unklar" in result.output) == committed
        assert set(_events(ws).values()) == ({"pending"} if committed else set())

        rerun = _send(cli, ws, tmp_path)  # the lock was let go: the rerun finishes the work
        assert "gerade von einem anderen Vorgang" not in rerun.output
        assert rerun.exit_code == (1 if committed else 0), rerun.output
        assert script.by_address() == dict.fromkeys(addresses(2), 1)


def test_an_endless_greeting_ends_at_the_deadline(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "TIMEOUT_SECONDS", 0.5)  # connecting takes milliseconds
    with scripted_server(Script(replies={"EHLO": [ENDLESS]})) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=1)
        began = time.monotonic()
        result = _send(cli, ws, tmp_path)
        assert time.monotonic() - began < 20
        assert result.exit_code == 1 and "nichts wurde versandt" in result.output
        assert "Interner Fehler" not in result.output


@pytest.mark.parametrize(
    "reply", [b"550 5.7.1 Absender nicht erlaubt\r\n", b"553 5.1.8 nein\r\n", b"Kaputt\r\n"]
)
def test_a_refused_sender_stops_the_run_and_leaves_every_recipient_open(
    cli: Cli, tmp_path: Path, reply: bytes
) -> None:
    script = Script(replies={"MAIL": [reply]})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        result = _send(cli, ws, tmp_path)
        assert result.exit_code == 1, result.output
        assert "Absender (MAIL FROM)" in result.output and "abgelehnt" not in result.output
        assert script.commands.count("MAIL") == 1 and "RCPT" not in script.commands
        assert script.received == [] and _events(ws) == {}  # nobody refused for good

        rerun = _send(cli, ws, tmp_path)
        assert rerun.exit_code == 0, rerun.output
        assert script.by_address() == dict.fromkeys(addresses(2), 1)


def test_a_refused_data_command_stops_the_run_without_a_final_refusal(
    cli: Cli, tmp_path: Path
) -> None:
    script = Script(replies={"DATA": [b"554 5.3.0 Dienst gestoert\r\n"]})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        result = _send(cli, ws, tmp_path)
        assert result.exit_code == 1 and "Beginn der Mail (DATA)" in result.output
        assert _events(ws) == {}
        assert _send(cli, ws, tmp_path).exit_code == 0
        assert script.by_address() == dict.fromkeys(addresses(2), 1)


def test_a_recipient_refused_for_good_does_not_stop_the_others(cli: Cli, tmp_path: Path) -> None:
    script = Script(rcpt={"bernd1@example.org": b"550 5.1.1 unbekannt\r\n"})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        result = _send(cli, ws, tmp_path)
        assert result.exit_code == 1 and "abgelehnt" in result.output
        assert script.by_address() == {"anna1@example.org": 1, "anna2@example.org": 1}
        assert _events(ws)["bernd1@example.org"] == "refused"


def test_a_hang_up_after_the_dot_is_unclear(cli: Cli, tmp_path: Path) -> None:
    script = Script(replies={".": [DROP]})
    with scripted_server(script) as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=1)
        result = _send(cli, ws, tmp_path)
        assert result.exit_code == 1 and "unklar" in result.output
        assert _events(ws) == {"anna1@example.org": "pending"}


def test_every_bcc_chunk_has_its_own_message_id(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rounds, "BCC_CHUNK", 3)
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=4)  # 7 addresses: 3 + 3 + 1
        drafts = _send(cli, ws, tmp_path, "--bcc", send=False)
        assert drafts.exit_code == 0, drafts.output
        folder = tmp_path / "out" / "mail" / CAMPAIGN
        draft_ids = set()
        for path in sorted(folder.glob("*.eml")):
            line = next(x for x in path.read_text().splitlines() if x.startswith("Message-ID:"))
            draft_ids.add(line.split(":", 1)[1].strip())
        result = _send(cli, ws, tmp_path, "--bcc")
        assert result.exit_code == 0, result.output
        sent_ids = [str(m.message["Message-ID"]) for m in server.handler.received]
        assert len(sent_ids) == 3 and len(set(sent_ids)) == 3
        assert set(sent_ids) == draft_ids  # the draft is the mail that was sent
        assert server.handler.by_address() == dict.fromkeys(addresses(4), 1)

"""Mail that feels finished: greeting and closing not doubled, --no-greeting, a Date header on
drafts, progress while sending (a line every few mails without a terminal)."""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from mailserver import network_ws, running_server

from merzig_cli.network.compose import own_salutation

Cli = Callable[..., Any]
OWN = "Liebe Kolleginnen und Kollegen,\n\nwir treffen uns wieder.\n\nViele Grüße\nErika Beispiel\n"
PLAIN = "wir treffen uns wieder.\n"


def _drafts(cli: Cli, tmp_path: Path, body: str, *extra: str) -> list[EmailMessage]:
    ws = network_ws(tmp_path / "ws", 25)
    text = tmp_path / "text.md"
    text.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("mail", "round", "--all", "--subject", "Treffen", "--body", str(text),
                 "--data", str(ws), "--out", str(out), *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    found = []
    for path in sorted((out / "mail" / "treffen").glob("*.eml")):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(msg, EmailMessage)
        found.append(msg)
    return found


def _parts(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return text, html


def test_a_body_with_its_own_greeting_and_closing_gets_neither_twice(
    cli: Cli, tmp_path: Path
) -> None:
    msg = _drafts(cli, tmp_path, OWN)[0]
    text, html = _parts(msg)
    assert text.startswith("Liebe Kolleginnen und Kollegen,")
    assert "Guten Tag" not in text and "Guten Tag" not in html
    assert "Mit freundlichen Grüßen" not in text and "Mit freundlichen Grüßen" not in html
    assert text.count("Grüße") == 1
    assert "Anlaufstelle Integration Musterstadt" in text  # the office's contact block stays
    assert msg["Date"].datetime.tzinfo is not None  # a draft carries the day it was written


def test_without_them_the_tool_greets_and_closes_and_no_greeting_leaves_both_out(
    cli: Cli, tmp_path: Path
) -> None:
    text, html = _parts(_drafts(cli, tmp_path / "a", PLAIN)[0])
    assert text.startswith("Guten Tag Anna Muster1,") and "Mit freundlichen Grüßen" in text
    assert "Guten Tag" in html and "Mit freundlichen Grüßen" in html
    text, html = _parts(_drafts(cli, tmp_path / "b", PLAIN, "--no-greeting")[0])
    assert text.startswith("wir treffen uns wieder.")
    assert "Guten Tag" not in text + html and "Mit freundlichen Grüßen" not in text + html


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sehr geehrte Damen und Herren,\n\nText.", (True, False)),
        ("Hallo zusammen!\n\nText.\n\nMit freundlichen Grüßen\nIhr Team", (True, True)),
        ("**Liebe Partner**,\n\nText.\n\n*Beste Grüße*", (True, True)),
        ("Das Treffen ist verlegt. Liebe Grüße an alle, die kommen.\n\nText.", (False, False)),
        ("Text.\n\nHerzliche Grüße aus dem Rathaus", (False, True)),
        ("", (False, False)),
    ],
)
def test_own_greeting_and_closing_are_recognised(body: str, expected: tuple[bool, bool]) -> None:
    assert own_salutation(body) == expected


def test_a_long_send_reports_progress_every_few_mails(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=6)  # 11 addresses
        text = tmp_path / "text.md"
        text.write_text(PLAIN, encoding="utf-8")
        result = cli("mail", "round", "--all", "--subject", "Treffen", "--body", str(text),
                     "--data", str(ws), "--out", str(tmp_path / "out"), "--send")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert len(server.handler.received) == 11
    lines = [line for line in result.stderr.splitlines() if line.startswith("Versand:")]
    assert lines == ["Versand: 10 von 11 Mails", "Versand: 11 von 11 Mails"]
    mail = server.handler.received[0].message
    assert mail["Date"].datetime.tzinfo is not None

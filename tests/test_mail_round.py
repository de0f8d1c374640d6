"""Round mails: drafts by default; with --send through a real SMTP server on localhost,
recorded in the send ledger so that nothing is ever sent twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from email import message_from_bytes, policy
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from mailserver import Handler, addresses, load, network_ws, running_server

from merzig_cli.network.ledger import LEDGER_DIR, open_ledger

Cli = Callable[..., Any]
BODY = "Liebe Partnerinnen und Partner,\n\nwir laden **herzlich** ein.\n\n- Austausch\n- Imbiss\n"


def _round(cli: Cli, ws: Path, tmp_path: Path, *extra: str) -> Any:
    body = tmp_path / "text.md"
    if not body.exists():
        body.write_text(BODY, encoding="utf-8")
    args = ["mail", "round", "--list", "alle", "--subject", "Einladung zum Netzwerktreffen"]
    return cli(
        *args, "--body", str(body), "--data", str(ws), "--out", str(tmp_path / "out"), *extra
    )


def _completes(result: Any, handler: Handler) -> None:
    """The run finished and every address has received the mail exactly once."""
    assert result.exit_code == 0, result.output
    assert handler.by_address() == dict.fromkeys(addresses(), 1)


def _ledger(ws: Path, name: str = "einladung-zum-netzwerktreffen") -> list[dict[str, Any]]:
    path = ws / LEDGER_DIR / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_without_send_it_writes_drafts_and_sends_nothing(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        result = _round(cli, ws, tmp_path)
        assert result.exit_code == 0, result.output
        assert server.handler.received == []
    folder = tmp_path / "out" / "mail" / "einladung-zum-netzwerktreffen"
    drafts = sorted(folder.glob("*.eml"))
    assert len(drafts) == len(addresses())
    msg = message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert str(msg["From"]) == "Anlaufstelle Integration Musterstadt <integration@example.org>"
    assert str(msg["To"]) == "Anna Muster1 <anna1@example.org>"
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    # the body brings its own greeting: the tool's „Guten Tag …,“ is not put before it
    assert text.startswith("Liebe Partnerinnen und Partner,") and "Guten Tag" not in text
    assert msg["Date"] is not None and msg["Date"].datetime.tzinfo is not None
    assert "<strong>herzlich</strong>" in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    # the contact person without an address is listed, not dropped silently
    assert "Bernd Beispiel4" in result.output and "ohne E-Mail-Adresse" in result.output
    assert (
        "Entwurf" in result.output
        and not (ws / LEDGER_DIR / "einladung-zum-netzwerktreffen.jsonl").exists()
    )
    again = _round(cli, ws, tmp_path)
    assert again.exit_code == 0
    assert (
        drafts[0].read_bytes() == sorted(folder.glob("*.eml"))[0].read_bytes()
    )  # same mail, same bytes


def test_send_delivers_one_mail_per_person_and_a_rerun_sends_nothing_again(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 0, result.output
        got = server.handler.received
        assert server.handler.by_address() == dict.fromkeys(addresses(), 1)
        for mail in got:
            msg = mail.message
            assert mail.mail_from == "integration@example.org"
            assert [a.addr_spec for a in msg["To"].addresses] == mail.rcpt_tos
            assert msg["Subject"] == "Einladung zum Netzwerktreffen"
            plain = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
            assert "wir laden **herzlich** ein." in plain and "Mit freundlichen Grüßen" in plain
            assert "<li>Austausch</li>" in html and 'lang="de"' in html
            assert msg["Date"] is not None and msg["Message-ID"].endswith("@example.org>")
        ids = {m.message["Message-ID"] for m in got}
        assert len(ids) == len(got)
        ledger = _ledger(ws)
        assert {r["key"] for r in ledger if r["event"] == "sent"} == addresses()
        assert (
            "herzlich" not in (ws / LEDGER_DIR / "einladung-zum-netzwerktreffen.jsonl").read_text()
        )
        assert (ws / LEDGER_DIR / ".gitignore").read_text().strip().endswith("*")

        again = _round(cli, ws, tmp_path, "--send")
        assert again.exit_code == 0, again.output
        assert len(server.handler.received) == len(got)
        assert "schon früher versandt" in again.output


def test_bcc_sends_one_mail_without_revealing_the_addresses(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        result = _round(cli, ws, tmp_path, "--send", "--bcc")
        assert result.exit_code == 0, result.output
        [mail] = server.handler.received
        assert {a.lower() for a in mail.rcpt_tos} == addresses()
        msg = mail.message
        assert str(msg["To"]) == "Anlaufstelle Integration Musterstadt <integration@example.org>"
        assert msg["Bcc"] is None and b"anna1@example.org" not in mail.data
        text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert text.startswith("Liebe Partnerinnen und Partner,")  # the body's own greeting, once
        assert "Guten Tag" not in text and "Anna" not in text  # nobody's name in a BCC mail


def test_refusals_temporary_are_retried_permanent_are_recorded_never_sent(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        server.handler.rcpt_replies = {
            "anna2@example.org": "550 5.1.1 Postfach unbekannt",
            "bernd1@example.org": "451 4.7.1 Bitte später erneut (Greylisting)",
        }
        first = _round(cli, ws, tmp_path, "--send", "--retry-wait", "0", "--json")
        assert first.exit_code == 1
        report = json.loads(first.stdout)
        states = {r["address"]: r["status"] for r in report["recipients"]}
        assert states["anna2@example.org"] == "refused"
        assert states["bernd1@example.org"] == "deferred"
        assert "550 5.1.1 Postfach unbekannt" in next(
            r["detail"] for r in report["recipients"] if r["address"] == "anna2@example.org"
        )
        assert server.handler.mails == len(addresses()) + 2  # the 451 was tried three times
        refused = [r for r in _ledger(ws) if r["event"] == "refused"]
        assert refused[0]["key"] == "anna2@example.org" and refused[0]["code"] == 550

        server.handler.rcpt_replies = {}  # the greylisting is over, the mailbox still gone
        second = _round(cli, ws, tmp_path, "--send", "--json")
        report = json.loads(second.stdout)
        states = {r["address"]: r["status"] for r in report["recipients"]}
        assert states["bernd1@example.org"] == "sent"
        assert states["anna2@example.org"] == "refused"  # recorded once, never reported as sent
        counts = server.handler.by_address()
        assert "anna2@example.org" not in counts
        assert counts == dict.fromkeys(addresses() - {"anna2@example.org"}, 1)


@pytest.mark.parametrize(
    ("stop", "extra", "said", "before"),
    [
        ("limit", ["--limit", "2"], "--limit", 2),
        # the server hangs up at the fourth MAIL FROM, in the middle of the batch
        ("dropped connection", [], "Abgebrochen: Verbindung zum Mailserver abgebrochen", 3),
    ],
)
def test_an_interrupted_run_is_completed_by_the_rerun_without_duplicates(
    cli: Cli, tmp_path: Path, stop: str, extra: list[str], said: str, before: int
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        server.handler.drop_at_mail = 4 if stop == "dropped connection" else None
        first = _round(cli, ws, tmp_path, "--send", *extra)
        assert first.exit_code == 1  # not complete yet
        assert said in first.output + first.stderr
        assert len(server.handler.received) == before
        _completes(_round(cli, ws, tmp_path, "--send"), server.handler)


def test_a_drop_after_the_final_dot_is_unclear_and_not_resent_unless_asked(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        server.handler.drop_after_data = 2  # takes the message, hangs up before answering
        first = _round(cli, ws, tmp_path, "--send")
        assert first.exit_code == 1 and "unklar" in first.output
        unclear = server.handler.received[1].rcpt_tos[0].lower()
        server.handler.drop_after_data = None
        second = _round(cli, ws, tmp_path, "--send")
        assert second.exit_code == 1  # the unclear one stays for the coordinator to decide
        assert server.handler.by_address() == dict.fromkeys(addresses(), 1)
        third = _round(cli, ws, tmp_path, "--send", "--resend-unclear")
        assert third.exit_code == 0, third.output
        assert server.handler.by_address()[unclear] == 2
        first_id, second_id = (
            m.message["Message-ID"] for m in server.handler.received if unclear in m.rcpt_tos
        )
        assert first_id == second_id  # the same Message-ID lets mail programs drop the copy


def test_the_rate_limit_spaces_the_mails(cli: Cli, tmp_path: Path) -> None:
    import time

    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2, per_minute=300)
        start = time.monotonic()
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 0, result.output
        assert len(server.handler.received) == 3
        assert time.monotonic() - start >= 0.4  # 3 mails at 300 a minute: two gaps of 0.2 s
        # each transaction begins 0.2 s after the one before, as the server sees it (less the
        # network's few milliseconds); without the limit they follow within some 50 ms
        gaps = [later - earlier for earlier, later in pairwise(server.handler.mail_at)]
        assert len(gaps) == 2 and min(gaps) >= 0.1, gaps  # without the limit: ~0.05 s


def test_a_second_sender_of_the_same_campaign_is_refused(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        with open_ledger(ws, "einladung-zum-netzwerktreffen"):
            result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 1
        assert "gerade von einem anderen Vorgang versandt" in result.stderr
        assert server.handler.received == []


def test_a_changed_text_cannot_continue_a_started_campaign(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        assert _round(cli, ws, tmp_path, "--send", "--limit", "1").exit_code == 1
        (tmp_path / "text.md").write_text("Ganz anderer Text.\n", encoding="utf-8")
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 1 and "anderen Text begonnen" in result.stderr
        assert len(server.handler.received) == 1
        renamed = _round(cli, ws, tmp_path, "--send", "--campaign", "einladung-neu")
        assert renamed.exit_code == 0, renamed.output


def test_recipients_must_be_chosen_and_known(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    body = tmp_path / "text.md"
    body.write_text(BODY, encoding="utf-8")
    base = ["mail", "round", "--subject", "Hallo", "--body", str(body), "--data", str(ws)]
    none = cli(*base)
    assert none.exit_code == 2 and "--all" in none.stderr
    unknown = cli(*base, "--list", "alel")
    assert unknown.exit_code == 2 and "Meinten Sie „alle“" in unknown.stderr
    zero = cli(*base, "--all", "--limit", "0")
    assert zero.exit_code == 2 and "mindestens 1" in zero.stderr
    missing = cli(*base[:-4], "--body", str(tmp_path / "fehlt.md"), "--all", "--data", str(ws))
    assert missing.exit_code == 1 and "gibt es nicht" in missing.stderr


def test_hostile_names_cannot_add_headers_and_a_workspace_template_wins(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=1)
        path = ws / "actors" / "akteur-1.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "name: Anna Muster1", 'name: "Anna\\nBcc: opfer@example.net"'
        )
        path.write_text(text, encoding="utf-8")
        own = ws / "templates" / "mail" / "round.txt.j2"
        own.parent.mkdir(parents=True)
        own.write_text("Moin {{ names | join(' ') }}!\n\n{{ body_text }}\n", encoding="utf-8")
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 0, result.output
        for mail in server.handler.received:
            assert b"\nBcc:" not in mail.data and mail.rcpt_tos != ["opfer@example.net"]
        anna = next(m.message for m in server.handler.received if "anna1@example.org" in m.rcpt_tos)
        plain: Any = anna.get_body(("plain",))
        assert plain.get_content().startswith("Moin Anna Bcc: opfer@example.net!")


def test_the_library_reports_the_ledger_it_wrote(tmp_path: Path) -> None:
    from merzig_cli.network.delivery import deliver
    from merzig_cli.network.recipients import Choice
    from merzig_cli.network.rounds import round_mail

    with running_server() as server:
        ws = load(network_ws(tmp_path / "ws", server.port, actors=1))
        body = tmp_path / "text.md"
        body.write_text(BODY, encoding="utf-8")
        result = deliver(ws, round_mail(ws, "Hallo", body, Choice(everyone=True)))
        assert result.complete and result.count("sent") == 1 and result.count("no-address") == 1
        assert result.ledger == ws.root / LEDGER_DIR / "hallo.jsonl"


def test_an_empty_subject_is_refused(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    body = tmp_path / "text.md"
    body.write_text("Hallo\n", encoding="utf-8")
    result = cli("mail", "round", "--all", "--subject", " \n ", "--body", str(body),
                 "--data", str(ws), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == 2 and "--subject darf nicht leer sein" in result.stderr
    assert not (tmp_path / "out").exists()

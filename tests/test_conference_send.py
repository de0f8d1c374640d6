"""conference send: one mail per participant with its time plan and ONE calendar of all its
slots, through a real SMTP server on 127.0.0.1; drafts first, never twice, resumable; the
excerpt leaves only with conference.mail_excerpts: true; a withdrawn case is in no mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conference_support import conference_workspace
from mailserver import running_server
from pdftext_support import page_texts

Cli = Callable[..., Any]
CAMPAIGN = "konferenz-fk-2027"
PARTICIPANTS = {"k-schule@example.org", "k-jugendamt@example.org", "k-jobcenter@example.org",
                "k-jmd@example.org"}  # fmt: skip  # the office itself is needed for no case
# the JMD's cases 03, 06, 09, 12, 15, 18, 21 are never next to each other: seven appointments
JMD = [("09:50", "10:10"), ("10:30", "10:50"), ("11:25", "11:45"), ("13:25", "13:45"),
       ("14:25", "14:45"), ("15:25", "15:45"), ("16:25", "16:45")]  # fmt: skip
ARGS = ("conference", "send", "fk-2027", "--date", "2027-06-01")
SMTP = "smtp:\n  host: 127.0.0.1\n  port: {port}\n  sender: integration@example.org\n  per_minute: 10000\n"


def _workspace(root: Path, port: int = 25, excerpts: bool = False) -> Path:
    conference_workspace(root)
    config = root / "config.yaml"
    extra = SMTP.format(port=port) + ("conference:\n  mail_excerpts: true\n" if excerpts else "")
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


def _send(cli: Cli, root: Path, out: Path, *extra: str) -> Any:
    return cli("conference", "send", "fk-2027", "--date", "2027-06-01", "--data", str(root),
               "--out", str(out), *extra)  # fmt: skip


def _parse(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _calendars(msg: EmailMessage) -> list[Any]:
    return [
        icalendar.Calendar.from_ical(part.get_content())
        for part in msg.iter_attachments()
        if (part.get_filename() or "").endswith(".ics")
    ]


def _times(cal: Any) -> list[tuple[str, str]]:
    return sorted(
        (e["DTSTART"].dt.strftime("%H:%M"), e["DTEND"].dt.strftime("%H:%M")) for e in cal.events
    )


def test_drafts_then_send_once_with_one_calendar_of_all_slots(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        root = _workspace(tmp_path / "ws", server.port)
        out = tmp_path / "out"
        drafts = _send(cli, root, out)
        assert drafts.exit_code == 0, drafts.output
        assert server.handler.received == []  # drafts send nothing
        assert "Fall fk-2027-04 ausgelassen" in drafts.stderr  # the withdrawn case is told
        files = sorted((out / "mail" / CAMPAIGN).glob("*.eml"))
        assert len(files) == len(PARTICIPANTS)
        for path in files:
            draft = _parse(path.read_bytes())
            assert draft["Date"].datetime.tzinfo is not None  # a draft says when it was written

        sent = _send(cli, root, out, "--send")
        assert sent.exit_code == 0, sent.output
        assert server.handler.by_address() == dict.fromkeys(PARTICIPANTS, 1)
        invitations = {}
        for mail in server.handler.received:
            msg = mail.message
            [cal] = _calendars(msg)  # ONE calendar file, not one per block
            assert str(cal["METHOD"]) == "PUBLISH"
            invitations[mail.rcpt_tos[0]] = cal
            text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            for start, end in _times(cal):
                assert start in text and end in text  # the time plan names every appointment
            assert "abholen" in text or "erhalten ihn bei" in text  # where to collect the excerpt
            assert not [
                p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"
            ]
            raw = mail.data.decode("utf-8", "replace")
            assert "W. D." not in raw and "fk-2027-04" not in raw and "Familiengeheimnis" not in raw
            html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
            shown = (
                text
                + html
                + "".join(str(e.get("DESCRIPTION")) + str(e["SUMMARY"]) for e in cal.events)
            )
            assert not re.search(r"\bT\d\d\b", shown)  # no pseudonym in a mail or calendar
        assert _times(invitations["k-jmd@example.org"]) == JMD
        school = _times(invitations["k-schule@example.org"])
        assert school == [("09:00", "11:10"), ("11:25", "11:45"), ("12:45", "17:05")]

        again = _send(cli, root, out, "--send")  # never twice
        assert again.exit_code == 0, again.output
        assert len(server.handler.received) == len(PARTICIPANTS)
        assert "schon früher versandt" in again.output

    # the plan's single invitations carry the same UIDs and SEQUENCEs: importing both is no
    # second appointment
    plan = cli("conference", "plan", "fk-2027", "--format", "md", "--date", "2027-06-01",
               "--data", str(root), "--out", str(tmp_path / "plan"))  # fmt: skip
    assert plan.exit_code == 0, plan.stderr
    single = {}
    for path in (tmp_path / "plan" / "fk-2027" / "einladungen").glob("jmd-*.ics"):
        event: Any
        [event] = icalendar.Calendar.from_ical(path.read_bytes()).events
        single[str(event["UID"])] = int(event["SEQUENCE"])
    mailed = {str(e["UID"]): int(e["SEQUENCE"]) for e in invitations["k-jmd@example.org"].events}
    assert mailed == single and len(single) == len(JMD)


def test_an_interrupted_send_resumes_without_doubles(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        root = _workspace(tmp_path / "ws", server.port)
        out = tmp_path / "out"
        server.handler.drop_at_mail = 3  # the server hangs up at the third mail
        first = _send(cli, root, out, "--send")
        assert first.exit_code == 1 and "Abgebrochen" in first.stderr
        assert len(server.handler.received) == 2
        second = _send(cli, root, out, "--send")
        assert second.exit_code == 0, second.output
        assert server.handler.by_address() == dict.fromkeys(PARTICIPANTS, 1)


def test_a_moved_conference_raises_sequence_and_a_changed_send_needs_a_new_name(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        root = _workspace(tmp_path / "ws", server.port)
        out = tmp_path / "out"
        assert _send(cli, root, out, "--send").exit_code == 0
        first = {
            str(e["UID"]): e
            for m in server.handler.received
            for e in _calendars(m.message)[0].events
        }
        conf = root / "conferences/fk-2027.yaml"
        conf.write_text(
            conf.read_text("utf-8").replace('start: "09:00"', 'start: "09:30"'), "utf-8"
        )
        refused = _send(cli, root, out, "--send")  # the ledger knows the first content
        assert refused.exit_code == 1 and "--campaign" in refused.stderr
        assert len(server.handler.received) == len(PARTICIPANTS)
        update = _send(cli, root, out, "--send", "--campaign", "konferenz-fk-2027-neu")
        assert update.exit_code == 0, update.output
        later = server.handler.received[len(PARTICIPANTS) :]
        assert len(later) == len(PARTICIPANTS)
        for mail in later:
            for event in _calendars(mail.message)[0].events:
                uid = str(event["UID"])
                if uid in first and event["DTSTART"].dt != first[uid]["DTSTART"].dt:
                    assert int(event["SEQUENCE"]) == int(first[uid]["SEQUENCE"]) + 1


@pytest.fixture(scope="module")
def with_excerpts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[EmailMessage]]:
    """Drafts of a workspace that mails the excerpts (built once: the PDFs take a moment)."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    base = tmp_path_factory.mktemp("excerpts")
    root = _workspace(base / "ws", excerpts=True)
    for case in range(8, 23):  # seven cases (the withdrawn 04 among them) make short PDFs
        (root / "cases" / "2027" / f"fk-2027-{case:02d}.yaml").unlink()
    out = base / "out"
    result = CliRunner().invoke(
        app,
        [*ARGS, "--data", str(root), "--out", str(out)],
        env={"MERZIG_TODAY": "2027-06-01"},
    )
    assert result.exit_code == 0, result.output
    assert "unverschlüsselt" in result.output  # case data over a plain connection is pointed out
    drafts = [_parse(p.read_bytes()) for p in sorted((out / "mail" / CAMPAIGN).glob("*.eml"))]
    return out, drafts


def test_excerpts_are_attached_only_when_the_config_says_so(
    with_excerpts: tuple[Path, list[EmailMessage]],
) -> None:
    out, drafts = with_excerpts
    assert len(drafts) == len(PARTICIPANTS)
    for msg in drafts:
        pdfs = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
        [pdf] = pdfs
        actor = str(msg["To"]).split("<k-")[1].split("@")[0]
        assert pdf.get_filename() == f"auszug-{actor}.pdf"
        data = pdf.get_content()
        assert data.startswith(b"%PDF")
        # the attachment is the excerpt recorded in the manifest of case documents
        assert (out / "fk-2027" / "auszuege" / f"auszug-{actor}.pdf").read_bytes() == data
        text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "liegt als PDF bei" in text and "abholen" not in text
        assert len(_calendars(msg)) == 1
        assert "protokoll" not in " ".join(str(p.get_filename()) for p in msg.iter_attachments())


def test_the_withdrawn_case_is_in_no_excerpt(
    with_excerpts: tuple[Path, list[EmailMessage]],
) -> None:
    _, drafts = with_excerpts
    # the youth office shares every case, the withdrawn one included, were it not withheld
    for msg in [m for m in drafts if "k-jugendamt@" in str(m["To"])]:
        [pdf] = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
        text = "".join(page_texts(pdf.get_content()))
        assert "T02" in text or "T03" in text  # the excerpt holds the actor's cases
        assert "W. D." not in text and "Familiengeheimnis fk-2027-04" not in text

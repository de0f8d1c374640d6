"""Reminders: overdue Rückmeldungen, stale Steckbriefe with the profile attached, due case
steps only through the consent gate; never twice on one day nor within the interval (the pace
over a month: tests/test_reminder_pace.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from conftest import inquiry_yaml
from mailserver import network_ws, running_server

Cli = Callable[..., Any]
DAY = "2026-11-02"

INQUIRY = inquiry_yaml(
    "2026-0007",
    "2026-10-01",
    "recognition",
    "Frau Yilmaz aus der Hauptstraße 3 fragt nach ihrem Pflegediplom.",
    "  - actor: akteur-1\n    contact: b\n    date: 2026-10-02\n    status: open\n"
    "  - actor: akteur-3\n    date: 2026-10-30\n    status: open\n",
)

CONFERENCE = "{id: fk-2026, title: Förderkonferenz 2026, date: 2026-06-30, location: BBZ}\n"

CASE = """\
id: {id}
conference: fk-2026
pseudonym: {pseudonym}
birth_year: 2008
school: {{name: Geheime Schule, class: BVJ}}
consent:
  date: 2026-06-01
  by: guardian
  share_with: [akteur-1]
  withdrawn: {withdrawn}
situation:
  family: Sehr private Familiengeschichte.
agreement:
  date: 2026-06-30
  steps:
    - action: Therapieplatz suchen (vertraulich)
      by: youth
      support: {support}
      due: 2026-10-15
      status: open
"""


def _workspace(root: Path, port: int) -> Path:
    ws = network_ws(root, port)
    stale = ws / "actors" / "akteur-2.yaml"
    text = stale.read_text(encoding="utf-8").replace("reviewed: 2026-10-01", "reviewed: 2024-05-01")
    text = text.replace(
        "summary: Beratung im Netzwerk.",
        "summary: Beratung im Netzwerk.\n"
        'description: "Wir <script>alert(1)</script> beraten [hier](javascript:alert(2))."',
    )
    stale.write_text(text, encoding="utf-8")
    files = {"inquiries/2026/2026-0007.yaml": INQUIRY, "conferences/fk-2026.yaml": CONFERENCE}
    cases = [
        ("01", "A. K.", "null", "akteur-1"),
        # consent does not name akteur-3, which accompanies the step: no reminder to it
        ("02", "B. L.", "null", "akteur-3"),
        # consent withdrawn: the case reaches no one
        ("03", "C. M.", "2026-09-01", "akteur-1"),
    ]
    for number, pseudonym, withdrawn, support in cases:
        files[f"cases/2026/fk-2026-{number}.yaml"] = CASE.format(
            id=f"fk-2026-{number}", pseudonym=pseudonym, withdrawn=withdrawn, support=support
        )
    for rel, text in files.items():
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return ws


def _run(cli: Cli, ws: Path, *extra: str) -> Any:
    return cli("mail", "reminders", "--date", DAY, "--data", str(ws), "--send", *extra)


def _plain(msg: EmailMessage) -> str:
    body: Any = msg.get_body(("plain",))
    return str(body.get_content())


def test_each_kind_reaches_the_right_person_with_only_what_it_may_say(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        result = _run(cli, ws)
        assert result.exit_code == 0, result.output
        got = {(m.message["Subject"], m.rcpt_tos[0]): m for m in server.handler.received}
        subjects = sorted(got)
        assert subjects == [
            ("Bitte prüfen: Ihr Steckbrief im Netzwerk", "anna2@example.org"),
            ("Bitte um Rückmeldung zu weitergeleiteten Anfragen", "bernd1@example.org"),
            ("Erinnerung: fällige Schritte aus der Förderkonferenz", "anna1@example.org"),
        ]  # akteur-3's referral is not overdue yet; its case step lacks consent for it

        feedback = got[("Bitte um Rückmeldung zu weitergeleiteten Anfragen", "bernd1@example.org")]
        text = _plain(feedback.message)
        assert "2026-0007" in text and "2. Oktober 2026" in text
        assert "Anerkennung ausländischer Abschlüsse" in text
        for secret in (b"Yilmaz", b"Pflegediplom", b"Hauptstra"):
            assert secret not in feedback.data

        steps = got[("Erinnerung: fällige Schritte aus der Förderkonferenz", "anna1@example.org")]
        text = _plain(steps.message)
        assert "A. K." in text and "Schritt 1" in text and "15. Oktober 2026" in text
        for secret in (
            b"B. L.",
            b"C. M.",
            b"Therapie",
            b"Geheime Schule",
            b"2008",
            b"Familien",
            b"fk-2026-0",
        ):
            assert secret not in steps.data

        profile = got[("Bitte prüfen: Ihr Steckbrief im Netzwerk", "anna2@example.org")].message
        [attachment] = list(profile.iter_attachments())
        assert attachment.get_filename() == "steckbrief-akteur-2.html"
        page = attachment.get_content()
        assert "Beratungsstelle 2" in page and "Anna Muster2" in page and "Deutsch" in page
        assert "<script>" not in page and "javascript:" not in page
        assert "Content-Security-Policy" in page


def test_kinds_alone_and_the_same_day_never_twice(cli: Cli, tmp_path: Path) -> None:
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        only = _run(cli, ws, "--kind", "Rückmeldungen", "--json")  # the German word works
        assert only.exit_code == 0, only.output
        assert [r["kind"] for r in json.loads(only.stdout)["recipients"]] == ["feedback"]
        assert len(server.handler.received) == 1
        everything = _run(cli, ws)
        assert everything.exit_code == 0, everything.output
        assert len(server.handler.received) == 3  # feedback was not sent again
        again = _run(cli, ws)
        assert len(server.handler.received) == 3 and "Nichts zu tun" in again.output
        next_day = cli("mail", "reminders", "--date", "2026-11-03", "--data", str(ws), "--send")
        assert next_day.exit_code == 0 and "Nichts zu tun" in next_day.output
        assert len(server.handler.received) == 3  # the same items again only after 7 days
        week = cli("mail", "reminders", "--date", "2026-11-09", "--data", str(ws), "--send")
        assert week.exit_code == 0, week.output
        assert len(server.handler.received) == 6  # a week later, each of them once more


def test_drafts_name_withheld_cases_and_unknown_kinds_are_refused(cli: Cli, tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", 25)
    out = tmp_path / "out"
    result = cli("mail", "reminders", "--date", DAY, "--data", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "fk-2026-03" in result.output and "widerrufen" in result.output
    assert len(list((out / "mail" / f"erinnerungen-{DAY}").glob("*.eml"))) == 3
    wrong = cli("mail", "reminders", "--kind", "alles", "--data", str(ws))
    assert wrong.exit_code == 2 and "Rückmeldungen (feedback), Steckbrief (profile)" in wrong.stderr


def test_the_bundled_workspace_holds_back_the_withdrawn_case(cli: Cli, tmp_path: Path) -> None:
    from conftest import BUNDLED

    out = tmp_path / "out"
    result = cli(
        "mail", "reminders", "--date", "2026-10-20", "--data", str(BUNDLED), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert (
        "Fall fk-2026-02 nicht berücksichtigt: Einwilligung am 2026-09-15 widerrufen"
        in result.output
    )
    drafts = list((out / "mail" / "erinnerungen-2026-10-20").glob("*-steps-*.eml"))
    assert drafts
    assert not any(b"FK26-02" in d.read_bytes() for d in drafts)
    assert not (BUNDLED / ".merzig-mail").exists()  # drafts never touch the ledger


def test_nothing_due_and_no_mail_server(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25, actors=1)
    quiet = cli("mail", "reminders", "--date", "2026-10-02", "--data", str(ws), "--send")
    assert quiet.exit_code == 0 and "Nichts zu tun" in quiet.output
    config = ws / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").split("smtp:")[0], encoding="utf-8")
    (ws / "text.md").write_text("Hallo.\n", encoding="utf-8")
    args = ["--subject", "Hallo", "--body", str(ws / "text.md"), "--all", "--data", str(ws)]
    missing = cli("mail", "round", *args, "--send")
    assert missing.exit_code == 1 and "fehlt der Block smtp" in missing.stderr

"""The pace of reminders over a month of daily runs, as a scheduler would start them.

A real workspace and a real SMTP server on localhost; every day of a month
``merzig mail reminders --send`` runs with the day pinned as the scheduler's
clock would give it. Asserted from what the server received: each person gets
at most one mail per interval, all of one day in one mail (a digest), step
reminders reach the person who sat in the conference (else the general
contact, with wording that fits), the actor that carries a step and the one
that accompanies it are both reminded, the lead contact gets one copy per item
after the configured number of reminders, and a case the consent gate
withholds is in no mail. The memory is updated only for mails the server
took (or may have taken), never for drafts; in a shape the tool never writes
it is a German error and nothing is sent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from collections import defaultdict
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import inquiry_yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mailserver import Received, network_ws, running_server

from merzig_cli.network.memory import MEMORY_FILE

Cli = Callable[..., Any]
START = dt.date(2026, 11, 2)
DAYS = 30
INTERVAL, ESCALATE = 5, 2
MEMORY = Path(".merzig-mail") / MEMORY_FILE

CONFERENCE = """\
id: fk-2026
title: Förderkonferenz 2026
date: 2026-06-30
location: BBZ
participants:
  - {actor: akteur-1, contact: b}
  - {actor: akteur-3}
"""

CASE = """\
id: {id}
conference: fk-2026
pseudonym: {pseudonym}
birth_year: 2008
consent:
  date: 2026-06-01
  by: guardian
  share_with: [{share}]
  withdrawn: {withdrawn}
situation:
  family: Sehr private Familiengeschichte.
agreement:
  date: 2026-06-30
  steps:
{steps}
"""

STEP = """\
    - action: Vertrauliche Sache {n}
      by: {by}
      support: {support}
      due: {due}
      status: open
"""

INQUIRY = inquiry_yaml(
    "2026-0007",
    "2026-10-01",
    "recognition",
    "Frau Yilmaz fragt nach ihrem Pflegediplom.",
    "  - actor: akteur-2\n    contact: a\n    date: 2026-10-02\n    status: open\n",
)

LEAD = """\
  - id: c
    name: Clara Chefin2
    email: chefin2@example.org
    lead: true
"""


def _case(ident: str, pseudonym: str, share: str, steps: list[tuple[str, str, str]],
          withdrawn: str = "null") -> str:  # fmt: skip
    text = "".join(
        STEP.format(n=n, by=by, support=support, due=due)
        for n, (by, support, due) in enumerate(steps, 1)
    )
    return CASE.format(
        id=ident, pseudonym=pseudonym, share=share, withdrawn=withdrawn, steps=text.rstrip("\n")
    )


def _workspace(root: Path, port: int) -> Path:
    ws = network_ws(root, port)
    with (ws / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(f"reminders:\n  interval_days: {INTERVAL}\n  escalate_after: {ESCALATE}\n")
    actor2 = ws / "actors" / "akteur-2.yaml"
    text = actor2.read_text(encoding="utf-8").replace(
        "reviewed: 2026-10-01", "reviewed: 2024-05-01"
    )
    actor2.write_text(text.replace("network:\n", LEAD + "network:\n"), encoding="utf-8")
    files = {
        "conferences/fk-2026.yaml": CONFERENCE,
        "inquiries/2026/2026-0007.yaml": INQUIRY,
        # akteur-2 carries step 1, akteur-1 accompanies it; akteur-1 carries step 2 (due later)
        "cases/2026/fk-2026-01.yaml": _case(
            "fk-2026-01", "A. K.", "akteur-1, akteur-2",
            [("akteur-2", "akteur-1", "2026-10-15"), ("akteur-1", "null", "2026-11-20")],
        ),
        # withdrawn: the gate withholds it from every mail
        "cases/2026/fk-2026-02.yaml": _case(
            "fk-2026-02", "C. M.", "akteur-1, akteur-3", [("akteur-3", "akteur-1", "2026-10-10")],
            withdrawn="2026-09-01",
        ),
        # the consent names akteur-1 only: akteur-3, which carries the step, hears nothing
        "cases/2026/fk-2026-03.yaml": _case(
            "fk-2026-03", "D. N.", "akteur-1", [("akteur-3", "akteur-1", "2026-10-20")]
        ),
    }  # fmt: skip
    for rel, content in files.items():
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return ws


def _plain(msg: EmailMessage) -> str:
    body: Any = msg.get_body(("plain",))
    return " ".join(str(body.get_content()).split())


Got = dict[str, list[tuple[dt.date, EmailMessage]]]


def _month(cli: Cli, ws: Path, server: Any, monkeypatch: pytest.MonkeyPatch) -> Got:
    """Run the reminders daily, as a scheduler would (no --date: the day is the clock's);
    the mails each address got, as (day, message)."""
    got: Got = defaultdict(list)
    for offset in range(DAYS):
        day = START + dt.timedelta(days=offset)
        monkeypatch.setenv("MERZIG_TODAY", day.isoformat())
        before = len(server.handler.received)
        result = cli("mail", "reminders", "--send", "--data", str(ws))
        assert result.exit_code == 0, (day, result.output)
        new: list[Received] = server.handler.received[before:]
        for mail in new:
            [address] = mail.rcpt_tos
            got[address].append((day, mail.message))
    return got


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    runner = CliRunner()

    def cli(*args: str) -> Any:
        return runner.invoke(app, list(args))

    patch = pytest.MonkeyPatch()
    try:
        with running_server() as server:
            ws = _workspace(tmp_path_factory.mktemp("pace") / "ws", server.port)
            got = _month(cli, ws, server, patch)
            everything = [m.data for m in server.handler.received]
    finally:
        patch.undo()
    return {"ws": ws, "got": got, "raw": everything}


def test_each_person_gets_at_most_one_mail_per_interval(month: dict[str, Any]) -> None:
    got = month["got"]
    assert got, "nothing was sent"
    for address, mails in got.items():
        days = [day for day, _ in mails]
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        assert all(gap >= INTERVAL for gap in gaps), (address, days)
    # the ones reminded from the first day on get a reminder every INTERVAL days, no more
    assert [d.day for d, _ in got["anna2@example.org"]] == [2, 7, 12, 17, 22, 27]
    assert [d.day for d, _ in got["bernd1@example.org"]] == [2, 7, 12, 17, 22, 27]


def test_one_person_gets_all_of_a_day_in_one_mail(month: dict[str, Any]) -> None:
    _, first = month["got"]["anna2@example.org"][0]
    assert first["Subject"] == (
        "Erinnerung: Rückmeldungen zu Anfragen, fällige Schritte aus der Förderkonferenz und "
        "Steckbrief prüfen"
    )
    text = _plain(first)
    assert "Anfrage 2026-0007, weitergeleitet am 2. Oktober 2026" in text  # feedback
    assert "A. K., Schritt 1: fällig am 15. Oktober 2026" in text  # the step
    assert "Der Steckbrief von „Beratungsstelle 2“" in text  # profile confirmation
    [attachment] = list(first.iter_attachments())
    assert attachment.get_filename() == "steckbrief-akteur-2.html"
    assert text.count("Guten Tag") == 1 and text.count("Mit freundlichen Grüßen") == 1


def test_step_reminders_reach_the_participant_else_the_general_contact(
    month: dict[str, Any],
) -> None:
    got = month["got"]
    # akteur-1 sent Bernd to the conference: he is reminded, and told so
    attended = _plain(got["bernd1@example.org"][0][1])
    assert (
        "Sie haben an der Förderkonferenz „Förderkonferenz 2026“ vom 30. Juni 2026 für "
        "Beratungsstelle 1 teilgenommen und dort zugesagt, diese Schritte zu begleiten" in attended
    )
    assert "A. K., Schritt 1" in attended and "D. N., Schritt 1" in attended
    assert "Ihre Organisation" not in attended
    # nobody attended for akteur-2: its general contact, addressed as the organisation
    general = _plain(got["anna2@example.org"][0][1])
    assert (
        "Ihre Organisation (Beratungsstelle 2) hat in der Förderkonferenz „Förderkonferenz 2026“ "
        "vom 30. Juni 2026 zugesagt, diese Schritte zu übernehmen" in general
    )
    assert "bitte geben Sie diese Erinnerung an die zuständige Person weiter" in general
    assert "Sie haben an der Förderkonferenz" not in general


def test_carrier_and_accompanier_are_both_reminded_with_their_own_wording(
    month: dict[str, Any],
) -> None:
    got = month["got"]
    accompanier = _plain(got["bernd1@example.org"][0][1])
    carrier = _plain(got["anna2@example.org"][0][1])
    assert "zu begleiten" in accompanier and "zu übernehmen" not in accompanier
    assert "zu übernehmen" in carrier and "zu begleiten" not in carrier
    # step 2 (akteur-1 carries it) falls due on 13.11. while Bernd's next slot is 17.11.:
    # it waits and then comes in the same mail, in its own paragraph
    later = {day.day: _plain(m) for day, m in got["bernd1@example.org"]}
    assert "Schritt 2" not in later[12]
    assert "diese Schritte zu übernehmen" in later[17] and "A. K., Schritt 2" in later[17]
    assert "diese Schritte zu begleiten" in later[17]


def test_the_lead_contact_gets_one_copy_per_item_after_n_reminders(
    month: dict[str, Any],
) -> None:
    got = month["got"]
    [(day, copy)] = got["chefin2@example.org"]
    assert day.day == 12  # after reminders on the 2nd and 7th, with the third
    assert copy["Subject"] == "Zur Kenntnis: Erinnerungen an Ihre Organisation ohne Antwort"
    text = _plain(copy)
    assert "Zur Kenntnis an Sie als Leitung" in text
    assert "Beratungsstelle 2: Rückmeldung zu Anfrage 2026-0007" in text
    assert "Beratungsstelle 2: A. K., Schritt 1 aus „Förderkonferenz 2026“ übernommen" in text
    assert "Beratungsstelle 2: Steckbrief prüfen" in text
    assert "2-mal erinnert, zuletzt an: Anna Muster2" in text
    # akteur-1 has no lead: its general contact gets the copies, each item once
    copies = [_plain(m) for _, m in got["anna1@example.org"]]
    items = [
        line
        for text in copies
        for line in ("A. K., Schritt 1", "A. K., Schritt 2", "D. N., Schritt 1")
        if line in text
    ]
    assert sorted(items) == ["A. K., Schritt 1", "A. K., Schritt 2", "D. N., Schritt 1"]
    memory = [json.loads(x) for x in (month["ws"] / MEMORY).read_text("utf-8").splitlines()]
    leads = [
        i["item"] for r in memory if r["event"] == "pending" for i in r["items"] if i.get("lead")
    ]
    assert len(leads) == len(set(leads)) == 6  # three items of each actor, each once


def test_a_withheld_case_and_an_actor_outside_the_consent_get_nothing(
    month: dict[str, Any],
) -> None:
    for data in month["raw"]:
        assert b"C. M." not in data  # withdrawn: in no mail
        assert b"Vertrauliche Sache" not in data and b"Familiengeschichte" not in data
        assert b"fk-2026-0" not in data  # case ids stay in the office
    got = month["got"]
    assert "anna3@example.org" not in got and "bernd3@example.org" not in got


def test_the_memory_names_the_cases_for_the_art_15_answer(
    month: dict[str, Any], cli: Cli, tmp_path: Path
) -> None:
    ws: Path = month["ws"]
    lines = [json.loads(x) for x in (ws / MEMORY).read_text("utf-8").splitlines()]
    cases = {i.get("case") for r in lines if r["event"] == "pending" for i in r["items"]}
    assert cases == {None, "fk-2026-01", "fk-2026-03"}
    out = tmp_path / "auskunft.md"
    result = cli("privacy", "export", "fk-2026-03", "--data", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "Beratungsstelle 1 (bernd1@example.org)" in text
    assert "Erinnerung an Schritt 1 (fällig 20.10.2026)" in text
    assert "Kopie an die Leitung" in text and "anna1@example.org" in text
    assert "Beratungsstelle 2" not in text  # it was never told of this case


def test_drafts_and_a_second_run_on_the_same_day_change_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        monkeypatch.setenv("MERZIG_TODAY", "2026-11-02")
        drafts = cli("mail", "reminders", "--data", str(ws), "--out", str(tmp_path / "out"))
        assert drafts.exit_code == 0, drafts.output
        assert not (ws / MEMORY).exists()  # drafts never touch the memory
        assert len(list((tmp_path / "out/mail/erinnerungen-2026-11-02").glob("*.eml"))) == 2
        sent = cli("mail", "reminders", "--send", "--data", str(ws))
        assert sent.exit_code == 0 and len(server.handler.received) == 2, sent.output
        kept = (ws / MEMORY).read_bytes()
        again = cli("mail", "reminders", "--send", "--data", str(ws))
        assert again.exit_code == 0 and "Nichts zu tun" in again.output
        said = " ".join(again.output.split())
        assert "Für diesen Tag schon versandt: 2 Erinnerungsmail(s)" in said
        assert "ruhen noch: dieselbe Sache wurde vor weniger als 5 Tagen erinnert" in said
        drafts = cli("mail", "reminders", "--date", "2026-11-09", "--data", str(ws),
                     "--out", str(tmp_path / "out"))  # fmt: skip
        assert drafts.exit_code == 0
        assert len(server.handler.received) == 2 and (ws / MEMORY).read_bytes() == kept


def test_a_mail_the_server_may_have_taken_is_not_sent_again_before_the_interval(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        server.handler.drop_after_data = 1  # keeps the first mail, hangs up without an answer
        monkeypatch.setenv("MERZIG_TODAY", "2026-11-02")
        first = cli("mail", "reminders", "--send", "--data", str(ws))
        assert first.exit_code == 1 and "unklar" in first.output
        [unclear] = server.handler.received[0].rcpt_tos
        server.handler.drop_after_data = None
        for day in ("2026-11-03", "2026-11-06"):
            monkeypatch.setenv("MERZIG_TODAY", day)
            later = cli("mail", "reminders", "--send", "--data", str(ws))
            assert later.exit_code == 0, later.output
        assert server.handler.by_address()[unclear.lower()] == 1
        monkeypatch.setenv("MERZIG_TODAY", "2026-11-07")
        assert cli("mail", "reminders", "--send", "--data", str(ws)).exit_code == 0
        assert server.handler.by_address()[unclear.lower()] == 2


GOOD = {"event": "pending", "message_id": "<m@x>", "day": "2026-11-01", "at": "x",
        "address": "anna2@example.org", "campaign": "erinnerungen-2026-11-01", "key": "k",
        "items": [{"item": "profile:akteur-2", "kind": "profile", "actor": "akteur-2"}]}  # fmt: skip
HOSTILE = {
    "a list": b"[]\n",
    "unknown event": json.dumps({**GOOD, "event": "erinnert"}).encode() + b"\n",
    "answer to an unknown mail": b'{"event": "sent", "message_id": "<n@x>"}\n',
    "no real day": json.dumps({**GOOD, "day": "2026-02-30"}).encode() + b"\n",
    "items not a list": json.dumps({**GOOD, "items": {"a": 1}}).encode() + b"\n",
    "lead not a bool": json.dumps(
        {**GOOD, "items": [{**GOOD["items"][0], "lead": "ja"}]}  # type: ignore[dict-item]
    ).encode()
    + b"\n",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "not UTF-8": b'{"event": "pending", "message_id": "\xff"}\n',
}


@pytest.mark.parametrize("content", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_memory_in_a_shape_the_tool_never_writes_is_a_german_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        (ws / MEMORY).parent.mkdir()
        (ws / MEMORY).write_bytes(content)
        monkeypatch.setenv("MERZIG_TODAY", "2026-11-02")
        for extra in (["--send"], ["--out", str(tmp_path / "out")]):
            result = cli("mail", "reminders", "--data", str(ws), *extra)
            assert result.exit_code == 1, result.output
            assert "Erinnerungsprotokoll" in result.output and "beschädigt" in result.output
            assert "Interner Fehler" not in result.output
        assert server.handler.received == []


def test_a_memory_linked_out_of_the_workspace_is_neither_read_nor_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "fremd.jsonl"
    outside.write_text("gehört jemand anderem\n", encoding="utf-8")
    with running_server() as server:
        ws = _workspace(tmp_path / "ws", server.port)
        (ws / MEMORY).parent.mkdir()
        os.symlink(outside, ws / MEMORY)
        monkeypatch.setenv("MERZIG_TODAY", "2026-11-02")
        result = cli("mail", "reminders", "--data", str(ws), "--send")
        assert result.exit_code == 1 and "Verknüpfung" in result.output, result.output
        assert "Interner Fehler" not in result.output
        assert server.handler.received == []
    assert outside.read_text(encoding="utf-8") == "gehört jemand anderem\n"


def test_a_lead_who_is_reminded_in_person_gets_no_copy_of_the_same_mail(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a lead contact the general contact is the lead: when it is the one reminded, the
    copy is not shown twice in its mail, but it counts as given (once)."""
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        with (ws / "config.yaml").open("a", encoding="utf-8") as config:
            config.write("reminders: {interval_days: 1, escalate_after: 1}\n")
        actor = ws / "actors" / "akteur-2.yaml"
        text = actor.read_text(encoding="utf-8")
        actor.write_text(text.replace("reviewed: 2026-10-01", "reviewed: 2024-05-01"), "utf-8")
        for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
            monkeypatch.setenv("MERZIG_TODAY", day)
            assert cli("mail", "reminders", "--send", "--data", str(ws)).exit_code == 0
        mails = [m.message for m in server.handler.received]
        assert [m["To"].addresses[0].addr_spec for m in mails] == ["anna2@example.org"] * 3
        assert {m["Subject"] for m in mails} == {"Bitte prüfen: Ihr Steckbrief im Netzwerk"}
        assert not any("Zur Kenntnis" in _plain(m) for m in mails)
    lines = [json.loads(x) for x in (ws / MEMORY).read_text("utf-8").splitlines()]
    leads = [i for r in lines if r["event"] == "pending" for i in r["items"] if i.get("lead")]
    assert [i["item"] for i in leads] == ["profile:akteur-2"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
_item = st.fixed_dictionaries(
    {},
    optional={
        k: st.text(max_size=12) | _json
        for k in ("item", "kind", "actor", "case", "step", "due", "role", "lead")
    },
)
_record = st.fixed_dictionaries(
    {},
    optional={
        "event": st.sampled_from(["pending", "sent", "failed"]) | _json,
        "message_id": st.sampled_from(["<m@x>", "<n@x>"]) | _json,
        "day": st.sampled_from(["2026-11-01", "2026-13-01"]) | _json,
        **{k: st.text(max_size=12) | _json for k in ("at", "address", "campaign", "key")},
        "items": st.lists(_item, max_size=2) | _json,
    },
)
_lines = st.one_of(
    _record.map(lambda r: json.dumps(r).encode()),
    st.just(json.dumps(GOOD).encode()),
    st.binary(max_size=30),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(_lines, max_size=5))
def test_fuzzed_memories_are_read_or_refused_in_german(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    from merzig_cli.core.errors import UserError
    from merzig_cli.network.memory import read_memory

    ws = tmp_path_factory.mktemp("ws")
    (ws / MEMORY).parent.mkdir()
    (ws / MEMORY).write_bytes(b"\n".join(lines))
    try:
        memory = read_memory(ws)
    except UserError as exc:
        assert "Erinnerungsprotokoll" in exc.message and "beschädigt" in exc.message
        return
    for mail in memory.mails.values():  # what was read is what the tool writes
        assert isinstance(mail.day, dt.date) and mail.items
        assert all(isinstance(i.lead, bool) and isinstance(i.step, int) for i in mail.items)

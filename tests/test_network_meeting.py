"""Exchange meetings: a calendar invitation that mail programs answer, read back by icalendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from mailserver import addresses, network_ws, running_server

from merzig_cli.documents.calendar import Event, Person, attach, stable_uid, to_ical

Cli = Callable[..., Any]


def _meeting(cli: Cli, ws: Path, out: Path, *extra: str) -> Any:
    return cli(
        "network", "meeting", "--date", "2026-12-10", "--time", "18:00",
        "--title", "Netzwerktreffen Herbst", "--place", "Rathaus, Saal 1",
        "--data", str(ws), "--out", str(out), *extra,
    )  # fmt: skip


def _calendar(msg: EmailMessage) -> tuple[Calendar, EmailMessage]:
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert isinstance(part, EmailMessage)
    return Calendar.from_ical(part.get_content()), part


def test_every_invitation_is_a_request_with_one_uid_in_berlin_time(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        result = _meeting(cli, ws, tmp_path / "out", "--send")
        assert result.exit_code == 0, result.output
        assert server.handler.by_address() == dict.fromkeys(addresses(), 1)
        uids = set()
        for mail in server.handler.received:
            msg = mail.message
            cal, part = _calendar(msg)
            assert part.get_param("method") == "REQUEST"
            assert str(cal["METHOD"]) == "REQUEST"
            event: Any = cal.events[0]
            assert str(event["ORGANIZER"]) == "mailto:integration@example.org"
            assert event["ORGANIZER"].params["CN"] == "Anlaufstelle Integration Musterstadt"
            attendee = event["ATTENDEE"]  # only the recipient: nobody learns the others' addresses
            assert str(attendee) == f"mailto:{mail.rcpt_tos[0]}"
            assert (
                attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            )
            assert event.start == dt.datetime(2026, 12, 10, 18, 0, tzinfo=event.start.tzinfo)
            assert event.start.utcoffset() == dt.timedelta(hours=1)  # CET in December
            assert event.end - event.start == dt.timedelta(minutes=90)
            assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
            assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
            assert str(event["LOCATION"]) == "Rathaus, Saal 1" and int(event["SEQUENCE"]) == 0
            uids.add(str(event["UID"]))
            files = [p for p in msg.iter_attachments() if p.get_filename() == "einladung.ics"]
            assert len(files) == 1
            assert "Netzwerktreffen Herbst" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            assert msg.get_body(("html",)) is not None
        assert len(uids) == 1

        update = _meeting(cli, ws, tmp_path / "out", "--send", "--sequence", "1", "--time", "19:00")
        assert update.exit_code == 0, update.output
        changed = server.handler.received[len(addresses()) :]
        assert len(changed) == len(addresses())  # the update reaches everyone once
        cal, _ = _calendar(changed[0].message)
        event = cal.events[0]
        assert str(event["UID"]) in uids and int(event["SEQUENCE"]) == 1
        assert event.start.hour == 19 and "(geändert)" in changed[0].message["Subject"]


def test_drafts_of_a_meeting_for_one_list(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    out = tmp_path / "out"
    result = _meeting(cli, ws, out, "--list", "sprache")
    assert result.exit_code == 0, result.output
    drafts = sorted((out / "mail").glob("*/*.eml"))
    to = {str(message_from_bytes(d.read_bytes(), policy=policy.default)["To"]) for d in drafts}
    assert to == {"Anna Muster2 <anna2@example.org>", "Bernd Beispiel2 <bernd2@example.org>",
                  "Anna Muster4 <anna4@example.org>"}  # fmt: skip
    bad = cli(
        "network",
        "meeting",
        "--date",
        "2026-12-10",
        "--time",
        "25:00",
        "--title",
        "X",
        "--data",
        str(ws),
    )
    assert bad.exit_code == 2 and "HH:MM" in bad.stderr


def test_the_calendar_module_for_other_layers() -> None:
    office = Person("Anlaufstelle", "integration@example.org")
    event = Event(
        uid=stable_uid("conference", "fk-2027", domain="example.org"),
        title="Förderkonferenz 2027",
        start=dt.datetime(2027, 6, 29, 9, 0),
        end=dt.datetime(2027, 6, 29, 13, 0),
        organizer=office,
        attendees=[
            Person("Jugendamt; Team, Nord", "jugendamt@example.org"),
            Person("BBZ", "bbz@example.org"),
        ],
        description="Tagesordnung\nfolgt.",
        sequence=2,
    )
    assert event.uid == stable_uid("conference", "fk-2027", domain="example.org")
    cal = Calendar.from_ical(to_ical(event, "CANCEL", stamp=dt.datetime(2027, 6, 1, tzinfo=dt.UTC)))
    item: Any = cal.events[0]
    assert len(cal.events) == 1
    assert str(cal["METHOD"]) == "CANCEL" and str(item["STATUS"]) == "CANCELLED"
    assert [a.params["CN"] for a in item["ATTENDEE"]] == ["Jugendamt; Team, Nord", "BBZ"]
    assert str(item["DESCRIPTION"]) == "Tagesordnung\nfolgt." and int(item["SEQUENCE"]) == 2
    assert item.start.utcoffset() == dt.timedelta(hours=2)  # CEST in June
    assert item.decoded("DTSTAMP") == dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    msg = EmailMessage()
    msg.set_content("Text")
    msg.add_alternative("<p>Text</p>", subtype="html")
    attach(msg, to_ical(event))
    types = [p.get_content_type() for p in msg.walk()]
    assert types == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                     "text/calendar", "application/ics"]  # fmt: skip
    with pytest.raises(ValueError):
        to_ical(Event("u", "x", event.end, event.start, office))


def test_no_invitation_to_a_day_that_is_over(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    out = tmp_path / "out"
    past = cli(
        "network",
        "meeting",
        "--date",
        "2026-11-30",
        "--time",
        "18:00",
        "--title",
        "Alt",
        "--data",
        str(ws),
        "--out",
        str(out),
    )  # fmt: skip (today is 2026-12-01)
    assert past.exit_code == 2 and "am 30.11.2026 liegt in der Vergangenheit" in past.stderr
    assert not (ws / "meetings").exists() and not out.exists()
    assert _meeting(cli, ws, out).exit_code == 0  # 2026-12-10
    state = sorted(p.read_bytes() for p in (ws / "meetings").iterdir())
    monkeypatch.setenv("MERZIG_TODAY", "2026-12-11")  # the meeting is over
    place = cli("network", "meeting", "--title", "Netzwerktreffen Herbst", "--place", "Bürgerhaus",
                "--data", str(ws), "--out", str(out))  # fmt: skip
    assert place.exit_code == 2 and "am 10.12.2026 liegt in der Vergangenheit" in place.stderr
    assert sorted(p.read_bytes() for p in (ws / "meetings").iterdir()) == state

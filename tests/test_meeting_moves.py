"""Network meetings the tool remembers: a move keeps the UID and raises SEQUENCE by itself,
--cancel sends METHOD:CANCEL; read back with icalendar from a real SMTP server."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from mailserver import Received, addresses, network_ws, running_server

Cli = Callable[..., Any]
TITLE = ("--title", "Netzwerktreffen Herbst")


def _meeting(cli: Cli, ws: Path, out: Path, *extra: str) -> Any:
    return cli("network", "meeting", "--data", str(ws), "--out", str(out), "--send", *extra)


def _event(mail: Received) -> tuple[str, Any, EmailMessage]:
    msg = mail.message
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert isinstance(part, EmailMessage)
    cal = Calendar.from_ical(part.get_content())
    return str(cal["METHOD"]), cal.events[0], msg


def test_moving_keeps_the_uid_and_raises_sequence_and_cancel_cancels(
    cli: Cli, tmp_path: Path
) -> None:
    everyone = len(addresses())
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        out = tmp_path / "out"
        first = _meeting(cli, ws, out, "--date", "2026-12-10", "--time", "18:00", *TITLE,
                         "--place", "Rathaus, Saal 1")  # fmt: skip
        assert first.exit_code == 0, first.output
        method, event, _ = _event(server.handler.received[0])
        uid = str(event["UID"])
        assert method == "REQUEST" and int(event["SEQUENCE"]) == 0

        # the same announcement again is the same version: nobody gets it twice
        same = _meeting(cli, ws, out, "--date", "2026-12-10", "--time", "18:00", *TITLE,
                        "--place", "Rathaus, Saal 1")  # fmt: skip
        assert same.exit_code == 0 and len(server.handler.received) == everyone

        # another day, and later another place: the user types no sequence
        moved = _meeting(cli, ws, out, *TITLE, "--date", "2026-12-17")
        assert moved.exit_code == 0, moved.output
        assert len(server.handler.received) == 2 * everyone
        method, event, msg = _event(server.handler.received[-1])
        assert method == "REQUEST" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
        assert event.start.day == 17 and event.start.hour == 18  # the time stays as announced
        assert str(event["LOCATION"]) == "Rathaus, Saal 1" and "(geändert)" in msg["Subject"]
        placed = _meeting(cli, ws, out, "--place", "Bürgerhaus")  # the only upcoming meeting
        assert placed.exit_code == 0, placed.output
        method, event, _ = _event(server.handler.received[-1])
        assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2
        assert str(event["LOCATION"]) == "Bürgerhaus"

        cancel = _meeting(cli, ws, out, "--cancel")
        assert cancel.exit_code == 0, cancel.output
        assert len(server.handler.received) == 4 * everyone
        method, event, msg = _event(server.handler.received[-1])
        assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 3
        assert msg["Subject"].startswith("Abgesagt: Netzwerktreffen Herbst")
        assert "fällt aus" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        again = _meeting(cli, ws, out, "--cancel", *TITLE)  # never twice
        assert again.exit_code == 0 and len(server.handler.received) == 4 * everyone

    state = json.loads((ws / "meetings" / "netzwerktreffen-herbst.json").read_text("utf-8"))
    assert state["uid"] == uid and state["sequence"] == 3 and state["method"] == "CANCEL"


def test_nothing_to_cancel_and_a_broken_state_are_clear_errors(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    none = cli("network", "meeting", "--cancel", "--data", str(ws))
    assert none.exit_code == 2 and "Kein angekündigtes Treffen" in none.stderr
    (ws / "meetings").mkdir()
    (ws / "meetings" / "netzwerktreffen-herbst.json").write_text('{"uid": 1}', "utf-8")
    broken = cli("network", "meeting", "--cancel", *TITLE, "--data", str(ws))
    assert broken.exit_code == 1 and "meetings/netzwerktreffen-herbst.json" in broken.stderr
    negative = cli("network", "meeting", "--date", "2026-12-10", "--time", "18:00", *TITLE,
                   "--sequence", "-1", "--data", str(ws))  # fmt: skip
    # the hint never leads back to a version calendars already have
    assert negative.exit_code == 2 and "zählt die Fassungen selbst" in negative.stderr


def test_a_lost_state_never_hints_at_an_update_calendars_ignore(cli: Cli, tmp_path: Path) -> None:
    import shutil

    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port)
        out = tmp_path / "out"
        args = ("--date", "2026-12-10", "--time", "18:00", *TITLE)
        assert _meeting(cli, ws, out, *args, "--place", "Rathaus").exit_code == 0
        shutil.rmtree(ws / "meetings")  # the state is lost: the tool would count from 0 again
        refused = _meeting(cli, ws, out, *args, "--place", "Bürgerhaus")
        assert refused.exit_code == 1 and len(server.handler.received) == len(addresses())
        assert "--sequence" in refused.stderr and "--campaign" not in refused.stderr
        forced = _meeting(cli, ws, out, *args, "--place", "Bürgerhaus", "--sequence", "1")
        assert forced.exit_code == 0, forced.output
        _, event, _ = _event(server.handler.received[-1])
        _, first, _ = _event(server.handler.received[0])
        assert str(event["UID"]) == str(first["UID"]) and int(event["SEQUENCE"]) == 1


def _deep(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def _link(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.parent.parent / "config.yaml")


def _pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _edit(key: str, value: Any) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        data = json.loads(path.read_text("utf-8"))
        data[key] = value
        path.write_text(json.dumps(data), "utf-8")

    return edit


BREAKS = {
    "sequence-text": _edit("sequence", "3"),
    "sequence-huge": _edit("sequence", 10**40),
    "date-impossible": _edit("date", "2026-02-30"),
    "method-other": _edit("method", "PUBLISH"),
    "title-missing": _edit("title", None),
    "deep": _deep,
    "link": _link,
    "pipe": _pipe,
    "folder": _folder,
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_meeting_state_is_a_german_error(cli: Cli, tmp_path: Path, name: str) -> None:
    ws = network_ws(tmp_path / "ws", 25)
    out = tmp_path / "out"
    args = ("network", "meeting", "--data", str(ws), "--out", str(out))
    first = cli(*args, "--date", "2026-12-10", "--time", "18:00", *TITLE)
    assert first.exit_code == 0, first.output
    BREAKS[name](ws / "meetings" / "netzwerktreffen-herbst.json")
    for extra in (("--cancel",), (*TITLE, "--place", "Bürgerhaus")):
        result = cli(*args, *extra)
        assert result.exit_code == 1, (extra, result.output)
        assert "meetings/netzwerktreffen-herbst.json" in result.stderr
        assert "Traceback" not in result.output and "Interner Fehler" not in result.output

"""Calendar invitations of a conference, read back with icalendar: stable UID, SEQUENCE, CANCEL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conference_support import conference_workspace

ARGS = ("conference", "plan", "fk-2027", "--format", "md", "--date", "2027-06-01")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


def _plan(cli: Callable[..., Any], root: Path, out: Path) -> dict[str, Any]:
    result = cli(*ARGS, "--data", str(root), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    found = {}
    for path in sorted((out / "fk-2027" / "einladungen").glob("*.ics")):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        (event,) = [c for c in cal.walk("VEVENT")]
        found[str(event["UID"])] = (path.name, cal, event)
    return found


def test_one_invitation_per_block_with_organizer_attendee_and_time_zone(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    events = _plan(cli, root, tmp_path / "a")
    jmd = sorted(
        (e["DTSTART"].dt.strftime("%H:%M"), e["DTEND"].dt.strftime("%H:%M"))
        for name, _, e in events.values()
        if name.startswith("jmd-")
    )
    # the JMD's cases 03, 06, 09, 12, 15, 18, 21 are never next to each other: seven blocks
    assert jmd == [("09:50", "10:10"), ("10:30", "10:50"), ("11:25", "11:45"), ("13:25", "13:45"),
                   ("14:25", "14:45"), ("15:25", "15:45"), ("16:25", "16:45")]  # fmt: skip
    school = [(e["DTSTART"].dt.strftime("%H:%M"), e["DTEND"].dt.strftime("%H:%M"))
              for name, _, e in events.values() if name.startswith("schule-")]  # fmt: skip
    # the school is in every case and the review item: blocks end only at the two breaks
    assert sorted(school) == [
        ("09:00", "11:10"),
        ("11:25", "11:45"),
        ("12:45", "17:05"),
    ]
    for _name, cal, event in events.values():
        assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
        assert str(event["ORGANIZER"]) == "mailto:integration@example.org"
        assert (
            str(event["ATTENDEE"]).startswith("mailto:k-")
            and event["DTSTART"].dt.tzinfo is not None
        )
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
        text = cal.to_ical().decode("utf-8")
        assert "T0" not in str(event["SUMMARY"]) and "fk-2027-" not in text and "W. D." not in text
    assert not any(name.startswith(("anlaufstelle-", "hwk-")) for name, _, _ in events.values())


def test_planning_again_keeps_uids_and_a_changed_time_raises_sequence(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    first = _plan(cli, root, tmp_path / "a")
    again = _plan(cli, root, tmp_path / "b")
    assert set(again) == set(first)
    for uid, (_name, cal, _) in first.items():
        assert again[uid][1].to_ical() == cal.to_ical()  # byte-identical when nothing changed
    conf = root / "conferences/fk-2027.yaml"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('start: "09:00"', 'start: "09:30"'), "utf-8"
    )
    later = _plan(cli, root, tmp_path / "c")
    assert set(later) == set(first)  # same UIDs: the calendars update their entries
    moved = [uid for uid in first if later[uid][2]["DTSTART"].dt != first[uid][2]["DTSTART"].dt]
    assert moved and all(later[uid][2]["SEQUENCE"] == 1 for uid in moved)


def test_a_participant_no_longer_needed_gets_a_cancel(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    first = _plan(cli, root, tmp_path / "a")
    jmd = {uid for uid, (name, _, _) in first.items() if name.startswith("jmd-")}
    conf = root / "conferences/fk-2027.yaml"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("  - {actor: jmd, contact: k-jmd}\n", ""), "utf-8"
    )
    later = _plan(cli, root, tmp_path / "b")
    for uid in jmd:
        _, cal, event = later[uid]
        assert (
            cal["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        )
    assert all(later[uid][1]["METHOD"] == "REQUEST" for uid in set(later) - jmd)
    state = (root / "invitations/fk-2027.json").read_text(encoding="utf-8")
    assert "T03" not in state and "fk-2027-03" not in state

"""Every output medium cleans its own text, last: calendars, address books, spreadsheets,
Markdown and the terminal, each read back by a real parser of that medium.

A profile can hold anything a YAML escape writes: NUL, BEL, ESC sequences, a
noncharacter (U+FFFF makes a workbook unreadable), and a control character
before ``=`` that would slip past a formula rule decided before cleaning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import openpyxl
import vobject
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from mailserver import network_ws

from merzig_cli.core.text import HIDDEN
from merzig_cli.documents import media
from merzig_cli.documents.calendar import Event, Person, to_ical

Cli = Callable[..., Any]
# A Steckbrief as YAML writes such values: with escapes in double-quoted strings.
HOSTILE = {
    "id": "steuerzeichen",
    "name": "\x01=cmd()",
    "category": "counselling",
    "level": "district",
    "summary": "Test.",
    "topics": ["language"],
    "target_groups": ["refugees"],
    "languages": ["de"],
    "address": {
        "street": "Hauptstr. 1\u202e\x00",
        "postal_code": "66663",
        "city": "\x1b]0;pwned\x07Merzig",
    },
    "contacts": [
        {
            "id": "a",
            "name": "\x1b[2J\x1b[1;1HAnna\x00 Muster",
            "role": "\uffff=1+1",
            "phone": "\x7f+49 6861 1",
            "email": "anna@example.org",
        },
        {"id": "b", "name": "\ufdd0Bea\x1b Beispiel\U0010ffff", "role": "\x1f@SUM(1)",
         "phone": "\x00-1"},
    ],
    "network": {"lists": ["alle"]},
    "publish": False,
    "reviewed": dt.date(2026, 10, 1),
}  # fmt: skip


def _ws(tmp_path: Path, port: int = 25) -> Path:
    ws = network_ws(tmp_path / "ws", port, actors=1)
    text = yaml.safe_dump(HOSTILE, allow_unicode=True, sort_keys=False)
    assert "\\0" in text and "\\uFFFF" in text  # escapes, as a person would write them
    (ws / "actors" / "steuerzeichen.yaml").write_text(text, encoding="utf-8")
    return ws


def _export(cli: Cli, ws: Path, fmt: str, out: Path) -> bytes:
    result = cli("actors", "export", "--format", fmt, "--out", str(out), "--data", str(ws))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _clean(values: list[str]) -> None:
    for value in values:
        assert not HIDDEN.search(value), repr(value)


def test_xlsx_opens_and_a_control_character_does_not_hide_a_formula(
    cli: Cli, tmp_path: Path
) -> None:
    ws = _ws(tmp_path)
    _export(cli, ws, "xlsx", tmp_path / "k.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "k.xlsx").active  # U+FFFF would stop this
    assert sheet is not None
    rows = [row for row in sheet.iter_rows() if row[1].value == "steuerzeichen"]
    assert len(rows) == 2
    _clean([str(c.value) for row in rows for c in row if c.value is not None])
    anna, bea = rows
    assert anna[0].value == "=cmd()" and anna[0].quotePrefix and anna[0].data_type == "s"
    assert anna[2].value == "[2J [1;1HAnna Muster" and not anna[2].quotePrefix
    assert anna[3].value == "=1+1" and anna[3].quotePrefix
    assert anna[5].value == "+49 6861 1" and anna[5].quotePrefix
    assert bea[2].value == "Bea Beispiel" and bea[3].value == "@SUM(1)" and bea[3].quotePrefix
    assert bea[5].value == "-1" and bea[5].quotePrefix


def test_csv_cells_are_clean_and_never_start_a_formula(cli: Cli, tmp_path: Path) -> None:
    raw = _export(cli, _ws(tmp_path), "csv", tmp_path / "k.csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    _clean(cells)
    assert not any(media.formula(cell) for cell in cells)
    anna = next(row for row in rows if row[1] == "steuerzeichen")
    assert anna[0] == "'=cmd()" and anna[3] == "'=1+1" and anna[5] == "'+49 6861 1"
    assert anna[9] == "Hauptstr. 1 , 66663 ]0;pwned Merzig"


def test_vcard_is_clean_crlf_and_read_back_by_vobject(cli: Cli, tmp_path: Path) -> None:
    raw = _export(cli, _ws(tmp_path), "vcf", tmp_path / "k.vcf")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 0  # every line ends in CRLF
    text = raw.decode("utf-8")
    _clean([text.replace("\r\n", "")])
    cards = list(vobject.readComponents(text))
    anna = next(c for c in cards if "Anna" in c.fn.value)
    assert anna.fn.value == "[2J [1;1HAnna Muster" and anna.title.value == "=1+1"
    assert anna.org.value == ["=cmd()"] and anna.tel.value == "+49 6861 1"
    assert anna.adr.value.street == "Hauptstr. 1" and anna.adr.value.city == "]0;pwned Merzig"
    bea = next(c for c in cards if "Bea" in c.fn.value)
    assert bea.fn.value == "Bea Beispiel"


def test_calendar_is_clean_and_read_back_by_icalendar() -> None:
    bad = "\x00\x07\x1b[2J\x1b]0;x\x07\uffff\u202e\x7f\x85"
    event = Event(
        uid="u1@example.org",
        title=f"Treffen{bad} =1+1",
        start=dt.datetime(2027, 3, 4, 18, 0),
        end=dt.datetime(2027, 3, 4, 19, 0),
        organizer=Person(f"Amt{bad}", "amt@example.org"),
        attendees=[Person(f"Anna{bad} Muster", "anna@example.org")],
        location=f"Rathaus{bad}\nSaal 1",
        description=f"Zeile eins{bad}\r\nZeile zwei\rZeile drei",
    )
    raw = to_ical(event, stamp=dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    assert raw.count(b"\n") == raw.count(b"\r\n")
    _clean([raw.decode("utf-8").replace("\r\n", "")])
    item: Any = Calendar.from_ical(raw).events[0]
    assert str(item["SUMMARY"]) == "Treffen [2J ]0;x =1+1"
    assert str(item["LOCATION"]) == "Rathaus [2J ]0;x Saal 1"
    assert str(item["DESCRIPTION"]) == "Zeile eins[2J]0;x\nZeile zwei\nZeile drei"
    assert item["ATTENDEE"].params["CN"] == "Anna [2J ]0;x Muster"
    assert item["ORGANIZER"].params["CN"] == "Amt [2J ]0;x"


def test_a_meeting_invitation_to_hostile_names_is_a_clean_calendar(
    cli: Cli, tmp_path: Path
) -> None:
    ws = _ws(tmp_path)
    out = tmp_path / "out"
    result = cli(
        "network", "meeting", "--date", "2027-03-04", "--time", "18:00", "--title", "Treffen",
        "--place", "Saal\x1b[2J 1", "--data", str(ws), "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = []
    for draft in sorted(out.rglob("*.eml")):
        message = message_from_bytes(draft.read_bytes(), policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                raw = part.get_payload(decode=True)
                assert isinstance(raw, bytes)
                _clean([raw.decode("utf-8").replace("\r\n", "")])
                item: Any = Calendar.from_ical(raw).events[0]
                names.append(item["ATTENDEE"].params["CN"])
                assert str(item["LOCATION"]) == "Saal [2J 1"
    assert "[2J [1;1HAnna Muster" in names


def test_the_terminal_shows_what_the_others_remove() -> None:
    assert media.terminal("a\x1b[2J\uffff\u202eb\tc") == "a\ufffd[2J\ufffd\ufffdb\tc"
    assert media.html("a\x1b[2J\uffff\u202eb") == "a[2Jb"


@settings(max_examples=30, deadline=None)
@given(st.text())
def test_every_medium_holds_no_hidden_character_and_no_formula(text: str) -> None:
    for cleaned in (
        media.html(text),
        media.icalendar(text),
        media.icalendar(text, lines=True),
        media.vcard(text),
        media.csv(text),
        media.xlsx(text)[0],
    ):
        assert not HIDDEN.search(cleaned), repr(cleaned)
    assert "\n" not in media.icalendar(text) + media.vcard(text) + media.csv(text)
    assert not media.formula(media.csv(text))
    assert media.xlsx(text)[1] == media.formula(media.xlsx(text)[0])
    assert media.xlsx("\x01" + "=" + text)[1]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_a_code_span_renders_as_the_value_and_never_as_a_link(text: str) -> None:
    from html import escape

    from markdown_it import MarkdownIt

    gfm = MarkdownIt("gfm-like")
    assert gfm.linkify is not None  # linkify-it-py: autolinks as GitHub makes them
    gfm.linkify.set({"fuzzy_link": True, "fuzzy_email": True})
    span = media.markdown(text)
    shown = " ".join(media.terminal(text).split())
    if not shown:
        assert span == ""
        return
    html = gfm.render(span)
    assert "<a " not in html and "<img" not in html
    expected = escape(shown, quote=False).replace('"', "&quot;")
    assert html == f"<p><code>{expected}</code></p>\n"

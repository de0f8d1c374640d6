"""Mail headers and addresses from an untrusted workspace: names and subjects never add a header
(CVE-2024-6923, checked on the Python that runs the tests), and one definition of an address
serves validate, the contact export and sending alike."""

from __future__ import annotations

import collections
import csv
import io
import re
import smtplib
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailserver import addresses, load, network_ws, running_server

from merzig_cli.core.mailaddress import MAX_LENGTH, PATTERN, address_problem, is_address
from merzig_cli.core.text import one_line
from merzig_cli.network.compose import new_message
from merzig_cli.network.headers import HeaderRefused, header_text, message_bytes
from merzig_cli.workspace.loader import Workspace

Cli = Callable[..., Any]
INJECTION = "=?utf-8?q?Anna=0D=0ABcc:_opfer@example.net=0D=0AReply-To:_opfer@example.net?="
HEADERS = {"from", "to", "subject", "message-id", "content-language", "mime-version"}
HEADERS |= {"content-type"}
HOSTILE_CHARS = [*'aZä漢 \t\r\n\x85\u2028\x00\x1b"\\,;:<>()@=?', "=?", "?=", "Bcc: x@y.de"]


def _round(cli: Cli, ws: Path, tmp_path: Path, *extra: str, subject: str = "Herbst") -> Any:
    body = tmp_path / "text.md"
    body.write_text("Neuigkeiten.\n", encoding="utf-8")
    return cli("mail", "round", "--all", "--subject", subject, "--body", str(body),
               "--data", str(ws), "--out", str(tmp_path / "out"), *extra)  # fmt: skip


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _header_names(data: bytes) -> collections.Counter[str]:
    parsed = message_from_bytes(data, policy=policy.default)
    return collections.Counter(name.lower() for name in parsed)


# --- class 2: headers -------------------------------------------------------------------


def test_this_python_would_inject_or_refuse_and_message_bytes_refuses_either_way() -> None:
    msg = EmailMessage()
    msg["From"] = "integration@example.org"
    msg["To"] = Address(display_name=INJECTION, addr_spec="anna@example.org")
    msg["Subject"] = "=?utf-8?q?Hallo=0D=0ABcc:_opfer@example.net?="
    msg.set_content("Hallo")
    try:
        plain = msg.as_bytes(policy=policy.SMTP)
    except Exception:  # a Python with the fix refuses by itself
        plain = b""
    assert plain == b"" or b"\r\nBcc: opfer@example.net" in plain  # 3.11.7: injected
    with pytest.raises(HeaderRefused, match="Kopfzeilen der Mail stimmen nicht"):
        message_bytes(msg, policy.SMTP)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One workspace for every mail composed here: composing a mail only reads it."""
    return load(network_ws(tmp_path_factory.mktemp("ws"), 25, actors=1))


@settings(max_examples=40, deadline=None)
@given(
    name=st.lists(st.sampled_from(HOSTILE_CHARS), max_size=12).map("".join),
    subject=st.lists(st.sampled_from(HOSTILE_CHARS), min_size=1, max_size=12).map("".join),
)
def test_hostile_names_and_subjects_give_exactly_the_headers_that_were_set(
    office: Workspace, name: str, subject: str
) -> None:
    ws = office
    parts = ("Hallo", "<p>Hallo</p>")
    to = [(name, "anna1@example.org")]
    if "=?" in one_line(name) or "=?" in one_line(subject):
        with pytest.raises(HeaderRefused, match="=\\?"):
            new_message(ws, "c", "k", subject, parts, to)
        return
    msg = new_message(ws, "c", "k", subject, parts, to)
    for pol in (policy.default, policy.SMTP):
        data = message_bytes(msg, pol)
        assert set(_header_names(data)) == HEADERS
        assert max(_header_names(data).values()) == 1
        parsed = message_from_bytes(data, policy=policy.default)
        [address] = parsed["To"].addresses
        assert address.addr_spec == "anna1@example.org"
        assert address.display_name == header_text(name, "")
        assert str(parsed["Subject"]) == header_text(subject, "")


@pytest.mark.parametrize("text", ["ä" * 2**20, "ä " * 2**19, "a b " * 2**18, '"' * 2**20])
def test_a_megabyte_name_or_subject_makes_a_mail_in_seconds(office: Workspace, text: str) -> None:
    began = time.monotonic()
    msg = new_message(
        office, "c", "k", text, ("Hallo", "<p>Hallo</p>"), [(text, "anna1@example.org")]
    )
    data = message_bytes(msg, policy.SMTP)
    assert time.monotonic() - began < 5
    parsed = message_from_bytes(data, policy=policy.default)
    assert str(parsed["Subject"]).endswith("…") and len(str(parsed["Subject"])) <= 200
    assert set(_header_names(data)) == HEADERS


def _hostile_ws(root: Path, port: int) -> Path:
    ws = network_ws(root, port, actors=2)
    _edit(ws / "actors" / "akteur-1.yaml", "name: Anna Muster1", f'name: "{INJECTION}"')
    return ws


def test_validate_names_the_file_and_line_of_an_encoded_word_in_a_name(
    cli: Cli, tmp_path: Path
) -> None:
    ws = _hostile_ws(tmp_path / "ws", 25)
    _edit(ws / "config.yaml", "name: Anlaufstelle Integration Musterstadt", 'name: "A =?x?= B"')
    result = cli("validate", "--data", str(ws))
    assert result.exit_code == 1, result.output
    lines = {line.split(": Fehler")[0] for line in result.output.splitlines() if "„=?“" in line}
    assert {"actors/akteur-1.yaml:13:11", "config.yaml:3:9"} <= lines


def test_sending_skips_a_recipient_whose_name_carries_an_encoded_word(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = _hostile_ws(tmp_path / "ws", server.port)
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 0, result.output
        assert "kodiertes Wort" in result.output and "Interner Fehler" not in result.output
        assert server.handler.by_address() == dict.fromkeys(addresses(2) - {"anna1@example.org"}, 1)
        for mail in server.handler.received:
            assert "opfer@example.net" not in mail.rcpt_tos
            assert set(_header_names(mail.data)) == {*HEADERS, "date"}


@pytest.mark.parametrize(
    ("where", "old", "new", "code", "said"),
    [
        ("config.yaml", "name: Anlaufstelle Integration Musterstadt", f'name: "{INJECTION}"', 1,
         "Der Name der Anlaufstelle (office.name) enthält „=?“"),
        ("", "", "", 2, "--subject enthält „=?“"),
    ],
)  # fmt: skip
def test_an_encoded_word_in_the_office_name_or_subject_sends_nothing(
    cli: Cli, tmp_path: Path, where: str, old: str, new: str, code: int, said: str
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)
        if where:
            _edit(ws / where, old, new)
        subject = "Herbst" if where else "Herbst =?utf-8?q?=0D=0ABcc:_opfer@example.net?="
        for extra in ((), ("--send",)):
            result = _round(cli, ws, tmp_path, *extra, subject=subject)
            assert result.exit_code == code, result.output
            assert said in result.output and "Interner Fehler" not in result.output
        assert server.handler.received == [] and not (tmp_path / "out").exists()


# --- class 3: addresses ------------------------------------------------------------------

BAD = [
    "a..b@example.org",
    ".a@example.org",
    "a.@example.org",
    "a[1]@example.org",
    "a\x01b@example.org",
    "a b@example.org",
    '"a"@example.org',
    "a@b@example.org",
    "a@example",
    "a@-x.example.org",
    "a@x..example.org",
    "a@127.0.0.1",
    "a@[127.0.0.1]",
    "jörg@example.org",
    "=?utf-8?q?x?=@example.org",
    "anna@example.org\nBcc: opfer@example.net",
    "a" * 65 + "@example.org",
    "a@" + "b" * 64 + ".org",
]
GOOD = ["anna@example.org", "o'brien+tag@sub.example.org", "A_B-c.d{1}@x-y.de", "a@b.c1"]


@pytest.mark.parametrize("value", BAD)
def test_validate_refuses_what_mail_would_refuse(cli: Cli, tmp_path: Path, value: str) -> None:
    assert address_problem(value) is not None
    ws = network_ws(tmp_path / "ws", 25, actors=1)
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    quoted = quoted.replace("\x01", "\\x01")
    _edit(ws / "actors" / "akteur-1.yaml", "email: anna1@example.org", f'email: "{quoted}"')
    result = cli("validate", "--data", str(ws))
    assert result.exit_code == 1, result.output
    assert "actors/akteur-1.yaml:14" in result.output and "keine gültige E-Mail-Adresse" in (
        result.output
    )


@pytest.mark.parametrize("value", GOOD)
def test_usual_addresses_are_taken_by_validate_and_the_mail_library(value: str) -> None:
    assert address_problem(value) is None
    assert Address(addr_spec=value).addr_spec == value


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(list("aZ09.-@_+=?[] \x00\x7fä\"\\'")), max_size=30).map("".join),
        st.emails().map(str),
    )
)
def test_one_definition_the_mail_library_and_the_json_schema_agree(value: str) -> None:
    valid = is_address(value)
    assert valid == bool(len(value) <= MAX_LENGTH and re.fullmatch(PATTERN, value))
    if valid:
        assert Address(addr_spec=value).addr_spec == value
        assert smtplib.quoteaddr(value) == f"<{value}>"
        msg = EmailMessage()
        msg["To"] = Address(display_name="X", addr_spec=value)
        parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
        assert [a.addr_spec for a in parsed["To"].addresses] == [value]


@pytest.mark.parametrize(
    "value",
    [
        "a" * 2**20 + "@",
        "@" + "a" * 2**20,
        "a@" + "a-" * 2**19,
        "a@" + "a." * 2**19,
        "a." * 2**19 + "@example.org",
        "=" * 2**20,
        "a@" + "1." * 2**19 + "1",
        "a@" + "1." * 2**19 + "-",
    ],
)
def test_a_megabyte_of_hostile_text_is_judged_in_linear_time(value: str) -> None:
    began = time.monotonic()
    assert address_problem(value) is not None
    assert re.fullmatch(PATTERN, value) is None  # the JSON Schema pattern too, for editors
    assert re.search(PATTERN, value) is None
    assert time.monotonic() - began < 3


def test_validate_judges_a_long_hostile_address_in_seconds(cli: Cli, tmp_path: Path) -> None:
    ws = network_ws(tmp_path / "ws", 25, actors=1)
    hostile = "a@" + "a-" * 400_000 + "!"
    _edit(ws / "actors" / "akteur-1.yaml", "email: anna1@example.org", f'email: "{hostile}"')
    began = time.monotonic()
    result = cli("validate", "--data", str(ws))
    assert time.monotonic() - began < 20
    assert result.exit_code == 1 and "keine gültige E-Mail-Adresse" in result.output


SENT_BAD = ["a..b@example.org", ".a@example.org", "a[1]@example.org", "a\x01b@example.org",
            "=?utf-8?q?x?=@example.org", "anna1@example.org\nBcc: opfer@example.net"]  # fmt: skip


@pytest.mark.parametrize("value", SENT_BAD)
def test_a_bad_address_skips_that_recipient_and_the_others_receive(
    cli: Cli, tmp_path: Path, value: str
) -> None:
    quoted = value.replace("\x01", "\\x01").replace("\n", "\\n")
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=1)  # anna1 and bernd1 (no mail)
        akteur = ws / "actors" / "akteur-1.yaml"
        _edit(akteur, '    phone: "+49 6861 000-1"', f'    email: "{quoted}"')
        result = _round(cli, ws, tmp_path, "--send")
        assert result.exit_code == 0, result.output
        assert "Bernd Beispiel1" in result.output and "merzig validate" in result.output
        assert "Interner Fehler" not in result.output
        assert server.handler.by_address() == {"anna1@example.org": 1}

        export = cli("actors", "export", "--format", "csv", "--data", str(ws))
        assert export.exit_code == 0, export.output
        rows = list(csv.reader(io.StringIO(export.stdout.lstrip("\ufeff")), delimiter=";"))
        column = rows[0].index("E-Mail")
        assert [r[column] for r in rows[1:]] == ["anna1@example.org", ""]


@pytest.mark.parametrize("value", SENT_BAD)
def test_at_send_time_a_bad_address_that_got_past_loading_skips_only_its_recipient(
    tmp_path: Path, value: str
) -> None:
    from merzig_cli.network.delivery import deliver
    from merzig_cli.network.recipients import Choice
    from merzig_cli.network.rounds import round_mail

    body = tmp_path / "text.md"
    body.write_text("Hallo\n", encoding="utf-8")
    with running_server() as server:
        ws = load(network_ws(tmp_path / "ws", server.port, actors=1))
        ws.actors["akteur-1"].contacts[1].email = value  # as if the loader had let it through
        result = deliver(ws, round_mail(ws, "Hallo", body, Choice(everyone=True)))
        assert server.handler.by_address() == {"anna1@example.org": 1}
        [skipped] = [r for r in result.rows if r.label == "Bernd Beispiel1"]
        assert skipped.status == "no-address" and "ungültige E-Mail-Adresse" in skipped.detail
        assert any("Bernd Beispiel1 – ungültige E-Mail-Adresse" in n for n in result.notes)


def test_a_reminder_to_a_name_with_an_encoded_word_is_left_out_the_others_go(
    cli: Cli, tmp_path: Path
) -> None:
    with running_server() as server:
        ws = network_ws(tmp_path / "ws", server.port, actors=2)  # reviewed 2026-10-01: stale
        _edit(ws / "actors" / "akteur-1.yaml", "name: Anna Muster1", f'name: "{INJECTION}"')
        result = cli("mail", "reminders", "--kind", "profile", "--date", "2028-06-01",
                     "--data", str(ws), "--send")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "kodiertes Wort" in result.output and "Interner Fehler" not in result.output
        assert server.handler.by_address() == {"anna2@example.org": 1}
        [mail] = server.handler.received
        assert set(_header_names(mail.data)) == {*HEADERS, "date"}

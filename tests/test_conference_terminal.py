"""The interactive commands through a real pseudo-terminal (pexpect): ``conference new``
asks for what the options leave out; ``conference run`` walks the agenda, refuses an
actor the consent does not cover and an impossible date, writes each case at once,
and after Ctrl-C in the middle of a case resumes at the first case without agreement."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conference_support import conference_workspace

from merzig_cli.workspace.loader import load_workspace

TIMEOUT = 20


def _spawn(*args: str) -> pexpect.spawn:
    env = dict(os.environ, TERM="dumb", NO_COLOR="1", COLUMNS="120", PYTHONUTF8="1")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "merzig_cli", *args],
        env=env,
        encoding="utf-8",
        # the terminal echoes Ctrl-C as "^C" where it comes, also between the bytes of
        # a character the program is writing: what follows is read, not a decoding error
        codec_errors="replace",
        timeout=TIMEOUT,
        dimensions=(50, 120),
        # Ctrl-C as at a terminal, even where the test run itself ignores it (a shell's
        # background job does, and an ignored SIGINT is inherited)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Every answer is sent once its prompt was read: pexpect's pause before each send
    # (50 ms, for programs that turn off echo before they ask) would wait for nothing.
    child.delaybeforesend = None
    return child


def _workspace(tmp_path: Path) -> Path:
    """fk-2027 with three cases still to agree (01, 02, 03); the others are left out."""
    root = conference_workspace(tmp_path / "ws")
    for path in (root / "cases/2027").glob("*.yaml"):
        if int(path.stem[-2:]) > 3:
            path.unlink()
            continue
        text = path.read_text("utf-8")
        text = re.sub(r"(?ms)^agreement:.*?^follow_up:", "agreement: null\nfollow_up:", text)
        path.write_text(text, "utf-8")
    return root


def _answer(child: pexpect.spawn, *pairs: tuple[str, str]) -> None:
    for prompt, answer in pairs:
        child.expect(prompt)
        child.sendline(answer)


def test_run_walks_the_cases_refuses_wrong_answers_and_ctrl_c_loses_only_the_case_at_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERZIG_TODAY", "2027-06-29")  # the day of the conference
    root = _workspace(tmp_path)
    out = tmp_path / "out"
    args = (
        "conference",
        "run",
        "fk-2027",
        "--data",
        str(root),
        "--out",
        str(out),
        "--format",
        "html",
    )
    child = _spawn(*args)
    child.expect("Wiedervorlage fk-2026-01")  # an open case of the earlier conference
    _answer(child, ("Wer ist da", "1,2,3"), ("übrigen als entschuldigt", "j"))
    child.expect("Anwesenheit gespeichert: 3 da, 2 entschuldigt")
    _answer(child, ("Wiedervorlagen jetzt durchgehen", "n"))
    child.expect("Fall 1 von 3: fk-2027-01")
    _answer(
        child,
        ("Vereinbarte Perspektive", "Urlaub"),
        ("Vereinbarte Perspektive", "1"),
        ("Schritt 1 – was ist zu tun", "Bewerbungen\x1b[2J"),  # pasted with an escape sequence
    )
    child.expect("enthält Steuer- oder unsichtbare Zeichen")
    _answer(
        child,
        ("Schritt 1 – was ist zu tun", "Bewerbungen schreiben"),
        ("Wer macht es", "hwk"),  # the consent of case 01 does not cover the HWK
    )
    child.expect(r"Handwerkskammer Musterland \(hwk\) ist von der Einwilligung in Fall fk-2027-01")
    _answer(
        child,
        ("Wer macht es", "0"),
        ("Wer begleitet", "schule"),
        ("Bis wann", "31.02.2027"),
    )
    child.expect("den 31.02.2027 gibt es nicht")
    _answer(
        child,
        ("Bis wann", "28.06.2027"),  # yesterday: a new step is not due in the past
    )
    child.expect("liegt in der Vergangenheit")
    _answer(
        child,
        ("Bis wann", "in 4 Wochen"),
        ("Schritt 2 – was ist zu tun", "Hilfeplangespräch führen"),
        ("Wer macht es", "2"),
        ("Wer begleitet", ""),
        ("Bis wann", "Ende August"),
        ("Schritt 3 – was ist zu tun", ""),
        ("Notiz fürs Protokoll", "Praktikum im Herbst als Einstieg."),
    )
    child.expect("Fall fk-2027-01 gespeichert: 2 Schritte vereinbart")
    _answer(child, ("Vereinbarungsblatt", "j"))
    child.expect("Fall 2 von 3: fk-2027-02")
    _answer(child, ("Vereinbarte Perspektive", "Praktikum"))
    child.expect("Schritt 1 – was ist zu tun")
    child.sendintr()  # Ctrl-C in the middle of case 02
    child.expect("Fall fk-2027-02 ist nicht gespeichert")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    ws = load_workspace(root)
    first = ws.cases["fk-2027-01"].agreement
    assert first is not None and first.perspective == "training"
    assert first.date == dt.date(2027, 6, 29)
    assert [(s.action, s.by, s.support, s.due) for s in first.steps] == [
        ("Bewerbungen schreiben", "youth", "schule", dt.date(2027, 7, 27)),
        ("Hilfeplangespräch führen", "jugendamt", None, dt.date(2027, 8, 31)),
    ]
    assert ws.cases["fk-2027-01"].discussion == "Praktikum im Herbst als Einstieg."
    assert ws.cases["fk-2027-02"].agreement is None  # the case at hand is lost, nothing else
    attendance = ws.conferences["fk-2027"].attendance
    assert attendance is not None and attendance.present == ["anlaufstelle", "schule", "jugendamt"]
    sheet = (out / "fk-2027/vereinbarung-fk-2027-01.html").read_text("utf-8")
    assert "Bewerbungen schreiben" in sheet and "Familiengeheimnis" not in sheet


def test_run_resumes_at_the_first_case_without_agreement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    monkeypatch.setenv("MERZIG_TODAY", "2027-06-29")
    root = _workspace(tmp_path)
    base = ("--data", str(root))
    # what an earlier run left: the attendance and the agreement of case 01
    assert cli("conference", "attend", "fk-2027", "--present", "schule", *base).exit_code == 0
    assert cli("case", "agree", "fk-2027-01", "--perspective", "training", *base).exit_code == 0
    child = _spawn("conference", "run", "fk-2027", *base)
    index = child.expect(["Wer ist da", "Wiedervorlagen jetzt durchgehen"])
    assert index == 1  # attendance is asked once per conference
    _answer(
        child,
        ("", "j"),
        ("Stand\\?", "e"),  # step 1 of the earlier case fk-2026-01: done
        ("Stand\\?", "01.01.2027"),  # step 2: postponed, but not into the past
    )
    child.expect("liegt in der Vergangenheit")
    _answer(child, ("Stand\\?", "Ende September"))
    child.expect("Schritt 2 von fk-2026-01 gespeichert")
    child.expect("Fall 2 von 3: fk-2027-02")  # case 01 is done
    _answer(
        child,
        ("Vereinbarte Perspektive", "5"),
        ("Schritt 1 – was ist zu tun", "Praktikumsplatz suchen"),
        ("Wer macht es", "youth"),
        ("Wer begleitet", "jmd"),  # case 02 does not share with the JMD
    )
    child.expect("Jugendmigrationsdienst Musterstadt \\(jmd\\) ist von der Einwilligung")
    _answer(
        child,
        ("Wer begleitet", "jobcenter"),
        ("Bis wann", "2027-08-15"),
        ("Schritt 2 – was ist zu tun", ""),
        ("Notiz fürs Protokoll", ""),
    )
    child.expect("Fall fk-2027-02 gespeichert: 1 Schritt vereinbart")
    _answer(child, ("Vereinbarungsblatt", "n"))
    child.expect("Fall 3 von 3: fk-2027-03")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    ws = load_workspace(root)
    second = ws.cases["fk-2027-02"].agreement
    assert second is not None and second.perspective == "internship"
    assert [(s.by, s.support, s.due) for s in second.steps] == [
        ("youth", "jobcenter", dt.date(2027, 8, 15))
    ]
    assert ws.cases["fk-2027-03"].agreement is None
    earlier = ws.cases["fk-2026-01"].agreement
    assert earlier is not None
    assert [(s.status, s.done, s.due) for s in earlier.steps] == [
        ("done", dt.date(2027, 6, 29), dt.date(2026, 9, 15)),
        ("open", None, dt.date(2027, 9, 30)),
    ]


def test_conference_new_asks_for_what_the_options_leave_out(tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    child = _spawn("conference", "new", "fk-2028", "--data", str(root), "--host", "schule")
    _answer(
        child,
        ("Tag der Konferenz", "30.02.2028"),
    )
    child.expect("den 30.02.2028 gibt es nicht")
    _answer(
        child,
        ("Tag der Konferenz", "27.06.2028"),
        ("Ort", "Berufsschule Musterstadt"),
        ("Beginn", "8:30"),
        ("Minuten je Fall", "25"),
        ("Pause", "6=15"),
        ("Pause", "12:00=45"),
        ("Pause", ""),
        ("Teilnehmende", "2, jmd, 99"),
    )
    child.expect("„99“ steht nicht in der Liste")
    _answer(child, ("Teilnehmende", "schule, jmd"))
    child.expect("angelegt: Förderkonferenz fk-2028")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    conference = load_workspace(root).conferences["fk-2028"]
    assert (conference.date, conference.start, conference.slot_minutes) == (
        dt.date(2028, 6, 27),
        "08:30",
        25,
    )
    assert [(p.actor, p.contact) for p in conference.participants] == [
        ("schule", "k-schule"),
        ("jmd", "k-jmd"),
    ]
    assert [(b.after_case, b.at) for b in conference.breaks] == [(6, None), (None, "12:00")]

"""What a person types into the conference year commands, taken as an attacker would try it:
hidden characters in a text, events recorded for a day that has not come, a step postponed
into the past. Each is refused in German with exit code 1 and leaves every file as it was
(bytes compared); a line break in a text becomes a space, never a line of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace, flat, yaml_files

from merzig_cli.workspace.loader import load_workspace


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return conference_workspace(tmp_path / "ws")


HIDDEN = "enthält Steuer- oder unsichtbare Zeichen"


def test_texts_with_escape_sequences_or_direction_marks_are_refused_everywhere(
    cli: Callable[..., Any], root: Path
) -> None:
    base = ("--data", str(root))
    before = yaml_files(root)
    refused = [
        ("case", "step", "add", "fk-2027-05", "--action", "Bewerben\x1b[2J", "--by", "youth",
         "--due", "01.03.27"),
        ("case", "step", "edit", "fk-2027-05", "2", "--action", "Gespräch\u202eführen"),
        ("case", "step", "drop", "fk-2027-05", "2", "--reason", "entfällt\x07"),
        ("case", "discuss", "fk-2027-05", "--text", "Notiz\x1b]8;;http://x\x1b\\"),
        ("case", "followup", "fk-2027-05", "--note", "Nachtrag\x00"),
        ("conference", "new", "fk-2028", "--date", "27.06.2028", "--location", "BBZ\x1b[31m"),
        ("conference", "new", "fk-2028", "--date", "27.06.2028", "--location", "BBZ",
         "--title", "Konferenz\u2066"),
    ]  # fmt: skip
    for args in refused:
        result = cli(*args, *base)
        assert result.exit_code == 1, (args, result.stderr)
        assert HIDDEN in flat(result.stderr), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert yaml_files(root) == before


def test_a_line_break_in_a_typed_text_never_starts_a_key_of_its_own(
    cli: Callable[..., Any], root: Path
) -> None:
    base = ("--data", str(root))
    made = cli("conference", "new", "fk-2028", "--date", "27.06.2028", "--location", "BBZ",
               "--title", "Konferenz\nhost: jmd\nattendance: {present: [jmd]}", *base)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    conference = load_workspace(root).conferences["fk-2028"]
    assert conference.title == "Konferenz host: jmd attendance: {present: [jmd]}"
    assert conference.host is None and conference.attendance is None
    added = cli("case", "step", "add", "fk-2027-05", "--action", "Bewerbung\r\nschreiben",
                "--by", "youth", "--due", "15.09.27", *base)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    case = load_workspace(root).cases["fk-2027-05"]
    assert case.agreement is not None
    assert case.agreement.steps[-1].action == "Bewerbung schreiben"


def test_what_has_not_happened_yet_cannot_be_recorded(cli: Callable[..., Any], root: Path) -> None:
    base = ("--data", str(root))  # today is 2026-12-01 (conftest)
    before = yaml_files(root)
    for args, words in [
        (("step", "done", "fk-2027-05", "1", "--date", "02.12.2026"),
         "Schritt 1 erledigt am 02.12.2026 liegt in der Zukunft"),
        (("step", "fk-2027-05", "1", "--done", "--date", "10.07.2027"), "liegt in der Zukunft"),
        (("close", "fk-2027-05", "--result", "training-started", "--force", "--date",
          "01.01.2090"), "Ein Abschluss am 01.01.2090 liegt in der Zukunft"),
        (("followup", "fk-2027-05", "--note", "Praktikum läuft.", "--date", "20.07.2027"),
         "Eine Notiz am 20.07.2027 liegt in der Zukunft"),
        (("withdraw", "fk-2027-05", "--date", "02.12.2026"), "Ein Widerruf am 02.12.2026"),
        (("followup", "fk-2027-05", "--note", "  "), "--note ist leer"),
    ]:  # fmt: skip
        result = cli("case", *args, *base)
        assert result.exit_code == 1, (args, result.stderr)
        assert words in flat(result.stderr), (args, result.stderr)
    assert yaml_files(root) == before
    today = cli("case", "step", "done", "fk-2027-05", "1", "--date", "01.12.2026", *base)
    assert today.exit_code == 0, today.stderr


def test_a_step_is_not_due_in_the_past_nor_before_its_agreement(
    cli: Callable[..., Any], root: Path
) -> None:
    base = ("--data", str(root))  # the agreements of fk-2027 are dated 2027-06-29
    before = yaml_files(root)
    for args, words in [
        (("edit", "fk-2027-05", "2", "--due", "30.11.2026"), "liegt in der Vergangenheit"),
        (("edit", "fk-2027-05", "2", "--due", "01.01.1900"), "liegt in der Vergangenheit"),
        (("edit", "fk-2027-05", "2", "--due", "15.12.2026"),
         "Die Frist 15.12.2026 liegt vor der Vereinbarung vom 29.06.2027"),
        (("add", "fk-2027-05", "--action", "Praktikum", "--by", "youth", "--due", "in 2 Wochen"),
         "Die Frist 15.12.2026 liegt vor der Vereinbarung vom 29.06.2027"),
    ]:  # fmt: skip
        result = cli("case", "step", *args, *base)
        assert result.exit_code == 1, result.stderr
        assert words in flat(result.stderr), (args, result.stderr)
    assert yaml_files(root) == before
    moved = cli("case", "step", "edit", "fk-2027-05", "2", "--due", "29.06.2027", *base)
    assert moved.exit_code == 0, moved.stderr


def test_validate_warns_of_a_step_due_before_its_agreement_in_a_file_written_by_hand(
    tmp_path: Path,
) -> None:
    """The commands refuse such a step; a file edited by hand gets a warning with its line."""
    import shutil

    from conftest import BUNDLED

    from merzig_cli.checks.validate import validate_path

    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-*"))
    path = root / "cases/2026/fk-2026-07.yaml"
    text = path.read_text(encoding="utf-8")
    due = text[text.index("due: ", text.index("steps:")) :].split("\n", 1)[0]
    path.write_text(text.replace(due, "due: 2026-05-01", 1), encoding="utf-8")
    found = [p for p in validate_path(str(root)).warnings if p.code == "step-due-before-agreement"]
    assert len(found) == 1, found
    assert str(found[0].file).endswith("fk-2026-07.yaml") and found[0].line
    assert "vor der Vereinbarung am 2026-06-30" in found[0].message


def test_a_name_in_a_typed_text_is_a_warning_of_the_file_also_in_json(
    cli: Callable[..., Any], root: Path
) -> None:
    """The case rules decide it (validate, every command, --json), not each command."""
    import json

    base = ("--data", str(root))
    added = cli("case", "step", "add", "fk-2027-05", "--action", "Termin mit Ahmad Karimi",
                "--by", "youth", "--due", "31.07.27", "--json", *base)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    warnings = json.loads(added.stdout)["warnings"]
    assert any("Der Schritt enthält vermutlich einen Namen" in w for w in warnings), warnings
    noted = cli("case", "followup", "fk-2027-05", "--note", "Gespräch mit Frau Haddad", *base)
    assert "follow_up" in flat(noted.stderr) and "einen Namen" in flat(noted.stderr)
    assert flat(noted.stderr).count("enthält vermutlich") == 2  # the step's and the note's

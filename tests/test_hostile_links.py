"""Links, values and dates from an outside attack on a workspace (each was once a real hole).

Symbolic links in a merge request must never make the tool read a file from
outside into the workspace or a document, nor write through a link to
outside; a back-dated ``--date`` never brings a withdrawn case back; values
written into a new file never become keys of their own; odd dates and
numbers end in a German message, not an internal error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED
from test_actors_review import git, repository

Cli = Callable[..., Any]
SECRET = "GEHEIM-vom-Runner-4711"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-*", "invitations"))
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "aussen"
    folder.mkdir()
    return folder


def _out(ws: Path, command: list[str]) -> list[str]:
    """``--out`` for the commands that write documents."""
    takes = command[0] in ("brochure", "conference", "mail", "network")
    return ["--out", str(ws.parent / "out")] if takes else []


def _nothing_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name != "geheim.txt")


@pytest.mark.parametrize(
    ("template", "command"),
    [
        ("steckbrief.yaml", ["actors", "new", "neuer-akteur"]),
        ("case.yaml", ["case", "new", "--conference", "fk-2027"]),
        ("brochure/strings.yaml", ["brochure", "build", "--format", "md", "--lang", "de"]),
    ],
)
def test_a_template_linked_to_outside_is_refused_not_copied(
    cli: Cli, ws: Path, outside: Path, template: str, command: list[str]
) -> None:
    secret = outside / "geheim.txt"
    secret.write_text(f"de:\n  title: {SECRET}\nid: x\n", encoding="utf-8")
    link = ws / "templates" / template
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, link)
    result = cli(*command, "--data", str(ws), *_out(ws, command))
    assert result.exit_code == 1, result.output
    assert "Verknüpfung aus dem Vorlagenordner hinaus" in " ".join(result.stderr.split())
    files = [*ws.rglob("*.yaml"), *(ws.parent / "out").rglob("*")]
    written = [p for p in files if p.is_file() and not p.is_symlink()]
    assert not [p for p in written if SECRET in p.read_text(encoding="utf-8", errors="replace")]


def test_a_case_linked_to_outside_is_never_edited(cli: Cli, ws: Path, outside: Path) -> None:
    original = (ws / "cases/2026/fk-2026-01.yaml").read_text(encoding="utf-8")
    target = outside / "fk-2026-99.yaml"
    target.write_text(original.replace("fk-2026-01", "fk-2026-99"), encoding="utf-8")
    os.symlink(target, ws / "cases/2026/fk-2026-99.yaml")
    before = target.read_bytes()
    for args in (["case", "followup", "fk-2026-99", "--note", "Notiz"],
                 ["case", "step", "fk-2026-99", "1", "--done"]):  # fmt: skip
        result = cli(*args, "--data", str(ws))
        assert result.exit_code == 1, result.output
        assert "aus dem Arbeitsbereich hinaus" in " ".join(result.stderr.split())
    assert (ws / "cases/2026/fk-2026-99.yaml").is_symlink() and target.read_bytes() == before


def test_an_inquiry_linked_to_outside_is_never_edited(cli: Cli, ws: Path, outside: Path) -> None:
    source = sorted((ws / "inquiries/2026").glob("*.yaml"))[0]
    target = outside / source.name
    shutil.move(source, target)
    os.symlink(target, source)
    before = target.read_bytes()
    result = cli("inquiry", "close", source.stem, "--data", str(ws))
    assert result.exit_code == 1 and "aus dem Arbeitsbereich hinaus" in result.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("folder", "command"),
    [
        (".merzig-cache", ["route", "Deutschkurs"]),
        (".merzig-cache", ["inquiry", "close", "2026-0001"]),  # the write lock lives there
        ("invitations", ["conference", "plan", "fk-2027", "--format", "md"]),
        ("statistics", ["privacy", "purge", "--date", "2040-01-01"]),
    ],
)
def test_a_state_folder_linked_to_outside_is_never_written_through(
    cli: Cli, ws: Path, outside: Path, folder: str, command: list[str]
) -> None:
    os.symlink(outside, ws / folder)
    result = cli(*command, "--data", str(ws), *_out(ws, command))
    assert "Interner Fehler" not in result.output
    assert _nothing_in(outside) == [], result.output


def test_the_send_ledger_never_appends_to_a_file_outside(
    cli: Cli, ws: Path, outside: Path, tmp_path: Path
) -> None:
    victim = outside / "geheim.txt"
    victim.write_text("unverändert\n", encoding="utf-8")
    (ws / ".merzig-mail").mkdir()
    os.symlink(victim, ws / ".merzig-mail/test.jsonl")
    body = tmp_path / "text.md"
    body.write_text("Hallo\n", encoding="utf-8")
    cli("mail", "round", "--all", "--subject", "Test", "--campaign", "test", "--body", str(body),
        "--send", "--data", str(ws))  # fmt: skip
    assert victim.read_text(encoding="utf-8") == "unverändert\n"


def test_the_diff_of_the_working_tree_does_not_read_a_linked_file(
    cli: Cli, tmp_path: Path, outside: Path
) -> None:
    repo, data = repository(tmp_path)
    secret = outside / "leck.yaml"
    text = (data / "actors/akteur-1.yaml").read_text(encoding="utf-8")
    secret.write_text(text.replace("Beratungsstelle 1", SECRET), encoding="utf-8")
    (data / "actors/akteur-1.yaml").unlink()
    os.symlink(secret, data / "actors/akteur-1.yaml")
    result = cli("actors", "diff", "--format", "md", "--data", str(data))
    assert SECRET not in result.output
    assert result.exit_code == 1 and "aus dem Arbeitsbereich hinaus" in result.stderr
    git(repo, "status", "--porcelain")  # the repository is intact


def test_a_back_dated_date_never_brings_a_withdrawn_case_back(cli: Cli, ws: Path) -> None:
    """fk-2026-02 was withdrawn on 2026-09-15: minutes made later, for an earlier day, lack it."""
    out = ws.parent / "out"
    env = {"MERZIG_TODAY": "2026-10-01"}
    result = cli("conference", "minutes", "fk-2026", "--date", "2026-07-01", "--format", "md",
                 "--data", str(ws), "--out", str(out), env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "fk-2026-02" in result.output and "widerrufen" in result.output
    assert not list(out.rglob("*fk-2026-02*"))
    assert not [p for p in out.rglob("*.md") if "fk-2026-02" in p.read_text(encoding="utf-8")]


def test_a_conference_title_never_becomes_keys_of_a_new_case(cli: Cli, ws: Path) -> None:
    conference = ws / "conferences/fk-2027.yaml"
    text = conference.read_text(encoding="utf-8")
    injected = 'title: "FK\\npseudonym: INJIZIERT\\nbirth_year: 2001"'
    conference.write_text(text.replace("title: Förderkonferenz 2027", injected))
    result = cli("case", "new", "--conference", "fk-2027", "--data", str(ws))
    assert result.exit_code == 0, result.output
    new = sorted((ws / "cases/2027").glob("*.yaml"))[-1].read_text(encoding="utf-8")
    assert "\npseudonym: INJIZIERT" not in new and "\nbirth_year: 2001" not in new
    assert "# Fall fk-2027-" in new and "FK pseudonym: INJIZIERT" in new  # one comment line


@pytest.mark.parametrize(
    ("change", "command", "code", "words"),
    [
        (None, ["followup"], 2, "MERZIG_TODAY"),
        (
            ("cases/2026/fk-2026-01.yaml", "closed: null", "closed: 9999-12-31"),
            ["privacy", "check"],
            1,  # the example's withdrawn cases are past retention.withdrawn_days, no more
            "2 Befunde zum Datenschutz",
        ),
        (
            ("config.yaml", "cases_months: 36", "cases_months: 99999999999"),
            ["privacy", "purge", "--dry-run", "--date", "2040-01-01"],
            0,
            "",
        ),
        (
            (
                "conferences/fk-2027.yaml",
                'date: 2027-06-29\nstart: "08:30"',
                'date: 9999-12-31\nstart: "23:30"',
            ),
            ["conference", "plan", "fk-2027", "--format", "md"],
            1,
            "31.12.9999",
        ),
        (
            ("templates/case.yaml", None, "# Preis: 5$ und ${gibt_es_nicht}\nid: $id\n"),
            ["case", "new", "--conference", "fk-2027"],
            0,
            "angelegt",  # "$" that is no placeholder stays as it is
        ),
        (
            ("statistics/2026.yaml", None, '{"conferences": {"fk-2026": {"cases": "x"}}}'),
            ["report", "conference", "fk-2026"],
            1,
            "keine Anzahl",
        ),
    ],
    ids=["today", "closed-9999", "retention-huge", "conference-9999", "dollar", "statistics"],
)
def test_odd_dates_and_numbers_get_a_german_answer(
    cli: Cli, ws: Path, change: Any, command: list[str], code: int, words: str
) -> None:
    env = {"MERZIG_TODAY": "irgendwann"} if change is None else {}
    if change:
        rel, old, new = change
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if old else ""
        assert old is None or old in text, (rel, old)
        path.write_text(text.replace(old, new) if old else new, encoding="utf-8")
    result = cli(*command, "--data", str(ws), *_out(ws, command), env=env)
    assert result.exit_code == code, result.output
    assert "Interner Fehler" not in result.output and words in result.output


def test_a_meeting_longer_than_a_day_or_beyond_the_calendar_is_refused(cli: Cli, ws: Path) -> None:
    for extra in (["--duration", "99999999999"], ["--date", "9999-12-31", "--time", "23:30"]):
        args = ["network", "meeting", "--date", "2027-03-04", "--time", "18:00", "--title", "T"]
        result = cli(*args, *extra, "--data", str(ws), "--out", str(ws.parent / "out"))
        assert result.exit_code == 2, result.output
        assert "Interner Fehler" not in result.output


def test_control_characters_never_reach_a_terminal_from_diff_or_export(
    cli: Cli, tmp_path: Path
) -> None:
    _, data = repository(tmp_path)
    path = data / "actors/akteur-1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Beratungsstelle 1", 'name: "B\\e]0;PWN\\a \\ec"'))
    diff = cli("actors", "diff", "--format", "md", "--data", str(data))
    assert diff.exit_code == 0, diff.output
    assert "\x1b" not in diff.output and "\x07" not in diff.output and "PWN" in diff.output
    text = (data / "actors/akteur-2.yaml").read_text(encoding="utf-8")
    (data / "actors/akteur-2.yaml").write_text(
        text.replace("name: Anna Muster2", 'name: "\\e[2JAnna Muster2"')
    )
    export = cli("actors", "export", "--format", "csv", "--data", str(data))
    assert export.exit_code == 0, export.output
    assert "\x1b" not in export.output

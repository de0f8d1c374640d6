"""Everything the command line says is German: help pages and usage errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main

from merzig_cli.cli.main import app

REPO = Path(__file__).resolve().parent.parent
MERZIG = Path(sys.executable).parent / "merzig"
ENGLISH = (
    "[folder]",
    "[conference_id]",
    "<str>",
    "<int>",
    "<path>",
    "<list[",
    "[required]",
    "[default:",
    "Usage:",
    "Options:",
    "Show this message",
    "{",
)


def _paths(command: Any, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _paths(sub, [*path, name])
    return found


@pytest.mark.parametrize("path", _paths(typer.main.get_command(app), []), ids=" ".join)
def test_help_pages_have_no_english_placeholders(path: list[str], cli: Callable[..., Any]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert [word for word in ENGLISH if word in result.stdout] == []
    assert result.stdout.startswith("Aufruf: ")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MERZIG), *args], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )


def test_unquoted_question_explains_the_quotes() -> None:
    result = run("route", "Wie", "kann", "ich")
    assert result.returncode == 2
    assert "Unerwartete zusätzliche Angabe: kann ich" in result.stderr
    assert "Anführungszeichen" in result.stderr
    assert "Got unexpected" not in result.stderr


def test_wrong_number_is_explained_in_german() -> None:
    result = run("inquiry", "list", "--year", "abc")
    assert result.returncode == 2
    assert "Ungültiger Wert für '--year': erwartet eine ganze Zahl." in result.stderr
    assert "Input should" not in result.stderr
    step = run("case", "step", "fk-2026-01", "abc", "--done")
    assert "Ungültiger Wert für NR: erwartet eine ganze Zahl." in step.stderr  # not 'number'


def test_group_without_subcommand_shows_its_help_not_an_error() -> None:
    result = run("actors")
    assert result.returncode == 2
    assert "Befehle:" in result.stderr
    assert "Fehler" not in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--lang", "xx", "--lang: „xx“ ist keine bekannte Sprache"),
        ("--level", "moon", "Erlaubt: Kommune (municipality), Landkreis (district)"),
        ("--topic", "recogniton", "Meinten Sie „recognition“?"),
    ],
)
def test_unknown_filter_values_are_usage_errors(
    option: str, value: str, words: str, cli: Callable[..., Any]
) -> None:
    result = cli("actors", "list", "--data", str(REPO / "data"), option, value)
    assert result.exit_code == 2
    assert words in result.stderr

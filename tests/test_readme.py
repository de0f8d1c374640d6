"""The README stays true: its command reference is generated from --help and checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer.main

from merzig_cli.cli.main import app

REPO = Path(__file__).resolve().parent.parent


def _commands(command: object, path: str) -> list[tuple[str, object]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, f"{path} {name}")
    return found


def test_every_command_and_option_has_german_help() -> None:
    for path, command in _commands(typer.main.get_command(app), "merzig"):
        assert (command.help or "").strip(), f"{path}: Hilfetext fehlt"  # type: ignore[attr-defined]
        for param in command.params:  # type: ignore[attr-defined]
            if param.name == "help":
                continue
            assert (getattr(param, "help", None) or "").strip(), (
                f"{path} {param.name}: Hilfetext fehlt"
            )


def test_readme_command_reference_is_generated_from_help() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "readme_commands.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_starts_with_the_two_commands() -> None:
    head = (REPO / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")

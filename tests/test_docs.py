"""The documents derived from the code stay true: README commands and layout, docs/format.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_generated_documents_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "docs.py"), "--check"],
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


def test_the_check_notices_a_stale_format_reference(tmp_path: Path) -> None:
    """The check would fail if a key's description changed and docs/format.md did not."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_tool", REPO / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    tool: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    copy = tmp_path / "format.md"
    copy.write_text(tool.FORMAT.read_text(encoding="utf-8").replace("Name der Kommune", "x"))
    tool.FORMAT = copy
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0 and "Name der Kommune" in copy.read_text(encoding="utf-8")


def test_format_reference_describes_every_key_in_german() -> None:
    from merzig_cli.schema.kinds import KINDS
    from merzig_cli.schema.record import Rec, attributes

    seen: set[type] = set()

    def records(cls: type) -> list[type]:
        if cls in seen:
            return []
        seen.add(cls)
        found = [cls]
        for a in attributes(cls):
            spec = a.info.spec
            inner = getattr(spec, "item", None) or getattr(spec, "open_keys", None) or spec
            if isinstance(inner, Rec):
                found += records(inner.record)
        return found

    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"## {kind.title}" in text
        for cls in records(kind.record):
            for a in attributes(cls):
                assert a.info.doc.strip(), f"{cls.__name__}.{a.attr}: Beschreibung fehlt"
                assert f"| `{a.key}` |" in text

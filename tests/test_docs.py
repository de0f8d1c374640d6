"""The manual stays true and builds: generated references current, README short, site offline.

docs/befehle.md (every command's --help), the layout in docs/contributing.md and
docs/format.md are derived from the code; mkdocs.yml builds docs/ into a static site
that loads nothing from the network.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
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


def test_generated_documents_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """``python tools/docs.py --check``, run in this process (its modules are loaded here)."""
    assert _tool().main(["--check"]) == 0, capsys.readouterr().out


def test_readme_starts_with_the_two_commands() -> None:
    head = (REPO / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")


def test_readme_is_short_and_links_every_page_of_the_manual() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    links = set(re.findall(r"\]\(([^)#]+)\)", readme))
    for link in links - {"docs/"}:
        assert (REPO / link).is_file(), link
    pages = {f"docs/{p.name}" for p in (REPO / "docs").glob("*.md")} - {"docs/index.md"}
    assert pages <= links


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("docs_tool", REPO / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    tool: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.mark.parametrize(
    ("name", "text"),
    [("FORMAT", "Name der Kommune"), ("COMMANDS", "Diese Hilfe zeigen.")],
)
def test_the_check_notices_a_stale_generated_page(tmp_path: Path, name: str, text: str) -> None:
    """The check fails if a key's description or a command's help changed and its page did not."""
    tool = _tool()
    copy = tmp_path / "page.md"
    original = getattr(tool, name).read_text(encoding="utf-8")
    assert text in original
    copy.write_text(original.replace(text, "x"), encoding="utf-8")
    setattr(tool, name, copy)
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0 and copy.read_text(encoding="utf-8") == original


def test_every_command_has_its_help_in_the_command_reference() -> None:
    """docs/befehle.md has a section for every command a user can call, with its help."""
    text = (REPO / "docs" / "befehle.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `([^`]+)`\n\n```text\n(.*?)\n```$", text, re.M | re.S))
    visible = [
        (path, command)
        for path, command in _commands(typer.main.get_command(app), "merzig")
        if not getattr(command, "hidden", False)
    ]
    assert len(visible) > 40
    assert sorted(sections) == sorted(path for path, _ in visible)
    for path, command in visible:
        first = (command.help or "").strip().split()  # type: ignore[attr-defined]
        assert " ".join(first[:4]) in " ".join(sections[path].split()), path


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


# A tag that loads something when the page opens, and where it names its source.
_ASSET = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc=[\"']([^\"']*)"
    r"|<link\b[^>]*\bhref=[\"']([^\"']*)",
    re.I,
)
_CSS_URL = re.compile(r"(?:url\(|@import)\s*[\"']?((?:https?:)?//[^\"')\s]*)", re.I)


def _external_assets(site: Path) -> list[str]:
    found = []
    for page in site.rglob("*.html"):
        for match in _ASSET.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if re.match(r"(?:https?:)?//", url, re.I):
                found.append(f"{page.name}: {url}")
    for sheet in site.rglob("*.css"):
        found += [f"{sheet.name}: {u}" for u in _CSS_URL.findall(sheet.read_text("utf-8"))]
    return found


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_manual_builds_strictly_and_loads_nothing_from_the_network(tmp_path: Path) -> None:
    done = _build(REPO / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    pages = {p.stem for p in (tmp_path / "site").glob("*.html")}
    assert {p.stem for p in (REPO / "docs").glob("*.md")} <= pages
    assert 'lang="de"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert _external_assets(tmp_path / "site") == []


def test_the_asset_check_finds_the_theme_s_cdn_when_highlighting_is_on(tmp_path: Path) -> None:
    """The same build with the theme's own highlight.js switched on loads it from a CDN."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'docs'}\n"
        "theme: {name: readthedocs, highlightjs: true}\n",
        encoding="utf-8",
    )
    done = _build(config, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    assert any("highlight" in url for url in _external_assets(tmp_path / "site"))

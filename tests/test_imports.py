"""Slow libraries stay out of the quick commands (behaviour, not timing).

A fresh interpreter runs the real command and then reports which modules it
imported; Jinja, Markdown, WeasyPrint, matplotlib and ruamel must not be among
them for `merzig --help`, `merzig validate` and a directory query.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SLOW = ("jinja2", "markdown", "markdown_it", "weasyprint", "matplotlib", "ruamel")

PROBE = """
import json, sys
sys.argv = ["merzig", *json.loads(sys.argv[1])]
from merzig_cli.cli.main import run
code = 0
try:
    run()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
loaded = sorted({name.split(".")[0] for name in sys.modules})
print("\\n@@" + json.dumps({"code": code, "modules": loaded}))
"""


def run_probe(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    marker = out.stdout.rfind("\n@@")
    assert marker >= 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout[marker + 3 :])
    return result


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("validate", "--data", "data"),
        ("actors", "list", "--data", "data", "--json"),
    ],
)
def test_quick_commands_do_not_import_slow_libraries(args: tuple[str, ...]) -> None:
    result = run_probe(*args)
    assert result["code"] == 0
    modules = result["modules"]
    assert isinstance(modules, list)
    assert {"merzig_cli", "typer"} <= set(modules)  # the probe really ran the tool
    if args[0] != "--help":
        assert "yaml" in modules  # ... and read the workspace
    assert [name for name in SLOW if name in modules] == []

"""Generate the README's command reference from the CLI's own --help texts.

    python tools/readme_commands.py          rewrite the section in README.md
    python tools/readme_commands.py --check  exit 1 if README.md is out of date

tests/test_readme.py runs the check, so the README never drifts from the tool.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main

from merzig_cli.cli.main import app

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- commands:start -->", "<!-- commands:end -->"


def walk(command: Any, path: list[str], parent: Any = None) -> Iterator[tuple[list[str], Any, Any]]:
    """Every command and group below ``command``, depth first, in registration order."""
    ctx = command.make_context(
        path[-1], [], parent=parent, resilient_parsing=True, terminal_width=88, max_content_width=88
    )
    yield path, command, ctx
    for name in getattr(command, "commands", {}):
        sub = command.commands[name]
        if not getattr(sub, "hidden", False):
            yield from walk(sub, [*path, name], ctx)


def render() -> str:
    root = typer.main.get_command(app)
    blocks = [START, ""]
    for path, command, ctx in walk(root, ["merzig"]):
        help_text = command.get_help(ctx).rstrip()
        blocks += [f"### `{' '.join(path)}`", "", "```text", help_text, "```", ""]
    blocks.append(END)
    return "\n".join(blocks)


def updated(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + render() + tail


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    new = updated(current)
    if "--check" in argv:
        if new != current:
            print(
                "README.md: Befehlsübersicht veraltet – python tools/readme_commands.py ausführen"
            )
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Generate the documents that are derived from the code, or check that they are current.

    python tools/docs.py          rewrite them
    python tools/docs.py --check  exit 1 if one of them is out of date

* ``docs/befehle.md``, the German command reference, from the CLI's own ``--help`` texts;
* the layout of the package in ``docs/contributing.md``, from the subpackages and their
  docstrings;
* ``docs/format.md``, the German format reference, from the record descriptions.

tests/test_docs.py runs the check, so none of them drifts from the tool.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main

from merzig_cli import LAYERS
from merzig_cli.cli.main import app
from merzig_cli.schema.reference import format_reference

REPO = Path(__file__).resolve().parent.parent
COMMANDS = REPO / "docs" / "befehle.md"
CONTRIBUTING = REPO / "docs" / "contributing.md"
FORMAT = REPO / "docs" / "format.md"
PACKAGE = REPO / "merzig_cli"

# The folders beside the package, and what each is for.
FOLDERS = {
    "templates/": "Jinja templates a municipality may override (brochure, report, mail)",
    "docs/": "the user manual (German, built by mkdocs.yml); its command and format "
    "references are generated",
    "data/": "the bundled example workspace (Merzig, all people fictional)",
    "examples/": "a bundled example district: Merzig (data/) and two fictional neighbouring towns",
    "tests/": "pytest; fixtures build small workspaces in tmp_path",
    "bench/": "benchmarks that print ratios against references measured in the same run",
    "tools/": "docs.py writes the generated parts of docs/; "
    "name_lists.py builds the name lists of checks/",
    "pipelines/": "CI pipeline files for a municipality's data repository",
}


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


COMMANDS_HEAD = """\
# Befehle

<!-- Erzeugt aus den Hilfetexten des Werkzeugs mit
     python tools/docs.py – bitte nicht von Hand ändern. -->

Jeder Befehl und jede Befehlsgruppe mit dem Hilfetext, den `merzig BEFEHL --help` zeigt.
Wozu ein Befehl da ist und was er dabei entscheidet, erklären die Seiten zu den Aufgaben
([Arbeitsbereich](arbeitsbereich.md), [Anlaufstelle](anlaufstelle.md),
[Broschüre](broschuere.md), [Landkreis](landkreis.md), [Förderkonferenz](foerderkonferenz.md),
[Netzwerk](netzwerk.md), [Datenschutz](datenschutz.md)).
"""


def commands() -> str:
    """The whole command reference: one section per command and group, as ``--help`` shows it."""
    root = typer.main.get_command(app)
    blocks = [COMMANDS_HEAD]
    for path, command, ctx in walk(root, ["merzig"]):
        help_text = command.get_help(ctx).rstrip()
        blocks += [f"## `{' '.join(path)}`", "", "```text", help_text, "```", ""]
    return "\n".join(blocks)


def subpackages() -> list[tuple[str, str]]:
    """(name, first line of its docstring) of every subpackage, in dependency order."""
    found = []
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        found.append((folder.name, (doc or "").splitlines()[0] if doc else ""))
    order = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}
    return sorted(found, key=lambda item: (order.get(item[0], 99), item[0]))


def layout() -> str:
    lines = ["", "```", "merzig_cli/"]
    for name, doc in subpackages():
        lines.append(f"  {name + '/':<13}{doc}")
    for folder, doc in FOLDERS.items():
        lines.append(f"{folder:<15}{doc}")
    lines += ["```", ""]
    return "\n".join(lines)


def replace(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + "\n" + body + end + tail


def expected() -> dict[Path, str]:
    guide = replace(CONTRIBUTING.read_text(encoding="utf-8"), "layout", layout())
    return {COMMANDS: commands(), CONTRIBUTING: guide, FORMAT: format_reference()}


def main(argv: list[str]) -> int:
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text == current:
            continue
        if "--check" in argv:
            stale.append(path.name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"Veraltet: {', '.join(stale)} – python tools/docs.py ausführen")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The references of the benchmarks: what the framework and the parser alone take.

    python bench/reference.py parse ROOT [FOLDER ...]   read and parse every YAML file
    python bench/reference.py route QUESTION [OPTIONS]  a minimal Typer app, route's options
    python bench/reference.py notice ROOT               that app, asking every file's status

``parse`` reads every ``.yaml`` file below ROOT (or below the FOLDERs in it)
and parses it with PyYAML's C loader, nothing else: the floor of any tool
that reads these files. ``route`` is a Typer app with the same arguments and
options as ``merzig route`` that only prints the question: the framework's own
start-up, which no command can go below. ``notice`` is that app listing every
``.yaml`` file below ROOT and asking each one's status: the least a tool must
do to notice which file changed, the floor of a warm ``merzig validate``. (No ``from __future__ import
annotations`` here: Typer reads the options' annotations, and typer is
imported only for ``route``, so that ``parse`` pays nothing for it.)
"""

import os
import sys
from typing import Annotated


def parse(root: str, folders: list[str]) -> int:
    import yaml

    count = 0
    for folder in folders or [""]:
        for path, _, names in os.walk(os.path.join(root, folder)):
            for name in names:
                if name.endswith(".yaml"):
                    with open(os.path.join(path, name), "rb") as handle:
                        yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
                    count += 1
    return 0 if count else 1


def route(argv: list[str]) -> int:
    import typer

    app = typer.Typer(add_completion=False)

    @app.callback()
    def main() -> None:
        """Minimal."""

    @app.command("route")
    def route_command(
        question: Annotated[str, typer.Argument(help="Die Frage.")],
        group: Annotated[str | None, typer.Option("--group", "-g", help="Zielgruppe.")] = None,
        lang: Annotated[str | None, typer.Option("--lang", "-l", help="Sprache.")] = None,
        topic: Annotated[list[str] | None, typer.Option("--topic", "-t", help="Thema.")] = None,
        date: Annotated[str | None, typer.Option("--date", help="Stichtag.")] = None,
        limit: Annotated[int, typer.Option("--limit", "-n", help="Höchstens.")] = 5,
        data: Annotated[str | None, typer.Option("--data", "-d", help="Arbeitsbereich.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
    ) -> None:
        """Die Frage ausgeben."""
        typer.echo(question)

    app(["route", *argv])
    return 0


def notice(root: str) -> int:
    import typer

    app = typer.Typer(add_completion=False)

    @app.callback()
    def main() -> None:
        """Minimal."""

    @app.command("notice")
    def notice_command(
        data: Annotated[str, typer.Option("--data", "-d", help="Arbeitsbereich.")],
    ) -> None:
        """Jede Datei nach ihrem Stand fragen."""
        count = 0
        for path, _, names in os.walk(data):
            for name in names:
                if name.endswith(".yaml"):
                    os.stat(os.path.join(path, name))
                    count += 1
        typer.echo(count)

    app(["notice", "--data", root])
    return 0


if __name__ == "__main__":
    what, *rest = sys.argv[1:]
    if what == "parse":
        sys.exit(parse(rest[0], rest[1:]))
    sys.exit(notice(rest[0]) if what == "notice" else route(rest))

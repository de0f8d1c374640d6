"""German for the parts of the command line that Typer writes in English.

Typer (pinned to 0.29.x in pyproject.toml) hard-codes its usage errors and
help headings in English. Coordinators read German, so this module
translates them in one place: headings and the help option's text when the
CLI is imported, usage errors when they are shown.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer.core

_HEADINGS = {
    "Arguments": "Argumente",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Aborted!": "Abgebrochen.",
    "Missing command.": "Befehl fehlt.",
    "default: {default}": "Standard: {default}",
    "required": "Pflicht",
    "env var: {var}": "Umgebungsvariable: {var}",
}

_METAVARS = [
    (re.compile(r"<list\[str\]>|<str>"), "TEXT"),
    (re.compile(r"<list\[int\]>|<int>"), "ZAHL"),
    (re.compile(r"<path>|<list\[path\]>", re.IGNORECASE), "PFAD"),
    (re.compile(r"<float>"), "ZAHL"),
    (re.compile(r"\{([A-Za-z_]+)\}"), "\\1"),
]


def _metavar(text: str) -> str:
    """Typer's ``<str>``/``{name}`` placeholders as German upper-case words."""
    for pattern, replacement in _METAVARS:
        text = pattern.sub(replacement, text)
    return re.sub(r"(?<![\w-])([a-z][a-z_]*[a-z])(?=$|\s|\.\.\.)", _upper_known, text)


_ARGUMENT_NAMES = {
    "question": "FRAGE",
    "inquiry_id": "ANFRAGE",
    "actor_id": "ID",
    "target": "AKTEUR[/PERSON]",
    "actor": "AKTEUR",
    "folder": "ORDNER",
    "files": "DATEI",
    "text": "TEXT",
    "case_id": "FALL",
    "number": "NR",
    "conference_id": "KONFERENZ",
    "district_file": "DISTRICT.YAML",
}


def _term(term: str) -> str:
    """An argument's row shows only its German name; options keep their value type."""
    name, _, rest = term.partition(" ")
    if name in _ARGUMENT_NAMES and rest.startswith("<"):
        return _ARGUMENT_NAMES[name]
    return _metavar(term)


def _upper_known(match: re.Match[str]) -> str:
    return _ARGUMENT_NAMES.get(match.group(1), match.group(1))


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '(.+?)'\.(.*)$"), r"Argument „\1“ fehlt.\2"),
    (re.compile(r"^Missing option '(.+?)'\.(.*)$"), r"Option „\1“ fehlt.\2"),
    (re.compile(r"^Missing parameter: (.+)$"), r"Angabe „\1“ fehlt."),
    (re.compile(r"^No such option: (\S+)"), r"Unbekannte Option: \1"),
    (re.compile(r"^No such command '(.+?)'\."), r"Unbekannter Befehl „\1“."),
    (re.compile(r"^Invalid value for (.+?): (.*)$"), r"Ungültiger Wert für \1: \2"),
    (re.compile(r"^Invalid value: (.*)$"), r"Ungültiger Wert: \1"),
    (
        re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$"),
        r"Unerwartete zusätzliche Angabe: \1 – Text mit Leerzeichen in Anführungszeichen setzen",
    ),
    (re.compile(r"^Option '(.+?)' requires an argument\.$"), r"Option „\1“ braucht einen Wert."),
    (re.compile(r"^Option '(.+?)' does not take a value\.$"), r"Option „\1“ nimmt keinen Wert."),
    (re.compile(r"^Missing command\.$"), "Befehl fehlt."),
]
_PHRASES = [
    (re.compile(r"Did you mean (.+?)\?"), r"Meinten Sie \1?"),
    (re.compile(r"(\S+) is not a valid integer\."), r"„\1“ ist keine ganze Zahl."),
    (re.compile(r"'(.+?)' is not one of (.+?)\.$"), r"„\1“ ist keiner der Werte \2."),
    (re.compile(r"Path '(.+?)' does not exist\."), r"Pfad „\1“ gibt es nicht."),
    (re.compile(r"(?i)'(.+?)' is not a valid boolean\."), r"„\1“ ist kein Ja/Nein-Wert."),
    (re.compile(r"Input should be a valid integer.*$"), "erwartet eine ganze Zahl."),
    (re.compile(r"Input should be a valid number.*$"), "erwartet eine Zahl."),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"mindestens \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"höchstens \1"),
]


# A usage message quotes what was typed, up to an argument of 128 KiB; the patterns below
# search it from every position, so a long one is shortened first (time by the square).
MAX_MESSAGE = 1000


def translate(message: str) -> str:
    """A Typer usage message in German (unknown messages stay as they are)."""
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    for pattern, replacement in _MESSAGES:
        if pattern.search(message):
            message = pattern.sub(replacement, message, count=1)
            break
    for pattern, replacement in _PHRASES:
        message = pattern.sub(replacement, message)
    # an argument by its German name: „Ungültiger Wert für NR“, not 'number'
    return re.sub(
        r"(?<=für )'([a-z_]+)'", lambda m: _ARGUMENT_NAMES.get(m.group(1), m.group(1)), message
    )


def show_usage_error(exc: Any) -> None:
    """Print a Typer usage error in German, as Typer would print it in English."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stderr.write(ctx.get_help() + "\n")
        return
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        help_names = ctx.help_option_names
        if ctx.command.get_help_option(ctx) is not None and help_names:
            lines.append(f"Hilfe: {ctx.command_path} {help_names[0]}")
        lines.append("")
    lines.append(f"Fehler: {translate(exc.format_message())}")
    sys.stderr.write("\n".join(lines) + "\n")


def _translate_heading(text: str) -> str:
    return _HEADINGS.get(text, text)


def _install() -> None:
    setattr(typer.core, "_", _translate_heading)  # noqa: B010 - replaces its gettext
    from typer._click import formatting

    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[OPTIONEN]").replace(
            "COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]..."
        )
        original_usage(self, prog, _metavar(args), "Aufruf: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    original_dl = formatting.HelpFormatter.write_dl

    def write_dl(self: Any, rows: Any, *args: Any, **kwargs: Any) -> None:
        rows = [(_term(term), text) for term, text in rows]
        original_dl(self, rows, *args, **kwargs)

    formatting.HelpFormatter.write_dl = write_dl  # type: ignore[method-assign]

    for cls in (typer.core.TyperCommand, typer.core.TyperGroup):
        original = cls.get_help_option

        def get_help_option(self: Any, ctx: Any, _original: Any = original) -> Any:
            option = _original(self, ctx)
            if option is not None:
                option.help = "Diese Hilfe zeigen."
            return option

        cls.get_help_option = get_help_option  # type: ignore[method-assign]


_install()

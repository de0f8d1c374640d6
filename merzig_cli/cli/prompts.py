"""Questions at the terminal, in German: ask until the answer is valid, or yes/no.

A wrong answer is named with what is allowed and asked again, so that
nothing typed so far is lost (``merzig inquiry new``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from ..core.errors import MerzigError, UsageError
from .common import stderr

T = TypeVar("T")
YES = ("j", "ja", "y", "yes")
NO = ("n", "nein", "no")


def say_error(exc: MerzigError) -> None:
    """A wrong entry at a prompt: what was wrong and what is allowed, then ask again."""
    from rich.markup import escape

    hint = f"\n  {exc.hint}" if exc.hint else ""
    stderr().print(f"[red]{escape(exc.message)}[/]{escape(hint)}\n  Bitte erneut eingeben.")


def ask(label: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Prompt until ``parse`` accepts the answer; it raises MerzigError with the reason."""
    while True:
        answer = str(typer.prompt(label, default=default, show_default=default is not None))
        try:
            return parse(answer.strip())
        except MerzigError as exc:
            say_error(exc)


def ask_optional(label: str, parse: Callable[[str], T]) -> T:
    """Prompt until ``parse`` accepts the answer, which may be empty (no default shown)."""
    while True:
        answer = str(typer.prompt(label, default="", show_default=False))
        try:
            return parse(answer)
        except MerzigError as exc:
            say_error(exc)


def confirm(label: str, default: bool) -> bool:
    """A yes/no question in German: j/ja or n/nein (y/n work too)."""
    hint = "J/n" if default else "j/N"
    while True:
        answer = str(typer.prompt(f"{label} [{hint}]", default="", show_default=False))
        word = answer.strip().lower()
        if not word:
            return default
        if word in YES:
            return True
        if word in NO:
            return False
        stderr().print("[red]Bitte mit j (ja) oder n (nein) antworten.[/]")


def pick_one(text: str, ids: list[str]) -> str | None:
    """One entry of a numbered list (or none, for an empty answer); two are refused."""
    chosen = pick_many(text, ids)
    if len(chosen) > 1:
        raise UsageError("Bitte nur eine Angabe")
    return chosen[0] if chosen else None


def pick_many(text: str, ids: list[str]) -> list[str]:
    """``1,3`` or ``schule, jmd`` from a numbered list of ``ids``; a German error otherwise."""
    out: list[str] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(ids):
            chosen = ids[int(part) - 1]
        elif part in ids:
            chosen = part
        else:
            raise UsageError(
                f"„{part}“ steht nicht in der Liste", f"Nummern 1 bis {len(ids)} oder Kennungen"
            )
        if chosen not in out:
            out.append(chosen)
    return out

"""Build the brochure files for several languages and formats, check or write them.

A scheduled job rebuilds the brochure and commits the result; because the
bytes only change when the data does, ``--check`` can tell whether anything
would change without writing, and an unchanged file is not even touched.
Only actor profiles are loaded: case files, inquiries and conferences never
reach this code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.paths import safe_name
from ..core.vocab import PAGE_SIZES
from ..documents.output import Output
from ..workspace.loader import Workspace, load_workspace
from .content import build_brochure, slug
from .render import Renderer

FORMATS = ("html", "pdf", "md")


def load_actors_only(data: str | Path | None) -> Workspace:
    """The workspace with actors only: the brochure must never read case files."""
    return load_workspace(data, kinds={"actor"})


def parse_languages(ws: Workspace, value: str) -> list[str]:
    """``de``, ``de,en`` or ``all`` (every language in config.yaml), checked against the config."""
    configured = ws.config.brochure.languages or ["de"]
    return choose_languages(configured, value, "brochure.languages der config.yaml")


def choose_languages(configured: Sequence[str], value: str, where: str) -> list[str]:
    """``de``, ``de,en`` or ``all`` (every language ``configured``); ``where`` names the setting."""
    if value.strip() == "all":
        return list(configured)
    langs = [v.strip() for v in value.split(",") if v.strip()]
    for lang in langs:
        if lang not in configured:
            raise UsageError(
                f"--lang {lang}: Sprache nicht in {where}",
                "Erlaubt: " + ", ".join([*configured, "all"]),
            )
    if not langs:
        raise UsageError("--lang: keine Sprache angegeben", "z. B. --lang de oder --lang all")
    return list(dict.fromkeys(langs))


def page_size_for(ws: Workspace, option: str | None) -> str:
    """Option, then ``brochure.page_size`` in config.yaml, then A4."""
    size = (option or ws.config.brochure.page_size or "A4").upper()
    if size not in PAGE_SIZES:
        raise UsageError(f"Papierformat „{size}“ gibt es nicht", "Erlaubt: A4 oder A5")
    return size


def file_name(ws: Workspace, lang: str, fmt: str) -> str:
    """e.g. ``arbeiten-und-leben-in-merzig-de.pdf``: slug of the title, language, format."""
    return f"{slug(ws.config.brochure.title)}-{safe_name(lang, 'Sprachangabe')}.{fmt}"


def build_outputs(
    ws: Workspace,
    langs: Sequence[str],
    formats: Sequence[str],
    page_size: str = "A4",
    on_step: Callable[[str, str, str], None] | None = None,
) -> list[Output]:
    """Render every (language, format) pair; ``on_step`` hears about each file when done."""
    return render_outputs(
        Renderer(ws.root),
        lambda lang: build_brochure(ws, lang),
        lambda lang, fmt: file_name(ws, lang, fmt),
        langs,
        formats,
        page_size,
        on_step,
    )


def render_outputs(
    renderer: Renderer,
    brochure_in: Callable[[str], Any],
    name_of: Callable[[str, str], str],
    langs: Sequence[str],
    formats: Sequence[str],
    page_size: str = "A4",
    on_step: Callable[[str, str, str], None] | None = None,
) -> list[Output]:
    """One file per (language, format) of a brochure (the town's or the district's)."""
    outputs: list[Output] = []
    for lang in langs:
        brochure = brochure_in(lang)
        for fmt in formats:
            if fmt == "html":
                data = renderer.html(brochure).encode("utf-8")
            elif fmt == "md":
                data = renderer.markdown(brochure).encode("utf-8")
            else:
                data = renderer.pdf(brochure, page_size)
            name = name_of(lang, fmt)
            outputs.append(Output(name, data, lang, fmt))
            if on_step:
                on_step(name, lang, fmt)
    return outputs

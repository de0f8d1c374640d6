"""Build the brochure files for several languages and formats, check or write them.

A scheduled job rebuilds the brochure and commits the result; because the
bytes only change when the data does, ``--check`` can tell whether anything
would change without writing, and an unchanged file is not even touched.
Only actor profiles are loaded: case files, inquiries and conferences never
reach this code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .brochure import build_brochure, slug
from .brochure_render import PAGE_SIZES, Renderer
from .errors import UsageError, UserError
from .store import atomic_write_bytes
from .workspace import Workspace, load_workspace

FORMATS = ("html", "pdf", "md")


@dataclass(frozen=True)
class Output:
    """One file of the brochure: its name below the output folder and its bytes."""

    name: str
    lang: str
    format: str
    data: bytes


@dataclass(frozen=True)
class Written:
    name: str
    path: Path
    size: int
    status: str  # new | changed | unchanged


def load_actors_only(data: str | Path | None) -> Workspace:
    """The workspace with actors only: the brochure must never read case files."""
    return load_workspace(data, kinds={"actor"})


def parse_languages(ws: Workspace, value: str) -> list[str]:
    """``de``, ``de,en`` or ``all`` (every language in config.yaml), checked against the config."""
    configured = ws.config.brochure_languages or ["de"]
    if value.strip() == "all":
        return list(configured)
    langs = [v.strip() for v in value.split(",") if v.strip()]
    for lang in langs:
        if lang not in configured:
            raise UsageError(
                f"--lang {lang}: Sprache nicht in brochure.languages der config.yaml",
                "Erlaubt: " + ", ".join([*configured, "all"]),
            )
    if not langs:
        raise UsageError("--lang: keine Sprache angegeben", "z. B. --lang de oder --lang all")
    return list(dict.fromkeys(langs))


def parse_formats(value: str) -> list[str]:
    formats = [v.strip().lower() for v in value.split(",") if v.strip()]
    for f in formats:
        if f not in FORMATS:
            raise UsageError(f"--format {f}: unbekanntes Format", "Erlaubt: html, pdf, md")
    if not formats:
        raise UsageError("--format: kein Format angegeben", "z. B. --format html,pdf,md")
    return list(dict.fromkeys(formats))


def page_size_for(ws: Workspace, option: str | None) -> str:
    """Option, then ``brochure.page_size`` in config.yaml, then A4."""
    size = (option or ws.config.page_size or "A4").upper()
    if size not in PAGE_SIZES:
        raise UsageError(f"Papierformat „{size}“ gibt es nicht", "Erlaubt: A4 oder A5")
    return size


def file_name(ws: Workspace, lang: str, fmt: str) -> str:
    """e.g. ``arbeiten-und-leben-in-merzig-de.pdf``: slug of the title, language, format."""
    return f"{slug(ws.config.brochure_title)}-{lang}.{fmt}"


def build_outputs(
    ws: Workspace,
    langs: Sequence[str],
    formats: Sequence[str],
    page_size: str = "A4",
    on_step: Callable[[str, str, str], None] | None = None,
) -> list[Output]:
    """Render every (language, format) pair; ``on_step`` hears about each file when done."""
    renderer = Renderer(ws.root)
    outputs: list[Output] = []
    for lang in langs:
        brochure = build_brochure(ws, lang)
        for fmt in formats:
            if fmt == "html":
                data = renderer.html(brochure).encode("utf-8")
            elif fmt == "md":
                data = renderer.markdown(brochure).encode("utf-8")
            else:
                data = renderer.pdf(brochure, page_size)
            name = file_name(ws, lang, fmt)
            outputs.append(Output(name, lang, fmt, data))
            if on_step:
                on_step(name, lang, fmt)
    return outputs


def _status(path: Path, data: bytes) -> str:
    if not path.is_file():
        return "new"
    try:
        return "unchanged" if path.read_bytes() == data else "changed"
    except OSError:
        return "changed"


def compare(out_dir: Path, outputs: Sequence[Output]) -> list[Written]:
    """What writing would do, file by file, without writing anything."""
    result = []
    for o in outputs:
        path = out_dir / o.name
        result.append(Written(o.name, path, len(o.data), _status(path, o.data)))
    return result


def write_outputs(out_dir: Path, outputs: Sequence[Output]) -> list[Written]:
    """Write new and changed files atomically; unchanged files keep their timestamp."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Ausgabeordner „{out_dir}“ kann nicht angelegt werden: {exc.strerror}"
        ) from None
    written = compare(out_dir, outputs)
    for w, o in zip(written, outputs, strict=True):
        if w.status == "unchanged":
            continue
        try:
            atomic_write_bytes(w.path, o.data)
        except OSError as exc:
            raise UserError(
                f"„{w.path}“ kann nicht geschrieben werden: {exc.strerror}",
                "Schreibrechte des Ausgabeordners prüfen oder --out ändern",
            ) from None
    return written

"""The Jinja environment every document is rendered with.

Templates are looked up in the workspace's own ``templates/`` folder first,
then in the packaged ones, so a municipality can replace its cover, colours
or logo file by file. HTML templates autoescape; Markdown templates escape
every printed value as literal Markdown unless it is marked :class:`MdSafe`.
Undefined names fail loudly (StrictUndefined) instead of leaving gaps.
Jinja is imported here, inside the functions, so commands that render
nothing never pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UserError
from ..workspace.resources import template_dirs
from .sanitize import md_escape

if TYPE_CHECKING:
    from jinja2 import Environment, Template


class MdSafe(str):
    """Markdown that was built from trusted structure or already escaped text."""

    __slots__ = ()


def _md_finalize(value: Any) -> Any:
    if isinstance(value, MdSafe) or value is None:
        return "" if value is None else value
    if isinstance(value, int | float):
        return value
    return md_escape(value)


def environment(workspace_root: Path | None, markdown: bool = False) -> Environment:
    """A Jinja environment over the workspace's templates, then the packaged ones."""
    import jinja2

    loader = jinja2.FileSystemLoader([str(d) for d in template_dirs(workspace_root)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        finalize=_md_finalize if markdown else None,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = lambda v: MdSafe(md_escape(v))
    env.filters["mdline"] = lambda v: MdSafe(md_escape(v, line_start=True))
    return env


def get_template(env: Environment, name: str) -> Template:
    """A template by name; a broken override is the user's to fix, so say where."""
    import jinja2

    try:
        return env.get_template(name)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from None


def render(template: Template, context: dict[str, Any]) -> str:
    """Render; a broken or outdated template (also an included one) becomes a located message."""
    import jinja2

    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, template.filename or template.name or "?") from None


def _template_error(exc: Exception, name: str) -> UserError:
    import jinja2

    fix = "Die eigene Vorlage im Ordner templates/ des Arbeitsbereichs korrigieren oder löschen"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        return UserError(f"{where}: Vorlage fehlerhaft: {exc.message}", fix)
    if isinstance(exc, jinja2.TemplateNotFound):
        return UserError(
            f"Vorlage „{exc.name}“ nicht gefunden",
            "Installation prüfen (pip install --force-reinstall merzig-cli) oder eigene Vorlage anlegen",
        )
    message = getattr(exc, "message", None) or str(exc)
    return UserError(f"Vorlage „{name}“: {message}", fix + " (Variablennamen prüfen)")


def long_date(value: Any, in_lang: str) -> str:
    """A date written out in the document's language, e.g. „1. Oktober 2026“."""
    from babel import UnknownLocaleError
    from babel.dates import format_date

    try:
        return str(format_date(value, format="long", locale=in_lang))
    except (UnknownLocaleError, ValueError):
        return str(value.isoformat())


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row and one newline at the end, whatever the template does."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"

"""The Jinja environment every document is rendered with.

Templates are looked up in the workspace's own ``templates/`` folder first,
then in the packaged ones, so a municipality can replace its cover, colours
or logo file by file. A replaced template is untrusted input like every file
of a workspace, so templates run in Jinja's immutable sandbox (no attribute
of Python's internals, no changing of the data, nothing but the filters and
globals a document needs), a template is read only as a regular file with no
symbolic link on the way (the ``templates/`` folder itself included), and
every HTML page passes :func:`~merzig_cli.documents.scriptfree.script_free`
at the end. HTML templates autoescape; Markdown templates escape every printed
value as literal Markdown unless it is marked :class:`MdSafe`. Undefined names
fail loudly (StrictUndefined) instead of leaving gaps. Jinja is imported
here, inside the functions, so commands that render nothing never pay for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UserError
from ..core.files import FileRefused, read_limited_stat
from ..workspace.resources import template_file
from .media import html as clean_html
from .sanitize import md_escape

if TYPE_CHECKING:
    from jinja2 import Environment, Template


class MdSafe(str):
    """Markdown that was built from trusted structure or already escaped text."""

    __slots__ = ()


def _md_finalize(value: Any) -> Any:
    if isinstance(value, MdSafe) or value is None:
        return "" if value is None else MdSafe(clean_html(value))
    if isinstance(value, int | float):
        return value
    return md_escape(clean_html(str(value)))


def _html_finalize(value: Any) -> Any:
    """Printed values lose hidden characters: no direction override turns a name around."""
    if isinstance(value, str):
        cleaned = clean_html(value)
        return value if cleaned == value else type(value)(cleaned)  # Markup stays Markup
    return value


# The filters a document may use; Jinja's others (e.g. ``attr``) are not offered.
FILTERS = (
    "abs batch capitalize center count default dictsort e escape first float format "
    "groupby indent int items join last length list lower map max min reject rejectattr "
    "replace reverse round safe select selectattr slice sort string striptags sum title "
    "trim truncate unique upper urlencode wordcount wordwrap"
).split()
GLOBALS = ("range", "dict", "namespace")


def _loader(workspace_root: Path | None) -> Any:
    import jinja2
    from jinja2.loaders import split_template_path

    class Loader(jinja2.BaseLoader):
        """The workspace's template first, else the packaged one (:func:`template_file`):
        a regular file with no link on the way (the ``templates/`` folder itself
        included), not too large, or refused, never read."""

        def get_source(self, environment: Any, template: str) -> Any:
            split_template_path(template)  # refuses "..": no way out by name
            found = template_file(template, workspace_root)  # a link: UserError, exit 1
            if found is None:
                raise jinja2.TemplateNotFound(template)
            path = found[1]
            try:
                source, info = read_limited_stat(path, follow_links=False)
                text = source.decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise jinja2.TemplateNotFound(template, _why(exc)) from None
            mtime = info.st_mtime_ns
            return text, str(path), lambda p=path, m=mtime: _unchanged(p, m)

    return Loader()


def _why(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "ist keine UTF-8-Textdatei"
    return str(exc) if isinstance(exc, FileRefused) else f"kann nicht gelesen werden: {exc}"


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return path.stat().st_mtime_ns == mtime
    except OSError:
        return False


MAX_OUTPUT = 50_000_000  # characters a single string or list made by a template may have
RENDER_SECONDS = 60  # a template that loops for longer is stopped (the command ends with it)


def _sandbox() -> type:
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox; ``*`` and ``**`` may not build giant values either."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("zu große Potenz in einer Vorlage")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                    if sized and len(seq) * n > MAX_OUTPUT:
                        raise SecurityError("zu langer Text in einer Vorlage")
            return super().call_binop(context, operator, left, right)

    return Sandbox


_COMPILED: dict[bool, Any] = {}  # markdown? -> the compiled templates of such environments


def _compiled(markdown: bool) -> Any:
    """Compiled templates, kept while the process lives: a template is compiled once, not
    once per environment (a command, or a test run of hundreds of commands, makes many).

    Jinja keys them by the template's name and file and checks the source's checksum, so
    a changed template is compiled anew; HTML and Markdown environments escape
    differently and keep theirs apart.
    """
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, tuple[str, Any]] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            found = self.code.get(bucket.key)
            if found is not None and found[0] == bucket.checksum:
                bucket.code = found[1]

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.code[bucket.key] = (bucket.checksum, bucket.code)

    if markdown not in _COMPILED:
        _COMPILED[markdown] = Compiled()
    return _COMPILED[markdown]


def environment(workspace_root: Path | None, markdown: bool = False) -> Environment:
    """A sandboxed Jinja environment over the workspace's templates, then the packaged ones."""
    import jinja2

    from ..core.text import count

    env: Environment = _sandbox()(
        loader=_loader(workspace_root),
        bytecode_cache=_compiled(markdown),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        finalize=_md_finalize if markdown else _html_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters = {k: v for k, v in env.filters.items() if k in FILTERS}
    env.globals = {k: v for k, v in env.globals.items() if k in GLOBALS}
    env.filters["md"] = lambda v: MdSafe(md_escape(v))
    # German counts, as everywhere: {{ cases | length | counted("Fall", "Fälle") }} -> "1 Fall"
    env.filters["counted"] = count
    env.filters["mdline"] = lambda v: MdSafe(md_escape(v, line_start=True))
    if not markdown:
        env.filters["svg_label"] = _svg_label
        env.filters["addr"] = _addr
        env.filters["addr_class"] = addr_class
    else:
        env.filters["addr"] = lambda v: v
    return env


def addr_class(text: Any) -> str:
    """The class of an e-mail or web address or a phone number: never hyphenated, never
    broken inside on paper (the PDF's last style sheet, documents/pdf.py). One longer than
    a line may hold gets its break chances from :func:`~.pdf.breakable`, still without hyphen."""
    from .pdf import LONGEST_WORD

    return "addr" if len(str(text)) <= LONGEST_WORD else "addr addr-long"


def _addr(value: Any) -> Any:
    """``{{ person.email | addr }}``: the address as one unbroken run (see :func:`addr_class`)."""
    from markupsafe import Markup, escape

    if value is None or str(value) == "":
        return ""
    return Markup(f'<span class="{addr_class(value)}">{escape(value)}</span>')


def _svg_label(svg: Any, label: Any) -> Any:
    """``{{ logo | svg_label("Logo der Stadt …") }}``: an inline SVG with its text alternative."""
    from markupsafe import Markup, escape

    from .accessible import label_svg

    return Markup(label_svg(str(escape(svg)), str(label)))


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

    name = template.filename or template.name or "?"
    auto = template.environment.autoescape
    html = (auto(template.name) if callable(auto) else auto) or name.endswith(".html.j2")
    try:
        with _time_limit(RENDER_SECONDS):  # the filter too: its parse grows with nesting depth
            text = template.render(**context)
            if html:
                from .scriptfree import script_free  # every HTML page, mails included

                text = script_free(text)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from None
    except (
        ArithmeticError,
        LookupError,
        TypeError,
        ValueError,
        RecursionError,
        MemoryError,
    ) as exc:
        # what a template's own expressions can raise; the template is the user's to fix
        raise UserError(
            f"Vorlage „{name}“ konnte nicht ausgefüllt werden: {type(exc).__name__}: {exc}"[:300],
            "Die eigene Vorlage im Ordner templates/ des Arbeitsbereichs korrigieren oder löschen",
        ) from None
    return text


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Stop a template that runs too long (only where signals work: the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise UserError(
            f"Eine Vorlage lief länger als {seconds} s und wurde abgebrochen",
            "Schleifen in der eigenen Vorlage im Ordner templates/ prüfen",
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_error(exc: Exception, name: str) -> UserError:
    import jinja2

    fix = "Die eigene Vorlage im Ordner templates/ des Arbeitsbereichs korrigieren oder löschen"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        return UserError(f"{where}: Vorlage fehlerhaft: {exc.message}", fix)
    if isinstance(exc, jinja2.TemplateNotFound) and exc.message and exc.message != exc.name:
        return UserError(f"Vorlage „{exc.name}“ {exc.message} – nicht gelesen", fix)
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

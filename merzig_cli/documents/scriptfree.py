"""Every HTML document leaves the tool without scripts and without requests to the outside.

The values in a document are escaped and descriptions are cleaned
(:mod:`merzig_cli.documents.sanitize`), but a workspace may replace the
templates themselves, and a replaced template is as untrusted as any other
file of the workspace. So every rendered page passes this filter last.

A filter that reads a page differently from a browser can be fooled: inside
``<svg>`` or ``<math>`` a ``<style>`` is no raw text but markup whose
entities are decoded (``@&#105;mport``), and ``<noscript>``, ``<xmp>`` or a
comment end where a browser ends them, not where a simple tokenizer does. So
the page is parsed with a real HTML5 parser (tinyhtml5, the one WeasyPrint
uses: tree construction as the WHATWG specification has it, foreign content
included), and a new page is written from the tree with an allow-list:

- HTML elements a document needs stay; script-capable, fetching and form
  elements go with their content, unknown ones leave their content behind;
- inside SVG only drawing elements stay; ``style``, ``script``,
  ``foreignObject``, ``image`` and animations go with their content, an SVG
  ``title`` or ``desc`` keeps only its text; MathML goes altogether;
- attributes are kept from an allow-list; links only with http(s), mailto,
  tel or ``#``, images only from ``data:``, in SVG references only to ``#…``;
- CSS is read with a real CSS tokenizer (tinycss2, escapes decoded):
  ``@import``, ``url(…)`` to anywhere but ``data:``/``#``, ``image-set`` and
  ``expression`` go, and ``<`` and ``&`` are written as CSS escapes, so a
  style sheet means the same wherever a browser puts it;
- text and attribute values are written escaped (``&``, ``<``, ``>``, ``"``).

A Content-Security-Policy goes first into ``<head>``: it forbids scripts and
outside requests, in case a browser finds something this filter did not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
POLICY_TAG = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'

_HTML = "http://www.w3.org/1999/xhtml"
_SVG = "http://www.w3.org/2000/svg"
_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}

# The HTML elements a document, a mail or a report is made of.
_HTML_KEEP = frozenset(
    "html head body title meta style main header footer nav section article aside hgroup "
    "h1 h2 h3 h4 h5 h6 p div span br hr wbr a em strong b i u s small sub sup mark abbr cite "
    "q dfn blockquote pre code kbd samp var time data address figure figcaption ul ol li dl dt "
    "dd menu table caption thead tbody tfoot tr th td col colgroup img bdi bdo ruby rt rp del "
    "ins details summary center font big".split()
)
# Gone with everything inside: they run, fetch, embed or take input.
_HTML_DROP = frozenset(
    "script iframe frame frameset object applet embed template video audio source track "
    "link base input button select textarea portal param map area canvas".split()
)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# SVG that draws; nothing that fetches, runs, animates or embeds HTML.
_SVG_KEEP = frozenset(
    "svg g defs symbol use path rect circle ellipse line polyline polygon text tspan title "
    "desc linearGradient radialGradient stop clipPath mask pattern marker".split()
)
_SVG_DROP = frozenset(
    "style script foreignObject image feImage animate animateMotion animateTransform "
    "animateColor set discard handler listener a iframe video audio".split()
)
_SVG_TEXT_ONLY = frozenset({"title", "desc"})  # where an SVG could hold HTML again

_GLOBAL_ATTRS = frozenset(
    "class id lang dir title role hidden translate style width height align valign border "
    "cellpadding cellspacing bgcolor color".split()
)
_ELEMENT_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "target", "hreflang", "name"}),
    "img": frozenset({"src", "alt"}),
    "td": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "ul": frozenset({"type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "meta": frozenset({"charset", "name", "content"}),
    "style": frozenset({"media"}),
    "details": frozenset({"open"}),
    "font": frozenset({"face", "size"}),
}
_SVG_ATTR_DROP = frozenset(
    {
        "attributename",
        "values",
        "from",
        "to",
        "by",
        "begin",
        "dur",
        "xml:base",
        "requiredextensions",
    }
)
_NAME = re.compile(r"[a-zA-Z_][-a-zA-Z0-9_.:]*\Z")
_LINK = re.compile(r"(?:https?:|mailto:|tel:|#)", re.I)
_BLANKS = re.compile(r"[\x00-\x20]+")  # what a browser drops from a URL before reading it


# --- CSS ------------------------------------------------------------------------------------

_CSS_GONE_FUNCTIONS = frozenset(
    {"expression", "image-set", "-webkit-image-set", "image", "element", "paint", "-moz-element"}
)
_CSS_GONE_IDENTS = frozenset({"behavior", "-moz-binding"})


def _css_local(url: str) -> bool:
    return _BLANKS.sub("", url).lower().startswith(("data:", "#"))


def _ident(token: Any, value: str) -> Any:
    import tinycss2.ast as css

    return css.IdentToken(token.source_line, token.source_column, value)


def _clean_tokens(tokens: Iterable[Any]) -> list[Any]:
    """Component values without imports, outside URLs, image-set or expression()."""
    import tinycss2.ast as css

    out: list[Any] = []
    skipping = False  # after @import: up to the next ";"
    for token in tokens:
        if isinstance(token, css.Comment):
            continue
        if skipping:
            if (isinstance(token, css.LiteralToken) and token.value == ";") or isinstance(
                token, css.CurlyBracketsBlock
            ):
                skipping = False
            continue
        if isinstance(token, css.AtKeywordToken) and token.lower_value in ("import", "namespace"):
            skipping = True
            continue
        if isinstance(token, css.URLToken) and not _css_local(token.value):
            token = _ident(token, "none")
        elif isinstance(token, css.FunctionBlock):
            if token.lower_name in _CSS_GONE_FUNCTIONS:
                token = _ident(token, "none")
            elif token.lower_name in ("url", "src"):
                strings = [a for a in token.arguments if isinstance(a, css.StringToken)]
                if not strings or not _css_local(strings[0].value):
                    token = _ident(token, "none")
            else:
                token.arguments = _clean_tokens(token.arguments)
        elif isinstance(token, css.IdentToken) and token.lower_value in _CSS_GONE_IDENTS:
            token = _ident(token, "-merzig-removed")
        elif isinstance(
            token, css.CurlyBracketsBlock | css.SquareBracketsBlock | css.ParenthesesBlock
        ):
            token.content = _clean_tokens(token.content)
        out.append(token)
    return out


def clean_css(css: str) -> str:
    """CSS without ``url(…)`` to anywhere but ``data:``/``#``, ``@import`` or ``image-set``.

    Read by tinycss2, so ``\\75rl(`` is ``url(`` and ``@\\69mport`` is
    ``@import``; ``<`` and ``&`` are written as CSS escapes, so that no HTML
    parser can read markup or a character reference in the result. A style
    sheet up to 64 KiB is kept for the process: every page of a run carries the
    same one (a third of the filter's time went into reading it again); larger
    ones, which no page of ours has, are read each time and never held.
    """
    return _kept_css(css) if len(css) <= CSS_KEPT_CHARS else _clean_css(css)


CSS_KEPT_CHARS = 65_536


def _clean_css(css: str) -> str:
    import tinycss2

    tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
    text: str = tinycss2.serialize(_clean_tokens(tokens))
    return _MARKUP_IN_CSS.sub(_css_escape, text)


_kept_css = functools.lru_cache(maxsize=256)(_clean_css)


_MARKUP_IN_CSS = re.compile(r"\\([<&])|\\[\s\S]|[<&]")


def _css_escape(match: re.Match[str]) -> str:
    """``<`` and ``&`` (also as ``\\<``) as CSS escapes; other escapes as they are."""
    char = match.group(1) or match.group(0)
    return {"<": "\\3c ", "&": "\\26 "}.get(char, match.group(0))


# --- HTML -----------------------------------------------------------------------------------


def _split(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        space, _, local = tag[1:].partition("}")
        return space, local
    return _HTML, tag


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\u00a0", "&nbsp;")
    )


def _escape_attr(value: str) -> str:
    return _escape_text(value).replace('"', "&quot;")


def _attr_name(key: str) -> str:
    space, local = _split(key) if key.startswith("{") else ("", key)
    if space == "http://www.w3.org/2000/xmlns/" and local == "xmlns":
        return "xmlns"
    return _PREFIXES.get(space, "") + local


def _html_attr(tag: str, name: str, value: str) -> str | None:
    """The value an HTML element's attribute keeps, or None: it goes."""
    lower = name.lower()
    allowed = _ELEMENT_ATTRS.get(tag, frozenset())
    if not (
        lower in _GLOBAL_ATTRS
        or lower in allowed
        or (lower.startswith(("aria-", "data-")) and _NAME.match(lower))
    ):
        return None
    plain = _BLANKS.sub("", value)
    if lower == "href":
        return value if not plain or _LINK.match(plain) else None
    if lower == "src":
        return value if plain.lower().startswith("data:image/") else None
    if lower == "style":
        return clean_css(value)
    return value


def _svg_attr(name: str, value: str) -> str | None:
    """The value an SVG element's attribute keeps, or None: it goes."""
    lower = name.lower()
    if lower.startswith("on") or lower in _SVG_ATTR_DROP or not _NAME.match(name):
        return None
    if lower in ("href", "xlink:href", "src"):
        return value if _BLANKS.sub("", value).startswith("#") else None
    if lower == "style" or "(" in value or "\\" in value:
        return clean_css(value)  # fill="url(…)" would fetch; presentation attributes are CSS
    return value


_TEXT, _RAW, _NODE = 0, 1, 2  # what the writer's stack holds: (kind, value)


class _Writer:
    """Writes the kept tree with a stack, not by recursion: a page nested ten thousand
    elements deep is written like any other."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.policy_done = False

    def write(self, nodes: Iterable[Element]) -> None:
        stack: list[tuple[int, Any]] = [(_NODE, n) for n in reversed(list(nodes))]
        while stack:
            kind, value = stack.pop()
            if kind == _NODE:
                stack += reversed(self.node(value))
            else:
                self.out.append(value)

    def content(self, element: Element, space: str, local: str) -> list[tuple[int, Any]]:
        """What to write for an element's content: texts and children, in order."""
        raw = space == _HTML and local == "style"
        items: list[tuple[int, Any]] = (
            [(_TEXT, self.text(element.text, raw))] if element.text else []
        )
        for child in element:
            if not (space == _SVG and _split(str(child.tag))[0] == _HTML):
                items.append((_NODE, child))  # (HTML inside SVG: only where the parser was tricked)
            if child.tail:
                items.append((_TEXT, self.text(child.tail, raw)))
        return items

    def text(self, text: str, raw: bool) -> str:
        return clean_css(text) if raw else _escape_text(text)

    def node(self, element: Element) -> list[tuple[int, Any]]:
        if not isinstance(element.tag, str) or element.tag == "<!DOCTYPE>":
            return []  # comments and processing instructions carry nothing a reader needs
        space, local = _split(element.tag)
        if space == _HTML:
            return self.html(element, local)
        if space == _SVG:
            return self.svg(element, local)
        return []  # MathML and anything else foreign: gone with its content

    def html(self, element: Element, local: str) -> list[tuple[int, Any]]:
        if local in _HTML_DROP:
            return []
        if local not in _HTML_KEEP:
            return self.content(element, _HTML, local)  # its content stays, as markup of its own
        if local == "meta" and any(k.lower() == "http-equiv" for k in element.attrib):
            return []  # a refresh or a policy of its own
        attrs = []
        for key, value in element.attrib.items():
            kept = _html_attr(local, _attr_name(key), value or "")
            if kept is not None:
                attrs.append((_attr_name(key).lower(), kept))
        self.start(local, attrs)
        if local == "html":
            self.out.append("\n")  # (the parser drops whitespace before <head>)
        if local == "head" and not self.policy_done:
            self.out.append(POLICY_TAG)
            self.policy_done = True
        if local in _VOID:
            return []
        if local == "pre" and (element.text or "").startswith("\n"):
            self.out.append("\n")  # the parser drops the first newline of a <pre>
        return [*self.content(element, _HTML, local), (_RAW, f"</{local}>")]

    def svg(self, element: Element, local: str) -> list[tuple[int, Any]]:
        if local in _SVG_DROP:
            return []
        if local not in _SVG_KEEP:
            return self.content(element, _SVG, local)
        attrs = []
        for key, value in element.attrib.items():
            kept = _svg_attr(_attr_name(key), value or "")
            if kept is not None:
                attrs.append((_attr_name(key), kept))
        self.start(local, attrs)
        if local in _SVG_TEXT_ONLY:
            return [(_TEXT, _escape_text("".join(element.itertext()))), (_RAW, f"</{local}>")]
        return [*self.content(element, _SVG, local), (_RAW, f"</{local}>")]

    def start(self, local: str, attrs: list[tuple[str, str]]) -> None:
        rendered = "".join(f' {n}="{_escape_attr(v)}"' for n, v in attrs)
        self.out.append(f"<{local}{rendered}>")


class _RegexCache(dict[tuple[Any, bool], "re.Pattern[str]"]):
    """tinyhtml5's cache of "characters until" patterns, keyed as it looks them up.

    tinyhtml5 2.x stores each new pattern under the pattern itself (a chained
    assignment), so it never finds one again and compiles it anew for every
    run of text: a third of the parse. This cache makes the pattern on lookup.
    """

    def __missing__(self, key: tuple[Any, bool]) -> re.Pattern[str]:
        characters, opposite = key
        body = "".join(f"\\x{ord(c):02x}" for c in characters)
        pattern = re.compile(f"[{body}]+" if opposite else f"[^{body}]+")
        self[key] = pattern
        return pattern


def _parser() -> Any:
    import tinyhtml5
    import tinyhtml5.inputstream

    cache = getattr(tinyhtml5.inputstream, "characters_until_regex", None)
    if type(cache) is dict:  # (a later tinyhtml5 may have fixed or renamed it)
        tinyhtml5.inputstream.characters_until_regex = _RegexCache()
    return tinyhtml5


def script_free(html: str) -> str:
    """``html`` without scripts and outside requests, with the policy first in ``<head>``.

    The page is parsed as a browser parses it and written anew from what the
    allow-list keeps (see the module's description).
    """
    document = _parser().parse(html, full_tree=True)
    writer = _Writer()
    writer.write(document)
    return "<!DOCTYPE html>\n" + "".join(writer.out)

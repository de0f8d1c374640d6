"""Every HTML document leaves the tool without scripts and without requests to the outside.

The values in a document are escaped and descriptions are cleaned
(:mod:`merzig_cli.documents.sanitize`), but a workspace may replace the
templates themselves, and a replaced template is as untrusted as any other
file of the workspace. So every rendered page passes this filter last: it
removes script-capable elements (``script``, ``iframe``, ``object``, ``embed``,
``base``, ``link``, ``form``, refreshing ``meta``), event-handler attributes,
``javascript:`` and other unsafe URLs, resources fetched on load from
anywhere but ``data:``, and ``url(…)``/``@import`` in CSS; and it puts a
Content-Security-Policy first into ``<head>`` that forbids scripts and
outside requests, in case a browser finds something this filter did not.
The page must mean to a browser what it meant to this filter, or a trick
(``<noscript><p title="</noscript><img onerror=…>">``, ``<svg><style><img …>``,
``u\\72l(…)`` in CSS) would hide markup from it: so a tag is written anew,
escaped, when it holds a ``<``; a ``<`` in text is written as ``&lt;``; the
elements a browser reads as raw text go (their content stays, now read as
markup by both); and CSS escapes of letters are read before CSS is checked.
Everything else passes byte for byte, so a page built from our own templates
is unchanged but for the policy.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
POLICY_TAG = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'

_DROP_WITH_CONTENT = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "applet", "template"}
)
_DROP_TAG = frozenset(
    {"embed", "base", "link", "form", "input", "button", "portal"}
    # elements whose content a browser reads as raw text: without them, it reads what we read
    | {"noscript", "xmp", "noembed", "noframes", "plaintext", "listing"}
    # SVG elements that fetch, or change attributes after the filter has seen them
    | {"use", "animate", "set", "animatemotion", "animatetransform", "handler", "listener"}
)
_LINK_SCHEMES = re.compile(r"^(?:https?:|mailto:|tel:|#)", re.I)
_LOAD_ATTRS = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"})
_URL_ATTRS = frozenset({"href", "xlink:href", "action", "formaction", "cite", "ping", "manifest"})
# The look-ahead once after "url(", and an unclosed "url(" runs to the end: spaces before it
# or a missing ")" would otherwise be searched again and again (time by the square).
_CSS_URL = re.compile(r"url\((?!\s*(?:['\"]\s*)?(?:data:|#))[^)]*(?:\)|\Z)", re.I)
_CSS_BAD = re.compile(
    r"@import[^;]*;?|expression\s*\(|behavior\s*:|-moz-binding|(?:-webkit-)?image-set\s*\(", re.I
)
_NAME = re.compile(r"[a-z_][-a-z0-9_.:]*\Z")  # attribute names as HTMLParser gives them
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|([^\n0-9a-fA-F]))")


def _css_letter(match: re.Match[str]) -> str:
    """An escaped letter as the letter itself, so that ``u\\72l(`` is seen as ``url(``."""
    code = int(match.group(1), 16) if match.group(1) else ord(match.group(2))
    char = chr(code) if 0 < code < 0x80 else ""
    return char if char and (char.isalnum() or char in "@()-_:") else match.group(0)


def clean_css(css: str) -> str:
    """CSS without ``url(…)`` to anywhere but ``data:``, ``@import`` or ``image-set``.

    Escapes of letters are read first (CSS allows ``\\75rl(`` for ``url(``), and
    ``<`` goes: CSS has no use for it, and inside SVG a browser would read it as markup.
    """
    if "\\" in css:
        css = _CSS_ESCAPE.sub(_css_letter, css)
    return _CSS_BAD.sub("", _CSS_URL.sub("none", css)).replace("<", "")


def _plain(value: str) -> str:
    return re.sub(r"[\x00-\x20]+", "", value)


class _Filter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip = 0  # inside a dropped element with content
        self.skip_tag: list[str] = []
        self.in_style = False
        self.policy_done = False

    def _attrs_ok(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> list[tuple[str, str | None]] | None:
        """The attributes to keep; None means all are kept as written."""
        changed = False
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            plain = _plain(value or "")
            if name.startswith("on") or name in ("srcdoc", "formaction") or not _NAME.match(name):
                changed = True
                continue
            if name in _LOAD_ATTRS or (name in _URL_ATTRS and tag != "a"):
                if plain and not plain.lower().startswith(("data:", "#")):
                    changed = True
                    continue
            elif name in _URL_ATTRS and plain and not _LINK_SCHEMES.match(plain):
                changed = True
                continue
            if value and "(" in value and clean_css(value) != value.replace("<", ""):
                value = clean_css(value)  # a style, or an SVG fill="url(…)" that fetches
                changed = True
            if name == "http-equiv" and tag == "meta":
                changed = True
                return []  # a refresh or an own policy: the element goes
            kept.append((name, value))
        return kept if changed else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str, closed: bool) -> None:
        if self.skip:
            if tag in _DROP_WITH_CONTENT and not closed:
                self.skip += 1
            return
        if tag in _DROP_WITH_CONTENT:
            if not closed:
                self.skip = 1
            return
        if tag in _DROP_TAG:
            return
        kept = self._attrs_ok(tag, attrs)
        if kept == [] and tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            return
        if kept is None and "<" not in raw[1:]:
            self.out.append(raw)  # as written; a "<" inside would let a browser read it otherwise
        else:
            rendered = "".join(
                f' {n}="{escape(v, quote=True)}"' if v is not None else f" {n}"
                for n, v in (attrs if kept is None else kept)
            )
            self.out.append(f"<{tag}{rendered}{' /' if closed else ''}>")
        if tag == "head" and not self.policy_done:
            self.out.append("\n" + POLICY_TAG)
            self.policy_done = True
        self.in_style = tag == "style" and not closed

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in _DROP_WITH_CONTENT:
                self.skip -= 1
            return
        if tag in _DROP_WITH_CONTENT or tag in _DROP_TAG:
            return
        self.in_style = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(clean_css(data) if self.in_style else data.replace("<", "&lt;"))

    def handle_entityref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass  # comments carry nothing a reader needs, and old browsers read some

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype") and "<" not in decl:
            self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def script_free(html: str) -> str:
    """``html`` without scripts and outside requests, with the policy first in ``<head>``."""
    parser = _Filter()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    if not parser.policy_done:
        text = POLICY_TAG + text
    return text

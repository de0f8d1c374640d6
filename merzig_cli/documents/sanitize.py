"""Untrusted text from Steckbriefe made safe for HTML and Markdown output.

Profiles arrive from many hands through git, so nothing in them may run a
script or fetch anything when the brochure is opened: Markdown is rendered
with raw HTML switched off, the result is cleaned with an allow-list (nh3),
and links survive only with the schemes http(s), mailto and tel. The
Markdown output is produced from that same cleaned HTML, so the ``.md``
file cannot carry raw HTML or script links either.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote"}
)
_HEADING = re.compile(r"<(/?)h[1-6]\b[^>]*>")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_BREAK = "\0"
_ITEM = re.compile(r"\s*(- |\d+\. )")
_MD_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def safe_url(url: str | None, schemes: frozenset[str] = LINK_SCHEMES) -> str | None:
    """The URL if its scheme is allowed (no relative, no ``javascript:``), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 32 or ch.isspace() for ch in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in schemes else None


def web_url(url: str | None) -> str | None:
    """A website address: http(s) only, even in files that were never validated."""
    return safe_url(url, frozenset({"http", "https"}))


def mailto(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return "mailto:" + quote(email.strip(), safe="@+._-")


def tel(phone: str | None) -> str | None:
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return "tel:" + digits if len(digits.lstrip("+")) >= 3 else None


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    if tag == "a" and attr == "href":
        return safe_url(value)
    return None


# Markdown is read in texts up to this length; a longer one (only a hostile profile has
# one) is shown as plain paragraphs: parsing a mebibyte of "[" takes markdown-it tens of
# seconds, and plain text takes milliseconds.
MARKDOWN_MAX_CHARS = 64 * 1024


@functools.cache
def _markdown() -> Any:
    """CommonMark without raw HTML (markdown-it-py: time in proportion to the text;
    python-markdown took time by the square of a run of "[" in a hostile profile).

    Every link and image is made, whatever its address: the sanitiser after it decides,
    so a ``javascript:`` link keeps its text without the link, and an image goes whole."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def markdown_to_html(text: str | None) -> str:
    """Markdown from a profile as clean HTML: no raw HTML, no images, safe links only.

    Headings inside a description become bold paragraphs, so the brochure's
    own heading order (an accessibility requirement) stays intact.
    """
    if not text:
        return ""
    import nh3

    if len(text) > MARKDOWN_MAX_CHARS:  # no profile needs it: shown as text, in seconds
        from html import escape

        paragraphs = (p.strip() for p in text.split("\n\n"))
        html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
    else:
        html = _markdown().render(text)
    html = _HEADING.sub(lambda m: "</strong></p>" if m.group(1) else "<p><strong>", html)
    return str(
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            attributes={"a": {"href"}},
            attribute_filter=_keep_attribute,
            url_schemes=set(LINK_SCHEMES),
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
    ).strip()


def md_escape(text: object, line_start: bool = False) -> str:
    """Plain text as literal Markdown: every character a renderer would interpret is escaped.

    Inline, only characters that open markup or HTML matter; at the start of a
    line, list and heading markers (``-``, ``#``, ``1.``) must be escaped as well.
    """
    value = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _escape_line_start(value) if line_start else value


def _escape_line_start(text: str) -> str:
    """``- x`` and ``# x`` get a backslash before the marker, ``1. x`` before the dot."""
    return _MD_LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


class _ToMarkdown(HTMLParser):
    """Cleaned description HTML (the small allow-list above) back to Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.lists: list[list[Any]] = []  # [kind, counter]
        self.href: list[str | None] = []
        self.prefix = ""

    def _flush(self) -> None:
        text = "".join(self.line).strip()
        if text and not self.prefix:
            text = _escape_line_start(text)
        if text:
            self.blocks.append(self.prefix + text)
        self.line, self.prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "pre", "blockquote"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            indent = "  " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.prefix = f"{indent}{self.lists[-1][1]}. "
            else:
                self.prefix = f"{indent}- "
        elif tag in _INLINE:
            self.line.append(_INLINE[tag])
        elif tag == "br":
            self.line.append("  \n")
        elif tag == "a":
            href = safe_url(dict(attrs).get("href"))
            self.href.append(href)
            if href:
                self.line.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "pre", "blockquote"):
            self._flush()
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
            if not self.lists:
                self.blocks.append(_BREAK)
        elif tag in _INLINE:
            self.line.append(_INLINE[tag])
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.line.append(f"](<{href.replace('>', '%3E').replace('<', '%3C')}>)")

    def handle_data(self, data: str) -> None:
        if not data.strip():
            if data and self.line:
                self.line.append(" ")
            return
        lead = " " if data[0].isspace() else ""
        trail = " " if data[-1].isspace() else ""
        self.line.append(lead + md_escape(data) + trail)


def html_to_markdown(html: str) -> str:
    """Markdown for the ``.md`` brochure, built only from already cleaned HTML."""
    parser = _ToMarkdown()
    parser.feed(html)
    parser.close()
    parser._flush()
    out: list[str] = []
    after_item = False
    for block in parser.blocks:
        if block == _BREAK:
            after_item = False
            continue
        is_item = bool(_ITEM.match(block))
        if out and not (is_item and after_item):
            out.append("")
        out.append(block)
        after_item = is_item
    return "\n".join(out)

"""The HTML filter reads a page as a browser does: foreign content (SVG, MathML) included.

Inside ``<svg>`` or ``<math>`` a ``<style>`` is markup, not raw text: its
character references are decoded (``@&#105;mport``) before CSS is read, so
a filter that reads it as raw text lets ``@import`` and ``url(…)`` through,
and a mail client without a Content-Security-Policy fetches them. Each attack
below is checked twice: on the filtered text as a real HTML5 parser reads it,
and in a real Chromium with our policy taken out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import sink_server

from merzig_cli.documents.scriptfree import POLICY, POLICY_TAG, clean_css, script_free

HTML = "{http://www.w3.org/1999/xhtml}"
ATTACKS = [
    "<svg><style>@&#105;mport url(http://HOST/svg-import);</style></svg>",
    '<svg><style>rect { fill: u&#114;l(http://HOST/svg-url) }</style><rect width="9" height="9"/>'
    "</svg>",
    '<svg><style>@import "http://HOST/svg-plain-import";</style></svg>',
    '<math><style>@&#x69;mport "http://HOST/math-import";</style></math>',
    "<math><mi><svg><style>@&#105;mport url(http://HOST/math-svg);</style></svg></mi></math>",
    "<svg><foreignObject><style>@import url(http://HOST/foreign-object)</style></foreignObject>"
    "</svg>",
    "<svg><desc><style>@import url(http://HOST/desc)</style><b>d</b></desc></svg>",
    '<svg><title><img src="http://HOST/title-img"></title></svg>',
    '<svg></p><style><a id="</style><img src=x onerror=window.__pwned=1>"></svg>',
    "<svg><p><style><img src=x onerror=window.__pwned=2></style></p></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=window.__pwned=3>",
    "<svg><style>&lt;/style&gt;&lt;img src=x onerror=window.__pwned=4&gt;</style></svg>",
    '<svg><image href="http://HOST/image"/><use href="http://HOST/use#x"/>'
    '<rect width="9" height="9" fill="url(http://HOST/fill#p)" '
    'style="fill: u\\72l(http://HOST/svg-style-attr)"/></svg>',
    '<style>@\\69mport "http://HOST/css-escape"; p { background: url(http://HOST/bg) }</style>'
    "<p>p</p>",
    "<div style=\"background-image: image-set('http://HOST/image-set' 1x)\">x</div>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=5>"></noscript>',
    "<svg><script>window.__pwned=6</script><set attributeName=onload to=x /></svg>",
    '<svg><a href="javascript:window.__pwned=7"><text y="9">a</text></a></svg>',
]


def page(attack: str, host: str) -> str:
    return f"<!DOCTYPE html><html><head></head><body><p>Anfang</p>{attack.replace('HOST', host)}</body></html>"


def _elements(html: str) -> Iterator[Any]:
    import tinyhtml5

    return iter(tinyhtml5.parse(html).iter())


def _css_fetches(css: str) -> bool:
    import tinycss2

    def walk(tokens: list[Any]) -> bool:
        for t in tokens:
            if t.type == "url" or (t.type == "function" and t.lower_name == "url"):
                return True
            if t.type == "at-keyword" and t.lower_value == "import":
                return True
            if t.type == "function" and walk(t.arguments):
                return True
            if t.type in ("{} block", "[] block", "() block") and walk(t.content):
                return True
        return False

    return walk(tinycss2.parse_component_value_list(css))


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_filtered_page_holds_nothing_that_runs_or_fetches(attack: str) -> None:
    cleaned = script_free(page(attack, "evil.example"))
    for element in _elements(cleaned):
        tag = str(element.tag)
        assert tag.startswith((HTML, "{http://www.w3.org/2000/svg}")), tag  # no MathML
        local = tag.rpartition("}")[2]
        if not tag.startswith(HTML):
            assert local not in ("style", "script", "foreignObject", "image", "set"), cleaned
        assert local not in ("script", "iframe", "object", "embed"), cleaned
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), cleaned
            assert "evil.example" not in value and "javascript" not in value, cleaned
        if tag == HTML + "style":
            assert not _css_fetches(element.text or ""), cleaned
    assert "Anfang" in cleaned


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_filtered_page_is_read_again_as_it_was_written(attack: str) -> None:
    """What the filter wrote is what a browser reads: filtering it again changes nothing."""
    once = script_free(page(attack, "evil.example"))
    assert script_free(once) == once


def test_our_own_markup_keeps_its_meaning() -> None:
    source = (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<style>a { color: #000; } a::after { content: "\\2013"; }</style>\n</head>\n'
        '<body><p class="x">Straße &amp; Weg &#8211; <a href="mailto:a@example.org">a</a><br>'
        '</p><svg viewBox="0 0 10 10"><title>Logo</title><defs><linearGradient id="g">'
        '<stop offset="0" stop-color="#fff"/></linearGradient></defs><rect fill="url(#g)"/>'
        '<use href="#g"/></svg></body>\n</html>\n'
    )
    cleaned = script_free(source)
    assert cleaned.count(POLICY) == 1 and cleaned.index(POLICY) < cleaned.index("charset")
    assert _tree(cleaned) == _tree(source)


def _tree(html: str) -> list[object]:
    """A page as a browser's parser builds it: every element, attribute and text."""
    import tinycss2
    import tinyhtml5

    def node(element: Any) -> list[object]:
        children: list[object] = [element.text or ""]
        if str(element.tag).endswith("}style"):  # CSS as a CSS parser reads it
            children = [tinycss2.serialize(tinycss2.parse_component_value_list(element.text))]
        for child in element:
            if child.get("http-equiv"):  # the policy: its text joins the text before it
                children[-1] = str(children[-1]) + (child.tail or "")
            else:
                children += [node(child), child.tail or ""]
        return [element.tag, sorted(element.attrib.items()), children]

    return node(tinyhtml5.parse(html))


@pytest.mark.parametrize(
    ("css", "kept"),
    [
        ('a::after { content: "\\00a0(" attr(data-page) ")"; }', True),  # a real escape stays
        ('q::before { content: "\\201E"; }', True),
        ("p { background: u\\72l(http://evil.example/x) }", False),  # u\72l( is url(
        ('@\\69mport "http://evil.example/x";', False),
        ("div { background-image: image-set('http://evil.example/x' 1x) }", False),
        ("p { background: url( 'http://evil.example/x' ) }", False),
        ("/* </style><img src=x onerror=alert(1)> */ p { color: red }", True),
    ],
)
def test_css_is_read_as_a_browser_reads_it(css: str, kept: bool) -> None:
    import tinycss2

    cleaned = clean_css(css)
    assert "<" not in cleaned and "&" not in cleaned  # no HTML parser finds markup in it
    as_read = tinycss2.serialize(tinycss2.parse_component_value_list(css, skip_comments=True))
    assert (cleaned == as_read) is kept
    assert kept or not _css_fetches(cleaned), cleaned
    assert not re.search(r"url\(|@import|image-set", cleaned, re.I) or kept


def test_in_chromium_no_attack_runs_or_fetches(tmp_path: Path, phone_browser: Any) -> None:
    """Each attack, filtered, in a browser that ignores our policy (as some mail clients do)."""
    browser = phone_browser
    with sink_server() as (host, seen):

        def visit(html: str, name: str) -> tuple[str, list[str]]:
            file = tmp_path / f"{name}.html"
            file.write_text(html, encoding="utf-8")
            browser.get(file.as_uri())
            pwned, foreign = browser.execute_script(
                "return [typeof window.__pwned,"
                " document.querySelectorAll('svg style, math style, svg script').length]"
            )
            return f"{pwned} {foreign}", [p for p in seen]

        # the control: unfiltered, Chromium does fetch what a foreign <style> imports
        visit(page(ATTACKS[0], host), "control")
        deadline = time.monotonic() + 5
        while "/svg-import" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "/svg-import" in seen
        seen.clear()

        found = []
        for n, attack in enumerate(ATTACKS):
            cleaned = script_free(page(attack, host))
            assert POLICY_TAG in cleaned
            state, fetched = visit(cleaned.replace(POLICY_TAG, ""), f"attack-{n}")
            if state != "undefined 0" or fetched:
                found.append((attack, state, fetched))
        time.sleep(0.5)  # late requests would arrive by now
        assert not found
        assert not seen, seen


def test_a_page_nested_thousands_deep_is_filtered_like_any_other() -> None:
    depth = 3000  # far beyond Python's recursion limit
    page = "<div>" * depth + "<svg>" + "<g>" * depth + "<style>@import url(http://x/y)</style>"
    cleaned = script_free(page)
    assert cleaned.count("<div>") == depth and cleaned.count("<g>") == depth
    assert "@import" not in cleaned and "<style" not in cleaned

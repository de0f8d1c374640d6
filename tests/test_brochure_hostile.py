"""Untrusted Steckbriefe: a hostile profile must give a brochure that runs no script."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from test_brochure_support import small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only
from merzig_cli.documents.sanitize import html_to_markdown, markdown_to_html, md_escape, safe_url

HOSTILE = """\
id: boese
name: "<script>window.__pwned = 1</script>Böse GmbH"
category: counselling
level: private
summary: "<img src=x onerror=\\"window.__pwned=2\\"> Zusammenfassung"
description: |
  Hallo <script>window.__pwned = 3</script> Welt
  <a href="javascript:window.__pwned=4" onclick="window.__pwned=5">klick</a>
  [Markdown-Link](javascript:window.__pwned=6) und [Daten](data:text/html,<script>x</script>)
  <iframe src="https://evil.example/"></iframe>
  ![Tracker](https://evil.example/pixel.png)
  <div onmouseover="window.__pwned=7">drüber</div>
  [ok](https://example.org/ok)

  # Überschrift mitten im Text
topics: [work]
target_groups: [refugees]
languages: [de, "ar\\"><script>window.__pwned=8</script>"]
languages_note: "</style><script>window.__pwned=9</script>"
opening_hours: "<style>body{display:none}</style>"
website: "javascript:window.__pwned=10"
email: "\\"><script>window.__pwned=11</script>@example.org"
phone: "javascript:alert(1)"
address: {street: "<svg onload=window.__pwned=12>", postal_code: "66663", city: Merzig}
offers:
  - id: o
    name: "<b onmouseover=window.__pwned=13>Angebot</b>"
contacts:
  - id: c
    name: "<svg/onload=window.__pwned=14>Person"
    email: "x@example.org\\" onclick=\\"window.__pwned=15"
publish: true
reviewed: 2026-10-01
translations:
  ar:
    summary: "<script>window.__pwned=16</script>ملخص"
    description: "[رابط](javascript:window.__pwned=17)"
    status: current
"""


def hostile_workspace(root: Path) -> Path:
    small_workspace(root)
    (root / "actors" / "boese.yaml").write_text(HOSTILE, encoding="utf-8")
    return root


class _Scan(HTMLParser):
    """Collects every element and attribute as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)


def assert_inert(html: str) -> None:
    scan = _Scan()
    scan.feed(html)
    assert not {"script", "iframe", "img", "object", "embed", "link"} & set(scan.tags)
    assert scan.tags.count("svg") <= 1  # only the cover logo from the packaged template
    assert not [a for a in scan.attrs if a[1].startswith("on")]
    for tag, key, value in scan.attrs:
        if key in ("href", "src", "action", "formaction"):
            assert re.match(r"(#|https?://|mailto:|tel:)", value), (tag, key, value)
    style_blocks = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert len(style_blocks) == 1 and "display:none" not in style_blocks[0]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    built = build_outputs(load_actors_only(root), ["de", "ar"], ["html", "md", "pdf"])
    return {o.name.rsplit("-", 1)[1]: o.data for o in built}


@pytest.mark.parametrize("key", ["de.html", "ar.html"])
def test_hostile_profile_gives_inert_html(outputs: dict[str, bytes], key: str) -> None:
    html = outputs[key].decode("utf-8")
    assert_inert(html)
    assert "Böse GmbH" in html  # the actor is still listed, its text shown escaped
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    if key == "de.html":  # the one harmless link of the description survives
        assert 'href="https://example.org/ok"' in html
    else:  # the Arabic translation's only link was a script link: text stays, link goes
        assert "<a>رابط</a>" in html


@pytest.mark.parametrize("key", ["de.md", "ar.md"])
def test_hostile_profile_gives_markdown_without_raw_html(
    outputs: dict[str, bytes], key: str
) -> None:
    text = outputs[key].decode("utf-8")
    # any website renderer (here: Python-Markdown with raw HTML allowed) gets inert HTML
    assert_inert("<style></style>" + markdown.markdown(text))
    assert "Böse GmbH" in text


def test_hostile_profile_still_gives_a_pdf(outputs: dict[str, bytes]) -> None:
    assert outputs["de.pdf"].startswith(b"%PDF") and b"/JavaScript" not in outputs["de.pdf"]
    assert b"/JS " not in outputs["de.pdf"] and b"/Launch" not in outputs["de.pdf"]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org", True),
        ("mailto:a@example.org", True),
        ("tel:+4968", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/x", False),
        ("relative/page.html", False),
    ],
)
def test_only_http_mailto_tel_links_survive(url: str, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe
    html = markdown_to_html(f"[x]({url})")
    assert ("href=" in html) is safe


def test_markdown_escaping_round_trip_keeps_text_literal() -> None:
    assert md_escape("<b>*fett*</b> [a](b)") == r"\<b\>\*fett\*\</b\> \[a\](b)"
    assert md_escape("1. kein Listenpunkt", line_start=True) == r"1\. kein Listenpunkt"
    html = markdown_to_html("**fett** & <i>roh</i>\n\n- eins\n- zwei")
    assert html_to_markdown(html) == "**fett** \\& \\<i\\>roh\\</i\\>\n\n- eins\n- zwei"

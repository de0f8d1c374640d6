"""What the brochure says: golden HTML and Markdown, order, languages, fallbacks, privacy."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_brochure_support import golden, small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only
from merzig_cli.brochure.content import build_brochure, translation_report
from merzig_cli.brochure.render import Renderer


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_actors_only(small_workspace(tmp_path / "ws"))


def _text(ws, lang: str, fmt: str) -> str:  # type: ignore[no-untyped-def]
    [out] = build_outputs(ws, [lang], [fmt])
    return out.data.decode("utf-8")


@pytest.mark.parametrize(
    ("lang", "fmt"), [("de", "html"), ("ar", "html"), ("de", "md"), ("en", "md")]
)
def test_rendered_brochure_matches_golden_file(ws, lang: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # the stylesheet is the packaged file itself; the golden files pin the structure and text
    actual = re.sub(r"<style>.*</style>", "<style>…</style>", _text(ws, lang, fmt), flags=re.S)
    assert actual == golden(f"small-{lang}.{fmt}", actual)


def test_only_published_actors_in_category_order_then_name(ws) -> None:  # type: ignore[no-untyped-def]
    b = build_brochure(ws, "de")
    order = [(c.id, [a.id for a in c.actors]) for c in b.categories]
    # taxonomy order: office, authority, counselling; "Ärztliche …" sorts as "Aerztliche" before "IQ"
    assert order == [
        ("authority", ["jobcenter-test"]),
        ("counselling", ["sprachcafe", "iq-beratung"]),
    ]
    html = _text(ws, "de", "html")
    assert "Geheimer Verein" not in html and "nein@example.org" not in html
    assert b.actor_count == 3


def test_cover_date_is_newest_review_of_published_actors_not_the_clock(ws) -> None:  # type: ignore[no-untyped-def]
    b = build_brochure(ws, "de")
    assert b.date == dt.date(2026, 11, 5)  # the unpublished actor's 2026-12-24 does not count
    assert 'Stand: <time datetime="2026-11-05">5. November 2026</time>' in _text(ws, "de", "html")
    assert "November 5, 2026" in _text(ws, "en", "html")


def test_case_files_are_never_read(ws) -> None:  # type: ignore[no-untyped-def]
    assert ws.kinds == frozenset({"actor"}) and not ws.cases and not ws.failures
    for lang in ("de", "ar"):
        for fmt in ("html", "md"):
            assert "Fallgeheimnis" not in _text(ws, lang, fmt)


def test_language_names_are_written_in_the_brochure_language(ws) -> None:  # type: ignore[no-untyped-def]
    assert "Deutsch, Englisch, Arabisch, Türkisch" in _text(ws, "de", "html")
    assert "German, English, Arabic, Turkish" in _text(ws, "en", "md")
    assert "الألمانية" in _text(ws, "ar", "html")


def test_translation_used_and_missing_one_falls_back_to_german_with_note(ws) -> None:  # type: ignore[no-untyped-def]
    en = _text(ws, "en", "html")
    assert "Citizen's income and job placement" in en
    # iq-beratung has no English text: German, marked as German, with a visible note
    assert '<p class="summary" lang="de" dir="ltr">Beratung zur Anerkennung' in en
    assert "This entry is only available in German." in en
    assert "The translation may be out of date" in en  # sprachcafe: status outdated


def test_arabic_edition_is_right_to_left_with_german_fallbacks_isolated(ws) -> None:  # type: ignore[no-untyped-def]
    ar = _text(ws, "ar", "html")
    assert '<html lang="ar" dir="rtl">' in ar
    assert "ترجمة آلية." in ar  # machine translation is marked
    # a German name keeps its direction but the heading stays aligned with the Arabic page
    assert (
        '<h3 id="akteur-jobcenter-test-h"><bdi lang="de" dir="ltr">Jobcenter Musterkreis</bdi></h3>'
        in ar
    )
    assert '<bdi dir="ltr">Hochwaldstraße 40, 66663 Musterstadt</bdi>' in ar


def test_indexes_point_to_every_actor_with_that_topic_or_group(ws) -> None:  # type: ignore[no-untyped-def]
    b = build_brochure(ws, "de")
    topics = {e.label.text: [a.id for a in e.actors] for e in b.topic_index}
    groups = {e.label.text: [a.id for a in e.actors] for e in b.group_index}
    # an offer's topic counts for its actor; topics without published actors are left out
    assert topics == {
        "Arbeit und Beruf": ["jobcenter-test"],
        "Anerkennung ausländischer Abschlüsse": ["iq-beratung"],
        "Deutsch lernen": ["jobcenter-test", "sprachcafe"],
    }
    assert groups == {
        "Geflüchtete": ["jobcenter-test", "sprachcafe", "iq-beratung"],
        "Arbeitgeber": ["jobcenter-test"],
    }
    html = _text(ws, "de", "html")
    assert '<dt id="thema-recognition" class="depth-1">' in html  # child topic below its parent


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a":
            self.hrefs.append(str(a.get("href")))


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_html_heading_order_anchors_and_links_are_sound(ws, lang: str) -> None:  # type: ignore[no-untyped-def]
    parser = _Outline()
    parser.feed(_text(ws, lang, "html"))
    assert parser.levels[0] == 1 and parser.levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.levels, parser.levels[1:], strict=False))
    assert len(parser.ids) == len(set(parser.ids))
    internal = {h[1:] for h in parser.hrefs if h.startswith("#")}
    assert internal <= set(parser.ids)  # every table-of-contents and index link has a target
    assert {"akteur-jobcenter-test", "akteur-sprachcafe", "akteur-iq-beratung"} <= set(parser.ids)
    assert all(re.match(r"(#|https://|mailto:|tel:)", h) for h in parser.hrefs)


def test_html_is_self_contained(ws) -> None:  # type: ignore[no-untyped-def]
    html = _text(ws, "de", "html")
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|srcset)=|@import|url\(", html)
    assert '<meta name="viewport"' in html and "@media print" in html


def test_translations_report_lists_each_actor_once_and_the_missing_labels(ws) -> None:  # type: ignore[no-untyped-def]
    report = translation_report(ws)
    assert {
        lang: {k: v for k, v in row.items() if k != "labels"} for lang, row in report.items()
    } == {
        "en": {
            "missing": ["iq-beratung"],
            "partial": [],
            "outdated": ["sprachcafe"],
            "machine": [],
        },
        "ar": {
            "missing": ["sprachcafe", "iq-beratung"],
            "partial": [],
            "outdated": [],
            "machine": ["jobcenter-test"],
        },
    }
    for row in report.values():  # each actor once, with one state
        listed = [a for key in ("missing", "partial", "outdated", "machine") for a in row[key]]
        assert len(listed) == len(set(listed))
    assert report["en"]["labels"] == [
        "Titel (config.yaml: brochure.translations.en.title)",
        "Kategorie „authority“ (taxonomy.yaml: label.en)",
        "Kategorie „counselling“ (taxonomy.yaml: label.en)",
    ]
    assert "Thema „recognition“ (taxonomy.yaml: label.ar)" in report["ar"]["labels"]


def test_workspace_templates_override_packaged_ones(tmp_path: Path) -> None:
    root = small_workspace(tmp_path / "ws")
    cover = root / "templates" / "brochure" / "cover.html.j2"
    cover.parent.mkdir(parents=True)
    cover.write_text("<h1>Eigenes Titelblatt {{ b.municipality.text }}</h1>\n", encoding="utf-8")
    html = Renderer(root).html(build_brochure(load_actors_only(root), "de"))
    assert "<h1>Eigenes Titelblatt Musterstadt</h1>" in html
    assert "Jobcenter Musterkreis" in html  # the rest still comes from the packaged templates


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_packaged_colours_meet_wcag_aa_contrast(ws) -> None:  # type: ignore[no-untyped-def]
    html = _text(ws, "de", "html")
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", html))
    pairs = [
        ("text", "#ffffff"),
        ("muted", "#ffffff"),
        ("accent", "#ffffff"),  # links and headings
        ("accent", "#eef4fa"),  # links in the office box
        ("note-text", "note-bg"),
    ]
    for fg, bg in pairs:
        background = colours.get(bg, bg)
        assert _contrast(colours[fg], background) >= 4.5, (fg, bg)

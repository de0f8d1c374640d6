"""The HTML brochure in a real headless Chromium: every published actor shows, no script runs,
and axe-core finds no serious or critical WCAG 2.1 A/AA violation (tests/axe_support.py)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from axe_support import assert_accessible
from test_brochure_hostile import hostile_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = hostile_workspace(tmp_path_factory.mktemp("browser") / "ws")
    out = tmp_path_factory.mktemp("out")
    found = {}
    for o in build_outputs(load_actors_only(root), ["de", "en", "ar"], ["html"]):
        (out / o.name).write_bytes(o.data)
        found[o.lang] = out / o.name
    return found


def test_control_the_browser_does_run_scripts(phone_browser: Any, tmp_path: Path) -> None:
    """Without this, "no script ran" could pass merely because scripts were switched off."""
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><script>window.__pwned = 1</script>", encoding="utf-8")
    phone_browser.get(control.as_uri())
    assert phone_browser.execute_script("return typeof window.__pwned") == "number"


PUBLISHED = ["akteur-jobcenter-test", "akteur-sprachcafe", "akteur-iq-beratung", "akteur-boese"]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_published_actor_is_visible_and_no_script_ran(
    phone_browser: Any, pages: dict[str, Path], lang: str
) -> None:
    from selenium.webdriver.common.by import By

    phone_browser.get(pages[lang].as_uri())
    articles = phone_browser.find_elements(By.CSS_SELECTOR, "article.actor")
    assert sorted(a.get_attribute("id") for a in articles) == sorted(PUBLISHED)
    for article in articles:
        heading = article.find_element(By.TAG_NAME, "h3")
        assert heading.is_displayed() and heading.text.strip()
    assert (
        phone_browser.find_element(By.ID, "akteur-boese")
        .find_element(By.TAG_NAME, "h3")
        .text.startswith("<script>")
    )  # shown as text, not executed
    assert phone_browser.execute_script("return typeof window.__pwned") == "undefined"
    assert phone_browser.execute_script("return document.scripts.length") == 0
    assert phone_browser.execute_script("return document.documentElement.dir") == (
        "rtl" if lang == "ar" else "ltr"
    )
    # readable on a phone: nothing wider than the viewport
    assert phone_browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_the_brochure_passes_axe_core_in_every_language(
    phone_browser: Any, pages: dict[str, Path], lang: str
) -> None:
    """Contrast, names of links, language, headings and lists as a screen reader meets them;
    the hostile workspace's untrusted texts included."""
    assert_accessible(phone_browser, pages[lang])


def test_hostile_links_do_nothing_when_clicked_or_hovered(
    phone_browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    phone_browser.get(pages["de"].as_uri())
    article = phone_browser.find_element(By.ID, "akteur-boese")
    for element in article.find_elements(By.CSS_SELECTOR, "a, b, strong, div, span"):
        if element.is_displayed():  # the pointer jumps there (the default glides for 250 ms)
            ActionChains(phone_browser, duration=0).move_to_element(element).perform()
    for link in article.find_elements(By.TAG_NAME, "a"):
        href = link.get_attribute("href")
        assert href is None or href.startswith(("https://", "mailto:", "tel:"))
    assert phone_browser.execute_script("return typeof window.__pwned") == "undefined"
    assert phone_browser.current_url == pages["de"].as_uri()


@pytest.fixture(scope="module")
def district_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district brochure over the hostile workspace and a second town, in German."""
    from test_district import town

    from merzig_cli.district.build import build_outputs as district_outputs
    from merzig_cli.district.build import merge
    from merzig_cli.district.members import load_district

    base = tmp_path_factory.mktemp("district")
    hostile_workspace(base / "boese")
    town(base / "nachbar", "Gemeinde Nachbarort", {})
    (base / "district.yaml").write_text(
        "title: Landkreis <script>window.__pwned = 50</script>\n"
        "office: {name: Integrationsbüro}\n"
        "members: [{path: boese}, {path: nachbar}]\n",
        encoding="utf-8",
    )
    merged, _ = merge(load_district(base / "district.yaml"))
    [page] = district_outputs(merged, ["de"], ["html"])
    path = base / page.name
    path.write_bytes(page.data)
    return path


def test_district_page_shows_every_actor_with_headings_in_order(
    phone_browser: Any, district_page: Path
) -> None:
    from selenium.webdriver.common.by import By

    phone_browser.get(district_page.as_uri())
    articles = phone_browser.find_elements(By.CSS_SELECTOR, "article.actor")
    assert sorted(a.get_attribute("id") for a in articles) == sorted(PUBLISHED)
    for article in articles:
        heading = article.find_element(By.TAG_NAME, "h4")
        assert heading.is_displayed() and heading.text.strip()
    assert phone_browser.execute_script("return typeof window.__pwned") == "undefined"
    assert phone_browser.execute_script("return document.scripts.length") == 0
    levels = phone_browser.execute_script(
        "return [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    ids = phone_browser.execute_script(
        "return [...document.querySelectorAll('[id]')].map(e => e.id)"
    )
    assert len(ids) == len(set(ids))  # every link of the contents and indexes has one target
    broken = phone_browser.execute_script(
        "return [...document.querySelectorAll('a[href^=\"#\"]')]"
        ".filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length"
    )
    assert broken == 0
    assert phone_browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_the_district_page_passes_axe_core(phone_browser: Any, district_page: Path) -> None:
    assert_accessible(phone_browser, district_page)

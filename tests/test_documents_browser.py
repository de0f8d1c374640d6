"""The documents handed out as HTML, checked with axe-core in a real headless Chromium.

Agenda and an actor's times (conference plan), minutes, an agreement sheet and an
excerpt (conference minutes), the consent form in German and English, and both reports:
no serious or critical WCAG 2.1 A/AA violation (tests/axe_support.py). They are made
once per run (for both workers, tests/shared_support.py), from a copy of the bundled Merzig
data, as the manual's examples make them, and each is loaded in Chromium once per process
for every check on it (:func:`_loaded`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_support import assert_none_blocking, violations_of_the_loaded_page
from conftest import BUNDLED
from shared_support import once_per_run

DAY = "2027-06-01"  # after the 2026 conference, before the one of 2027


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return once_per_run(tmp_path_factory, "documents", _make)


def _make(base: Path) -> dict[str, Path]:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = base / "ws"
    shutil.copytree(BUNDLED, root)
    out = base / "out"
    commands = [
        ["conference", "plan", "fk-2027", "--out", str(out), "--format", "html"],
        ["conference", "minutes", "fk-2026", "--out", str(out), "--format", "html"],
        ["case", "consent-form", "fk-2027-01", "--lang", "de,en", "--out", str(out)],
        ["report", "referrals", "--html", str(out / "auswertung-lotsenfunktion.html")],
        ["report", "conference", "fk-2026", "--html", str(out / "auswertung-konferenz.html")],
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MERZIG_TODAY", DAY)
        for args in commands:
            format_ = [] if "--html" in args or "--format" in args else ["--format", "html"]
            result = CliRunner().invoke(app, [*args, *format_, "--data", str(root)])
            assert result.exit_code == 0, (args, result.output)

    def first(pattern: str) -> Path:
        found = sorted(out.glob(pattern))
        assert found, pattern
        return found[0]

    return {
        "agenda": out / "fk-2027/tagesordnung.html",
        "times": first("fk-2027/zeiten-*.html"),
        "minutes": out / "fk-2026/protokoll.html",
        "sheet": first("fk-2026/vereinbarung-*.html"),
        "excerpt": first("fk-2026/auszug-*.html"),
        "consent-de": out / "fk-2027/einwilligung-fk-2027-01-de.html",
        "consent-en": out / "fk-2027/einwilligung-fk-2027-01-en.html",
        "referrals": out / "auswertung-lotsenfunktion.html",
        "conference": out / "auswertung-konferenz.html",
    }


KINDS = [
    "agenda",
    "times",
    "minutes",
    "sheet",
    "excerpt",
    "consent-de",
    "consent-en",
    "referrals",
    "conference",
]


# What a document showed in Chromium: main regions, language, axe-core's violations.
Loaded = tuple[int, str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def loaded() -> dict[str, Loaded]:
    """What each document showed in Chromium, by kind (filled by :func:`_loaded`)."""
    return {}


def _loaded(browser: Any, documents: dict[str, Path], seen: dict[str, Loaded], kind: str) -> Loaded:
    """The document loaded once: its number of main regions, its language (both read before
    axe-core runs) and axe-core's violations."""
    if kind not in seen:
        browser.get(documents[kind].as_uri())
        mains, lang = browser.execute_script(
            "return [document.querySelectorAll('main').length, document.documentElement.lang]"
        )
        seen[kind] = (mains, lang, violations_of_the_loaded_page(browser))
    return seen[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_the_document_passes_axe_core(
    browser: Any, documents: dict[str, Path], loaded: dict[str, Loaded], kind: str
) -> None:
    _, _, violations = _loaded(browser, documents, loaded, kind)
    assert_none_blocking(violations, documents[kind].name)


def test_every_document_has_one_main_region_and_its_language(
    browser: Any, documents: dict[str, Path], loaded: dict[str, Loaded]
) -> None:
    """A screen reader jumps to the content and reads it in the document's language."""
    assert sorted(documents) == sorted(KINDS)
    for kind in documents:
        mains, lang, _ = _loaded(browser, documents, loaded, kind)
        assert mains == 1, kind
        assert lang == ("en" if kind == "consent-en" else "de"), kind

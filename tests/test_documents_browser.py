"""The documents handed out as HTML, checked with axe-core in a real headless Chromium.

Agenda and an actor's times (conference plan), minutes, an agreement sheet and an
excerpt (conference minutes), the consent form in German and English, and both reports:
no serious or critical WCAG 2.1 A/AA violation (tests/axe_support.py). They are made
once, from a copy of the bundled Merzig data, as the manual's examples make them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_support import assert_accessible
from conftest import BUNDLED

DAY = "2027-06-01"  # after the 2026 conference, before the one of 2027


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    base = tmp_path_factory.mktemp("documents")
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


@pytest.mark.parametrize("kind", KINDS)
def test_the_document_passes_axe_core(browser: Any, documents: dict[str, Path], kind: str) -> None:
    assert_accessible(browser, documents[kind])


def test_every_document_has_one_main_region_and_its_language(
    browser: Any, documents: dict[str, Path]
) -> None:
    """A screen reader jumps to the content and reads it in the document's language."""
    for kind, page in documents.items():
        browser.get(page.as_uri())
        assert browser.execute_script("return document.querySelectorAll('main').length") == 1, kind
        lang = browser.execute_script("return document.documentElement.lang")
        assert lang == ("en" if kind == "consent-en" else "de"), kind

"""The bundled Merzig workspace is complete, valid and invented.

It is the demo every user sees first, and the fixture other features are
shown with, so it must validate cleanly and hold no real personal data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from merzig_cli import load_workspace, validate_path
from merzig_cli.schema.containers import walk_strings
from merzig_cli.workspace.loader import Workspace

DATA = Path(__file__).resolve().parent.parent / "data"

# The institutions an integration office in a German district town works with.
REQUIRED_ACTORS = {
    "anlaufstelle-integration",
    "integrationsbeauftragte-merzig",
    "jobcenter-merzig-wadern",
    "agentur-fuer-arbeit-saarland",
    "auslaenderbehoerde-merzig-wadern",
    "jugendamt-merzig-wadern",
    "sozialamt-merzig-wadern",
    "jmd-merzig",
    "mbe-merzig",
    "iq-anerkennung",
    "vhs-merzig-wadern",
    "bbz-merzig",
    "hwk-saarland",
    "ihk-saarland",
    "caritas-merzig",
    "diakonie-merzig",
}
TARGET_GROUPS = {
    "refugees",
    "newcomers",
    "volunteers",
    "employers",
    "citizens",
    "young-people",
    "professionals",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load_workspace(DATA)


def test_bundled_data_validates_without_errors() -> None:
    report = validate_path(str(DATA))
    assert report.errors == [], [p.format() for p in report.errors]
    # The only warning allowed is the one demonstrating a withdrawn consent
    # (the spec makes it a warning; the case is then left out of every output).
    assert [(p.code, p.file) for p in report.warnings] == [
        ("consent-withdrawn", f"cases/2026/fk-2026-{n}.yaml") for n in ("02", "11", "20")
    ]
    assert report.files_checked >= 60


def test_directory_is_complete(ws: Workspace) -> None:
    assert len(ws.actors) >= 35
    assert set(ws.actors) >= REQUIRED_ACTORS
    assert 18 <= len(ws.taxonomy.topics) <= 25
    assert set(ws.taxonomy.target_groups) == TARGET_GROUPS
    used = {a.category for a in ws.actors.values()}
    assert used == set(ws.taxonomy.categories)  # every category has actors
    assert all(a.contacts for a in ws.actors.values())


def test_inquiries_and_one_conference_with_cases(ws: Workspace) -> None:
    assert len(ws.inquiries) >= 10
    assert any(i.referrals for i in ws.inquiries.values())
    per_conference = {
        c: sum(1 for k in ws.cases.values() if k.conference == c) for c in ws.conferences
    }
    assert per_conference == {"fk-2026": 30, "fk-2027": 8}  # one held, one being planned


def test_every_email_is_invented(ws: Workspace) -> None:
    found = [
        address
        for doc in ws.all_documents()
        for text in walk_strings(doc.data)
        for address in EMAIL.findall(text)
    ]
    assert len(found) > 40
    assert [a for a in found if not a.endswith("@example.org")] == []


def test_workspace_declares_itself_example_data(ws: Workspace) -> None:
    """Only invented data may keep case files in git (the privacy rule's exception)."""
    assert ws.config.example_data is True

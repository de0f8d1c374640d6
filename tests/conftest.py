"""Shared fixtures: small workspaces built as file trees in tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merzig_cli.cli.main import app
from merzig_cli.workspace.loader import Workspace, load_workspace

# The fixtures browser and phone_browser: one Chromium for all tests of a process.
pytest_plugins = ["browser_support"]

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data"

CONFIG = """\
municipality: Musterstadt
office:
  name: Anlaufstelle Integration Musterstadt
  email: integration@example.org
  phone: "+49 6861 000-0"
brochure:
  title: Arbeiten und Leben in Musterstadt
  languages: [de, en, ar]
feedback_days: 14
review_months: 12
"""

TAXONOMY = """\
topics:
  - id: work
    label: {de: Arbeit und Beruf, en: Work}
    keywords: [arbeit, job, stelle]
  - id: recognition
    label: {de: Anerkennung ausländischer Abschlüsse, en: Recognition}
    keywords: [anerkennung, abschluss, zeugnis, diplom]
    parent: work
  - id: language
    label: {de: Deutsch lernen, en: Learning German}
    keywords: [deutschkurs, sprachkurs, integrationskurs]
target_groups:
  - id: refugees
    label: {de: Geflüchtete, en: Refugees}
  - id: employers
    label: {de: Arbeitgeber, en: Employers}
categories:
  - id: office
    label: {de: Anlaufstelle}
  - id: authority
    label: {de: Behörden und Ämter}
  - id: counselling
    label: {de: Beratung}
"""

ACTOR = """\
id: {id}
name: {name}
category: {category}
level: district
summary: Beratung zur Anerkennung ausländischer Berufsabschlüsse.
description: |
  Wir beraten **kostenlos**.
topics: [recognition]
target_groups: [refugees]
languages: [de, ar]
contacts:
  - id: e-beispiel
    name: Erika Beispiel
    email: erika.beispiel@example.org
    topics: [recognition]
publish: true
reviewed: 2026-10-01
"""


# The day every test runs on, unless a test pins another: the suite must pass in any year
# (make test runs it once more under libfaketime, years ahead). Commands read the day only
# through merzig_cli.core.clock, which honours MERZIG_TODAY; subprocesses inherit it.
TODAY = "2026-12-01"


@pytest.fixture(autouse=True, scope="session")
def _pinned_day_for_the_session() -> Iterator[None]:
    """Also for module and session fixtures, which are made before any test's own fixtures."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MERZIG_TODAY", TODAY)
        yield


@pytest.fixture(autouse=True)
def _pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERZIG_TODAY", TODAY)


def inquiry_yaml(number: str, received: str, topic: str, question: str, referrals: str) -> str:
    """An inquiry file of a refugee asking by phone in Arabic; ``referrals`` as YAML list items."""
    return (
        f'id: "{number}"\nreceived: {received}\nchannel: phone\ninquirer: refugees\n'
        f"language: ar\ntopics: [{topic}]\nquestion: {question}\nreferrals:\n{referrals}"
    )


def write(root: Path, rel: str, text: str) -> Path:
    """Write a file below root, dedenting the text; returns its path."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def make_ws(tmp_path: Path) -> Callable[..., Path]:
    """Build a minimal valid workspace; extra files as {relative path: YAML text}."""

    def factory(files: dict[str, str] | None = None, actors: int = 1) -> Path:
        root = tmp_path / "ws"
        write(root, "config.yaml", CONFIG)
        write(root, "taxonomy.yaml", TAXONOMY)
        for i in range(actors):
            aid = "iq-beratung" if i == 0 else f"akteur-{i}"
            write(
                root,
                f"actors/{aid}.yaml",
                ACTOR.format(id=aid, name=f"IQ Beratung {i}", category="counselling"),
            )
        for rel, text in (files or {}).items():
            write(root, rel, text)
        return root

    return factory


@pytest.fixture
def build(make_ws: Callable[..., Path]) -> Callable[[dict[str, str]], Workspace]:
    """A workspace with exactly these Steckbriefe (id -> YAML)."""

    def factory(actors: dict[str, str]) -> Workspace:
        root = make_ws(actors=0, files={f"actors/{k}.yaml": v for k, v in actors.items()})
        return load_workspace(root, kinds={"actor"})

    return factory


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., object]:
    """Run the merzig CLI in-process: cli("validate", "--data", str(path))."""

    def invoke(*args: str, **kwargs: object) -> object:
        return runner.invoke(app, list(args), **kwargs)  # type: ignore[arg-type]

    return invoke


# The tests that take longest, in seconds on a quiet 2-core machine (``--durations``, with the
# module fixtures they build): by module, or by module::test. They get the mark ``slow``
# (``pytest -m "not slow"`` is the quick tier) and run first: a long test collected last would
# run alone at the end of the run. make unit runs xdist's worksteal: each worker starts with
# half of the tests in this order, and one that runs out takes the rest of the other's queue
# from its end (the shortest tests). Tests of one module keep their order, so a module
# fixture is mostly built once.
SLOW: dict[str, float] = {
    "test_hostile_browser.py": 20,  # a module fixture builds every page of two workspaces
    "test_pre_commit.py": 17,  # pre-commit installs the hook's environment
    "test_kill.py::test_writers_killed_at_random_moments_leave_old_or_new_valid_files": 7.5,
    "test_fuzz_commands.py": 4,
    "test_brochure_print.py": 7,  # one brochure PDF per page size
    "test_brochure_pdf_parts.py": 6,  # brochures laid out in parts, built once
    "test_conference_minutes.py": 6,  # the golden documents, built once
    "test_brochure_pipelines.py::test_pipeline_commands_validate_build_and_check": 5,
    "test_limits.py::test_words_of_ten_thousand_letters_do_not_stop_the_pdfs": 5.5,
    "test_hostile_text.py": 2,  # hostile text (300,000 characters), each family in a process
    "test_names_heldout.py::test_detection_stays_linear_on_a_mebibyte_of_hostile_text": 2,
    "test_documents_browser.py": 3,
    "test_mail_servers.py::test_an_endless_reply_ends_at_the_message_deadline_and_frees_the_lock": 2,
    "test_brochure_pdf.py": 2,
    "test_kill.py": 2,
}


def _seconds(item: pytest.Item) -> float:
    module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    name = getattr(item, "originalname", item.name)
    return SLOW.get(f"{module}::{name}", SLOW.get(module, 0.0))


@pytest.hookimpl(tryfirst=True)  # before -m selects by the mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _seconds(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: -_seconds(item))  # stable: the rest keeps its order

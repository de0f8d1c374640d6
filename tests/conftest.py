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


def _bundled_files() -> dict[str, int]:
    """The files of the bundled data and when each last changed (not the validation cache,
    which a reading command may write)."""
    return {
        str(path.relative_to(BUNDLED)): path.stat().st_mtime_ns
        for path in BUNDLED.rglob("*")
        if path.is_file() and ".merzig-cache" not in path.parts
    }


@pytest.fixture(autouse=True, scope="session")
def _bundled_data_stays_as_it_is() -> Iterator[None]:
    """No test writes into the repository's bundled data: a test that copies it would find
    another test's outputs recorded there (commands that write record what they wrote in
    the workspace; such a test works on a copy)."""
    before = _bundled_files()
    yield
    after = _bundled_files()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert changed == [], f"Tests haben in {BUNDLED} geschrieben: {changed}"


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
    "test_pre_commit.py": 8,  # pre-commit installs the hook's environment
    "test_hostile_browser.py": 5,  # a module fixture builds the pages of two workspaces
    "test_brochure_print.py": 6,  # the long brochure, once per run for both workers
    "test_conference_minutes.py": 5,  # the golden documents, once per run
    "test_brochure_pipelines.py::test_pipeline_commands_validate_build_and_check": 5,
    "test_brochure_pdf_parts.py": 4.5,  # brochures laid out in parts, once per run
    "test_limits.py::test_words_of_ten_thousand_letters_do_not_stop_the_pdfs": 3.7,
    "test_kill.py": 3,
    "test_fuzz_commands.py": 3,
    "test_conference_plan.py::test_plan_is_byte_identical_when_made_again": 2.3,
    "test_html_filter.py::test_in_chromium_no_attack_runs_or_fetches": 2,
    "test_untrusted.py::test_a_looping_workspace_template_ends_the_command_after_its_time_limit": 2,
    "test_exchange_forms.py::test_a_form_saved_by_libreoffice_keeps_lists_and_answers": 2,
    "test_brochure_pdf.py": 1.9,
    "test_hostile_text.py": 1.5,  # hostile text (300,000 characters), each family in a process
    "test_documents_browser.py": 1.7,
    "test_names_heldout.py::test_detection_stays_linear_on_a_mebibyte_of_hostile_text": 1.5,
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

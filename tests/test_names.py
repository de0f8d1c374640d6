"""Names in free text: common German and foreign names found, institutions and nouns spared.

tests/privacy/names.yaml was written by someone who never saw the detector:
sentences as a coordinator writes them, with and without a person's name.
It is only measured, never tuned on; recall and precision must reach 90 %.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED

from merzig_cli.checks.names import names_in
from merzig_cli.checks.privacy import personal_data_in
from merzig_cli.checks.privacy import workspace_names as own_names
from merzig_cli.workspace.loader import load_workspace

LABELLED = Path(__file__).resolve().parent / "privacy" / "names.yaml"


def labelled() -> dict[str, list[str]]:
    data: dict[str, list[str]] = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return data


def workspace_names() -> list[str]:
    """The bundled workspace's actors, contact persons and office: no asker's names."""
    return own_names(load_workspace(BUNDLED, kinds={"actor"}))


def precision_recall(data: dict[str, list[str]], known: list[str]) -> tuple[float, float, Any]:
    """(precision, recall, (missed, false alarms)) of the name warning on the labelled set."""
    hits = [t for t in data["with_names"] if "einen Namen" in personal_data_in(t, known)]
    alarms = [t for t in data["without_names"] if "einen Namen" in personal_data_in(t, known)]
    missed = [t for t in data["with_names"] if t not in hits]
    flagged = len(hits) + len(alarms)
    precision = len(hits) / flagged if flagged else 1.0
    return precision, len(hits) / len(data["with_names"]), (missed, alarms)


def test_the_labelled_set_is_large_enough() -> None:
    data = labelled()
    assert len(data["with_names"]) >= 150 and len(data["without_names"]) >= 150


def test_names_are_found_with_precision_and_recall_of_90_percent() -> None:
    precision, recall, _ = precision_recall(labelled(), workspace_names())
    print(f"Namen: Präzision {precision:.1%}, Trefferquote {recall:.1%}")
    assert recall >= 0.90, f"Trefferquote nur {recall:.1%}"
    assert precision >= 0.90, f"Präzision nur {precision:.1%}"


@pytest.mark.parametrize(
    "text",
    [
        "Anna Müller fragt nach einem Kitaplatz",
        "Termin mit Peter Becker am Dienstag",
        "Julia Wagner braucht einen Sprachkurs",
        "Lena Fischer ruft wegen Wohngeld an",
        "Maria Weber möchte Deutsch lernen",
        "Termin mit Ahmad Karimi wegen Anerkennung",
        "Rückruf an Kovalenko wegen Wohnung",
        "Olena fragt nach dem Integrationskurs",
        "Familie Yilmaz sucht eine größere Wohnung",
        "Tesfaye Gebremedhin sucht Arbeit als Schweißer",
        "Gespräch mit Dariusz Kowalski über Ausbildung",
    ],
)
def test_common_names_and_names_after_prepositions_are_found(text: str) -> None:
    assert names_in(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Bachelor Nursing von den Philippinen anerkennen lassen",
        "Termin bei der Caritas Merzig am Montag",
        "Koch aus Vietnam sucht Arbeit",
        "Sprachpatenschaft für zusätzliche Lese- und Sprechpraxis vermitteln",  # Ergänzungsstrich
        "Im Mai beginnt der neue Kurs",
        "Art der Anerkennung klären",
        "Ausbildung als Bäcker in Merzig",
        "I studied civil engineering in India",
    ],
)
def test_nouns_institutions_and_places_are_spared(text: str) -> None:
    assert names_in(text, workspace_names()) == [], text


def test_the_workspaces_own_contact_persons_are_spared() -> None:
    text = "Termin bei Samir Al-Hassan zur Anerkennung vereinbart"
    assert names_in(text) == ["Samir", "Al-Hassan"]
    assert names_in(text, workspace_names()) == []


def test_the_name_lists_ship_with_the_package_and_name_their_sources() -> None:
    import gzip
    import tomllib

    from merzig_cli.checks.names import DATA

    config = tomllib.loads((BUNDLED.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert DATA.name in config["tool"]["setuptools"]["package-data"]["merzig_cli.checks"]
    head = gzip.decompress(DATA.read_bytes()).decode("utf-8")[:1000]
    assert "Faker (MIT)" in head and "CC BY-SA 4.0" in head and "Wiktionary" in head


def test_every_list_is_sorted_for_bisection() -> None:
    from merzig_cli.checks.names import lexicon

    lex = lexicon()
    for section in (lex.first, lex.last, lex.places, lex.nouns):
        assert section.items == sorted(section.items)

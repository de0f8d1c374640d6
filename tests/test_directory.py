"""Actor queries and German text matching (core, without the CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from merzig_cli import load_workspace
from merzig_cli.core.text import fold, term_in, words
from merzig_cli.directory.query import (
    filter_actors,
    months_between,
    search_actors,
    stale_actors,
    topic_with_children,
)
from merzig_cli.workspace.loader import Workspace


def actor(
    aid: str,
    name: str,
    *,
    category: str = "counselling",
    level: str = "district",
    summary: str = "Beratung für Zugewanderte.",
    topics: str = "[work]",
    groups: str = "[refugees]",
    languages: str = "[de]",
    contact_languages: str = "[de]",
    reviewed: str = "2026-10-01",
    extra: str = "",
    contacts: str = "",
    publish: str = "true",
) -> str:
    """A Steckbrief; ``contacts`` replaces the one general contact person (YAML list items)."""
    people = contacts or (
        "  - id: k-eins\n    name: Kim Eins\n    phone: '+49 1'\n"
        f"    languages: {contact_languages}\n"
    )
    return (
        f"id: {aid}\nname: {name}\ncategory: {category}\nlevel: {level}\n"
        f"summary: {summary}\ntopics: {topics}\ntarget_groups: {groups}\n"
        f"languages: {languages}\n{extra}"
        f"contacts:\n{people}"
        f"publish: {publish}\nreviewed: {reviewed}\n"
    )


# id -> (name, the fields that differ from actor()'s defaults)
ACTORS: dict[str, tuple[str, dict[str, str]]] = {
    "iq-beratung": (
        "IQ Anerkennungsberatung",
        {
            "level": "state",
            "topics": "[recognition]",
            "languages": "[de, ar]",
            "reviewed": "2024-03-15",
        },
    ),
    "jobcenter": (
        "Jobcenter Musterkreis",
        {
            "category": "authority",
            "summary": "Leistungen und Vermittlung nach dem SGB II.",
            "groups": "[refugees, employers]",
            "contact_languages": "[de, uk]",
            "reviewed": "2025-01-10",
        },
    ),
    "aerztehaus": (
        "Ärztehaus an der Saarstraße",
        {
            "category": "office",
            "level": "private",
            "topics": "[language]",
            "summary": "Ärztinnen und Ärzte mit Sprechstunde auf Arabisch.",
            "reviewed": "2026-05-01",
        },
    ),
    "sprachcafe": (
        "Sprachcafé Musterstadt",
        {
            "level": "civil-society",
            "summary": "Deutsch üben beim Kaffee.",
            "topics": "[language]",
            "groups": "[employers]",
            "reviewed": "2026-09-01",
            "extra": "offers:\n  - id: treff\n    name: Bewerbungstreff\n    topics: [work]\n",
        },
    ),
}


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Workspace:
    files = {
        f"actors/{aid}.yaml": actor(aid, name, **fields) for aid, (name, fields) in ACTORS.items()
    }
    return load_workspace(make_ws(files), kinds={"actor"})


def ids(actors: Sequence[object]) -> list[str]:
    return [a.id for a in actors]  # type: ignore[attr-defined]


def test_topic_includes_its_children(ws: Workspace) -> None:
    assert topic_with_children(ws.taxonomy, "work") == {"work", "recognition"}
    assert topic_with_children(ws.taxonomy, "recognition") == {"recognition"}


def test_filter_by_parent_topic_finds_actors_of_child_topics_and_offers(ws: Workspace) -> None:
    assert ids(filter_actors(ws, topic="work")) == ["jobcenter", "iq-beratung", "sprachcafe"]
    assert ids(filter_actors(ws, topic="recognition")) == ["iq-beratung"]


def test_filters_combine(ws: Workspace) -> None:
    assert ids(filter_actors(ws, group="employers")) == ["jobcenter", "sprachcafe"]
    assert ids(filter_actors(ws, lang="ar")) == ["iq-beratung"]
    assert ids(filter_actors(ws, lang="uk")) == ["jobcenter"]  # a contact's language counts
    assert ids(filter_actors(ws, category="counselling", level="state")) == ["iq-beratung"]
    assert filter_actors(ws, group="employers", lang="ar") == []


def test_list_is_in_brochure_order(ws: Workspace) -> None:
    # taxonomy order of categories (office, authority, counselling), then name
    assert ids(filter_actors(ws)) == ["aerztehaus", "jobcenter", "iq-beratung", "sprachcafe"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anerkennung", "iq-beratung"),
        ("ANERKENNUNGSBERATUNG", "iq-beratung"),
        ("Strasse", "aerztehaus"),
        ("saarstraße", "aerztehaus"),
        ("ARZT", "aerztehaus"),
        ("ärztin", "aerztehaus"),
        ("aerztin", "aerztehaus"),
        ("sprachcafe", "sprachcafe"),
        ("bewerbung", "sprachcafe"),
    ],
)
def test_search_is_german_aware(ws: Workspace, query: str, expected: str) -> None:
    hits = search_actors(ws, query)
    assert expected in [h.actor.id for h in hits]


def test_search_needs_every_word_and_ranks_name_first(ws: Workspace) -> None:
    assert [h.actor.id for h in search_actors(ws, "jobcenter sgb")] == ["jobcenter"]
    assert search_actors(ws, "jobcenter arabisch") == []
    assert search_actors(ws, "  ") == []
    hit = search_actors(ws, "anerkennung")[0]
    assert hit.actor.id == "iq-beratung"
    assert "Name" in hit.fields


def test_stale_lists_oldest_first_with_age(ws: Workspace) -> None:
    rows = stale_actors(ws, dt.date(2026, 11, 20))
    assert [(a.id, age) for a, age in rows] == [("iq-beratung", 32), ("jobcenter", 22)]
    assert stale_actors(ws, dt.date(2024, 1, 1)) == []


def test_months_between_counts_whole_months() -> None:
    assert months_between(dt.date(2025, 11, 20), dt.date(2026, 11, 20)) == 12
    assert months_between(dt.date(2025, 11, 21), dt.date(2026, 11, 20)) == 11
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0


def test_fold_and_compounds() -> None:
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Ärztin") == fold("aerztin")
    assert fold("Café") == "cafe"
    assert words("Anerkennungs-Beratung, SGB II!") == ["anerkennungs", "beratung", "sgb", "ii"]
    assert term_in("anerkennung", fold("Anerkennungsberatung"))
    assert term_in("anerkennungsberatung", fold("Beratung zur Anerkennung"))
    assert not term_in("anerkennungsberatung", fold("Beratung zum Wohnen"))


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("schulden", "Schule und Ausbildung", False),
        ("schule", "Hilfe bei Schulden", False),
        ("rat", "Beratung", False),
        ("beratung", "Anerkennungsberatung", True),
        ("anerkennung", "Berufsanerkennungsstelle", True),
        ("kitaplatz", "Einen Platz in der Kita finden", True),
        ("schuldnerberatung", "Schule, Beratung", False),
    ],
)
def test_compound_parts_match_only_at_part_boundaries(term: str, text: str, found: bool) -> None:
    assert term_in(term, fold(text)) is found


def test_search_for_schulden_does_not_find_schule() -> None:
    from conftest import BUNDLED

    from merzig_cli.workspace.loader import load_workspace

    bundled = load_workspace(BUNDLED, kinds={"actor"})
    hits = search_actors(bundled, "Schulden")
    assert hits and hits[0].actor.id == "schuldnerberatung-merzig"
    for hit in hits:
        text = fold(
            " ".join(filter(None, [hit.actor.name, hit.actor.summary, hit.actor.description]))
        )
        offers = fold(" ".join(f"{o.name} {o.summary or ''}" for o in hit.actor.offers))
        assert "schuld" in text + offers, hit.actor.id

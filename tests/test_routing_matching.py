"""How question words find the words of the Steckbriefe and the taxonomy: compound parts,
separable verbs, multi-word keywords, word families, words that name several topics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_routing_evidence import actor, ids

from merzig_cli.routing import index, score
from merzig_cli.routing.index import Vocabulary, phrase_in, separable_verbs, similarity, words
from merzig_cli.workspace.loader import Workspace


def filler(n: int) -> dict[str, str]:
    """Steckbriefe about something else, so that a word in a few of them stays rare."""
    return {f"z-{i}": actor(f"z-{i}", f"Treff {i}", "Freizeit und Sport.", "[language]")
            for i in range(n)}  # fmt: skip


# --- compounds -----------------------------------------------------------------------


def test_a_compound_is_a_kind_of_its_last_part() -> None:
    vocab = Vocabulary()
    vocab.add(["kleider", "schrank"])
    found = dict(vocab.matches("kleiderschrank"))
    assert found["schrank"] == index.COMPOUND_HEAD > found["kleider"] >= score.MIN_WORD
    assert similarity("pflegediplom", "diplom") == index.COMPOUND_HEAD
    # A word at the end of a longer one is only loosely that: "Frauen" are no "Pflegefachfrauen".
    assert similarity("frauen", "pflegefachfrauen") < score.MIN_TOPIC


def test_compound_head_factor(build: Callable[..., Workspace], monkeypatch: Any) -> None:
    ws = build(
        {
            "a-mode": actor("a-mode", "Stelle", "Kleider und Mode.", "[language]"),
            "b-moebel": actor("b-moebel", "Stelle", "Schrank, Bett und Sofa.", "[language]"),
        }
    )
    assert ids(ws, "Wir haben einen Kleiderschrank abzugeben")[0] == "b-moebel"
    monkeypatch.setattr(index, "COMPOUND_HEAD", index.COMPOUND_MODIFIER)
    assert ids(ws, "Wir haben einen Kleiderschrank abzugeben")[0] == "a-mode"


# --- separable verbs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Wo melde ich mich an?", {"melde": "anmelde"}),
        ("Wo melde ich meinen Azubi (Mechatroniker) für die Berufsschule an?",
         {"melde": "anmelde"}),
        ("Wir stellen zwei Helfer ein, wo schalten wir das?", {"stellen": "einstellen"}),
        ("Ich melde mich, wenn ich an der Reihe bin.", {}),  # "an" ends no clause
    ],
)  # fmt: skip
def test_a_separable_verb_is_one_word(text: str, joined: dict[str, str]) -> None:
    known = {"anmelde", "einstellen"}
    assert separable_verbs(text, lambda w: w in known) == joined


def test_separable_verb_factor(build: Callable[..., Workspace], monkeypatch: Any) -> None:
    ws = build(
        {
            "buero": actor("buero", "Bürgerbüro", "Anmeldung des Wohnsitzes.", "[language]"),
            "agentur": actor("agentur", "Agentur", "Wer Arbeit sucht, bitte melden.", "[work]"),
        }
    )
    assert ids(ws, "Wo melde ich mich an?") == ["buero"]
    monkeypatch.setattr(score, "separable_verbs", lambda text, known: {})
    assert ids(ws, "Wo melde ich mich an?") == ["agentur"]


# --- multi-word keywords -----------------------------------------------------------------


def test_a_multi_word_keyword_needs_its_words_close_together() -> None:
    for text in ("Ich suche Arbeit", "Arbeit in Merzig suchen wir"):
        assert phrase_in("arbeit suchen", words(text)), text
    assert phrase_in("learn german", words("I want to learn German"))
    far = "Which jobs can I learn here? I don't know the German system."
    assert not phrase_in("learn german", words(far))


# --- word families -------------------------------------------------------------------------


def test_all_forms_of_a_word_count_for_its_frequency(build: Callable[..., Workspace]) -> None:
    # Three Steckbriefe say "Schule", one says "Schulen": that one is no rarer find.
    school = {f"s-{i}": actor(f"s-{i}", f"Verein {i}", "Hilfe für die Schule.", "[language]")
              for i in range(3)}  # fmt: skip
    ws = build(
        school
        | {"x-schulen": actor("x-schulen", "Verein x", "Hilfe an Schulen.", "[language]")}
        | filler(14)
    )
    found = ids(ws, "Schule")
    assert set(found[:3]) == set(school)
    assert found[3] == "x-schulen"


# --- a word that names several topics ----------------------------------------------------


SHARED_KEYWORD = """\
topics:
  - id: work
    label: {de: Arbeit}
    keywords: [arbeit, job]
  - id: recognition
    label: {de: Anerkennung}
    keywords: [anerkennung, zeugnis]
  - id: language
    label: {de: Sprache}
    keywords: [deutschkurs, zeugnis]
target_groups:
  - id: refugees
    label: {de: Geflüchtete}
categories:
  - id: counselling
    label: {de: Beratung}
"""


def test_topic_share_factor(make_ws: Callable[..., Any], monkeypatch: Any) -> None:
    from merzig_cli.workspace.loader import load_workspace

    # "Zeugnis" names two topics, "Arbeit" one: the work topic is the surer one.
    root = make_ws(
        actors=0,
        files={
            "taxonomy.yaml": SHARED_KEYWORD,
            "actors/a-stelle.yaml": actor("a-stelle", "Stelle", "Beratung.", "[language]"),
            "actors/b-stelle.yaml": actor("b-stelle", "Stelle", "Beratung.", "[work]"),
        },
    )
    ws = load_workspace(root, kinds={"actor"})
    assert ids(ws, "Zeugnis Arbeit")[0] == "b-stelle"
    monkeypatch.setattr(score, "SPLIT_POWER", 0.0)
    assert ids(ws, "Zeugnis Arbeit")[0] == "a-stelle"


# --- Cyrillic ------------------------------------------------------------------------------


def test_cyrillic_is_read_in_latin_letters(build: Callable[..., Workspace]) -> None:
    assert words("Мій диплом, металлом, водійські права") == [
        "mii", "diplom", "metallom", "wodiiski", "prawa"
    ]  # fmt: skip
    ws = build(
        {
            "iq-stelle": actor("iq-stelle", "IQ Stelle", "Anerkennung.", "[recognition]"),
            "werkstatt": actor("werkstatt", "Werkstatt", "Arbeit mit Holz und Metall.", "[work]"),
        }
        | filler(3)
    )
    assert ids(ws, "Як визнати мій диплом?")[0] == "iq-stelle"  # keyword "diplom"
    assert ids(ws, "Хочу работать с металлом")[0] == "werkstatt"
    assert ids(ws, "Добрий день, як справи?") == []

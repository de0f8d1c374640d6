"""merzig route claims only what the files say: evidence, languages, the office, each factor."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from test_directory import actor as steckbrief

from merzig_cli.routing import index, score
from merzig_cli.routing.index import similarity, stems
from merzig_cli.routing.score import route
from merzig_cli.workspace.loader import Workspace

DAY = dt.date(2026, 11, 24)


def actor(ident: str, name: str, summary: str, topics: str = "[work]", **kw: str) -> str:
    """A Steckbrief with one general contact person unless ``contacts`` says otherwise."""
    return steckbrief(ident, name, summary=summary, topics=topics, **kw)


def ids(ws: Workspace, question: str, **kw: Any) -> list[str]:
    return [s.actor.id for s in route(ws, question, day=DAY, **kw).suggestions]


# --- evidence ------------------------------------------------------------------


def test_words_without_meaning_are_no_evidence(build: Callable[..., Workspace]) -> None:
    # The Steckbrief contains every word of the question; none of them says who is responsible.
    ws = build(
        {
            "allerlei": actor(
                "allerlei",
                "Allerlei Hilfe",
                "Wir tun, was Sie brauchen, und lassen Sie nicht allein: seit Jahren gesucht, "
                "ab sofort für alle, die möchten.",
                topics="[language]",
            )
        }
    )
    result = route(
        ws, "Ich möchte das machen lassen, brauche es ab 2 Jahren, gesucht, tun", day=DAY
    )
    assert result.suggestions == []
    assert not result.confident
    assert result.fallback is not None


def test_a_word_most_steckbriefe_contain_is_no_evidence(build: Callable[..., Workspace]) -> None:
    common = "Beratung und Begleitung für Menschen in Musterstadt."
    ws = build(
        {f"akteur-{i}": actor(f"akteur-{i}", f"Verein {i}", common, "[language]") for i in range(5)}
        | {"kontoberatung": actor("kontoberatung", "Kontostelle", "Hilfe bei Kontopfändung.")}
    )
    assert route(ws, "Beratung Menschen", day=DAY).suggestions == []
    found = route(ws, "Beratung wegen Kontopfändung", day=DAY)
    assert found.confident
    assert [s.actor.id for s in found.suggestions] == ["kontoberatung"]
    assert found.suggestions[0].words == ["kontopfaendung"]


def test_a_matched_topic_is_evidence_and_confident(build: Callable[..., Workspace]) -> None:
    ws = build({"iq-stelle": actor("iq-stelle", "IQ Stelle", "Wir beraten.", "[recognition]")})
    result = route(ws, "Mein Zeugnis aus Syrien", day=DAY)
    assert result.confident
    assert result.suggestions[0].topics == ["recognition"]


@pytest.mark.parametrize(
    ("query", "word"),
    [("geimpft", "impfung"), ("geimpft", "impfen"), ("angemeldet", "anmeldung"),
     ("beantragt", "beantragen"), ("arbeitet", "arbeit")],
)  # fmt: skip
def test_participles_and_inflections_share_their_stem(query: str, word: str) -> None:
    assert stems(query) & stems(word)
    assert similarity(query, word) >= 0.9


def test_a_participle_finds_the_noun(build: Callable[..., Workspace]) -> None:
    ws = build(
        {
            "impfstelle": actor("impfstelle", "Impfstelle", "Impfung für Kinder.", "[language]"),
            "kita": actor("kita", "Kita Sonnenschein", "Betreuung für Kinder.", "[language]"),
        }
    )
    assert ids(ws, "Wurde mein Sohn schon geimpft?")[0] == "impfstelle"


def test_a_known_word_is_taken_as_written() -> None:
    # "Schulden" is no typo of "Schulen" when the vocabulary knows both.
    vocab = index.Vocabulary()
    vocab.add(["schulden", "schulen"])
    assert [v for v, _ in vocab.matches("schulden")] == ["schulden"]
    assert similarity("schulden", "schulen", typos=False) == 0.0


# --- the asker's language ----------------------------------------------------------


ARABIC_NAME = {
    "kulturverein": actor(
        "kulturverein", "Deutsch-Arabischer Kulturverein", "Feste und Musik.", "[language]"
    ),
    "iq-stelle": actor(
        "iq-stelle",
        "IQ Stelle",
        "Anerkennung von Zeugnissen.",
        "[recognition]",
        languages="[de, ar]",
        contacts="  - id: r-rahimi\n    name: Rana Rahimi\n    email: r@example.org\n"
        "    languages: [de, ar]\n",
    ),
}


def test_a_language_in_the_question_is_a_preference_not_a_subject(
    build: Callable[..., Workspace],
) -> None:
    ws = build(ARABIC_NAME)
    result = route(ws, "Anerkennung Zeugnis, ich spreche nur Arabisch", day=DAY)
    assert result.language == "ar" and result.language_from_question
    assert [s.actor.id for s in result.suggestions] == ["iq-stelle"]
    assert "Rana Rahimi spricht Arabisch" in result.suggestions[0].reasons
    assert "arabisch" not in result.suggestions[0].words
    # Without a subject, the language alone suggests nobody.
    assert route(ws, "Ich spreche nur Arabisch", day=DAY).suggestions == []


def test_german_is_a_subject_unless_it_is_about_the_person() -> None:
    from merzig_cli.routing.language import asker_language

    assert asker_language("Wo kann ich Deutsch lernen?").words == set()
    spoken = asker_language("Er spricht kaum Deutsch, nur Tigrinya")
    assert spoken.codes == ["ti"] and spoken.words == {"deutsch", "tigrinya"}


PERSIAN = actor(
    "beratungsstelle",
    "Beratungsstelle Wohnen",
    "Hilfe bei der Wohnungssuche.",
    "[work]",
    languages="[de, fa]",
    contacts=(
        "  - id: k-allgemein\n    name: Kim Allgemein\n    email: kim@example.org\n"
        "  - id: d-sadeghi\n    name: Dariush Sadeghi\n    email: d@example.org\n"
        "    languages: [de, fa]\n    absent:\n      - {from: 2026-11-23, to: 2026-11-27}\n"
    ),
)


def test_only_a_contacts_own_languages_are_claimed_for_that_person(
    build: Callable[..., Workspace],
) -> None:
    ws = build({"beratungsstelle": PERSIAN})
    best = route(ws, "Wohnungssuche", lang="fa", day=DAY).suggestions[0]
    assert best.contact is not None and best.contact.id == "k-allgemein"
    assert "Kim Allgemein spricht Persisch" not in best.reasons
    assert "bei dieser Stelle auf Persisch möglich" in best.reasons
    assert "Dariush Sadeghi (spricht Persisch) ist bis 2026-11-27 abwesend" in best.reasons
    after = route(ws, "Wohnungssuche", lang="fa", day=dt.date(2026, 11, 30)).suggestions[0]
    assert after.contact is not None and after.contact.id == "d-sadeghi"
    assert "Dariush Sadeghi spricht Persisch" in after.reasons


# --- office, unpublished, usage -------------------------------------------------------


def test_the_fallback_is_the_office_of_config_yaml(
    build: Callable[..., Workspace], cli: Callable[..., Any]
) -> None:
    ws = build({"iq-stelle": ARABIC_NAME["iq-stelle"]})
    result = route(ws, "Wie wird das Wetter?", day=DAY)
    assert result.fallback is not None and result.fallback.actor is None
    assert result.to_dict()["fallback"] == {
        "name": "Anlaufstelle Integration Musterstadt",
        "email": "integration@example.org",
        "phone": "+49 6861 000-0",
        "actor": None,
        "contact": None,
        "contact_name": None,
        "contact_email": None,
        "contact_phone": None,
    }
    shown = cli("route", "Wie wird das Wetter?", "--data", str(ws.root))
    assert shown.exit_code == 0
    assert "→ Anlaufstelle Integration Musterstadt · +49 6861 000-0 · integration@example.org" in (
        shown.stdout
    )


def test_unpublished_actors_are_marked(
    build: Callable[..., Workspace], cli: Callable[..., Any]
) -> None:
    ws = build({"intern": actor("intern", "Interne Stelle", "Kontopfändung.", publish="false")})
    best = route(ws, "Kontopfändung", day=DAY).suggestions[0]
    assert best.to_dict()["published"] is False
    assert "nicht veröffentlicht (steht nicht in der Broschüre)" in best.reasons
    shown = cli("route", "Kontopfändung", "--data", str(ws.root))
    assert "1. Interne Stelle [intern] (nicht veröffentlicht)" in shown.stdout


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_a_usage_error(cli: Callable[..., Any], question: str) -> None:
    from conftest import BUNDLED

    result = cli("route", question, "--data", str(BUNDLED))
    assert result.exit_code == 2
    assert "Die Frage ist leer" in result.stderr


def test_language_and_group_by_their_german_names(cli: Callable[..., Any]) -> None:
    from conftest import BUNDLED

    args = ("route", "Pflegediplom anerkennen", "--data", str(BUNDLED), "--date", "2026-11-24")
    by_name = cli(*args, "--lang", "Arabisch", "--group", "Geflüchtete", "--json")
    by_id = cli(*args, "--lang", "ar", "--group", "refugees", "--json")
    assert by_name.exit_code == 0, by_name.stderr
    assert json.loads(by_name.stdout) == json.loads(by_id.stdout)


# --- every factor of the score changes the ranking ---------------------------------------


def twins(**different: tuple[str, str]) -> dict[str, str]:
    """Two actors alike but for one key; "a-…" wins every tie by its id."""
    out = {}
    for ident, (key, value) in (("a-stelle", different["a"]), ("b-stelle", different["b"])):
        kw: dict[str, str] = {key: value}
        out[ident] = actor(ident, "Stelle", "Anerkennung von Zeugnissen.", "[recognition]", **kw)
    return out


def test_target_group_factor(build: Callable[..., Workspace], monkeypatch: Any) -> None:
    ws = build(twins(a=("groups", "[employers]"), b=("groups", "[refugees]")))
    assert ids(ws, "Zeugnis anerkennen", group="refugees")[0] == "b-stelle"
    monkeypatch.setattr(score, "GROUP_FACTOR", 1.0)
    monkeypatch.setattr(score, "OTHER_GROUP_FACTOR", 1.0)
    assert ids(ws, "Zeugnis anerkennen", group="refugees")[0] == "a-stelle"


def test_language_factor(build: Callable[..., Workspace], monkeypatch: Any) -> None:
    speaker = "  - id: s-sprecher\n    name: Sam Sprecher\n    email: s@example.org\n"
    ws = build(
        twins(
            a=("contacts", speaker + "    languages: [de]\n"),
            b=("contacts", speaker + "    languages: [de, ar]\n"),
        )
    )
    assert ids(ws, "Zeugnis anerkennen", lang="ar")[0] == "b-stelle"
    monkeypatch.setattr(score, "LANGUAGE_FACTOR", 1.0)
    assert ids(ws, "Zeugnis anerkennen", lang="ar")[0] == "a-stelle"


def test_term_weighting_factor(build: Callable[..., Workspace], monkeypatch: Any) -> None:
    # "kaution" stands in one Steckbrief, "mietvertrag" in two: the rarer word counts more.
    def one(ident: str, summary: str) -> str:
        return actor(ident, "Stelle", summary, "[language]")

    ws = build(
        {
            "a-stelle": one("a-stelle", "Hilfe beim Mietvertrag."),
            "b-stelle": one("b-stelle", "Hilfe bei der Kaution."),
            "c-stelle": one("c-stelle", "Fragen zum Mietvertrag."),
        }
        | {f"d-{i}": one(f"d-{i}", f"Freizeit {i}.") for i in range(5)}
    )
    assert ids(ws, "Mietvertrag und Kaution")[0] == "b-stelle"
    monkeypatch.setattr(score, "idf", lambda df, n: 2.0)
    assert ids(ws, "Mietvertrag und Kaution")[0] == "a-stelle"

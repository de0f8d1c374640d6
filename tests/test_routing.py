"""merzig route: German-aware matching, reasons, absences and the honest fallback."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED
from test_imports import SLOW, run_probe

from merzig_cli.routing.index import similarity, stem, within_distance
from merzig_cli.routing.score import route
from merzig_cli.workspace.loader import Workspace, load_workspace

DAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load_workspace(BUNDLED, kinds={"actor"})


def top(ws: Workspace, question: str, **kw: Any) -> list[str]:
    return [s.actor.id for s in route(ws, question, day=kw.pop("day", DAY), **kw).suggestions]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("anerkenung", "anerkennung"),  # a letter missing
        ("integrationskurz", "integrationskurs"),  # a letter wrong
        ("fuererschein", "fuehrerschein"),  # "Fürerschein", folded
        ("beratung", "beraten"),  # same stem
        ("anerkenn", "anerkennungsberatung"),  # head of a compound
    ],
)
def test_similar_words_match(query: str, word: str) -> None:
    assert similarity(query, word) >= 0.6


@pytest.mark.parametrize(("query", "word"), [("kita", "kino"), ("rent", "parent"), ("arzt", "art")])
def test_short_or_different_words_do_not_match(query: str, word: str) -> None:
    assert similarity(query, word) == 0.0


def test_edit_distance_and_stem() -> None:
    assert within_distance("ausbilungsplatz", "ausbildungsplatz", 1)
    assert within_distance("anreknnung", "anerkennung", 2)  # transposition + missing letter
    assert not within_distance("schule", "schuld", 0)
    assert stem("beratungen") == stem("beratung") == "berat"


def _edit_distance(a: str, b: str) -> int:
    """The whole table of the edit distance with transpositions of neighbours, no shortcut."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_typo_distance_is_the_edit_distance() -> None:
    # Typos of real words (letters swapped, doubled, dropped, replaced) and unrelated words
    # with the same first letter: the shortcuts must never change the answer.
    rng = random.Random(18)
    words = ["anerkennung", "anmeldung", "ausbildung", "beratung", "bewerbung", "schule",
             "schulden", "fuehrerschein", "integrationskurs", "kindergeld", "aaab", "abab"]  # fmt: skip
    pairs = [(a, b) for a in words for b in words]
    for word in words * 20:
        typo = list(word)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(typo) - 1)
            edit = rng.choice(("swap", "double", "drop", "replace"))
            if edit == "swap":
                typo[at], typo[at + 1] = typo[at + 1], typo[at]
            elif edit == "double":
                typo.insert(at, typo[at])
            elif edit == "drop":
                del typo[at]
            else:
                typo[at] = rng.choice("aeinrstuz")
        pairs.append((word, "".join(typo)))
    for a, b in pairs:
        distance = _edit_distance(a, b)
        for limit in (0, 1, 2, 3):
            assert within_distance(a, b, limit) == (distance <= limit), (a, b, limit)


@pytest.mark.parametrize(
    ("question", "kw", "expected"),
    [
        (
            "Wie kann mein Pflegediplom aus Syrien anerkannt werden?",
            {"lang": "ar"},
            "iq-anerkennung",
        ),
        ("Anerkenung von meinem Abschluss aus der Ukraine", {}, "iq-anerkennung"),
        ("ANERKENNUNG ZEUGNIS", {}, "iq-anerkennung"),
        ("Fürerschein umschreiben lassen", {}, "fuehrerscheinstelle-merzig-wadern"),
        ("Ich habe viele Mahnungen und Schulden", {}, "schuldnerberatung-merzig"),
        ("Where can I play football?", {"lang": "en"}, "sv-saarschleife-merzig"),
        ("Kitaplatz gesucht", {}, "familienzentrum-merzig"),
    ],
)
def test_typical_questions_route_to_the_responsible_actor(
    ws: Workspace, question: str, kw: dict[str, Any], expected: str
) -> None:
    assert expected in top(ws, question, **kw)[:3]


def test_every_suggestion_says_why(ws: Workspace) -> None:
    result = route(ws, "Pflegediplom anerkennen", group="refugees", lang="ar", day=DAY)
    best = result.suggestions[0]
    assert best.actor.id == "iq-anerkennung"
    assert "recognition" in best.topics
    assert any(r.startswith("Themen: Anerkennung") for r in best.reasons)
    assert any("Wörter:" in r and "pflegediplom" in r for r in best.reasons)
    assert "Zielgruppe: Geflüchtete" in best.reasons
    assert "Samir Al-Hassan spricht Arabisch" in best.reasons
    assert best.contact is not None and best.contact.id == "s-alhassan"
    assert any("zuständig für" in r for r in best.reasons)


def test_absent_contact_is_skipped_on_that_date(ws: Workspace) -> None:
    # s-alhassan is absent from 2026-12-21 to 2027-01-06; his colleague takes over.
    during = route(ws, "Pflegediplom anerkennen", lang="ar", day=dt.date(2026, 12, 28))
    iq = next(s for s in during.suggestions if s.actor.id == "iq-anerkennung")
    assert iq.contact is not None and iq.contact.id == "j-krueger"
    before = route(ws, "Pflegediplom anerkennen", lang="ar", day=dt.date(2026, 12, 20))
    assert before.suggestions[0].contact is not None
    assert before.suggestions[0].contact.id == "s-alhassan"


def test_actor_with_every_contact_absent_is_left_out(make_ws: Callable[..., Path]) -> None:
    root = make_ws()
    path = root / "actors" / "iq-beratung.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    topics: [recognition]\npublish",
        "    topics: [recognition]\n    absent:\n      - {from: 2026-12-01, to: 2026-12-31}\npublish",
    )
    path.write_text(text, encoding="utf-8")
    ws = load_workspace(root, kinds={"actor"})
    assert ws.actors["iq-beratung"].contacts[0].absent
    result = route(ws, "Anerkennung Zeugnis", day=dt.date(2026, 12, 10))
    assert result.suggestions == []
    assert result.skipped_absent == ["iq-beratung"]
    assert top(ws, "Anerkennung Zeugnis", day=dt.date(2027, 1, 5)) == ["iq-beratung"]


def test_nothing_fits_offers_the_general_contact_instead_of_guessing(ws: Workspace) -> None:
    result = route(ws, "Wie wird das Wetter morgen?", day=DAY)
    assert not result.confident
    assert result.suggestions == []
    assert result.fallback is not None
    assert result.fallback.name == "Zentrale Anlaufstelle Integration"
    assert result.fallback.phone == "+49 6861 000-0"
    assert result.fallback.actor is not None
    assert result.fallback.actor.id == "anlaufstelle-integration"
    assert result.fallback.contact is not None and result.fallback.contact.is_general


def test_the_anlaufstelle_never_routes_to_itself(ws: Workspace) -> None:
    for question in ("Beratung für Neuzugewanderte", "Ehrenamt", "Anmeldung Wohnsitz"):
        assert "anlaufstelle-integration" not in top(ws, question)


def test_target_group_changes_the_ranking(ws: Workspace) -> None:
    question = "Anerkennung eines Abschlusses von einem Mitarbeiter"
    assert top(ws, question, group="employers")[0] != "haus-am-kreuzberg"
    employers = route(ws, question, group="employers", day=DAY).suggestions
    assert all("Zielgruppe: Arbeitgeber" in s.reasons for s in employers[:2])


def test_given_topic_is_used(ws: Workspace) -> None:
    assert top(ws, "Frage", topics=["debt-counselling"])[0] == "schuldnerberatung-merzig"


def test_cli_prints_suggestions_with_contact_and_reasons(cli: Callable[..., Any]) -> None:
    result = cli("route", "Pflegediplom anerkennen", "--data", str(BUNDLED), "--lang", "ar",
                 "--date", "2026-11-24")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Erkannte Themen: Anerkennung")
    assert lines[1].startswith("1. IQ Netzwerk Saarland")
    assert "Samir Al-Hassan" in lines[2] and "+49 6861 000-301" in lines[2]
    assert "Samir Al-Hassan spricht Arabisch" in lines[3]


def test_cli_json_is_the_library_result(cli: Callable[..., Any], ws: Workspace) -> None:
    result = cli("route", "Schulden", "--data", str(BUNDLED), "--json", "--date", "2026-11-24")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    expected = route(ws, "Schulden", day=DAY).to_dict()
    assert data == json.loads(json.dumps(expected))
    assert data["suggestions"][0]["actor"] == "schuldnerberatung-merzig"


def test_cli_fallback_says_so(cli: Callable[..., Any]) -> None:
    result = cli("route", "blablub", "--data", str(BUNDLED))
    assert result.exit_code == 0
    assert "Keine Stelle passt eindeutig" in result.stdout
    assert "Zentrale Anlaufstelle Integration · +49 6861 000-0 · integration@example.org" in (
        result.stdout
    )
    assert "Sabine Wagner" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group", "refugee"], "Meinten Sie „refugees“?"),
        (["--topic", "recogniton"], "Meinten Sie „recognition“?"),
        (["--date", "24/11/2026"], "29.06.2027"),
        (["--date", "30.02.2026"], "gibt es nicht"),
    ],
)
def test_cli_wrong_options_are_usage_errors(
    cli: Callable[..., Any], args: list[str], message: str
) -> None:
    result = cli("route", "Frage", "--data", str(BUNDLED), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_route_loads_no_slow_library() -> None:
    probe = run_probe("route", "Pflegediplom anerkennen", "--data", str(BUNDLED))
    assert probe["code"] == 0
    modules = probe["modules"]
    assert isinstance(modules, list)
    assert not [m for m in SLOW if m in modules]
    assert "rich" not in modules


def test_cached_steckbriefe_equal_the_loaded_ones_and_follow_changes(
    make_ws: Callable[..., Path],
) -> None:
    from merzig_cli.workspace.cache import CACHE_DIR, CACHE_FILE, load_actors

    root = make_ws(actors=2)
    fresh = load_actors(root)
    assert (root / CACHE_DIR / CACHE_FILE).is_file()
    cached = load_actors(root)
    assert cached.actors == fresh.actors == load_workspace(root, kinds={"actor"}).actors
    assert cached.taxonomy == fresh.taxonomy and cached.config == fresh.config
    path = root / "actors" / "akteur-1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("IQ Beratung 1", "Neuer Name"), encoding="utf-8"
    )
    assert load_actors(root).actors["akteur-1"].name == "Neuer Name"


def test_broken_steckbrief_is_never_cached(make_ws: Callable[..., Path]) -> None:
    from merzig_cli.workspace.cache import CACHE_DIR, load_actors

    root = make_ws({"actors/kaputt.yaml": "id: kaputt\nname: [\n"})
    load_actors(root)
    assert not (root / CACHE_DIR).exists()


def test_language_reason_is_true_for_the_chosen_contact(ws: Workspace) -> None:
    # s-alhassan (the Arabic speaker) is away; j-krueger speaks de, en, fr.
    result = route(ws, "Anerkennung Pflegediplom", lang="ar", day=dt.date(2026, 12, 28))
    for s in result.suggestions:
        assert s.contact is not None
        claim = f"{s.contact.name} spricht Arabisch"
        assert (claim in s.reasons) == ("ar" in s.contact.languages), s.actor.id
    iq = next(s for s in result.suggestions if s.actor.id == "iq-anerkennung")
    assert iq.contact is not None and iq.contact.id == "j-krueger"
    assert "Samir Al-Hassan (spricht Arabisch) ist bis 2027-01-06 abwesend" in iq.reasons
    assert {"actor": "iq-anerkennung", "contact": "s-alhassan", "contact_name": "Samir Al-Hassan",
            "language": "ar", "until": "2027-01-06"} in result.to_dict()["absent_contacts"]  # type: ignore[operator]  # fmt: skip


def test_a_present_contact_who_speaks_the_language_is_preferred(
    make_ws: Callable[..., Path],
) -> None:
    root = make_ws()
    path = root / "actors" / "iq-beratung.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    topics: [recognition]\npublish",
        "    topics: [recognition]\n    languages: [de]\n"
        "  - id: a-sprecher\n    name: Amal Sprecher\n    email: a@example.org\n"
        "    languages: [de, ar]\npublish",
    )
    path.write_text(text, encoding="utf-8")
    ws2 = load_workspace(root, kinds={"actor"})
    best = route(ws2, "Anerkennung Zeugnis", lang="ar", day=DAY).suggestions[0]
    assert best.contact is not None and best.contact.id == "a-sprecher"
    assert "Amal Sprecher spricht Arabisch" in best.reasons
    german = route(ws2, "Anerkennung Zeugnis", lang="de", day=DAY).suggestions[0]
    assert german.contact is not None and german.contact.id == "e-beispiel"


def test_cli_says_who_speaks_the_language_but_is_away(cli: Callable[..., Any]) -> None:
    result = cli("route", "Anerkennung Pflegediplom", "--lang", "ar", "--date", "2026-12-28",
                 "--data", str(BUNDLED))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Johanna Krüger spricht kein Arabisch" in text
    assert "Samir Al-Hassan (spricht Arabisch) ist bis 2027-01-06 abwesend" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "xx"], "--lang: „xx“ ist keine bekannte Sprache"),
        (["--lang", "ARA"], "--lang: „ARA“ ist keine bekannte Sprache"),
        (["--lang", "Klingonisch"], "oder der deutsche Name (z. B. Arabisch"),
        (["--lang", "AR"], "--lang ar"),
        (["--limit", "-3"], "--limit"),
        (["--limit", "0"], "mindestens 1"),
    ],
)
def test_cli_language_code_and_limit_are_checked(
    cli: Callable[..., Any], args: list[str], message: str
) -> None:
    result = cli("route", "Anerkennung", "--data", str(BUNDLED), *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""

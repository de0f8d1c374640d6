"""Names in pseudonyms and in notes, measured on a set written before the detector was read.

tests/privacy/names_heldout.yaml (issue 17) holds pseudonyms and free texts of
many origins, labelled name / no name; it was committed on its own before the
detector was changed and is never edited to fit it (tuning uses names_dev.yaml).
The bars: at least 95 % of the names found, at most 5 % false alarms. A
pseudonym that is no name but neither initials nor a code only gets a format
hint; that is no false alarm, a claim that it is a name is. In texts without a
name any finding (name, phone number, e-mail address) is a false alarm.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conference_support import conference_workspace
from hostile_support import assert_linear, growth

from merzig_cli.checks.names import names_in
from merzig_cli.checks.privacy import personal_data_in
from merzig_cli.checks.pseudonyms import pseudonym_verdict

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "privacy" / "names_heldout.yaml"
DEV = HERE / "privacy" / "names_dev.yaml"
# Written by three others without reading the detector. The first two were then used to
# tune it (they are dev sets now); the third, names_fresh3, was measured once, blind
# (pseudonyms 91.3 %, texts 89.1 % found), and then used as well when the world-wide name
# lists and the rules for names in capitals and texts written small came in: every figure
# here is measured on a set that was seen (docs/datenschutz.md).
FRESH = [HERE / "privacy" / f"names_fresh{n}.yaml" for n in ("", "2")]
BLIND = HERE / "privacy" / "names_fresh3.yaml"
# The fourth, written for this purpose by someone who never saw the code or the lists, was
# measured once, blind, after all other tuning: pseudonyms 99 % found, 2 % false alarms;
# texts 94 % found, 2 % false alarms. Three rules that its misses showed were then added
# (titles written small, a title and a particle, a role word before a first name).
FOURTH = HERE / "privacy" / "names_fresh4.yaml"
# The fifth, written the same way after those rules, was measured once, blind, and never
# used for tuning: pseudonyms 98 % found, 1 % false alarms; texts 97 % found, 1 % false alarms.
FIFTH = HERE / "privacy" / "names_fresh5.yaml"


def figures(path: Path = HELDOUT) -> dict[str, Any]:
    """Recall and false-alarm rate of the pseudonym check and of the text check on a set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pseudonyms, texts = data["pseudonyms"], data["texts"]
    named = [p for p in pseudonyms["names"] if pseudonym_verdict(p) == "name"]
    called = [p for p in pseudonyms["not_names"] if pseudonym_verdict(p) == "name"]
    hinted = [p for p in pseudonyms["not_names"] if pseudonym_verdict(p) == "format"]
    found = [t for t in texts["names"] if "einen Namen" in personal_data_in(t)]
    alarms = [t for t in texts["not_names"] if personal_data_in(t)]
    return {
        "pseudonyms": (len(pseudonyms["names"]), len(pseudonyms["not_names"])),
        "texts": (len(texts["names"]), len(texts["not_names"])),
        "pseudonym_recall": len(named) / len(pseudonyms["names"]),
        "pseudonym_false_alarms": len(called) / len(pseudonyms["not_names"]),
        "format_hints": len(hinted),
        "text_recall": len(found) / len(texts["names"]),
        "text_false_alarms": len(alarms) / len(texts["not_names"]),
    }


def test_the_heldout_set_is_large_enough() -> None:
    found = figures()
    assert sum(found["pseudonyms"]) >= 150 and sum(found["texts"]) >= 150
    assert min(*found["pseudonyms"], *found["texts"]) >= 70  # both labels well filled


@pytest.mark.parametrize(
    ("path", "pseudonyms", "texts", "alarms"),
    [
        (FRESH[0], 1.0, 1.0, 0.0),
        (FRESH[1], 1.0, 1.0, 0.0),
        (BLIND, 1.0, 0.98, 0.0),
        (FOURTH, 0.99, 0.99, 0.02),
    ],
    ids=["fresh", "fresh2", "fresh3", "fresh4"],
)
def test_the_independent_sets_keep_at_least_their_measured_figures(
    path: Path, pseudonyms: float, texts: float, alarms: float
) -> None:
    """Sets written by others without reading the detector, each measured blind once
    (docs/datenschutz.md). None of the figures may get worse."""
    found = figures(path)
    assert found["pseudonym_recall"] >= pseudonyms and found["text_recall"] >= texts, found
    assert found["pseudonym_false_alarms"] <= alarms, found
    assert found["text_false_alarms"] <= alarms, found


@pytest.mark.parametrize("path", [HELDOUT, DEV], ids=["held-out", "dev"])
def test_names_are_found_and_ordinary_words_spared(path: Path) -> None:
    found = figures(path)
    print(found)
    assert found["pseudonym_recall"] >= 0.95, found
    assert found["pseudonym_false_alarms"] <= 0.05, found
    assert found["text_recall"] >= 0.95, found
    assert found["text_false_alarms"] <= 0.05, found


@pytest.mark.parametrize(
    "pseudonym",
    [
        "Şükrü Aydoğan",  # Turkish letters
        "Ewa Kubiak-Nowak",  # Polish, double surname
        "Hassan, Ali",  # Last, First
        "ali hassan",  # lower case
        "HASSAN ALI",  # upper case
        "Yusuf K.",  # a first name in clear
        "S. Yıldırım",  # a surname in clear
        "Eva van der Linden",  # particles
        "Tarek al-Masri",
        "Nguyễn Thị Thu",  # Vietnamese
        "Мирослава Ткачук",  # Cyrillic
        "Weber",  # a frequent surname that is a noun as well
        "B. Habtom",  # an initial and a surname no list knows
    ],
)
def test_a_name_in_a_pseudonym_is_flagged_in_every_form(pseudonym: str) -> None:
    assert pseudonym_verdict(pseudonym) == "name"


@pytest.mark.parametrize(
    "pseudonym", ["Ş. A.", "İ.Y.", "ak", "A.-M. K.", "ÖK-03", "J-2025-11", "Fall 3", "TN 12"]
)
def test_initials_and_codes_are_never_flagged(pseudonym: str) -> None:
    assert pseudonym_verdict(pseudonym) is None


@pytest.mark.parametrize(
    "word", ["Leuchtturm", "Elektronikerin", "Merzig", "unbekannt", "Sonne", "Fuchs", "Koch"]
)
def test_an_ordinary_word_gets_a_format_hint_not_a_name(word: str) -> None:
    assert pseudonym_verdict(word) == "format"


def test_a_configured_pattern_decides_the_format_but_never_hides_a_name() -> None:
    pattern = r"FK\d{2}-\d{2}"
    assert pseudonym_verdict("FK27-03", pattern) is None
    assert pseudonym_verdict("A. K.", pattern) == "format"
    assert pseudonym_verdict("Ayşe Demir", pattern) == "name"


def test_validate_warns_with_the_configured_pattern(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = conference_workspace(tmp_path / "ws")
    config = root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "privacy:\n  pseudonym_pattern: 'T\\d{2}'\n",
        encoding="utf-8",
    )
    case = root / "cases/2027/fk-2027-05.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("pseudonym: T05", "pseudonym: Kompass"), "utf-8"
    )
    case6 = root / "cases/2027/fk-2027-06.yaml"
    case6.write_text(
        case6.read_text(encoding="utf-8").replace("pseudonym: T06", "pseudonym: rojîn ehmed"),
        "utf-8",
    )
    result = cli("validate", "--data", str(root), "--json")
    problems = json.loads(result.stdout)["problems"]
    found = {(p["file"], p["code"], p["line"]) for p in problems}
    assert ("cases/2027/fk-2027-05.yaml", "pseudonym-format", 4) in found
    assert ("cases/2027/fk-2027-06.yaml", "pseudonym-full-name", 4) in found
    others = {f"cases/2027/fk-2027-{i:02d}.yaml" for i in range(7, 23)}  # "T07" … "T22"
    assert not any(p["code"].startswith("pseudonym") for p in problems if p["file"] in others)
    config.write_text(
        config.read_text(encoding="utf-8").replace("'T\\d{2}'", "'T(\\d'"), encoding="utf-8"
    )
    broken = cli("validate", "--data", str(root), "--json")
    assert broken.exit_code == 1
    codes = {(p["file"], p["code"]) for p in json.loads(broken.stdout)["problems"]}
    assert ("config.yaml", "regex-invalid") in codes


INQUIRY = """\
id: "2027-0003"
received: 2027-05-02
channel: phone
inquirer: refugees
language: tr
topics: [work]
question: Herr Öztürk fragt, ob sein Sohn eine Ausbildung beginnen kann; Rückruf 0176 1234567.
referrals:
  - actor: jobcenter
    date: 2027-05-03
    status: done
    feedback:
      date: 2027-05-10
      outcome: Termin vereinbart, Bestätigung ging an oeztuerk@example.org.
"""


# fk-2027-04's withdrawal (2027-05-01) is due for erasure 30 days later: check before that.
DAY_BEFORE_PURGE = "2027-05-20"


def test_privacy_check_scans_inquiries_and_notes_with_file_and_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = conference_workspace(tmp_path / "ws")
    clean = cli("privacy", "check", "--data", str(root), "--date", DAY_BEFORE_PURGE, "--json")
    assert clean.exit_code == 0, clean.stdout
    (root / "inquiries/2027").mkdir(parents=True)
    (root / "inquiries/2027/2027-0003.yaml").write_text(INQUIRY, encoding="utf-8")
    case = root / "cases/2027/fk-2027-08.yaml"
    text = case.read_text(encoding="utf-8").replace(
        "follow_up: []",
        "discussion: Ayşe möchte lieber in die Pflege.\n"
        "follow_up:\n  - {date: 2027-07-02, note: Lamin fragt nach dem Praktikum.}",
    )
    case.write_text(text, encoding="utf-8")
    result = cli("privacy", "check", "--data", str(root), "--date", DAY_BEFORE_PURGE, "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["code"] == "personal-data"]
    where = {(f["file"], f["line"]): f["message"] for f in found}
    question = where[("inquiries/2027/2027-0003.yaml", 7)]
    assert "einen Namen" in question and "eine Telefonnummer" in question
    assert "eine E-Mail-Adresse" in where[("inquiries/2027/2027-0003.yaml", 14)]
    lines = case.read_text(encoding="utf-8").splitlines()
    discussion = next(n for n, line in enumerate(lines, 1) if line.startswith("discussion:"))
    assert "einen Namen" in where[("cases/2027/fk-2027-08.yaml", discussion)]
    assert "einen Namen" in where[("cases/2027/fk-2027-08.yaml", discussion + 2)]
    assert len(found) == 4
    shown = cli("privacy", "check", "--data", str(root), "--date", DAY_BEFORE_PURGE)
    assert "inquiries/2027/2027-0003.yaml:7: question enthält vermutlich" in (
        shown.stderr.replace("\n", " ")
    )


HOSTILE = {
    "letters": "a" * 97 + "B",  # one endless word
    "names": "Ahmad Karimi fragt nach Merzig. ",  # every rule at work
    "foreign": "Aş Дмитро ",  # letters of other scripts
    "lower": "ahmad war ",  # names written small
    "phone": "+49 a@b ",  # digits and at signs
}


@pytest.mark.parametrize("unit", list(HOSTILE.values()), ids=list(HOSTILE))
def test_detection_stays_linear_on_a_mebibyte_of_hostile_text(unit: str) -> None:
    """300,000 characters in the test run, a mebibyte in ``make test-long``
    (``tests/hostile_support.py``; the name is the test's id since it always ran a mebibyte)."""

    def took(size: int) -> float:
        text = unit * (size // len(unit))
        gc.collect()
        start = time.process_time()
        personal_data_in(text)
        names_in(text)
        pseudonym_verdict(text)
        return time.process_time() - start

    took(1024)  # the word lists loaded
    small, large = growth(took)
    assert large < 20, large  # a quadratic pattern would take minutes to hours
    assert_linear(f"Namen in {unit!r} …", small, large)  # four times the text: not sixteen times

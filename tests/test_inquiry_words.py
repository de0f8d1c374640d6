"""merzig inquiry: German words for every value, no twin referrals, absences, the new-file style."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_inquiry import NEW, OPEN, refused

from merzig_cli import validate_path

ABSENT = """\
  - id: z-zweite
    name: Zora Zweite
    email: zora@example.org
    topics: [recognition]
"""


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    root = make_ws({"inquiries/2026/2026-0001.yaml": OPEN}, actors=2)
    path = root / "actors" / "iq-beratung.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    topics: [recognition]\npublish",
        "    topics: [recognition]\n    absent:\n      - {from: 2026-12-01, to: 2026-12-31}\n"
        + ABSENT
        + "publish",
    )
    path.write_text(text, encoding="utf-8")
    return root


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


STATUS_WORDS = {
    "erledigt": "done",
    "angenommen": "accepted",
    "abgelehnt": "declined",
    "nicht erreicht": "not-reached",
    "Nicht-Erreicht": "not-reached",
    "done": "done",
}


@pytest.mark.parametrize(("word", "stored"), STATUS_WORDS.items())
def test_feedback_status_by_its_german_word(
    cli: Callable[..., Any], ws: Path, word: str, stored: str
) -> None:
    result = cli("inquiry", "feedback", "2026-0001", "iq-beratung", "--status", word, "--outcome", "Ok.",
                 "--date", "2026-10-05", "--data", str(ws))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert load(ws / "inquiries/2026/2026-0001.yaml")["referrals"][0]["status"] == stored


@pytest.mark.parametrize(
    ("channel", "stored"),
    [("Telefon", "phone"), ("E-Mail", "email"), ("persönlich", "walk-in"), ("email", "email")],
)
def test_new_takes_every_value_by_its_german_name(
    cli: Callable[..., Any], ws: Path, channel: str, stored: str
) -> None:
    result = cli("inquiry", "new", "--data", str(ws), "-q", "Zeugnis anerkennen",
                 "--received", "2026-11-24", "--channel", channel, "--group", "Geflüchtete",
                 "--lang", "Tigrinya", "--topic", "Anerkennung ausländischer Abschlüsse",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = load(Path(json.loads(result.stdout)["file"]))
    assert (data["channel"], data["inquirer"], data["language"], data["topics"]) == (
        stored,
        "refugees",
        "ti",
        ["recognition"],
    )


def test_a_wrong_value_lists_the_allowed_ones(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("inquiry", "new", "--data", str(ws), *NEW, "-q", "x", "--channel", "Fax")
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "--channel: „Fax“ ist nicht erlaubt" in err
    assert "Erlaubt: Telefon (phone), E-Mail (email), persönlich vor Ort (walk-in)" in err


def test_a_second_open_referral_to_the_same_contact_is_refused(
    cli: Callable[..., Any], ws: Path
) -> None:
    err = refused(cli, ws, "refer", "2026-0001", "iq-beratung/e-beispiel", "--date", "2026-10-03")
    assert "schon am 2026-10-01 an iq-beratung/e-beispiel weitergeleitet und noch offen" in err
    path = ws / "inquiries/2026/2026-0001.yaml"
    # Another contact of the same actor, or the same one after feedback, is a new referral.
    other = cli("inquiry", "refer", "2026-0001", "iq-beratung/z-zweite", "--date", "2026-10-03",
                "--data", str(ws))  # fmt: skip
    assert other.exit_code == 0, other.stderr
    unnamed = cli("inquiry", "feedback", "2026-0001", "iq-beratung", "--status", "erledigt",
                  "--outcome", "Ok.", "--date", "2026-10-05", "--data", str(ws))  # fmt: skip
    assert unnamed.exit_code == 1 and "mehrere Ansprechpersonen" in unnamed.stderr
    cli("inquiry", "feedback", "2026-0001", "iq-beratung/z-zweite", "--status", "erledigt",
        "--outcome", "Ok.", "--date", "2026-10-05", "--data", str(ws))  # fmt: skip
    refs = load(path)["referrals"]
    assert [(r["contact"], r["status"]) for r in refs] == [
        ("e-beispiel", "open"),
        ("z-zweite", "done"),
    ]


def test_referring_to_an_absent_contact_names_the_colleague(
    cli: Callable[..., Any], ws: Path
) -> None:
    result = cli("inquiry", "refer", "2026-0001", "iq-beratung/e-beispiel",
                 "--date", "2026-12-10", "--data", str(ws))  # fmt: skip
    assert result.exit_code == 1  # the same contact is still open: refused, see above
    result = cli("inquiry", "refer", "2026-0001", "akteur-1/e-beispiel",
                 "--date", "2026-12-10", "--data", str(ws))  # fmt: skip
    assert result.exit_code == 0
    assert "abwesend" not in result.stderr  # akteur-1's Erika Beispiel is present
    new = cli("inquiry", "new", "--data", str(ws), *NEW[2:], "-q", "Zeugnis", "--received",
              "2026-12-10", "--refer", "iq-beratung/e-beispiel")  # fmt: skip
    assert new.exit_code == 0, new.stderr
    err = " ".join(new.stderr.split())
    assert (
        "Erika Beispiel (e-beispiel) ist am 2026-12-10 abwesend, zurück nach dem 2026-12-31" in err
    )
    assert "Vertretung: Zora Zweite (iq-beratung/z-zweite), zora@example.org" in err


def test_close_warns_about_referrals_still_open(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("inquiry", "close", "2026-0001", "--date", "2026-10-20", "--data", str(ws))
    assert result.exit_code == 0
    err = " ".join(result.stderr.split())
    assert "Warnung: 1 Weiterleitung noch ohne Rückmeldung: iq-beratung/e-beispiel" in err
    assert load(ws / "inquiries/2026/2026-0001.yaml")["closed"] == dt.date(2026, 10, 20)


def test_interactive_new_takes_j_n_several_referrals_and_shows_a_summary(
    cli: Callable[..., Any], ws: Path
) -> None:
    answers = "Zeugnis anerkennen\nvielleicht\nn\n"
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", *NEW, "--refer",
                 "iq-beratung", input=answers)  # fmt: skip
    assert result.exit_code == 1  # "n": nothing saved
    assert "Bitte mit j (ja) oder n (nein) antworten." in result.stderr
    assert "Nicht gespeichert." in result.stderr
    assert not (ws / "inquiries/2026/2026-0002.yaml").exists()
    answers = "Zeugnis anerkennen\n1, 2\nj\n"
    result = cli("inquiry", "new", "--data", str(ws), "--interactive", *NEW, input=answers)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Eingangsdatum: 2026-11-24 (aus --received)" in out
    summary = out[out.index("Zusammenfassung:") :]
    assert "Weiter an:  IQ Beratung" in summary and "IQ Beratung 1" in summary
    data = load(ws / "inquiries/2026/2026-0002.yaml")
    assert {r["actor"] for r in data["referrals"]} == {"iq-beratung", "akteur-1"}


SINGLE_QUOTED = """\
id: '2026-0001'
received: 2026-10-01
channel: phone
inquirer: refugees
language: ar
topics:
- recognition
question: Wie wird ein Zeugnis anerkannt?
referrals:
- actor: iq-beratung
  date: 2026-10-01
  status: open
"""


def test_new_files_follow_the_style_of_the_existing_ones(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    root = make_ws({"inquiries/2026/2026-0001.yaml": SINGLE_QUOTED})
    result = cli("inquiry", "new", "--data", str(root), *NEW, "-q", "Zeugnis",
                 "--refer", "iq-beratung")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (root / "inquiries/2026/2026-0002.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: '2026-0002'\n")
    assert "topics:\n- recognition\n" in text
    assert "referrals:\n- actor: iq-beratung\n  date: 2026-11-24\n" in text
    assert validate_path(str(root)).ok(strict=True)

"""privacy.personal_data_in: names and contact data in free text, without crying wolf."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
import yaml

from merzig_cli.checks.privacy import personal_data_in

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "routing" / "labelled_inquiries.yaml"
BUNDLED = HERE.parent / "data"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ahmad Karimi fragt nach Anerkennung seines Diploms", "einen Namen"),
        ("Mohammed Al-Sayed braucht Hilfe", "einen Namen"),
        ("Anruf von Olena Kovalenko wegen Kita", "einen Namen"),
        ("Frau Yilmaz fragt nach Anerkennung", "einen Namen"),
        ("Der Sohn heißt Karimi und sucht eine Lehrstelle", "einen Namen"),
        ("Kontakt: +49 (0)6861 12345, bitte Rückruf", "eine Telefonnummer"),
        ("Rückruf unter 0176 1234567", "eine Telefonnummer"),
        ("Rückruf unter 06861/123-45", "eine Telefonnummer"),
        ("Rückruf unter +49 176 12 34 567", "eine Telefonnummer"),
        ("Antwort an a.yilmaz@example.org", "eine E-Mail-Adresse"),
    ],
)
def test_names_and_contact_data_are_found(text: str, kind: str) -> None:
    assert kind in personal_data_in(text)


def ordinary_texts() -> list[str]:
    """Questions and outcomes without any names: the labelled set and the example inquiries."""
    items = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    texts = [item["question"] for item in items]
    for name in sorted(glob.glob(str(BUNDLED / "inquiries" / "*" / "*.yaml"))):
        data = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
        texts.append(data["question"])
        texts += [
            r["feedback"]["outcome"] for r in data.get("referrals") or [] if r.get("feedback")
        ]
    return texts


def test_no_false_alarm_on_ordinary_questions() -> None:
    texts = ordinary_texts()
    assert len(texts) >= 100
    alarms = [(t, personal_data_in(t)) for t in texts if personal_data_in(t)]
    assert alarms == []  # false-positive rate 0 on this set


@pytest.mark.parametrize(
    "text",
    [
        "Termin am 12.03.2026 um 10 Uhr, Frist bis 01/2027",
        "Mein Sohn ist 17 und seit drei Monaten in Deutschland",
        "Bauingenieur aus Indien mit Blauer Karte möchte seinen Abschluss bewerten lassen",
        "Freie Ausbildungsplätze im Landkreis Merzig-Wadern, Beratung beim Jobcenter Merzig",
        "Where can I get a Blue Card?",
    ],
)
def test_ordinary_text_stays_quiet(text: str) -> None:
    assert personal_data_in(text) == []

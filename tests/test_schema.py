"""The schema language: each spec's German problems and its JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from merzig_cli.core.problems import Problem
from merzig_cli.core.yamlio import parse_text
from merzig_cli.schema.containers import Field, ListOf, Obj, Ref
from merzig_cli.schema.kinds import KINDS
from merzig_cli.schema.mailvalues import Email
from merzig_cli.schema.values import Checker, Date, Enum, Lang, Str, Time, Url


def _check(spec: Any, yaml_text: str) -> tuple[list[Problem], Checker]:
    doc = parse_text(yaml_text, Path("x.yaml"), "x.yaml")
    checker = Checker(doc)
    spec.check(doc.data, (), checker)
    return doc.problems, checker


def _one(spec: Any, yaml_text: str) -> Problem:
    problems, _ = _check(spec, yaml_text)
    assert len(problems) == 1, problems
    return problems[0]


OBJ = Obj(
    {
        "email": Field(Email()),
        "name": Field(Str(max_len=10), required=True, doc="Name der Einrichtung"),
        "level": Field(Enum(("district", "state"))),
        "website": Field(Url()),
        "languages": Field(ListOf(Lang(), unique=True)),
        "reviewed": Field(Date()),
        "start": Field(Time()),
        "phone": Field(Str(numbers_ok=True)),
    }
)


def test_valid_object_has_no_problems() -> None:
    problems, _ = _check(
        OBJ,
        "name: Caritas\nemail: a@example.org\nlevel: state\nwebsite: https://example.org\n"
        'languages: [de, ar]\nreviewed: 2026-01-31\nstart: "09:00"\nphone: "+49 1"\n',
    )
    assert problems == []


def test_unknown_key_warns_with_did_you_mean_at_the_key() -> None:
    p = _one(OBJ, "name: Caritas\nemial: a@example.org\n")
    assert (p.severity, p.code, p.line, p.column, p.field) == (
        "warning",
        "unknown-key",
        2,
        1,
        "emial",
    )
    assert p.format() == (
        "x.yaml:2:1: Warnung in emial: unbekannter Schlüssel „emial“ – meinten Sie „email“?"
    )


def test_missing_required_key_points_at_the_enclosing_mapping() -> None:
    p = _one(Obj({"inner": Field(OBJ)}), "inner:\n  email: a@example.org\n")
    assert (p.code, p.line, p.field) == ("required", 2, "inner")
    assert p.message == "Pflichtfeld „name“ fehlt"
    assert p.hint == "Eintragen: Name der Einrichtung"


def test_empty_required_key_points_at_the_key() -> None:
    p = _one(OBJ, "email: a@example.org\nname:\n")
    assert (p.code, p.line, p.field, p.message) == (
        "required",
        2,
        "name",
        "Pflichtfeld „name“ ist leer",
    )


def test_too_long_text() -> None:
    p = _one(OBJ, "name: Caritasverband\n")
    assert p.message == "Text ist 14 Zeichen lang; erlaubt sind höchstens 10"


def test_enum_suggests_the_closest_value() -> None:
    p = _one(OBJ, "name: X\nlevel: distrct\n")
    assert p.message == "„distrct“ ist kein erlaubter Wert"
    assert p.hint == "Meinten Sie „district“? Erlaubt: district | state"


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "ftp://example.org", "example.org", "mailto:a@example.org"]
)
def test_website_must_be_http(value: str) -> None:
    p = _one(OBJ, f"name: X\nwebsite: '{value}'\n")
    assert p.code == "format"
    assert "Webadresse (nur http:// oder https://)" in p.message


@pytest.mark.parametrize("value", ["a@b", "a b@example.org", "a(at)example.org", "@example.org"])
def test_invalid_email(value: str) -> None:
    p = _one(OBJ, f"name: X\nemail: '{value}'\n")
    assert p.message == f"„{value}“ ist keine gültige E-Mail-Adresse"


def test_norwegian_no_read_as_false_gets_a_quoting_hint() -> None:
    p = _one(OBJ, "name: X\nlanguages: [de, no]\n")
    assert (p.code, p.field) == ("type", "languages[1]")
    assert '"no"' in (p.hint or "")


def test_unknown_language_code() -> None:
    p = _one(OBJ, "name: X\nlanguages: [de, arabisch]\n")
    assert p.message == "„arabisch“ ist kein Sprachcode nach ISO 639-1"


def test_duplicate_list_item_warns() -> None:
    p = _one(OBJ, "name: X\nlanguages: [de, de]\n")
    assert (p.severity, p.field) == ("warning", "languages[1]")


def test_scalar_where_a_list_belongs_suggests_brackets() -> None:
    p = _one(OBJ, "name: X\nlanguages: de\n")
    assert p.message == "erwartet Liste, gefunden Text"
    assert p.hint == "Als Liste schreiben: [de]"


@pytest.mark.parametrize(
    ("value", "code"),
    [("01.10.2026", "date-format"), ("2026-10-01 10:00:00", "date-format"), ("12", "type")],
)
def test_dates_must_be_iso_dates(value: str, code: str) -> None:
    assert _one(OBJ, f"name: X\nreviewed: {value}\n").code == code


def test_unquoted_time_read_as_number_is_an_error_with_a_quoting_hint() -> None:
    p = _one(OBJ, "name: X\nstart: 10:00\n")
    assert p.code == "type"
    assert p.hint == 'Uhrzeiten in Anführungszeichen setzen, z. B. "09:00"'


def test_unquoted_phone_number_warns_about_leading_zeros() -> None:
    p = _one(OBJ, "name: X\nphone: 4968610000\n")
    assert (p.severity, p.code) == ("warning", "number-as-text")


def test_references_are_collected_for_later_resolution() -> None:
    problems, checker = _check(
        Obj({"topics": Field(ListOf(Ref("topic")))}), "topics: [work, recognition]\n"
    )
    assert problems == []
    assert [(r.kind, r.value, r.path) for r in checker.refs] == [
        ("topic", "work", ("topics", 0)),
        ("topic", "recognition", ("topics", 1)),
    ]


def test_json_schema_marks_required_and_allows_null_for_optional() -> None:
    schema = KINDS["actor"].spec.json_schema()
    assert schema["type"] == "object"
    assert set(schema["required"]) >= {"id", "name", "category", "summary", "contacts"}
    assert schema["properties"]["summary"]["maxLength"] == 200
    assert {"type": "null"} in schema["properties"]["website"]["anyOf"]
    assert schema["properties"]["level"]["enum"][0] == "municipality"
    assert KINDS["case"].spec.json_schema()["properties"]["consent"]["required"] == [
        "date",
        "by",
        "share_with",
    ]
    assert KINDS["conference"].spec.json_schema()["properties"]["start"]["anyOf"][0]["pattern"]


def test_short_date_is_not_iso() -> None:
    p = _one(OBJ, "name: X\nreviewed: 2026-1-5\n")
    assert (p.code, p.message) == ("date-format", "„2026-1-5“ ist kein ISO-Datum")

"""Where a problem stands: entries of a list are named by their id, as ``actors diff`` names them.

A contact person, an offer or a topic is named by its ``id``
(``contacts[e-muster].phone``), a referral, a participant or a case's actor
by the actor it names; only an entry without a usable id (none, a twin, a
bare number) is named by its position from 0. The same name stands in the
terminal, in ``--json``, in the cache and in the diff of the Steckbriefe.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ACTOR

from merzig_cli import validate_path
from merzig_cli.core.yamlio import format_path
from merzig_cli.network.changes import compare

TWO_CONTACTS = ACTOR.format(id="iq-beratung", name="IQ Beratung", category="counselling").replace(
    "publish: true",
    "  - id: e-muster\n    name: Max Muster\n    phone: 4968610002\npublish: true",
)


def _fields(root: Path) -> dict[str, str]:
    return {p.code: p.field for p in validate_path(str(root)).problems}


def test_a_contacts_phone_is_named_by_the_contacts_id_in_text_and_json(
    make_ws: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    root = make_ws({"actors/iq-beratung.yaml": TWO_CONTACTS})
    human = cli("validate", "--data", str(root))
    assert (
        "actors/iq-beratung.yaml:18:12: Warnung in contacts[e-muster].phone: Zahl statt Text"
        in human.stderr
    )
    data = json.loads(cli("validate", "--data", str(root), "--json").stdout)
    [problem] = data["problems"]
    assert (problem["code"], problem["field"]) == ("number-as-text", "contacts[e-muster].phone")


def test_the_name_stays_when_the_contacts_are_reordered(make_ws: Callable[..., Path]) -> None:
    first, second = TWO_CONTACTS.split("  - id: e-muster\n")
    second, rest = second.split("publish: true")
    reordered = first.replace(
        "  - id: e-beispiel", "  - id: e-muster\n" + second + "  - id: e-beispiel"
    )
    root = make_ws({"actors/iq-beratung.yaml": reordered + "publish: true" + rest})
    assert _fields(root) == {"number-as-text": "contacts[e-muster].phone"}


def test_an_entry_without_id_is_named_by_its_position(make_ws: Callable[..., Path]) -> None:
    root = make_ws({"actors/iq-beratung.yaml": TWO_CONTACTS.replace("- id: e-muster\n   ", "-")})
    assert _fields(root) == {"required": "contacts[1]", "number-as-text": "contacts[1].phone"}


def test_twins_and_ids_that_read_as_positions_are_named_by_position(
    make_ws: Callable[..., Path],
) -> None:
    twins = make_ws({"actors/iq-beratung.yaml": TWO_CONTACTS.replace("e-muster", "e-beispiel")})
    assert _fields(twins) == {
        "id-duplicate": "contacts[1].id",
        "number-as-text": "contacts[1].phone",
    }
    data = {"contacts": [{"id": "7"}, {"id": "0"}, {"id": "E Muster"}, {"id": "e-muster"}]}
    names = [format_path(("contacts", i, "phone"), data) for i in range(4)]
    assert names == [
        "contacts[0].phone",  # "7" would read as the eighth entry
        "contacts[1].phone",
        "contacts[2].phone",  # no id as the data model writes them
        "contacts[e-muster].phone",
    ]


def test_a_problem_found_while_parsing_names_the_entry_too(make_ws: Callable[..., Path]) -> None:
    absent = (
        '    phone: "+49 6861 000-2"\n    absent:\n      - {from: 2026-02-30, to: 2026-03-02}\n'
    )
    actor = TWO_CONTACTS.replace("    phone: 4968610002\n", absent)
    root = make_ws({"actors/iq-beratung.yaml": actor})
    assert _fields(root) == {"date-impossible": "contacts[e-muster].absent[0].from"}


def test_references_to_actors_are_named_by_the_actor(make_ws: Callable[..., Path]) -> None:
    conference = (
        "id: fk-2026\ntitle: Förderkonferenz 2026\ndate: 2026-06-30\nlocation: BBZ\n"
        "participants:\n  - {actor: akteur-1, contact: e-beispiel}\n"
        "  - {actor: iq-beratung, contact: k-niemand}\n"
    )
    root = make_ws({"conferences/fk-2026.yaml": conference}, actors=2)
    [problem] = validate_path(str(root)).problems
    assert (problem.code, problem.field) == ("ref-unknown", "participants[iq-beratung].contact")


def test_the_cache_keeps_a_warning_about_a_named_entry(make_ws: Callable[..., Path]) -> None:
    hidden = TWO_CONTACTS.replace("name: Max Muster", 'name: "Max\\u200bMuster"').replace(
        "phone: 4968610002", 'phone: "+49 6861 000-2"'
    )
    root = make_ws({"actors/iq-beratung.yaml": hidden})
    cold = validate_path(str(root))
    warm = validate_path(str(root))
    assert warm.files_read == []  # the id in the field is no reason to read the file again
    assert [(p.code, p.field) for p in warm.problems] == [
        ("hidden-characters", "contacts[e-muster].name")
    ]
    assert warm.to_dict() == cold.to_dict()


def test_validate_and_the_diff_name_a_place_alike(make_ws: Callable[..., Path]) -> None:
    before = TWO_CONTACTS.replace("phone: 4968610002", 'phone: "+49 6861 000-2"')
    [change] = compare(
        {"iq-beratung.yaml": before.encode()}, {"iq-beratung.yaml": TWO_CONTACTS.encode()}, "actors"
    )
    [field] = change.fields
    root = make_ws({"actors/iq-beratung.yaml": TWO_CONTACTS})
    assert field.field == _fields(root)["number-as-text"] == "contacts[e-muster].phone"

"""One description per record: the typed record, its cache form and the schema come from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED

from merzig_cli.brochure.content import build_brochure
from merzig_cli.brochure.render import Renderer
from merzig_cli.core.languages import direction, language_name
from merzig_cli.schema.actor import Actor, Contact
from merzig_cli.schema.config import Config
from merzig_cli.schema.inquiry import Inquiry
from merzig_cli.schema.kinds import KINDS
from merzig_cli.schema.record import attributes, build, from_plain, record_spec, to_plain
from merzig_cli.workspace.loader import load_workspace


def test_every_bundled_record_survives_the_cache_form_unchanged() -> None:
    ws = load_workspace(BUNDLED)
    records = [ws.config, ws.taxonomy, *ws.actors.values(), *ws.inquiries.values()]
    records += [*ws.conferences.values(), *ws.cases.values()]
    assert len(records) > 60
    for record in records:
        assert from_plain(type(record), to_plain(record)) == record


def test_the_cache_form_refuses_what_does_not_fit() -> None:
    plain = to_plain(build(Contact, {"id": "a", "name": "A", "languages": ["de"]}))
    for bad in ({**plain, "languages": "de"}, {**plain, "absent": [{"start": "kaputt"}]}):
        with pytest.raises(ValueError):
            from_plain(Contact, bad)
    del plain["name"]
    with pytest.raises(ValueError):
        from_plain(Contact, plain)


def test_building_uses_what_is_usable_and_defaults_for_the_rest() -> None:
    actor = build(
        Actor,
        {
            "id": "a",
            "contacts": True,  # not a list: no contacts, no crash
            "languages": ["de", 5, None],  # only real codes
            "publish": "yes",  # not a boolean: not published
            "phone": 6861123,  # a number where text belongs: kept as text
            "network": {"lists": ["arbeit"]},
        },
    )
    assert actor.contacts == [] and actor.languages == ["de"] and actor.publish is False
    assert actor.phone == "6861123" and actor.network.lists == ["arbeit"]
    config = build(Config, {"brochure": {"languages": []}, "retention": {"cases_months": 6}})
    assert config.brochure.languages == ["de"] and config.brochure.title == "Broschüre"
    assert (config.retention.cases_months, config.retention.inquiries_months) == (6, 24)


def test_a_value_the_record_cannot_stand_without_drops_only_that_record() -> None:
    inquiry = build(
        Inquiry,
        {
            "id": "2026-0001",
            "referrals": [
                {"actor": "a", "date": dt.date(2026, 1, 2), "feedback": {"outcome": "x"}},
                {"actor": "b", "feedback": {"date": dt.date(2026, 1, 5), "outcome": "y"}},
            ],
        },
    )
    first, second = inquiry.referrals
    assert first.feedback is None  # a feedback without its date is no feedback
    assert second.date == dt.date.min and second.feedback.date == dt.date(2026, 1, 5)
    contact = build(Contact, {"id": "c", "absent": [{"from": dt.date(2026, 1, 1)}]})
    assert contact.absent == []


def test_schema_and_record_name_the_same_keys_in_the_same_order() -> None:
    for kind in KINDS.values():
        keys = [a.key for a in attributes(kind.record)]
        assert list(record_spec(kind.record).fields) == keys
        assert list(kind.spec.json_schema()["properties"]) == keys
    assert [a.key for a in attributes(Contact)][-1] == "absent"
    absent = KINDS["actor"].spec.fields["contacts"].spec.item.obj  # type: ignore[attr-defined]
    assert list(absent.fields["absent"].spec.item.obj.fields) == ["from", "to"]


def test_language_names_and_direction_come_from_one_source(
    make_ws: Callable[..., Path],
) -> None:
    assert [direction(c) for c in ("ar", "fa", "he", "ur", "ps")] == ["rtl"] * 5
    assert [direction(c) for c in ("ku", "tr", "de", "uk", "ti")] == ["ltr"] * 5
    assert language_name("fa") == "Persisch" and language_name("ti") == "Tigrinya"
    assert language_name("ar", "ar") == "العربية"
    assert language_name("zz") == "zz"
    root = make_ws()
    config = (root / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(config.replace("[de, en, ar]", "[de, ku, fa]"), "utf-8")
    ws = load_workspace(root, kinds={"actor"})
    # Kurmanji is written in Latin script: left to right, unlike Persian
    assert (build_brochure(ws, "ku").dir, build_brochure(ws, "fa").dir) == ("ltr", "rtl")
    html = Renderer(root).html(build_brochure(ws, "fa"))
    assert '<html lang="fa" dir="rtl">' in html

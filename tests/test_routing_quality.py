"""Routing quality, measured on the labelled set of realistic inquiries.

tests/routing/labelled_inquiries.yaml was written independently of the
algorithm: questions as callers phrase them, each with every actor a
competent coordinator would accept. The router must put a correct actor
first for at least 75 % of them and among the first three for at least 90 %.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED

from merzig_cli.routing.score import route
from merzig_cli.workspace.loader import Workspace, load_workspace

LABELLED = Path(__file__).resolve().parent / "routing" / "labelled_inquiries.yaml"
DAY = dt.date(2026, 11, 24)


def labelled() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return items


def hit_rates(ws: Workspace, items: list[dict[str, Any]]) -> tuple[float, float]:
    """(share with a correct actor first, share with one among the first three)."""
    first = three = 0
    for item in items:
        result = route(
            ws, item["question"], group=item.get("group"), lang=item.get("lang"), day=DAY
        )
        ids = [s.actor.id for s in result.suggestions]
        expected = set(item["expected"])
        first += bool(ids) and ids[0] in expected
        three += bool(expected & set(ids[:3]))
    return first / len(items), three / len(items)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load_workspace(BUNDLED, kinds={"actor"})


def test_labelled_set_is_large_and_names_real_actors(ws: Workspace) -> None:
    items = labelled()
    assert len(items) >= 60
    for item in items:
        assert item["question"].strip()
        assert item["expected"], item["question"]
        assert set(item["expected"]) <= set(ws.actors), item["question"]


def test_routing_meets_the_quality_bar(ws: Workspace) -> None:
    top1, top3 = hit_rates(ws, labelled())
    assert top3 >= 0.90, f"nur {top3:.0%} mit einem richtigen Akteur unter den ersten drei"
    assert top1 >= 0.75, f"nur {top1:.0%} mit einem richtigen Akteur an erster Stelle"

"""Property-based fuzzing of loading and validation: random documents, random values of every type.

Whatever a file holds, ``merzig validate`` reports problems and never fails
itself; one malformed record never stops the commands from working with the
others. The documents are built from the record descriptions, so every key of
every kind gets values of every type (and some unknown keys).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ACTOR, CONFIG, TAXONOMY, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from merzig_cli.checks.validate import validate
from merzig_cli.schema.kinds import KINDS
from merzig_cli.schema.record import attributes
from merzig_cli.workspace.loader import load_workspace

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(
        [
            "",
            "TODO: x",
            "iq-beratung",
            "e-beispiel",
            "youth",
            "de",
            "open",
            "2026-0001",
            "09:00",
            "../x",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _record(cls: type, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with (some of) the record's keys, each with a random or a fitting value."""
    keys = [a.key for a in attributes(cls)]
    return st.dictionaries(st.sampled_from([*keys, "unbekannt"]), VALUES, max_size=len(keys) + 1)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, str]:
    files = {}
    for kind, rel in (
        ("actor", "actors/fuzz.yaml"),
        ("inquiry", "inquiries/2026/2026-0009.yaml"),
        ("conference", "conferences/fk-fuzz.yaml"),
        ("case", "cases/2026/fk-fuzz-01.yaml"),
    ):
        data = draw(_record(KINDS[kind].record))
        if draw(st.booleans()):
            data["id"] = rel.rsplit("/", 1)[1][:-5]
        files[rel] = _dump(data)
    if draw(st.booleans()):
        files["config.yaml"] = _dump(draw(_record(KINDS["config"].record)))
    if draw(st.booleans()):
        files["taxonomy.yaml"] = _dump(draw(_record(KINDS["taxonomy"].record)))
    return files


# 20 random workspaces in make test; make test-long (MERZIG_FUZZ=long) tries 1000.
EXAMPLES = 1000 if os.environ.get("MERZIG_FUZZ") == "long" else 20


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(files=workspaces())
def test_random_documents_never_break_validation(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    write(root, "config.yaml", CONFIG)
    write(root, "taxonomy.yaml", TAXONOMY)
    write(
        root,
        "actors/iq-beratung.yaml",
        ACTOR.format(id="iq-beratung", name="IQ Beratung", category="counselling"),
    )
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    ws = load_workspace(root, tolerant=True)
    report = validate(ws)  # must not raise
    # and no rule needed the safety net: every rule copes with every shape by itself
    assert [p for p in report.problems if p.code == "rule-failed"] == []
    # the one good actor still serves the queries, and every output works around the bad files
    actors = load_workspace(root, kinds={"actor"}, tolerant=True)
    assert "iq-beratung" in actors.actors
    _every_output(root, ws)


def _every_output(root: Path, ws: Any) -> None:
    """The outputs made from a broken workspace: German errors at most, never a crash."""
    from merzig_cli.brochure.build import build_outputs
    from merzig_cli.conference.agenda import plan
    from merzig_cli.conference.check import check
    from merzig_cli.conference.documents import minutes_documents, plan_documents, render
    from merzig_cli.conference.gate import gate
    from merzig_cli.conference.report import evaluate
    from merzig_cli.core.errors import MerzigError
    from merzig_cli.routing.score import route

    day = dt.date(2026, 12, 1)
    jobs: list[Any] = [
        lambda: build_outputs(ws, ["de"], ["html", "md"]),
        lambda: route(ws, "Anerkennung meines Zeugnisses", lang="ar", day=day),
        lambda: evaluate(gate(ws, day), day),
        lambda: check(gate(ws, day), day),
    ]
    for conference in ws.conferences.values():
        g = gate(ws, day)
        agenda = plan(g, conference)
        jobs.append(lambda g=g, a=agenda: render(ws, plan_documents(ws, g, a, day), ["html", "md"]))
        jobs.append(lambda g=g, a=agenda: render(ws, minutes_documents(ws, g, a, day), ["md"]))
    for job in jobs:
        with contextlib.suppress(MerzigError):
            job()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("contacts", "true"),
        ("contacts", "1.5"),
        ("contacts", "[true, 3, [x]]"),
        ("offers", "{a: 1}"),
        ("translations", "[1, 2]"),
        ("network", "7"),
        ("topics", "{x: y}"),
        ("address", "[street]"),
    ],
)
def test_a_wrong_type_in_an_actor_is_a_problem_not_a_crash(
    key: str, value: str, make_ws: Any, cli: Any
) -> None:
    root: Path = make_ws(actors=2)
    path = root / "actors/akteur-1.yaml"
    lines = [
        f"{key}: {value}" if line.startswith(f"{key}:") else line
        for line in path.read_text().splitlines()
    ]
    if not any(line.startswith(f"{key}:") for line in lines):
        lines.append(f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("validate", "--data", str(root))
    assert result.exit_code == 1, result.stderr
    assert "Interner Fehler" not in result.stderr and "actors/akteur-1.yaml" in result.stderr
    listed = cli("actors", "list", "--data", str(root), "--json")
    assert listed.exit_code == 0 and "iq-beratung" in listed.stdout
    routed = cli("route", "Anerkennung meines Zeugnisses", "--data", str(root), "--json")
    assert routed.exit_code == 0, routed.stderr

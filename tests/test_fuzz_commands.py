"""Fuzzing the commands over case, conference, config and state files: never an internal error.

A small conference workspace is made once, planned once (so the invitation
state exists) and purged once (so the statistics exist) by the real commands.
Each example copies it, changes some of its files – a value of any type at
any place of a case, the conference, ``config.yaml``, the invitation state or
the statistics, or a whole file replaced by random text, a folder or a named
pipe – and runs every command that reads them. Each must end with exit code 0
or 1 (a German error); exit code 3 is a bug.

The number of examples is small and fixed for the test run (about 20 s);
``MERZIG_FUZZ=long`` (``make test-long``) selects a long run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conference_support import conference_workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "merzig-ci",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("merzig-long", settings.get_profile("merzig-ci"), max_examples=1000)
PROFILE = settings.get_profile(
    "merzig-long" if os.environ.get("MERZIG_FUZZ") == "long" else "merzig-ci"
)

PLAN_DAY, DAY, LATER = "2027-06-01", "2030-06-30", "2040-01-01"
INQUIRY = """\
{id: "2026-0001", received: 2026-02-01, channel: phone, inquirer: refugees, language: ar,
 topics: [recognition], question: Wie wird ein Zeugnis anerkannt?, closed: 2026-03-01,
 referrals: [{actor: schule, contact: k-schule, date: 2026-02-02, status: done,
              feedback: {date: 2026-02-10, outcome: Beraten.}}]}
"""
CASE = "cases/2027/fk-2027-01.yaml"
FILES = {
    "case": CASE,
    "conference": "conferences/fk-2027.yaml",
    "config": "config.yaml",
    "invitations": "invitations/fk-2027.json",
    "statistics": "statistics/2026.yaml",
}

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 2**31, 2**63, 10**4000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=2000),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(
        ["", "fk-2027", "fk-2026", "fk-2027-01", "schule", "k-schule", "jmd", "open", "done",
         "REQUEST", "CANCEL", "09:00", "24:61", "2027-02-30", "2027-06-29T10:00:00",
         "2027-06-29T08:00:00+02:00", "schule/k-schule", "../x", "a@b", "\x1b[2J", "\u202e"]
    ),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace every example starts from, with real invitation state and statistics."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = conference_workspace(tmp_path_factory.mktemp("fuzz-template") / "ws")
    for extra in sorted((root / "cases/2027").glob("*.yaml"))[6:]:
        extra.unlink()  # six cases are enough: every example is faster
    (root / "inquiries/2026").mkdir(parents=True)
    (root / "inquiries/2026/2026-0001.yaml").write_text(INQUIRY, encoding="utf-8")
    runner = CliRunner()
    out = root.parent / "out"
    for args in (
        ["conference", "plan", "fk-2027", "--format", "md", "--date", PLAN_DAY, "--out", str(out)],
        ["privacy", "purge", "--date", DAY],
    ):
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code == 0, result.output
    assert all((root / rel).is_file() for rel in FILES.values())
    return root


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document: the keys and indexes that lead to it."""
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*here, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _paths(inner, (*here, i))
    return found


def _put(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    if path.parent.name == "statistics":
        return json.loads("\n".join(x for x in text.splitlines() if not x.startswith("#")))
    return yaml.safe_load(text)


def _dump(path: Path, doc: Any) -> str:
    if path.suffix == ".json" or path.parent.name == "statistics":
        return json.dumps(doc, ensure_ascii=False, default=str)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@st.composite
def changes(draw: st.DrawFn, template: Path) -> list[tuple[str, str, Any]]:
    """(file, how, what): up to three files changed, each in one of several ways."""
    out: list[tuple[str, str, Any]] = []
    # a broken config.yaml stops every command at once: it is drawn less often
    files = st.sampled_from([*sorted(FILES), *sorted(set(FILES) - {"config"})])
    for name in draw(st.lists(files, min_size=1, max_size=3, unique=True)):
        rel = FILES[name]
        how = draw(st.sampled_from(["values"] * 6 + ["text", "folder", "fifo", "drop"]))
        if how == "values":
            doc = _load(template / rel)
            for _ in range(draw(st.integers(1, 4))):
                path = draw(st.sampled_from(_paths(doc)))
                doc = _put(doc, path, draw(VALUES))
            out.append((rel, how, _dump(template / rel, doc)))
        elif how == "text":
            out.append((rel, how, draw(st.text(max_size=200))))
        else:
            out.append((rel, how, None))
    return out


def _apply(root: Path, rel: str, how: str, what: Any) -> None:
    path = root / rel
    path.unlink()
    if how in ("values", "text"):
        path.write_text(what, encoding="utf-8")
    elif how == "folder":
        path.mkdir()
    elif how == "fifo":
        os.mkfifo(path)


def _commands(out: Path) -> list[list[str]]:
    return [
        ["validate"],
        ["case", "list"],
        ["case", "show", "fk-2027-01"],
        ["conference", "plan", "fk-2027", "--format", "md", "--date", PLAN_DAY, "--out", str(out)],
        ["conference", "minutes", "fk-2027", "--format", "md", "--out", str(out)],
        ["followup", "--date", "2027-08-01"],
        ["report", "conference", "--date", "2027-08-01"],
        ["report", "referrals"],
        ["privacy", "check"],
        [
            *("case", "consent-form", "fk-2027-01", "--format", "html", "--lang", "de,en"),
            *("--date", PLAN_DAY, "--out", str(out)),
        ],
        ["mail", "reminders", "--date", "2027-08-01", "--out", str(out)],
        ["privacy", "purge", "--dry-run", "--date", LATER],
        ["privacy", "purge", "--date", LATER],  # last: it deletes
    ]


@PROFILE
@given(data=st.data())
def test_no_file_of_any_shape_makes_a_command_fail_internally(
    template: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = tmp_path_factory.mktemp("fuzz") / "ws"
    shutil.copytree(template, root, symlinks=True)
    for rel, how, what in data.draw(changes(template)):
        _apply(root, rel, how, what)
    runner = CliRunner()
    for args in _commands(root.parent / "out"):
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output[-2000:])
        assert "Interner Fehler" not in result.output, (args, result.output[-2000:])

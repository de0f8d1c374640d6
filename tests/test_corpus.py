"""The corpus of broken inputs: one small workspace per defect.

Each folder under ``tests/corpus/`` is the minimal valid workspace
(``valid-minimal``) with exactly one defect; its ``expect.yaml`` names every
problem a coordinator must see: file, line, code, severity and the words of
the message. Running ``merzig validate`` on it must report exactly those
problems, at those lines, and never crash.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from merzig_cli.checks.validate import validate_path

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.yaml").is_file())


def _expect(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / name / "expect.yaml").read_text("utf-8"))
    return data


def _workspace(name: str, tmp_path: Path) -> Path:
    """The corpus folder, or a copy with its generated file (the several-MB one)."""
    folder = CORPUS / name
    generate = _expect(name).get("generate")
    if not generate:
        return folder
    root = tmp_path / name
    shutil.copytree(folder, root)
    size = generate["megabytes"] * 1024 * 1024
    text = "id: riesig\nsummary: '" + "x" * size + "'\n"
    (root / generate["file"]).write_text(text, encoding="utf-8")
    return root


def _key(p: dict[str, Any]) -> tuple[str, int | None, str, str]:
    return (p["file"], p["line"], p["code"], p["severity"])


def test_corpus_covers_every_defect_of_the_issue() -> None:
    required = {
        "valid-minimal",
        "bom-accepted",
        "yaml-unclosed-quote",
        "yaml-tab-indentation",
        "yaml-bad-indentation",
        "yaml-duplicate-key",
        "wrong-type",
        "missing-required-key",
        "unknown-enum-value",
        "date-not-iso",
        "date-impossible",
        "id-not-filename",
        "id-duplicate-case",
        "id-duplicate-inquiry",
        "ref-unknown-topic",
        "ref-unknown-target-group",
        "ref-unknown-category",
        "ref-unknown-actor",
        "ref-unknown-contact",
        "ref-unknown-conference",
        "share-with-unknown-actor",
        "share-with-missing-actor",
        "summary-too-long",
        "email-invalid",
        "website-javascript",
        "website-ftp",
        "contact-unreachable",
        "pseudonym-full-name",
        "consent-missing",
        "consent-after-conference",
        "unknown-key-hint",
        "encoding-latin1",
        "empty-file",
        "top-level-list",
        "alias-bomb",
        "file-too-large",
    }
    assert required <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_corpus_reports_exactly_the_expected_problems(name: str, tmp_path: Path) -> None:
    expect = _expect(name)
    report = validate_path(str(_workspace(name, tmp_path)))
    got = sorted((_key(p.to_dict()) for p in report.problems), key=repr)
    want = sorted((_key(p) for p in expect["problems"]), key=repr)
    assert got == want, "\n".join(p.format() for p in report.sorted())
    assert report.ok() is expect["valid"]
    for wanted in expect["problems"]:
        problem = next(p for p in report.problems if _key(p.to_dict()) == _key(wanted))
        text = f"{problem.message} – {problem.hint or ''}"
        for word in wanted["words"]:
            assert word in text, f"{word!r} fehlt in {problem.format()!r}"
        if "field" in wanted:
            assert problem.field == wanted["field"]


@pytest.mark.parametrize("name", CASES)
def test_corpus_through_the_cli(name: str, tmp_path: Path, cli: Callable[..., Any]) -> None:
    """The command prints every problem as file:line on stderr and exits 1 on errors."""
    expect = _expect(name)
    result = cli("validate", "--data", str(_workspace(name, tmp_path)))
    assert result.exit_code == (0 if expect["valid"] else 1), result.output
    assert "Traceback" not in result.output
    for wanted in expect["problems"]:
        where = wanted["file"] + (f":{wanted['line']}" if wanted["line"] else ":")
        assert where in result.stderr
    if not expect["problems"]:
        assert "0 Fehler, 0 Warnungen" in result.stdout
        assert result.stderr == ""


def test_corpus_defects_are_single_edits_of_the_minimal_workspace() -> None:
    """Every defect folder holds the same files as the base, apart from its defect."""
    base = CORPUS / "valid-minimal"
    ignore = {Path("expect.yaml")}
    base_files = {p.relative_to(base) for p in base.rglob("*.yaml")} - ignore
    for name in CASES:
        folder = CORPUS / name
        files = {p.relative_to(folder) for p in folder.rglob("*.yaml")} - ignore
        changed = [
            rel
            for rel in files & base_files
            if (folder / rel).read_bytes() != (base / rel).read_bytes()
        ]
        added = files - base_files
        assert len(changed) + len(added) <= 1, (name, changed, added)
        assert base_files - files == set(), name

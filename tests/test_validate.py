"""merzig validate: the library report and the command around it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import merzig_cli.checks.validate as core_validate
from merzig_cli import validate_path

CORPUS = Path(__file__).resolve().parent / "corpus"

CASE = """\
id: fk-2026-01
conference: fk-2026
pseudonym: A. K.
birth_year: 2008
consent:
  date: 2026-06-01
  by: self
  share_with: [iq-beratung]
"""
CONFERENCE = """\
id: fk-2026
title: Förderkonferenz 2026
date: 2026-06-30
location: BBZ
"""


@pytest.fixture
def broken(make_ws: Callable[..., Path]) -> Path:
    """Three defects in three files, plus one warning."""
    return make_ws(
        {
            "actors/kaputt.yaml": 'id: kaputt\nname: "offen\n',
            "inquiries/2026/2026-0001.yaml": (
                "id: '2026-0001'\nreceived: 2026-11-31\nchannel: fax\ninquirer: refugees\n"
                "language: ar\ntopics: [work]\nquestion: Wie?\n"
            ),
            "conferences/fk-2026.yaml": CONFERENCE + "hots: iq-beratung\n",
        }
    )


def test_every_problem_is_reported_in_one_run(broken: Path) -> None:
    report = validate_path(str(broken))
    found = {(p.file, p.line, p.code) for p in report.problems}
    assert found == {
        ("actors/kaputt.yaml", 2, "yaml-syntax"),
        ("inquiries/2026/2026-0001.yaml", 2, "date-impossible"),
        ("inquiries/2026/2026-0001.yaml", 3, "enum"),
        ("conferences/fk-2026.yaml", 5, "unknown-key"),
    }
    assert len(report.errors) == 3
    assert len(report.warnings) == 1
    assert report.files_checked == 6
    assert not report.ok()


def test_cli_prints_every_problem_and_exits_1(broken: Path, cli: Callable[..., Any]) -> None:
    result = cli("validate", "--data", str(broken))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("actors/kaputt.yaml:2:7: Fehler: Anführungszeichen nicht")
    assert any(
        line.startswith("conferences/fk-2026.yaml:5:1: Warnung in hots: unbekannter Schlüssel")
        and "meinten Sie „host“?" in line
        for line in lines
    )
    assert "inquiries/2026/2026-0001.yaml:3:10: Fehler in channel: „fax“" in result.stderr
    assert lines[-1] == "✗ 6 Dateien geprüft: 3 Fehler, 1 Warnung."


def test_json_is_the_library_report(broken: Path, cli: Callable[..., Any]) -> None:
    result = cli("validate", "--data", str(broken), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == validate_path(str(broken)).to_dict()


def test_valid_workspace_exits_0(make_ws: Callable[..., Path], cli: Callable[..., Any]) -> None:
    result = cli("validate", "--data", str(make_ws()))
    assert result.exit_code == 0
    assert result.stdout.strip() == "✓ 3 Dateien geprüft: 0 Fehler, 0 Warnungen."
    assert result.stderr == ""


def test_strict_makes_warnings_fail(make_ws: Callable[..., Path], cli: Callable[..., Any]) -> None:
    ws = make_ws({"conferences/fk-2026.yaml": CONFERENCE + "hots: iq-beratung\n"})
    assert cli("validate", "--data", str(ws)).exit_code == 0
    strict = cli("validate", "--data", str(ws), "--strict")
    assert strict.exit_code == 1
    assert "(--strict: Warnungen zählen als Fehler)" in strict.stderr
    data = json.loads(cli("validate", "--data", str(ws), "--strict", "--json").stdout)
    assert (data["valid"], data["strict"], data["errors"], data["warnings"]) == (
        False,
        True,
        0,
        1,
    )


def test_placeholder_text_is_an_error(make_ws: Callable[..., Path]) -> None:
    ws = make_ws({"conferences/fk-2026.yaml": CONFERENCE.replace("BBZ", "'TODO: Ort'")})
    [problem] = validate_path(str(ws)).problems
    assert (problem.code, problem.line, problem.field) == ("placeholder", 4, "location")


def test_withdrawn_consent_is_a_warning(make_ws: Callable[..., Path]) -> None:
    ws = make_ws(
        {
            "conferences/fk-2026.yaml": CONFERENCE,
            "cases/2026/fk-2026-01.yaml": CASE + "  withdrawn: 2026-07-01\n",
            "config.yaml": (CORPUS / "valid-minimal" / "config.yaml").read_text("utf-8"),
        }
    )
    [problem] = validate_path(str(ws)).problems
    assert (problem.severity, problem.code, problem.line) == ("warning", "consent-withdrawn", 9)


def test_withdrawn_consent_hint_names_no_missing_command(make_ws: Callable[..., Path]) -> None:
    ws = make_ws(
        {
            "conferences/fk-2026.yaml": CONFERENCE,
            "cases/2026/fk-2026-01.yaml": CASE + "  withdrawn: 2026-07-01\n",
        }
    )
    [problem] = [p for p in validate_path(str(ws)).problems if p.code == "consent-withdrawn"]
    assert problem.hint is not None and "retention.withdrawn_days" in problem.hint
    assert "merzig privacy" not in problem.hint


def test_inquiry_numbered_in_another_year_than_received_is_warned(
    make_ws: Callable[..., Path],
) -> None:
    ws = make_ws(
        {
            "inquiries/2026/2026-0001.yaml": (
                "id: '2026-0001'\nreceived: 2025-12-30\nchannel: phone\ninquirer: refugees\n"
                "language: ar\ntopics: [work]\nquestion: Wie?\n"
            )
        }
    )
    [problem] = validate_path(str(ws)).problems
    assert (problem.severity, problem.code, problem.line) == ("warning", "year-number", 2)
    assert "2025-12-30" in problem.message


def test_case_files_tracked_by_git_are_warned(make_ws: Callable[..., Path]) -> None:
    ws = make_ws({"conferences/fk-2026.yaml": CONFERENCE, "cases/2026/fk-2026-01.yaml": CASE})
    assert validate_path(str(ws)).problems == []
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    subprocess.run(["git", "-C", str(ws), "add", "cases"], check=True)
    [problem] = validate_path(str(ws)).problems
    assert (problem.code, problem.file) == ("cases-in-git", "cases/")
    assert "1 Falldatei wird" in problem.message
    assert ".gitignore" in (problem.hint or "")


def test_stray_files_are_warned(make_ws: Callable[..., Path]) -> None:
    ws = make_ws({"actors/notiz.yml": "id: notiz\n", "inquiries/2026-0001.yaml": "id: x\n"})
    found = sorted((p.code, p.file) for p in validate_path(str(ws)).problems)
    assert found == [
        ("stray-file", "actors/notiz.yml"),
        ("stray-file", "inquiries/2026-0001.yaml"),
    ]


def test_missing_taxonomy_is_reported_not_raised(make_ws: Callable[..., Path]) -> None:
    ws = make_ws()
    (ws / "taxonomy.yaml").unlink()
    codes = {p.code for p in validate_path(str(ws)).problems}
    assert "file-missing" in codes


def test_no_workspace_is_a_clear_error(tmp_path: Path, cli: Callable[..., Any]) -> None:
    result = cli("validate", "--data", str(tmp_path / "fehlt"))
    assert result.exit_code == 1
    assert "Kein Arbeitsbereich unter" in result.stderr
    assert "config.yaml fehlt" in result.stderr
    assert "Traceback" not in result.output


def test_wrong_usage_exits_2(cli: Callable[..., Any]) -> None:
    assert cli("validate", "--streng").exit_code == 2


def test_unexpected_errors_show_no_traceback_unless_debug(
    make_ws: Callable[..., Path], cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(data: str | None = None) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(core_validate, "validate_path", boom)
    ws = str(make_ws())
    result = cli("validate", "--data", ws)
    assert result.exit_code == 3
    assert "Interner Fehler: RuntimeError: kaputt" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.output
    debug = cli("--debug", "validate", "--data", ws)
    assert isinstance(debug.exception, RuntimeError)


def test_debug_shows_the_traceback_in_a_real_process(tmp_path: Path) -> None:
    """Expected failures never print a traceback, even with --debug off."""
    merzig = Path(sys.executable).parent / "merzig"
    out = subprocess.run(
        [str(merzig), "validate", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "Kein Arbeitsbereich" in out.stderr


def _mutations(text: str) -> list[str]:
    """The file with each value in turn replaced by a value of the wrong shape."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if ":" not in line or not key.strip().lstrip("- ").isidentifier():
            continue
        for wrong in ("[[x]]", "[{id: 1}]", "{a: 1}", "2026-02-30"):
            out.append("\n".join([*lines[:i], f"{key}: {wrong}", *lines[i + 1 :]]) + "\n")
    return out


@pytest.mark.parametrize("rel", ["cases/2026/fk-2026-01.yaml", "actors/iq-beratung.yaml"])
def test_values_of_the_wrong_shape_are_reported_never_crash(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(CORPUS / "valid-minimal", root)
    original = (root / rel).read_text("utf-8")
    mutations = _mutations(original)
    assert len(mutations) > 40
    for text in mutations:
        (root / rel).write_text(text, encoding="utf-8")
        report = validate_path(str(root))  # must not raise
        assert report.problems, text


def test_a_circle_of_parent_topics_is_an_error_once(make_ws: Callable[..., Path]) -> None:
    from conftest import TAXONOMY

    circle = TAXONOMY.replace(
        "    keywords: [arbeit, job, stelle]\n",
        "    keywords: [arbeit, job, stelle]\n    parent: language\n",
    ).replace(
        "    keywords: [deutschkurs, sprachkurs, integrationskurs]\n",
        "    keywords: [deutschkurs, sprachkurs, integrationskurs]\n    parent: recognition\n",
    )
    root = make_ws({"taxonomy.yaml": circle})
    found = [p for p in validate_path(str(root)).problems if p.code == "parent-cycle"]
    assert [(p.file, p.line, p.severity) for p in found] == [("taxonomy.yaml", 5, "error")]
    assert "work → language → recognition → work" in found[0].message
    chain = TAXONOMY.replace(
        "    keywords: [deutschkurs, sprachkurs, integrationskurs]\n",
        "    keywords: [deutschkurs, sprachkurs, integrationskurs]\n    parent: recognition\n",
    )  # a chain, not a circle: language -> recognition -> work
    root = make_ws({"taxonomy.yaml": chain})
    assert not [p for p in validate_path(str(root)).problems if p.code == "parent-cycle"]


def test_a_chain_of_thousands_of_parent_topics_is_no_internal_error(
    make_ws: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path
) -> None:
    from conftest import TAXONOMY

    chain = "".join(
        f"  - id: t{n}\n    label: {{de: Thema {n}}}\n    parent: {'work' if n == 0 else f't{n - 1}'}\n"
        for n in range(3000)
    )
    root = make_ws({"taxonomy.yaml": TAXONOMY.replace("target_groups:", chain + "target_groups:")})
    assert cli("validate", "--data", str(root)).exit_code == 0
    out = tmp_path / "out"
    built = cli("brochure", "build", "--format", "md", "--out", str(out), "--data", str(root))
    assert built.exit_code == 0, built.output


def test_a_long_circle_of_parent_topics_is_named_short(make_ws: Callable[..., Path]) -> None:
    from conftest import TAXONOMY

    circle = "".join(
        f"  - id: c{n}\n    label: {{de: Kreis {n}}}\n    parent: c{(n + 1) % 500}\n"
        for n in range(500)
    )
    root = make_ws({"taxonomy.yaml": TAXONOMY.replace("target_groups:", circle + "target_groups:")})
    [found] = [p for p in validate_path(str(root)).problems if p.code == "parent-cycle"]
    assert "c0 → c1 → c2 → … 495 weitere … → c498 → c499 → c0" in found.message
    assert len(found.message) < 200

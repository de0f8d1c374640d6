"""merzig brochure build / translations as the coordinator and the scheduled job use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_brochure_support import small_workspace

REPO = Path(__file__).resolve().parent.parent
NAMES = [
    f"arbeiten-und-leben-in-musterstadt-{lang}.{fmt}"
    for lang in ("de", "en")
    for fmt in ("html", "md")
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_workspace(tmp_path / "ws")


def _build(cli: Callable[..., Any], root: Path, out: Path, *extra: str) -> Any:
    return cli(
        "brochure",
        "build",
        "--data",
        str(root),
        "--lang",
        "de,en",
        "--format",
        "html,md",
        "--out",
        str(out),
        *extra,
    )


def test_build_writes_named_files_and_summarises(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    result = _build(cli, root, out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert "4 Dateien geschrieben" in result.stdout and "neu" in result.stdout
    again = _build(cli, root, out)
    assert again.exit_code == 0 and "unverändert" in again.stdout and "neu" not in again.stdout


def test_check_reports_nothing_to_do_then_changes_without_writing(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    assert _build(cli, root, out).exit_code == 0
    clean = _build(cli, root, out, "--check")
    assert clean.exit_code == 0 and "4 Dateien" in clean.stdout and "aktuell" in clean.stdout
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    sprachcafe = root / "actors" / "sprachcafe.yaml"
    sprachcafe.write_text(
        sprachcafe.read_text(encoding="utf-8").replace("Kuchen", "Keksen"), encoding="utf-8"
    )
    dirty = _build(cli, root, out, "--check")
    assert dirty.exit_code == 1
    assert "arbeiten-und-leben-in-musterstadt-de.html" in dirty.stderr
    assert "en.md" not in dirty.stderr  # the English text is a translation: unchanged
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # --check writes nothing
    as_json = _build(cli, root, out, "--check", "--json")
    report = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and report["up_to_date"] is False
    assert {Path(f["file"]).name: f["status"] for f in report["files"]}[
        "arbeiten-und-leben-in-musterstadt-de.md"
    ] == "changed"


def test_check_names_an_output_folder_that_looks_like_markup_as_it_is(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    """--out is the user's text: Rich must not read ``[/]`` in it as a closing tag."""
    out = tmp_path / "[/]ausgabe"
    assert _build(cli, root, out).exit_code == 0
    clean = _build(cli, root, out, "--check")
    assert clean.exit_code == 0, clean.output
    assert f"4 Dateien in {out} sind aktuell." in clean.stdout


def test_check_on_empty_output_folder_fails(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    result = _build(cli, root, tmp_path / "leer", "--check")
    assert result.exit_code == 1 and "neu:" in result.stderr
    assert not (tmp_path / "leer").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lang", "fr"), "--lang fr: Sprache nicht in brochure.languages"),
        (("--format", "docx"), "--format docx: unbekanntes Format"),
        (("--page-size", "A3"), "Papierformat „A3“ gibt es nicht"),
    ],
)
def test_wrong_options_are_usage_errors_in_german(
    cli: Callable[..., Any], root: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("brochure", "build", "--data", str(root), "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_workspace_is_a_clear_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("brochure", "build", "--data", str(tmp_path / "nix"))
    assert result.exit_code == 1 and "config.yaml fehlt" in result.stderr


def test_broken_workspace_template_names_file_and_line(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    own = root / "templates" / "brochure" / "cover.html.j2"
    own.parent.mkdir(parents=True)
    own.write_text("<h1>\n{{ b.title.text \n", encoding="utf-8")
    result = _build(cli, root, tmp_path / "o")
    assert result.exit_code == 1
    assert "cover.html.j2:" in result.stderr and "Vorlage fehlerhaft" in result.stderr


def test_translations_lists_missing_outdated_machine(cli: Callable[..., Any], root: Path) -> None:
    result = cli("brochure", "translations", "--data", str(root))
    assert result.exit_code == 0
    assert "iq-beratung" in result.stdout and "sprachcafe" in result.stdout
    data = json.loads(cli("brochure", "translations", "--data", str(root), "--json").stdout)
    assert data["ar"]["machine"] == ["jobcenter-test"]
    assert data["en"]["outdated"] == ["sprachcafe"]


def test_scheduled_job_as_real_process_builds_all_and_is_idempotent(
    root: Path, tmp_path: Path
) -> None:
    """The pipeline's commands as separate processes: build, then --check finds nothing."""
    merzig = [sys.executable, "-m", "merzig_cli"]
    out = tmp_path / "output"
    env = {**os.environ, "MERZIG_DATA": str(root)}
    build = subprocess.run(
        [*merzig, "brochure", "build", "--lang", "all", "--format", "html,md", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert len(list(out.iterdir())) == 6  # de, en, ar × html, md
    check = subprocess.run(
        [
            *merzig,
            "brochure",
            "build",
            "--lang",
            "all",
            "--format",
            "html,md",
            "--out",
            str(out),
            "--check",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert check.returncode == 0, check.stderr


def test_help_and_validate_do_not_import_the_renderers() -> None:
    code = (
        "import sys\n"
        "from merzig_cli.cli.main import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['brochure', '--help'])\n"
        "bad = [m for m in ('jinja2', 'markdown', 'nh3', 'weasyprint', 'babel') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == ""


def test_one_file_is_counted_in_the_singular(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    args = ["brochure", "build", "--data", str(root), "--lang", "de", "--format", "md"]
    result = cli(*args, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 Datei geschrieben\n")
    check = cli(*args, "--out", str(out), "--check")
    assert "✓ 1 Datei in" in check.stdout and "ist aktuell." in check.stdout

"""merzig init: a new town's empty workspace validates, keeps private files out of git and
refuses any folder that is not new or empty."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema_support import check_jsonschema

from merzig_cli.documents.manifest import FOLDER as OUTPUTS_DIR
from merzig_cli.network.ledger import LEDGER_DIR
from merzig_cli.workspace.cache import CACHE_DIR
from merzig_cli.workspace.loader import load_workspace

REPO = Path(__file__).resolve().parent.parent
TOOL = "https://git.example.org/stadt/merzig-cli.git"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = tmp_path_factory.mktemp("init") / "beckingen"
    args = ["init", str(root), "--town", "Kreisstadt Beckingen", "--state", "Saarland"]
    result = CliRunner().invoke(app, [*args, "--tool-repo", TOOL])
    assert result.exit_code == 0, result.output
    assert "merzig actors form" in result.output and "merzig actors import" in result.output
    return root


def test_the_new_workspace_is_valid_and_empty(made: Path, cli: Callable[..., Any]) -> None:
    result = cli("validate", "--data", str(made), "--strict")
    assert result.exit_code == 0, result.output
    ws = load_workspace(made)
    assert ws.config.municipality == "Kreisstadt Beckingen"
    assert ws.config.state == "Saarland"
    assert ws.config.brochure.title == "Arbeiten und Leben in Beckingen"
    assert ws.config.brochure.languages == ["de"]
    assert ws.config.smtp is None and ws.config.office.email is None
    assert ws.config.retention.cases_months == 36
    assert not ws.actors and not ws.inquiries and not ws.conferences
    assert {"recognition", "language-courses"} <= set(ws.taxonomy.topics)
    assert "refugees" in ws.taxonomy.target_groups and ws.taxonomy.categories
    for folder in ("actors", "inquiries", "conferences"):
        assert [p.name for p in (made / folder).iterdir()] == [".gitkeep"]
    config = (made / "config.yaml").read_text(encoding="utf-8")
    for comment in ("# Name der Kommune", "Datenschutz", "MERZIG_SMTP_PASSWORD", "Aufbewahrung"):
        assert comment in config
    assert "merzig" not in (made / "taxonomy.yaml").read_text(encoding="utf-8").replace(
        "merzig init", ""
    ).replace("merzig route", "")


def test_git_keeps_cases_outputs_and_the_tools_state_out(made: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(made), str(repo)], check=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    inside = [
        "cases/2027/fk-2027-01.yaml",
        "output/arbeiten-und-leben-in-beckingen-de.pdf",
        f"{CACHE_DIR}/write.lock",
        f"{LEDGER_DIR}/runde.jsonl",
        f"{OUTPUTS_DIR}/manifest.json",
        "actors/.caritas.yaml.123.abc.tmp",
    ]
    kept = ["actors/caritas.yaml", "inquiries/2027/2027-0001.yaml", "config.yaml", ".gitlab-ci.yml"]
    for rel in inside + kept:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("x\n", encoding="utf-8")
    done = subprocess.run(
        ["git", "-C", str(repo), "check-ignore", "--no-index", *inside, *kept],
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(done.stdout.split()) == sorted(inside)


def test_the_ci_recipe_is_valid_gitlab_ci_and_its_check_runs(
    made: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    recipe = made / ".gitlab-ci.yml"
    done = check_jsonschema("--builtin-schema", "vendor.gitlab-ci", str(recipe))
    assert done.returncode == 0, done.stdout + done.stderr
    text = recipe.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["variables"]["MERZIG_CLI"] == f"git+{TOOL}"
    assert "merzig brochure build --data . " in text and "$CI_PROJECT_DIR" in text
    [line] = [s for s in yaml.safe_load(text)["validate"]["script"] if "merzig" in s]
    monkeypatch.chdir(made)  # the recipe runs in the repository, the workspace at its top
    result = cli(*shlex.split(line)[1:])
    assert result.exit_code == 0, result.output


def test_the_pre_commit_configuration_uses_the_projects_hook(made: Path) -> None:
    config = yaml.safe_load((made / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == TOOL
    assert [h["id"] for h in repo["hooks"]] == [hooks[0]["id"]] == ["merzig-validate"]
    assert repo["hooks"][0]["args"] == ["--data", "."]


@pytest.mark.parametrize("town", ['Stadt: "Ober-Ä" #1', "Gemeinde yes", "true", "Markt 2026"])
def test_a_town_name_reads_back_exactly(town: str, tmp_path: Path, cli: Callable[..., Any]) -> None:
    result = cli("init", str(tmp_path / "neu"), "--town", town)
    assert result.exit_code == 0, result.output
    ws = load_workspace(tmp_path / "neu")
    assert ws.config.municipality == town and ws.config.state is None


def test_a_folder_that_is_not_empty_or_a_link_is_refused(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    full = tmp_path / "voll"
    full.mkdir()
    (full / "notiz.txt").write_text("bleibt\n", encoding="utf-8")
    empty = tmp_path / "leer"
    empty.mkdir()
    link = tmp_path / "verknuepfung"
    os.symlink(empty, link)
    file = tmp_path / "datei"
    file.write_text("", encoding="utf-8")
    for target, words in ((full, "nicht leer"), (link, "Verknüpfung"), (file, "kein Ordner")):
        result = cli("init", str(target), "--town", "Kreisstadt X")
        assert result.exit_code == 1, result.output
        assert words in result.output and "nichts geschrieben" in result.output
    assert [p.name for p in full.iterdir()] == ["notiz.txt"]
    assert list(empty.iterdir()) == []
    result = cli("init", str(tmp_path / "neu"), "--town", "\x1b[31mrot")
    assert result.exit_code == 1 and not (tmp_path / "neu").exists()


def test_a_folder_name_that_looks_like_markup_is_printed_as_it_is(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    """A folder's name is the user's text: Rich must not read ``[/]`` as a closing tag."""
    folder = tmp_path / "[/]neu [bold]"
    result = cli("init", str(folder), "--town", "Kreisstadt X")
    assert result.exit_code == 0, result.output
    assert f"Neuer Arbeitsbereich in {folder}:" in result.output


@pytest.mark.parametrize(
    ("ci", "recipe", "schema"),
    [
        ("github", ".github/workflows/merzig.yml", "vendor.github-workflows"),
        ("none", None, None),
    ],
)
def test_the_ci_recipe_follows_the_forge(
    ci: str,
    recipe: str | None,
    schema: str | None,
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    root = tmp_path / "neu"
    result = cli("init", str(root), "--town", "Gemeinde Perl", "--ci", ci, "--tool-repo", TOOL)
    assert result.exit_code == 0, result.output
    assert not (root / ".gitlab-ci.yml").exists()
    recipes = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yml"))
    assert recipes == ([recipe] if recipe else [])
    if recipe and schema:
        done = check_jsonschema("--builtin-schema", schema, str(root / recipe))
        assert done.returncode == 0, done.stdout + done.stderr
        steps = yaml.safe_load((root / recipe).read_text("utf-8"))["jobs"]["brochure"]["steps"]
        runs = [s["run"] for s in steps if "merzig " in s.get("run", "")]
        assert runs[0] == "merzig validate --data ."
        assert (
            yaml.safe_load((root / recipe).read_text("utf-8"))["env"]["MERZIG_CLI"] == f"git+{TOOL}"
        )
    assert cli("init", str(tmp_path / "x"), "--town", "X", "--ci", "jenkins").exit_code == 2
    assert not (tmp_path / "x").exists()


def test_init_reports_the_folder_and_its_files_as_json(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    import json

    folder = tmp_path / "neu"
    result = cli("init", str(folder), "--town", "Kreisstadt X", "--ci", "none", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["folder"] == str(folder)
    assert {"config.yaml", "taxonomy.yaml", "actors/"} <= set(report["files"])
    assert all((folder / name).exists() for name in report["files"])

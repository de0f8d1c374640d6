"""Review in merge requests: the pipeline jobs are valid for their CI system and their merzig
lines really validate and write the Markdown diff in a real repository; the pre-commit hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema_support import check_jsonschema
from pre_commit.clientlib import load_manifest
from test_actors_review import edit, git, repository

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _shell(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", line],
        cwd=cwd,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _github_lines() -> list[str]:
    workflow: Any = yaml.safe_load((REPO / "pipelines" / "github-review.yml").read_text("utf-8"))
    steps = workflow["jobs"]["review"]["steps"]
    assert workflow[True]["pull_request"]["paths"] == ["data/**"]  # YAML reads "on" as True
    return [s["run"] for s in steps if "merzig " in s.get("run", "")]


def _gitlab_lines() -> list[str]:
    config: Any = yaml.safe_load((REPO / "pipelines" / "gitlab-ci.yml").read_text("utf-8"))
    review = config["review"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in config["validate"]["rules"]
    lines = [line for line in config["validate"]["script"] if "merzig " in line]
    return lines + [line for line in review["script"] if "merzig " in line]


@pytest.mark.parametrize("name", ["github-review.yml", "gitlab-ci.yml"])
def test_the_review_pipeline_is_valid_for_its_ci_system(name: str) -> None:
    schema = "vendor.github-workflows" if name.startswith("github") else "vendor.gitlab-ci"
    result = check_jsonschema("--builtin-schema", schema, str(REPO / "pipelines" / name))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_review_job_validates_and_writes_the_diff_of_a_merge_request(
    ci: str, tmp_path: Path
) -> None:
    repo, ws = repository(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()
    edit(ws / "actors" / "akteur-2.yaml", "anna2@example.org", "anna.neu@example.org")
    git(repo, "commit", "-q", "-am", "Neue Adresse")
    lines = _github_lines() if ci == "github" else _gitlab_lines()
    assert [line.split()[1] for line in lines] == ["validate", "actors"]
    env = {
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    for line in lines:
        done = _shell(line, repo, env)
        assert done.returncode == 0, done.stdout + done.stderr
    comment = (repo / "steckbriefe.md").read_text(encoding="utf-8")
    assert comment.startswith("## Änderungen an den Steckbriefen")
    assert (
        "| `Ansprechpersonen a › E-Mail-Adresse` (`contacts[a].email`) | `anna2@example.org` "
        "| `anna.neu@example.org` |" in comment
    )


def test_a_broken_merge_request_fails_at_validate(tmp_path: Path) -> None:
    repo, ws = repository(tmp_path)
    edit(ws / "actors" / "akteur-1.yaml", "level: district", "level: galaxis")
    validate = _github_lines()[0]
    done = _shell(validate, repo, {})
    assert done.returncode == 1 and "galaxis" in done.stderr


def test_the_pre_commit_hook_runs_merzig_validate(tmp_path: Path) -> None:
    [hook] = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))  # pre-commit's own schema check
    assert hook["id"] == "merzig-validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    repo, ws = repository(tmp_path)
    command = f"{hook['entry']} --data data"  # as a data repository configures it (args)
    assert _shell(command, repo, {}).returncode == 0
    edit(ws / "actors" / "akteur-1.yaml", "level: district", "level: galaxis")
    refused = _shell(command, repo, {})
    assert refused.returncode == 1 and "actors/akteur-1.yaml" in refused.stderr

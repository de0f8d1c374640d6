"""The pre-commit snippet of the manual works as written, with the real pre-commit.

The repository is cloned at HEAD (what a data repository would fetch), the snippet
from docs/arbeitsbereich.md is used with the clone's path as ``repo``, and
``pre-commit autoupdate`` sets ``rev`` as the manual says. pre-commit then builds
its own environment for the hook (``pip install`` of the clone), which takes about
a minute; the same environment serves both runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import BUNDLED

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


def _snippet() -> str:
    """The YAML block of the manual that configures the hook."""
    text = (REPO / "docs" / "arbeitsbereich.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S)
    [block] = [b for b in blocks if "merzig-validate" in b]
    return str(block)


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def test_the_hook_in_the_manual_validates_a_data_repository(tmp_path: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "merzig-validate"]
    assert hook["entry"] == "merzig validate" and hook["pass_filenames"] is False

    clone = tmp_path / "merzig-cli"
    # pip reaches the package index over TLS, whose certificates hold only at the real date:
    # under the run years ahead (libfaketime through LD_PRELOAD) pre-commit gets the real clock.
    real = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    # No bytecode for the hook's environment: pip would compile every dependency, CPU-bound
    # work (42 s -> 32 s for this test, measured) for a run that imports a few modules once.
    env = {**real, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_COMPILE": "1"}
    done = _run(tmp_path, env, "git", "clone", "-q", str(REPO), str(clone))
    assert done.returncode == 0, done.stderr
    head = _run(clone, env, "git", "rev-parse", "HEAD").stdout.strip()

    snippet = _snippet()
    config = yaml.safe_load(snippet)
    assert config["repos"][0]["hooks"][0]["id"] == "merzig-validate"
    address = config["repos"][0]["repo"]
    data_repo = tmp_path / "daten"
    shutil.copytree(BUNDLED, data_repo / "data", ignore=shutil.ignore_patterns(".merzig-*"))
    (data_repo / ".pre-commit-config.yaml").write_text(
        snippet.replace(address, str(clone)), encoding="utf-8"
    )
    for args in (("init", "-q"), ("add", "-A")):
        assert _run(data_repo, env, "git", *args).returncode == 0

    done = _run(data_repo, env, PRE_COMMIT, "autoupdate")
    assert done.returncode == 0, done.stdout + done.stderr
    written_path = data_repo / ".pre-commit-config.yaml"
    rev = yaml.safe_load(written_path.read_text("utf-8"))["repos"][0]["rev"]
    tags = _run(clone, env, "git", "tag", "--list").stdout.split()
    assert rev == head or rev in tags  # the newest tag once there are tags
    # The hook as it is now, whatever the newest tag: HEAD, as a commit hash.
    written_path.write_text(written_path.read_text("utf-8").replace(rev, head), "utf-8")
    _run(data_repo, env, "git", "add", "-A")

    done = _run(data_repo, env, PRE_COMMIT, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "merzig validate" in done.stdout and "Passed" in done.stdout

    actor = data_repo / "data" / "actors" / "caritas-merzig.yaml"
    text = actor.read_text(encoding="utf-8")
    category = re.search(r"^category: (\S+)$", text, re.M)
    assert category is not None
    actor.write_text(text.replace(category.group(0), "category: wohlfahrt"), encoding="utf-8")
    _run(data_repo, env, "git", "add", "-A")
    done = _run(data_repo, env, PRE_COMMIT, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "actors/caritas-merzig.yaml" in done.stdout and "wohlfahrt" in done.stdout

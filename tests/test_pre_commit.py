"""The pre-commit snippet of the manual works as written, with the real pre-commit.

The repository is cloned at HEAD (what a data repository would fetch), the snippet
from docs/arbeitsbereich.md is used with the clone's path as ``repo``, and
``pre-commit autoupdate`` sets ``rev`` as the manual says. pre-commit then builds
its own environment for the hook (``pip install`` of the clone, with the dependencies
pyproject.toml names); the same environment serves both runs.

pip gets the dependencies from a local folder of wheels, made from the distributions
installed for the tests, and not from the package index: the same versions, the same
resolution of pyproject.toml's requirements, but no network (the index made this test
take 20 s to over 3 minutes, by the network's mood).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import virtualenv
import yaml
from conftest import BUNDLED
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


def _snippet() -> str:
    """The YAML block of the manual that configures the hook."""
    text = (REPO / "docs" / "arbeitsbereich.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S)
    [block] = [b for b in blocks if "merzig-validate" in b]
    return str(block)


def _requirements(name: str) -> dict[str, metadata.Distribution]:
    """The installed distributions ``name`` needs to run, itself left out, with their extras."""
    found: dict[str, metadata.Distribution] = {}
    todo, seen = [(name, frozenset[str]())], set()
    while todo:
        project, extras = todo.pop()
        key = re.sub(r"[-_.]+", "-", project).lower()
        if (key, extras) in seen:
            continue
        seen.add((key, extras))
        dist = found[key] = metadata.distribution(project)
        for line in dist.requires or []:
            req = Requirement(line)
            wanted = req.marker is None or any(
                req.marker.evaluate({"extra": extra}) for extra in {"", *extras}
            )
            if wanted:
                todo.append((req.name, frozenset(req.extras)))
    del found[re.sub(r"[-_.]+", "-", name).lower()]
    return found


def _wheel(dist: metadata.Distribution, folder: Path) -> None:
    """The installed distribution packed as the wheel it was installed from (its console
    scripts come back from entry_points.txt, its bytecode is left out)."""
    tags = [
        t.split(": ", 1)[1]
        for t in (dist.read_text("WHEEL") or "").splitlines()
        if t.startswith("Tag: ")
    ]
    assert tags, dist.metadata["Name"]
    tag = "-".join(".".join(sorted({t.split("-")[i] for t in tags})) for i in range(3))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    record: list[str] = []
    with zipfile.ZipFile(folder / f"{name}-{dist.version}-{tag}.whl", "w") as wheel:
        for file in dist.files or []:
            path = str(file)
            own = ".dist-info/" in path and file.name in ("RECORD", "INSTALLER", "REQUESTED")
            if (
                path.startswith("..")
                or "__pycache__" in path
                or own
                or path.endswith("/direct_url.json")
            ):
                continue
            data = Path(str(file.locate())).read_bytes()
            wheel.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
        [meta] = [f for f in dist.files or [] if f.match("*.dist-info/METADATA")]
        info = f"{meta.parent}/RECORD"
        wheel.writestr(info, "\n".join([*record, f"{info},,", ""]))


def _wheelhouse(folder: Path) -> Path:
    """merzig-cli's dependencies as wheels, and the setuptools its build needs (the one
    virtualenv brings along)."""
    folder.mkdir()
    for dist in _requirements("merzig-cli").values():
        _wheel(dist, folder)
    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    for setuptools in embedded.glob("setuptools-*.whl"):
        shutil.copy(setuptools, folder)
    return folder


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def test_the_hook_in_the_manual_validates_a_data_repository(tmp_path: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "merzig-validate"]
    assert hook["entry"] == "merzig validate" and hook["pass_filenames"] is False

    clone = tmp_path / "merzig-cli"
    # The tools of pre-commit and pip check dates of their own (certificates, caches): under
    # the run years ahead (libfaketime through LD_PRELOAD) they get the real clock.
    real = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    # pip's own modules in the hook's new environment come without bytecode: with
    # PYTHONDONTWRITEBYTECODE set, each of pre-commit's pip runs would compile them again.
    real.pop("PYTHONDONTWRITEBYTECODE", None)
    # No bytecode for the hook's environment: pip would compile every dependency (2,900
    # files), CPU-bound work (10 s of 14 s of pip's CPU, measured) for a run that imports a
    # few modules once. pip reads a boolean from the environment as the value of the
    # option's *destination*: PIP_NO_COMPILE=1 sets compile to true, so "0"
    # is what --no-compile means.
    # The clone is built in an isolated build environment, as for every user (Python 3.12's
    # virtualenv puts no setuptools into the hook's environment to build with).
    env = {
        **real,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_COMPILE": "0",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(_wheelhouse(tmp_path / "wheels")),
    }
    done = _run(tmp_path, env, "git", "clone", "-q", str(REPO), str(clone))
    assert done.returncode == 0, done.stderr
    # Packed, as a server's repository is: a local clone shares the working repository's
    # loose objects, and each of pre-commit's two fetches would compress them again.
    assert _run(clone, env, "git", "repack", "-q", "-a", "-d").returncode == 0
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

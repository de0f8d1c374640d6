"""The copy-ready CI files: valid for their CI system, and their merzig commands really work."""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from jsonschema_support import check_jsonschema
from test_brochure_support import small_workspace

REPO = Path(__file__).resolve().parent.parent
PIPELINES = {
    "github-brochure.yml": "vendor.github-workflows",
    "gitlab-ci.yml": "vendor.gitlab-ci",
}


@pytest.mark.parametrize(("name", "schema"), PIPELINES.items())
def test_pipeline_file_is_valid_for_its_ci_system(name: str, schema: str) -> None:
    result = check_jsonschema("--builtin-schema", schema, str(REPO / "pipelines" / name))
    assert result.returncode == 0, result.stdout + result.stderr


def _merzig_commands(name: str) -> list[str]:
    text = (REPO / "pipelines" / name).read_text(encoding="utf-8")
    yaml.safe_load(text)
    return re.findall(r"\b(merzig (?:validate|brochure)[^|;\n]*?)\s*(?:\|\||;|$)", text, flags=re.M)


Ran = Callable[[tuple[str, ...]], tuple[list[int], list[str]]]


@pytest.fixture(scope="module")
def run_lines(tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """Run merzig lines, in order, in a checkout-like folder: the exit codes and the files
    built. Lines run once per module: both pipelines have the same ones (each lays out the
    brochure's PDFs twice, 5 s), and the same lines give the same results."""

    @functools.cache
    def run(commands: tuple[str, ...]) -> tuple[list[int], list[str]]:
        root = tmp_path_factory.mktemp("checkout")
        data = small_workspace(root / "data")
        shutil.rmtree(data / "cases")  # the deliberately broken case file would fail validate
        codes = []
        for command in commands:
            args = shlex.split(command)[1:]
            result = subprocess.run(
                [sys.executable, "-m", "merzig_cli", *args],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            codes.append(result.returncode)
        return codes, sorted(p.name for p in (root / "output").iterdir())

    return run


@pytest.mark.parametrize("name", PIPELINES)
def test_pipeline_commands_validate_build_and_check(name: str, run_lines: Ran) -> None:
    """Run the pipeline's own merzig lines, in order, in a checkout-like folder."""
    commands = _merzig_commands(name)
    assert [c.split()[1] for c in commands] == ["validate", "brochure", "brochure"]
    codes, built = run_lines(tuple(commands))
    assert codes == [0, 1, 0]  # valid; --check: brochure not built yet; build
    assert len(built) == 9 and "arbeiten-und-leben-in-musterstadt-ar.pdf" in built

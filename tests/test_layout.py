"""The folders are the architecture: one subpackage per capability, imports run one way.

Every import is read from the source (module level, inside functions and under
TYPE_CHECKING alike), so a lazy import cannot hide a circle.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from merzig_cli import LAYERS

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "merzig_cli"
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}
MAX_LINES = 400


def _modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.rglob("*.py"))


@functools.cache
def _tree(path: Path) -> ast.Module:
    """The module's syntax tree, parsed once for the tests of this file."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of a merzig_cli module in ``path``."""
    package = ["merzig_cli", *path.relative_to(root).parts[:-1]]
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "merzig_cli"]


def _subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_package_holds_only_subpackages() -> None:
    loose = sorted(
        p.name
        for p in PACKAGE.iterdir()
        if p.is_file() and p.name not in ("__init__.py", "__main__.py", "py.typed")
    )
    assert loose == []
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(RANK), "every subpackage has its place in merzig_cli.LAYERS"
    for name in folders:
        init = PACKAGE / name / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), name


def _against_the_direction(package: Path) -> list[str]:
    wrong = []
    for path in _modules(package):
        own = path.relative_to(package).parts
        if len(own) == 1:
            continue  # the public API and python -m stand above everything
        for line, module in _imports(path, package):
            target = _subpackage(module)
            if target == own[0]:
                continue
            if target not in RANK or RANK[target] >= RANK[own[0]]:
                wrong.append(f"{path.relative_to(package).as_posix()}:{line} imports {module}")
    return wrong


def test_imports_run_one_way_without_circles() -> None:
    assert _against_the_direction(PACKAGE) == []


def test_the_rule_catches_a_lazy_import_against_the_direction(tmp_path: Path) -> None:
    """Guards the rule itself: core importing the CLI inside a function is found."""
    package = tmp_path / "merzig_cli"
    (package / "core").mkdir(parents=True)
    (package / "core" / "x.py").write_text(
        "def f() -> None:\n    from ..cli import main\n", encoding="utf-8"
    )
    (package / "cli").mkdir()
    (package / "cli" / "y.py").write_text("from ..core import x\n", encoding="utf-8")
    assert _against_the_direction(package) == ["core/x.py:2 imports merzig_cli.cli"]


def test_only_the_cli_imports_typer_or_rich() -> None:
    pattern = re.compile(r"^\s*(?:import|from)\s+(typer|rich)\b", re.M)
    offenders = [
        str(p.relative_to(REPO))
        for p in _modules()
        if p.relative_to(PACKAGE).parts[0] != "cli" and pattern.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_no_module_is_two_ideas() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_contributor_guide_layout_names_every_subpackage_with_its_purpose() -> None:
    guide = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    block = guide.split("<!-- layout:start -->")[1].split("<!-- layout:end -->")[0]
    for name in RANK:
        init = (PACKAGE / name / "__init__.py").read_text(encoding="utf-8")
        purpose = (ast.get_docstring(ast.parse(init)) or "").splitlines()[0]
        assert f"  {name}/" in block and purpose in block, name
    for line in block.splitlines():
        folder = re.match(r"^(\S+/)\s", line)
        if folder and folder.group(1) != "merzig_cli/":
            assert (REPO / folder.group(1)).is_dir(), folder.group(1)


def test_pyproject_ships_every_subpackage_and_template() -> None:
    """An installed tool (pip install .) has every module and every packaged template."""
    import fnmatch
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    packages = set(config["setuptools"]["packages"])
    data = config["setuptools"]["package-data"]
    expected = {"merzig_cli", *(f"merzig_cli.{name}" for name in RANK)}
    templates = REPO / "templates"
    for folder in [templates, *sorted(p for p in templates.rglob("*") if p.is_dir())]:
        if folder.name == "__pycache__":
            continue
        name = ".".join(["merzig_cli.templates", *folder.relative_to(templates).parts])
        expected.add(name)
        for file in folder.iterdir():
            if file.is_file() and file.suffix != ".py":
                patterns = data.get(name, [])
                assert any(fnmatch.fnmatch(file.name, p) for p in patterns), file
    assert packages == expected


def test_every_library_the_package_imports_is_a_dependency() -> None:
    """pip install merzig-cli brings every library a command may import (the test tools
    are not there for users: a brochure in parts once needed pikepdf, a test tool)."""
    import sys
    import tomllib
    from importlib.metadata import distribution

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0] for d in config["dependencies"]]
    provided = {  # the top-level modules the declared distributions install
        Path(str(file)).parts[0].removesuffix(".py")
        for name in declared
        for file in distribution(name).files or []
        if not str(file).startswith("..")
    }
    missing = set()
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.split(".")[0] for name in names} - {"merzig_cli"}:
                if top not in sys.stdlib_module_names and top not in provided:
                    missing.add(f"{path.relative_to(REPO)}: {top}")
    assert missing == set()

"""merzig schema export: the JSON Schemas work with a standard validator.

The real ``check-jsonschema`` (its command line, run in-process) checks every YAML file of the
bundled workspace against the exported schema of its kind; it also checks
each schema against the JSON Schema metaschema, so an invalid pattern fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema_support import check_jsonschema

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
KIND_FILES = {
    "config": ["config.yaml"],
    "taxonomy": ["taxonomy.yaml"],
    "actor": ["actors/*.yaml"],
    "inquiry": ["inquiries/*/*.yaml"],
    "conference": ["conferences/*.yaml"],
    "case": ["cases/*/*.yaml"],
}


def check(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return check_jsonschema("--schemafile", str(schema), *map(str, files))


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from merzig_cli.schema.jsonschema import export_schemas

    folder = tmp_path_factory.mktemp("schemas")
    export_schemas(folder)
    return folder


def test_export_writes_one_schema_per_kind(tmp_path: Path, cli: Callable[..., Any]) -> None:
    target = tmp_path / "schemas"
    result = cli("schema", "export", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(
        f"{kind}.schema.json" for kind in KIND_FILES
    )
    schema_line = f"# yaml-language-server: $schema={(target / 'actor.schema.json').resolve()}"
    assert any(schema_line in line for line in result.stdout.splitlines())
    actor = json.loads((target / "actor.schema.json").read_text("utf-8"))
    assert actor["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert actor["title"] == "Steckbrief eines Akteurs (actors/<id>.yaml)"
    assert actor["properties"]["summary"]["description"] == (
        "Kurzbeschreibung, höchstens 200 Zeichen"
    )


def test_export_leaves_unchanged_files_alone(tmp_path: Path, cli: Callable[..., Any]) -> None:
    cli("schema", "export", str(tmp_path))
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert cli("schema", "export", str(tmp_path)).exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_every_bundled_file_passes_check_jsonschema(schemas: Path, kind: str) -> None:
    files = sorted(f for pattern in KIND_FILES[kind] for f in DATA.glob(pattern))
    assert files
    result = check(schemas / f"{kind}.schema.json", files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("level: ", "level: stat\nx_level: ", "$.level"),
        ("summary: ", "summary: " + "x" * 201 + "\nx_summary: ", "$.summary"),
        ("reviewed: ", "reviewed: gestern\nx_reviewed: ", "$.reviewed"),
        ("id: ", "id: Jobcenter Merzig\nx_id: ", "$.id"),
    ],
)
def test_a_broken_file_fails_check_jsonschema(
    schemas: Path, tmp_path: Path, old: str, new: str, where: str
) -> None:
    source = DATA / "actors" / "jobcenter-merzig-wadern.yaml"
    broken = tmp_path / "broken.yaml"
    text = source.read_text("utf-8")
    assert text.count("\n" + old) == 1
    broken.write_text(text.replace("\n" + old, "\n" + new, 1), encoding="utf-8")
    result = check(schemas / "actor.schema.json", [broken])
    assert result.returncode == 1
    assert where in result.stdout


def test_template_points_at_the_exported_actor_schema() -> None:
    """`merzig actors new` files find the schema when exported to <workspace>/schemas."""
    first = (REPO / "templates" / "steckbrief.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $$schema=../schemas/actor.schema.json"


def test_bundled_data_and_schema_folder_layout(tmp_path: Path) -> None:
    """The manual's check-jsonschema example (docs/arbeitsbereich.md) works on a copy of the bundled data."""
    from merzig_cli.schema.jsonschema import export_schemas

    ws = tmp_path / "data"
    shutil.copytree(DATA / "actors", ws / "actors")
    export_schemas(ws / "schemas")
    result = check(ws / "schemas" / "actor.schema.json", sorted((ws / "actors").glob("*.yaml")))
    assert result.returncode == 0, result.stdout


def test_export_takes_data_and_new_steckbriefe_point_to_it(
    make_ws: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    root = make_ws()
    result = cli("schema", "export", "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert (root / "schemas" / "actor.schema.json").is_file()
    assert "6 Schemas in" in result.stdout
    made = cli("actors", "new", "neu-stelle", "--data", str(root))
    assert made.exit_code == 0, made.stderr
    new = root / "actors" / "neu-stelle.yaml"
    first = new.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (new.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (root / "schemas" / "actor.schema.json").resolve()


def test_export_without_a_workspace_says_so(tmp_path: Path, cli: Callable[..., Any]) -> None:
    result = cli("schema", "export", "--data", str(tmp_path / "nichts"))
    assert result.exit_code == 1
    assert "ist kein Arbeitsbereich (config.yaml fehlt)" in result.stderr
    assert not (tmp_path / "nichts").exists()


def test_a_target_folder_that_looks_like_markup_is_printed_as_it_is(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    """The folder is the user's text: Rich must not read ``[/]`` in it as a closing tag."""
    target = tmp_path / "[/]schemas"
    result = cli("schema", "export", str(target))
    assert result.exit_code == 0, result.output
    assert f"in {target}" in result.stdout and (target / "actor.schema.json").is_file()

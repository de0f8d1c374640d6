"""Links anywhere in a path (issue 16, class 1): a folder or file may itself be a link.

A link inside the workspace is as dangerous as one out of it: a ``templates``
folder pointing at the workspace lets a template include every case file into
the brochure and every round mail; an ``output`` link writes into a tracked
folder; a year folder of inquiries pointing at the cases makes a purge delete
case files. One rule closes them all (``core/paths.no_link``): no symbolic
link on the way from the workspace, the templates folder or ``--out`` to a
file, the folder and the file included. Each attack ends in a German error
(exit 1) and nothing is read, leaked, written or deleted through the link.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, REPO

Cli = Callable[..., Any]
MARK = "GEHEIM-FALL-4711"  # a comment in every case file: nothing may carry it anywhere


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-*", "invitations"))
    for case in (root / "cases").rglob("*.yaml"):
        with case.open("a", encoding="utf-8") as handle:
            handle.write(f"# {MARK}\n")
    return root


def _said(result: Any) -> str:
    return " ".join(result.stderr.split())


def _leaked(*folders: Path) -> list[Path]:
    """Regular files below ``folders`` (links not followed) that carry a case file's mark."""
    return sorted(
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and MARK.encode() in p.read_bytes()
    )


def _cases(ws: Path) -> dict[str, bytes]:
    return {p.relative_to(ws).as_posix(): p.read_bytes() for p in (ws / "cases").rglob("*.yaml")}


def _round(cli: Cli, ws: Path, out: Path) -> Any:
    body = ws.parent / "text.md"
    body.write_text("Hallo\n", encoding="utf-8")
    return cli("mail", "round", "--all", "--subject", "Test", "--campaign", "test",
               "--body", str(body), "--data", str(ws), "--out", str(out))  # fmt: skip


def test_a_templates_folder_linked_to_the_workspace_includes_no_case_file(
    cli: Cli, ws: Path
) -> None:
    include = '{% include "cases/2026/fk-2026-01.yaml" %}\n'
    for name in ("brochure/brochure.md.j2", "mail/round.txt.j2", "mail/round.html.j2"):
        (ws / name).parent.mkdir(exist_ok=True)
        (ws / name).write_text(include, encoding="utf-8")
    os.symlink(".", ws / "templates")  # templates/ is the workspace itself
    out = ws.parent / "out"
    brochure = cli("brochure", "build", "--format", "md", "--lang", "de",
                   "--data", str(ws), "--out", str(out))  # fmt: skip
    mail = _round(cli, ws, out)
    for result in (brochure, mail):
        assert result.exit_code == 1, result.output
        assert "templates ist eine symbolische Verknüpfung" in _said(result)
        assert MARK not in result.output
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
    assert _leaked(ws.parent) == sorted((ws / "cases").rglob("*.yaml"))  # the cases alone


def test_a_template_file_linked_to_another_template_is_refused(cli: Cli, ws: Path) -> None:
    own = ws / "templates/brochure"
    own.mkdir(parents=True)
    (own / "eigene.md.j2").write_text("Eigene Broschüre\n", encoding="utf-8")
    os.symlink("eigene.md.j2", own / "brochure.md.j2")  # inside templates/, still a link
    out = ws.parent / "out"
    result = cli("brochure", "build", "--format", "md", "--lang", "de",
                 "--data", str(ws), "--out", str(out))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "templates/brochure/brochure.md.j2 ist eine symbolische Verknüpfung" in _said(result)
    assert not out.exists()


def test_a_template_that_is_a_hard_link_to_a_case_file_is_refused(cli: Cli, ws: Path) -> None:
    """The outside review's attack: a second name of a case file in templates/, included."""
    own = ws / "templates/brochure"
    own.mkdir(parents=True)
    case = next((ws / "cases").rglob("*.yaml"))
    os.link(case, own / "leak.txt")
    packaged = (REPO / "templates/brochure/brochure.md.j2").read_text(encoding="utf-8")
    (own / "brochure.md.j2").write_text(packaged + '{% include "brochure/leak.txt" %}\n')
    out = ws.parent / "out"
    result = cli("brochure", "build", "--format", "md", "--lang", "de",
                 "--data", str(ws), "--out", str(out))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "templates/brochure/leak.txt ist eine harte Verknüpfung" in _said(result)
    published = "".join(p.read_text("utf-8") for p in out.rglob("*.md")) if out.exists() else ""
    assert "pseudonym" not in published


def test_a_template_folder_below_templates_that_is_a_link_is_refused(cli: Cli, ws: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "elsewhere").mkdir()
    (ws / "elsewhere/case.yaml").write_text("id: $id\n# {{ $pseudonym }}\n", encoding="utf-8")
    os.symlink("../elsewhere", ws / "templates/unused")  # not on the way: harmless
    (ws / "templates/case.yaml").symlink_to(ws / "elsewhere/case.yaml")
    before = sorted((ws / "cases").rglob("*"))
    result = cli("case", "new", "--conference", "fk-2027", "--data", str(ws))
    assert result.exit_code == 1, result.output
    assert "templates/case.yaml ist eine symbolische Verknüpfung" in _said(result)
    assert sorted((ws / "cases").rglob("*")) == before


def test_an_output_link_into_a_tracked_folder_is_never_written_into(
    cli: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws.parent)  # a checked-out repository: data/ and a planted output link
    os.symlink("data/actors", "output")
    before = sorted(p.name for p in (ws / "actors").iterdir())
    result = cli("brochure", "build", "--format", "md", "--lang", "de", "--data", "data")
    assert result.exit_code == 1, result.output
    assert "Ausgabeziel „output“" in _said(result) and "symbolische Verknüpfung" in _said(result)
    assert sorted(p.name for p in (ws / "actors").iterdir()) == before
    export = cli("privacy", "export", "fk-2026-01", "--data", "data")  # default output/auskunft-…
    assert export.exit_code == 1, export.output
    assert sorted(p.name for p in (ws / "actors").iterdir()) == before


def test_a_folder_on_the_way_to_a_relative_out_is_checked_too(
    cli: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws.parent)
    os.symlink("data/cases", "berichte")
    before = _cases(ws)
    result = cli("brochure", "build", "--format", "md", "--lang", "de",
                 "--data", "data", "--out", "berichte/broschuere")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "„berichte“ ist eine symbolische Verknüpfung" in _said(result)
    assert _cases(ws) == before and not (ws / "cases/broschuere").exists()


@pytest.mark.parametrize("command", ["brochure", "minutes", "contacts", "schema"])
def test_an_out_that_is_a_link_is_refused(cli: Cli, ws: Path, command: str) -> None:
    target = ws.parent / "ziel"
    target.mkdir()
    link = ws.parent / "out"
    os.symlink(target, link)
    args = {
        "brochure": ["brochure", "build", "--format", "md", "--lang", "de", "--out", str(link)],
        "minutes": ["conference", "minutes", "fk-2026", "--format", "md", "--out", str(link)],
        "contacts": ["actors", "export", "--format", "csv", "--out", str(link / "k.csv")],
        "schema": ["schema", "export", str(link)],
    }[command]
    result = cli(*args, "--data", str(ws), env={"MERZIG_TODAY": "2026-10-01"})
    assert result.exit_code == 1, result.output
    assert "symbolische Verknüpfung" in _said(result) and "Interner Fehler" not in result.output
    assert list(target.iterdir()) == []


def test_an_absolute_out_below_a_linked_folder_of_the_user_is_written(
    cli: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders above an absolute --out outside the current folder are the user's own
    (``/tmp`` is a link on some systems): only the named folder and below are checked."""
    monkeypatch.chdir(ws)
    real = ws.parent / "platte"
    real.mkdir()
    os.symlink(real, ws.parent / "kurz")
    out = ws.parent / "kurz" / "broschuere"
    result = cli("brochure", "build", "--format", "md", "--lang", "de",
                 "--data", str(ws), "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in (real / "broschuere").iterdir()] == [".md"]


def test_an_output_file_that_is_a_link_is_neither_followed_nor_replaced(cli: Cli, ws: Path) -> None:
    out = ws.parent / "out"
    args = ["brochure", "build", "--format", "md", "--lang", "de", "--data", str(ws)]
    assert cli(*args, "--out", str(out)).exit_code == 0
    (made,) = out.iterdir()
    made.unlink()
    victim = ws / "cases/2026/fk-2026-01.yaml"
    before = victim.read_bytes()
    os.symlink(victim, made)
    for extra in ([], ["--check"]):
        result = cli(*args, "--out", str(out), *extra)
        assert result.exit_code == 1, result.output
        assert f"{made.name} führt über eine symbolische Verknüpfung" in _said(result)
        assert MARK not in result.output
    assert victim.read_bytes() == before and made.is_symlink()


def test_a_year_folder_of_inquiries_linked_to_the_cases_is_never_purged(cli: Cli, ws: Path) -> None:
    os.symlink("../cases/2026", ws / "inquiries/2019")
    before = _cases(ws)
    purge = cli("privacy", "purge", "--date", "2045-01-01", "--data", str(ws))
    assert purge.exit_code == 1, purge.output
    assert "inquiries/2019: Symbolische Verknüpfung wird nicht gelesen" in _said(purge)
    assert _cases(ws) == before
    report = cli("report", "referrals", "--data", str(ws))
    assert report.exit_code == 1 and "inquiries/2019" in _said(report)
    check = cli("validate", "--data", str(ws))
    assert check.exit_code == 1 and "inquiries/2019: Fehler: Symbolische" in _said(check)
    (ws / "inquiries/2019").unlink()
    inquiries = len(list((ws / "inquiries").rglob("*.yaml")))
    purged = cli("privacy", "purge", "--date", "2045-01-01", "--data", str(ws))
    assert purged.exit_code == 0, purged.output  # without the link, the purge does its work
    assert len(list((ws / "inquiries").rglob("*.yaml"))) < inquiries


def test_a_kind_folder_that_is_a_link_is_not_read(cli: Cli, ws: Path) -> None:
    shutil.rmtree(ws / "inquiries")
    os.symlink("cases", ws / "inquiries")
    before = _cases(ws)
    result = cli("privacy", "purge", "--date", "2045-01-01", "--data", str(ws))
    assert result.exit_code == 1 and "inquiries: Symbolische Verknüpfung" in _said(result)
    assert _cases(ws) == before


def test_a_steckbrief_linked_to_a_case_file_is_not_read(cli: Cli, ws: Path) -> None:
    os.symlink("../cases/2026/fk-2026-01.yaml", ws / "actors/fall.yaml")
    out = ws.parent / "out"
    runs = [
        cli("brochure", "build", "--format", "md,html", "--lang", "de",
            "--data", str(ws), "--out", str(out)),
        cli("actors", "list", "--data", str(ws)),
        cli("route", "Ausbildung", "--data", str(ws)),
        _round(cli, ws, out),
    ]  # fmt: skip
    for result in runs:
        assert result.exit_code == 1, result.output
        assert "actors/fall.yaml: Symbolische Verknüpfung wird nicht gelesen" in _said(result)
        assert MARK not in result.output and "A. K." not in result.output
    assert not out.exists()
    check = cli("validate", "--data", str(ws))
    assert check.exit_code == 1 and "actors/fall.yaml: Fehler: Symbolische" in _said(check)


def test_a_case_in_a_linked_year_folder_is_never_edited(cli: Cli, ws: Path) -> None:
    (ws / "ablage").mkdir()
    shutil.move(ws / "cases/2027", ws / "ablage/2027")
    os.symlink("../ablage/2027", ws / "cases/2027")
    case = next((ws / "ablage/2027").glob("*.yaml"))
    before = case.read_bytes()
    result = cli("case", "followup", case.stem, "--note", "Notiz", "--data", str(ws))
    assert result.exit_code == 1 and "cases/2027" in _said(result)
    assert case.read_bytes() == before


def test_a_settings_file_that_is_a_link_inside_the_workspace_is_refused(cli: Cli, ws: Path) -> None:
    shutil.move(ws / "taxonomy.yaml", ws / "actors.txt")
    os.symlink("actors.txt", ws / "taxonomy.yaml")
    result = cli("actors", "list", "--data", str(ws))
    assert result.exit_code == 1 and "taxonomy.yaml: Symbolische Verknüpfung" in _said(result)


def test_the_diff_of_the_working_tree_reads_no_linked_steckbrief(cli: Cli, tmp_path: Path) -> None:
    from test_actors_review import repository

    _, data = repository(tmp_path)
    (data / "cases").mkdir()
    (data / "cases/fall.yaml").write_text(f"id: fall\nname: {MARK}\n", encoding="utf-8")
    os.symlink("../cases/fall.yaml", data / "actors/fall.yaml")
    result = cli("actors", "diff", "--format", "md", "--data", str(data))
    assert result.exit_code == 1, result.output
    assert "actors/fall.yaml: Symbolische Verknüpfung wird nicht gelesen" in _said(result)
    assert MARK not in result.output


def test_a_linked_invitation_state_stops_the_plan_before_any_document(
    cli: Cli, ws: Path, tmp_path: Path
) -> None:
    """Outside review: the agenda and schedules were written before the link was noticed."""
    shutil.rmtree(ws / "invitations", ignore_errors=True)
    (tmp_path / "anderswo").mkdir()
    os.symlink(tmp_path / "anderswo", ws / "invitations")
    out = tmp_path / "out"
    result = cli("conference", "plan", "fk-2027", "--format", "md",
                 "--data", str(ws), "--out", str(out))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "symbolische Verknüpfung" in _said(result)
    assert not list(out.rglob("*.md")) and not list((tmp_path / "anderswo").iterdir())

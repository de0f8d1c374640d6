"""Outputs that forget: case documents are recorded, deleted after a withdrawal or a purge,
written 0600/0640, found by privacy check; withdrawn cases lose their content and take no notes."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

Cli = Callable[..., Any]
MINUTES_DAY = "2027-07-01"
LATER = "2027-07-05"  # the day of the run after the withdrawal


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MERZIG_TODAY", "2027-07-10")
    return conference_workspace(tmp_path / "ws")


def _run(cli: Cli, root: Path, command: str, out: Path, day: str, *extra: str) -> Any:
    args = ["conference", command, "fk-2027", "--data", str(root), "--out", str(out)]
    result = cli(*args, "--format", "md,html", "--date", day, *extra)
    assert result.exit_code == 0, result.output
    return result


def _withdraw(root: Path, case: str, value: str) -> Path:
    path = root / f"cases/2027/{case}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("withdrawn: null", f"withdrawn: {value}"), encoding="utf-8")
    return path


def _manifest(root: Path) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = json.loads(
        (root / ".merzig-outputs/manifest.json").read_text(encoding="utf-8")
    )["files"]
    return files


@pytest.mark.parametrize("withdrawal", ["2027-07-02", "'2. Juli 2027'"], ids=["date", "unreadable"])
def test_a_run_after_a_withdrawal_deletes_the_case_s_earlier_documents_and_says_so(
    cli: Cli, root: Path, tmp_path: Path, withdrawal: str
) -> None:
    out, other = tmp_path / "out", tmp_path / "elsewhere"
    _run(cli, root, "plan", out, MINUTES_DAY)
    _run(cli, root, "minutes", out, MINUTES_DAY)
    _run(cli, root, "minutes", other, MINUTES_DAY)
    folder = out / "fk-2027"
    sheet = folder / "vereinbarung-fk-2027-06.md"
    assert sheet.is_file() and "fk-2027-06" in (folder / "auszug-jmd.md").read_text("utf-8")
    recorded = {Path(e["file"]).name: e for e in _manifest(root) if Path(e["out"]) == out}
    assert recorded["vereinbarung-fk-2027-06.md"]["cases"] == ["fk-2027-06"]
    assert recorded["vereinbarung-fk-2027-06.md"]["kind"] == "sheet"
    assert recorded["auszug-jmd.md"]["recipient"] == "jmd"
    assert "fk-2027-06" in recorded["tagesordnung.md"]["cases"]
    _withdraw(root, "fk-2027-06", withdrawal)  # unreadable: the gate fails closed, so do we

    result = _run(cli, root, "minutes", out, LATER)
    said = " ".join(result.stderr.split())
    assert f"Vereinbarung {sheet} gelöscht (enthielt Fall fk-2027-06)" in said
    assert not sheet.exists() and not (folder / "vereinbarung-fk-2027-06.html").exists()
    # the minutes and excerpts of this run are rewritten without the case ...
    for name in ("protokoll.md", "auszug-jmd.md", "auszug-schule.html"):
        assert "fk-2027-06" not in (folder / name).read_text("utf-8"), name
    assert (folder / "vereinbarung-fk-2027-08.md").is_file()  # other cases stay
    # ... the plan's agenda, not rewritten by the minutes, and the copy elsewhere are deleted
    assert not (folder / "tagesordnung.md").exists()
    assert f"Tagesordnung {folder / 'tagesordnung.md'} gelöscht" in said
    assert not (other / "fk-2027/protokoll.md").exists()
    assert not (other / "fk-2027/vereinbarung-fk-2027-06.md").exists()
    assert (other / "fk-2027/vereinbarung-fk-2027-08.md").is_file()
    assert f"Protokoll {other / 'fk-2027/protokoll.md'} gelöscht" in said
    assert all("fk-2027-06" not in e["cases"] for e in _manifest(root))
    check = cli("privacy", "check", "--data", str(root), "--date", LATER, "--json")
    assert not [f for f in json.loads(check.stdout) if f["code"] == "stale-output"]


def test_a_document_changed_since_it_was_written_is_reported_never_deleted(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(cli, root, "minutes", out, MINUTES_DAY)
    sheet = out / "fk-2027/vereinbarung-fk-2027-06.md"
    sheet.write_text(sheet.read_text("utf-8") + "\nUnterschrieben am 2. Juli.\n", "utf-8")
    _withdraw(root, "fk-2027-06", "2027-07-02")
    result = _run(cli, root, "minutes", out, LATER)
    assert sheet.is_file()
    assert "wurde aber nicht gelöscht: seit dem Schreiben verändert" in " ".join(
        result.stderr.split()
    )
    check = cli("privacy", "check", "--data", str(root), "--date", LATER, "--json")
    assert check.exit_code == 1
    stale = {f["file"] for f in json.loads(check.stdout) if f["code"] == "stale-output"}
    assert stale == {str(sheet)}


def test_purge_deletes_the_outputs_of_the_cases_it_purges(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    path = root / "cases/2027/fk-2027-05.yaml"  # closed: deletion due 2030-06-30
    path.write_text(
        path.read_text("utf-8").replace("closed: null", "closed: 2027-06-30"), encoding="utf-8"
    )
    out = tmp_path / "out"
    _run(cli, root, "minutes", out, MINUTES_DAY)
    sheet, kept = (
        out / "fk-2027/vereinbarung-fk-2027-05.md",
        out / "fk-2027/vereinbarung-fk-2027-08.md",
    )
    dry = cli("privacy", "purge", "--dry-run", "--date", "2030-07-01", "--data", str(root))
    assert dry.exit_code == 0, dry.output
    assert f"Vereinbarung {sheet} würde gelöscht" in " ".join(dry.stderr.split())
    assert sheet.is_file()
    result = cli("privacy", "purge", "--date", "2030-07-01", "--data", str(root), "--json")
    assert result.exit_code == 0, result.output
    gone = {Path(o["file"]).name for o in json.loads(result.stdout)["outputs"]}
    assert {"vereinbarung-fk-2027-05.md", "protokoll.md", "auszug-schule.md"} <= gone
    assert not sheet.exists() and not path.exists()
    assert kept.is_file()  # a case that stays keeps its sheet
    assert f"Vereinbarung {sheet} gelöscht" in " ".join(result.stderr.split())


def test_privacy_check_lists_stale_files_found_in_the_output_folder(
    cli: Cli, root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    planted = root / "output/fk-2027"
    planted.mkdir(parents=True)
    (planted / "vereinbarung-fk-2027-04.md").write_text("Alt.\n", encoding="utf-8")
    (planted / "protokoll-alt.html").write_text("<h3>W. D. (fk-2027-04)</h3>\n", "utf-8")
    (planted / "auszug-alt.md").write_text("## T08 (fk-2027-08)\n", encoding="utf-8")
    here = tmp_path / "here"  # the current folder's output/ is looked at too
    (here / "output").mkdir(parents=True)
    (here / "output/auskunft-fk-2027-04.md").write_text("Auskunft\n", encoding="utf-8")
    os.symlink(planted / "vereinbarung-fk-2027-04.md", here / "output/link.md")  # not followed
    monkeypatch.chdir(here)
    result = cli("privacy", "check", "--data", str(root), "--date", LATER, "--json")
    assert result.exit_code == 1
    stale = {f["file"] for f in json.loads(result.stdout) if f["code"] == "stale-output"}
    assert stale == {
        str(planted / "vereinbarung-fk-2027-04.md"),
        str(planted / "protokoll-alt.html"),
        str(here / "output/auskunft-fk-2027-04.md"),
    }
    shown = cli("privacy", "check", "--data", str(root), "--date", LATER)
    assert "nicht mehr gezeigt werden darf (Fall fk-2027-04: Einwilligung am 2027-05-01" in (
        " ".join(shown.stderr.split())
    )


def _modes(folder: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


def test_case_documents_are_0600_and_0640_when_the_config_says_group_readable(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.joinpath("fk-2027").mkdir(parents=True)
    old = out / "fk-2027/protokoll.md"
    old.write_text("alt\n", encoding="utf-8")
    old.chmod(0o644)  # written by an earlier version: world-readable
    _run(cli, root, "plan", out, MINUTES_DAY)
    _run(cli, root, "minutes", out, MINUTES_DAY)
    assert _modes(out) == {0o600}
    assert (out / "fk-2027/einladungen").is_dir()  # the invitations are included
    assert stat.S_IMODE((root / ".merzig-outputs/manifest.json").stat().st_mode) == 0o600
    config = root / "config.yaml"
    config.write_text(config.read_text("utf-8") + "output:\n  group_readable: true\n", "utf-8")
    result = _run(cli, root, "minutes", out, MINUTES_DAY, "--json")
    assert {f["status"] for f in json.loads(result.stdout)["files"]} == {"unchanged"}
    protocol = out / "fk-2027/protokoll.md"
    assert stat.S_IMODE(protocol.stat().st_mode) == 0o640  # unchanged files too
    assert stat.S_IMODE((out / "fk-2027/vereinbarung-fk-2027-08.html").stat().st_mode) == 0o640


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_an_output_folder_not_ignored_in_a_git_repository_gets_a_warning(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    result = _run(cli, root, "minutes", repo / "output", MINUTES_DAY)
    said = " ".join(result.stderr.split())
    assert f"Warnung: Der Ausgabeordner {repo / 'output/fk-2027'} liegt im git-Repository" in said
    assert "in .gitignore eintragen" in said
    (repo / ".gitignore").write_text("output/\n", encoding="utf-8")
    quiet = _run(cli, root, "minutes", repo / "output", MINUTES_DAY)
    assert "Ausgabeordner" not in quiet.stderr
    outside = _run(cli, root, "minutes", tmp_path / "out", MINUTES_DAY)
    assert "git-Repository" not in outside.stderr
    (repo / "blocked").write_text("eine Datei, kein Ordner\n", encoding="utf-8")
    args = ["--data", str(root), "--out", str(repo / "blocked"), "--format", "md"]
    failed = cli("conference", "minutes", "fk-2027", *args, "--date", MINUTES_DAY)
    assert failed.exit_code == 1  # nothing could be written, but the warning came first
    assert "liegt im git-Repository" in " ".join(failed.stderr.split())


def test_a_withdrawn_case_past_withdrawn_days_is_a_finding_and_purge_keeps_its_counts(
    cli: Cli, root: Path
) -> None:
    path = root / "cases/2027/fk-2027-05.yaml"  # closed, then withdrawn: its numbers count
    text = path.read_text("utf-8").replace("closed: null", "closed: 2027-06-30")
    path.write_text(text.replace("withdrawn: null", "withdrawn: 2027-09-01"), encoding="utf-8")

    def findings(day: str) -> set[tuple[str, str]]:
        result = cli("privacy", "check", "--data", str(root), "--date", day, "--json")
        return {(f["file"], f["code"]) for f in json.loads(result.stdout)}

    kept = ("cases/2027/fk-2027-05.yaml", "withdrawn-content-kept")
    assert kept not in findings("2027-09-30")  # 30 days after the withdrawal: not yet
    assert kept in findings("2027-10-01")
    config = root / "config.yaml"
    config.write_text(config.read_text("utf-8") + "retention:\n  withdrawn_days: 10\n", "utf-8")
    assert kept in findings("2027-09-11")
    result = cli("privacy", "purge", "--date", "2027-09-11", "--data", str(root), "--json")
    assert result.exit_code == 0, result.output
    records = {r["id"]: r["counted"] for r in json.loads(result.stdout)["records"]}
    assert records == {"fk-2027-04": False, "fk-2027-05": True}  # 04: withdrawn before closing
    assert not path.exists()
    body = (root / "statistics/2027.yaml").read_text("utf-8")
    assert "Familiengeheimnis" not in body and "T05" not in body  # no content, only numbers
    stats = json.loads("\n".join(x for x in body.splitlines() if not x.startswith("#")))
    assert stats["counted"] == ["case:fk-2027-05"]
    assert stats["conferences"]["fk-2027"]["cases"] == 1
    assert stats["conferences"]["fk-2027"]["closed"] == 1
    assert kept not in findings("2027-09-11")


@pytest.mark.parametrize("withdrawal", ["2027-05-01", "'1. Mai 2027'"], ids=["date", "unreadable"])
def test_no_note_or_change_is_added_to_a_withdrawn_case(
    cli: Cli, root: Path, withdrawal: str
) -> None:
    path = root / "cases/2027/fk-2027-06.yaml"
    _withdraw(root, "fk-2027-06", withdrawal)
    before = path.read_bytes()
    note = cli("case", "followup", "fk-2027-06", "--note", "Anruf.", "--data", str(root))
    assert note.exit_code == 1, note.output
    said = " ".join(note.stderr.split())
    assert "Fall fk-2027-06:" in said and "nichts geschrieben" in said
    step = cli("case", "step", "fk-2027-06", "1", "--done", "--data", str(root))
    assert step.exit_code == 1 and "nichts geschrieben" in " ".join(step.stderr.split())
    assert path.read_bytes() == before
    fine = cli("case", "followup", "fk-2027-08", "--note", "Anruf.", "--data", str(root))
    assert fine.exit_code == 0, fine.output


def test_a_planted_manifest_never_deletes_a_file_of_the_user(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    victim = home / "brief.md"
    victim.write_text("Mein Brief\n", encoding="utf-8")
    real = tmp_path / "real"
    real.mkdir()
    target = real / "notiz.md"
    target.write_text("Notiz\n", encoding="utf-8")
    os.symlink(real, home / "link")
    entry = {"cases": ["fk-2027-04"], "day": "2027-07-01", "kind": "sheet", "recipient": ""}
    files = [
        entry | {"file": str(victim), "out": str(home), "sha256": "0" * 64},  # wrong digest
        entry
        | {  # right digest, but through a link
            "file": str(home / "link/notiz.md"),
            "out": str(home),
            "sha256": hashlib.sha256(b"Notiz\n").hexdigest(),
        },
        entry
        | {  # right digest, but not below its --out folder
            "file": str(target),
            "out": str(home),
            "sha256": hashlib.sha256(b"Notiz\n").hexdigest(),
        },
    ]
    (root / ".merzig-outputs").mkdir()
    (root / ".merzig-outputs/manifest.json").write_text(json.dumps({"files": files}), "utf-8")
    result = _run(cli, root, "minutes", tmp_path / "out", MINUTES_DAY)
    assert victim.read_text("utf-8") == "Mein Brief\n" and target.is_file()
    assert " ".join(result.stderr.split()).count("nicht gelöscht") == 3


@pytest.mark.parametrize("command", ["minutes", "plan", "purge"])
def test_a_planted_manifest_with_right_digests_deletes_nothing_it_did_not_write(
    cli: Cli, root: Path, tmp_path: Path, command: str
) -> None:
    """The attack of the outside review: every digest right, every path plain, the workspace's
    own records and a file elsewhere named. The tool deletes only the files it wrote itself."""
    elsewhere = tmp_path / "anderswo"
    (elsewhere / "etc").mkdir(parents=True)
    (elsewhere / "etc/version").write_text("12.8\n", encoding="utf-8")
    (elsewhere / "leer").write_bytes(b"")
    victims = [
        (elsewhere / "etc/version", elsewhere),
        (elsewhere / "leer", elsewhere),
        (root / "taxonomy.yaml", root),
        (root / "actors/jmd.yaml", root),
    ]
    before = {path: path.read_bytes() for path, _ in victims}
    files = [
        {
            "cases": ["fk-2027-04"],
            "day": "2027-07-01",
            "kind": "minutes",
            "recipient": "",
            "file": str(path),
            "out": str(out),
            "sha256": hashlib.sha256(data).hexdigest(),
            "identity": "1 2 3",
        }
        for (path, out), data in zip(victims, before.values(), strict=True)
    ]
    (root / ".merzig-outputs").mkdir()
    (root / ".merzig-outputs/manifest.json").write_text(json.dumps({"files": files}), "utf-8")
    if command == "purge":
        result = cli("privacy", "purge", "--date", LATER, "--data", str(root))
    else:
        result = _run(cli, root, command, tmp_path / "out", MINUTES_DAY)
    assert {path: path.read_bytes() for path, _ in victims} == before, result.output
    said = " ".join(result.stderr.split())
    assert said.count("nicht die Datei, die merzig hier geschrieben hat") == len(victims)


def test_the_access_export_is_a_case_document_and_names_the_documents_made(
    cli: Cli, root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(cli, root, "minutes", out, MINUTES_DAY)
    answer = tmp_path / "auskunft-fk-2027-05.md"
    result = cli("privacy", "export", "fk-2027-05", "--out", str(answer), "--data", str(root))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(answer.stat().st_mode) == 0o600
    text = " ".join(answer.read_text(encoding="utf-8").split())
    # case 05 is shared with the school, the youth office and the HWK: its agreement sheet
    # and the school's excerpt hold it and are named, with the day they were made
    assert "vereinbarung-fk-2027-05.md" in text and "auszug-schule.md" in text
    assert "auszug-jobcenter.md" not in text  # case 05 is not shared with the Jobcenter
    recorded = {Path(e["file"]).name: e for e in _manifest(root)}
    assert recorded[answer.name]["cases"] == ["fk-2027-05"]
    path = root / "cases/2027/fk-2027-05.yaml"
    path.write_text(path.read_text("utf-8").replace("closed: null", "closed: 2027-06-30"))
    purge = cli("privacy", "purge", "--date", "2030-07-01", "--data", str(root))
    assert purge.exit_code == 0, purge.output
    assert not answer.exists()  # a purge of the case takes its Art. 15 answer with it


@pytest.mark.parametrize("plant", ["link", "pipe"])
def test_no_case_document_is_written_where_the_manifest_cannot_record_it(
    cli: Cli, root: Path, tmp_path: Path, plant: str
) -> None:
    """Outside review: a manifest that cannot be written used to leave 40 unrecorded
    documents behind, which no later withdrawal would ever delete."""
    if plant == "link":
        (tmp_path / "anderswo").mkdir()
        os.symlink(tmp_path / "anderswo", root / ".merzig-outputs")
    else:
        (root / ".merzig-outputs").mkdir()
        os.mkfifo(root / ".merzig-outputs/manifest.json")
    out = tmp_path / "out"
    args = ["conference", "minutes", "fk-2027", "--data", str(root), "--out", str(out)]
    result = cli(*args, "--format", "md", "--date", MINUTES_DAY)
    assert result.exit_code == 1, result.output
    assert "Interner Fehler" not in result.output
    assert not list(out.rglob("*.md"))

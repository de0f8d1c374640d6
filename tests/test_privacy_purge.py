"""Deletion periods: purge on a copied workspace (dry run first), counts kept; access; check."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

INQUIRY = """\
{id: "2023-0001", received: 2023-02-01, channel: phone, inquirer: refugees, language: ar,
 topics: [recognition], question: Wie wird ein Zeugnis anerkannt?, closed: 2023-03-01,
 referrals: [{actor: schule, date: 2023-02-02, status: done,
              feedback: {date: 2023-02-10, outcome: Beraten.}}]}
"""

DAY = "2030-06-30"  # retention: 36 months for cases, 24 for inquiries


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = conference_workspace(tmp_path / "ws")
    (root / "inquiries/2023").mkdir(parents=True)
    (root / "inquiries/2023/2023-0001.yaml").write_text(INQUIRY, encoding="utf-8")
    # fk-2027-05 closed on 2027-06-30 (deletion due 2030-06-30); fk-2026-02 closed 2026-11-01
    path = root / "cases/2027/fk-2027-05.yaml"
    text = path.read_text(encoding="utf-8").replace("closed: null", "closed: 2027-06-30")
    path.write_text(
        text.replace("status: open\n      done: null", "status: done\n      done: 2027-07-20", 1),
        "utf-8",
    )
    return root


def _report(cli: Callable[..., Any], root: Path) -> dict[str, Any]:
    result = cli("report", "conference", "--data", str(root), "--date", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _referrals(cli: Callable[..., Any], root: Path) -> dict[str, Any]:
    result = cli("report", "referrals", "--json", "--date", DAY, "--data", str(root))
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_purge_dry_run_then_purge_keeps_the_counts(cli: Callable[..., Any], root: Path) -> None:
    before = _report(cli, root)
    referrals_before = _referrals(cli, root)
    dry = cli("privacy", "purge", "--dry-run", "--date", DAY, "--data", str(root), "--json")
    assert dry.exit_code == 0, dry.stderr
    due = [(r["kind"], r["id"], r["counted"]) for r in json.loads(dry.stdout)["records"]]
    assert due == [
        ("inquiry", "2023-0001", True),  # closed 2023-03-01 + 24 months
        ("case", "fk-2027-04", False),  # withdrawn 2027-05-01 + 30 days: deleted, not counted
        ("case", "fk-2026-02", True),  # closed 2026-11-01 + 36 months
        ("case", "fk-2027-05", True),  # closed 2027-06-30 + 36 months = the day itself
    ]
    assert (root / "cases/2027/fk-2027-04.yaml").is_file()  # the dry run changed nothing
    assert not (root / "statistics").exists()
    result = cli("privacy", "purge", "--date", DAY, "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert "4 Datensätze gelöscht" in result.stdout
    for rel in (
        "cases/2027/fk-2027-04.yaml",
        "cases/2027/fk-2027-05.yaml",
        "inquiries/2023/2023-0001.yaml",
    ):
        assert not (root / rel).exists()
    after = _report(cli, root)
    assert after["total"] == before["total"]  # the evaluation survives deletion
    referrals_after = _referrals(cli, root)  # both evaluations: the referral report too
    assert referrals_after.pop("purged") == 1 and referrals_before.pop("purged") == 0
    assert referrals_after == referrals_before
    assert after["purged_cases"] == {"fk-2026": 1, "fk-2027": 1}
    stats = (root / "statistics/2027.yaml").read_text(encoding="utf-8")
    assert "T05" not in stats and "Familiengeheimnis" not in stats and "Bewerbungen" not in stats
    inquiries = json.loads(
        (root / "statistics/2023.yaml").read_text(encoding="utf-8").split("\n", 2)[2]
    )
    assert inquiries["inquiries"]["by_topic"] == {"recognition": 1}
    assert inquiries["inquiries"]["days_to_feedback"] == [8]
    assert "Zeugnis" not in (root / "statistics/2023.yaml").read_text(encoding="utf-8")
    again = cli("privacy", "purge", "--date", DAY, "--data", str(root))
    assert "Nichts zu löschen" in again.stdout


def test_an_interrupted_purge_never_counts_twice(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    keep = tmp_path / "keep.yaml"
    shutil.copy(root / "cases/2027/fk-2027-05.yaml", keep)
    assert cli("privacy", "purge", "--date", DAY, "--data", str(root)).exit_code == 0
    counted = _report(cli, root)["total"]
    # as if the purge had died after writing the statistics, before deleting the file
    shutil.copy(keep, root / "cases/2027/fk-2027-05.yaml")
    assert cli("privacy", "purge", "--date", DAY, "--data", str(root)).exit_code == 0
    assert _report(cli, root)["total"] == counted
    assert not (root / "cases/2027/fk-2027-05.yaml").exists()


def test_purge_names_the_git_commits_that_still_hold_a_deleted_file(
    cli: Callable[..., Any], root: Path
) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "Anfang"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    commit = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%h"], capture_output=True, text=True, check=True
    ).stdout.strip()
    result = cli("privacy", "purge", "--dry-run", "--date", DAY, "--data", str(root))
    assert result.exit_code == 0
    err = " ".join(result.stderr.split())
    assert "git-Geschichte" in err and f"cases/2027/fk-2027-05.yaml: Commits {commit}" in err


def test_access_export_holds_everything_about_one_case(
    cli: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "auskunft.md"
    result = cli(
        "privacy",
        "export",
        "fk-2027-12",
        "--data",
        str(root),
        "--out",
        str(out),
        "--date",
        "2027-07-01",
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for expected in ("Fall fk-2027-12", "T12", "Familiengeheimnis fk-2027-12", "Geburtsjahr:** 2009",
                     "Jugendmigrationsdienst Musterstadt", "Bewerbungen schreiben (fk-2027-12)",
                     "Art. 15 DSGVO", "Der Fall ist offen"):  # fmt: skip
        assert expected in text, expected
    assert "T13" not in text and "fk-2027-13" not in text  # nothing of another case


def test_privacy_check_finds_names_git_and_expired_data(
    cli: Callable[..., Any], root: Path
) -> None:
    clean = cli("privacy", "check", "--data", str(root), "--date", "2024-01-01")
    assert clean.exit_code == 0, clean.stderr
    path = root / "cases/2027/fk-2027-06.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "follow_up: []",
        "follow_up:\n  - {date: 2027-07-02, note: Anruf bei Frau Yilmaz unter 0176 1234567.}",
    )
    path.write_text(text.replace("pseudonym: T06", "pseudonym: Ahmad Karimi"), encoding="utf-8")
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    result = cli("privacy", "check", "--data", str(root), "--date", DAY, "--json")
    assert result.exit_code == 1
    codes = {(f["file"], f["code"]) for f in json.loads(result.stdout)}
    assert ("cases/", "cases-in-git") in codes
    assert ("cases/2027/fk-2027-06.yaml", "pseudonym-full-name") in codes
    assert ("cases/2027/fk-2027-06.yaml", "personal-data") in codes
    assert ("cases/2027/fk-2027-04.yaml", "withdrawn-content-kept") in codes
    assert ("inquiries/2023/2023-0001.yaml", "retention-passed") in codes

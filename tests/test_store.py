"""store: round-trip edits keep comments and produce a minimal git diff; invalid changes write nothing."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED

from merzig_cli.checks.edits import check_record, edit_record
from merzig_cli.core.errors import DataError, UserError
from merzig_cli.core.files import atomic_write_text, write_new_file
from merzig_cli.inquiries.referrals import feedback, refer
from merzig_cli.workspace import store
from merzig_cli.workspace.loader import load_workspace

INQUIRY = """\
# Handgeschriebener Kommentar: bitte nicht löschen.
id: "2026-0001"
received: 2026-11-02
channel: 'phone'
inquirer: refugees
language: ar
topics: [recognition]   # Thema laut Gespräch
question: "Wie wird ein Zeugnis anerkannt?"
referrals:
    -   actor: iq-beratung
        contact: e-beispiel
        date: 2026-11-02
        status: open
closed: null
"""


def git(root: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return out.stdout


def commit_all(root: Path) -> Path:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    return root


@pytest.fixture
def repo(make_ws: Callable[..., Path]) -> Path:
    return commit_all(make_ws({"inquiries/2026/2026-0001.yaml": INQUIRY}))


def refer_and_diff(root: Path, inquiry_id: str, target: str) -> tuple[list[str], list[str]]:
    """Refer through the library, then read back what ``git diff`` shows: (added, removed)."""
    refer(load_workspace(root, kinds={"actor"}), inquiry_id, target, dt.date(2026, 11, 20))
    return changed_lines(root)


def changed_lines(root: Path) -> tuple[list[str], list[str]]:
    diff = git(root, "diff", "--unified=0")
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    removed = [
        ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")
    ]
    return added, removed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  b: 1\nl:\n  - x\n", (2, 4, 2)),
        ("a:\n    b: 1\nl:\n    -   x: 1\n", (4, 8, 4)),
        ("a:\n  b: 1\nl:\n- x\n", (2, 2, 0)),
        ("a: 1\n", (2, 4, 2)),
    ],
)
def test_guess_indent_reads_the_files_own_style(text: str, expected: tuple[int, int, int]) -> None:
    assert store.guess_indent(text) == expected


def test_referral_diff_shows_only_the_new_lines_and_keeps_comments(repo: Path) -> None:
    added, removed = refer_and_diff(repo, "2026-0001", "iq-beratung")
    assert removed == []
    assert added == [
        "    -   actor: iq-beratung",
        "        date: 2026-11-20",
        "        status: open",
    ]
    text = (repo / "inquiries/2026/2026-0001.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Handgeschriebener Kommentar: bitte nicht löschen.\n")
    assert "topics: [recognition]   # Thema laut Gespräch" in text
    assert "channel: 'phone'" in text and "closed: null" in text


def test_feedback_diff_changes_only_the_status_and_adds_the_feedback(repo: Path) -> None:
    ws = load_workspace(repo, kinds={"actor"})
    feedback(ws, "2026-0001", "iq-beratung", "done", "Termin fand statt.", dt.date(2026, 11, 9))
    added, removed = changed_lines(repo)
    assert removed == ["        status: open"]
    assert added == [
        "        status: done",
        "        feedback:",
        "            date: 2026-11-09",
        "            outcome: Termin fand statt.",
    ]


def test_bundled_inquiry_diff_is_minimal(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-cache"))
    added, removed = refer_and_diff(
        commit_all(root), "2026-0004", "jobcenter-merzig-wadern/n-yilmaz"
    )
    assert removed == []
    assert added == [
        "  - actor: jobcenter-merzig-wadern",
        "    contact: n-yilmaz",
        "    date: 2026-11-20",
        "    status: open",
    ]


def test_invalid_change_is_refused_and_nothing_written(repo: Path) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    before = path.read_bytes()
    ws = load_workspace(repo, kinds={"actor"})

    def bad(data: Any) -> None:
        data["referrals"][0]["status"] = "vielleicht"
        data["referrals"][0]["contact"] = "niemand"

    with pytest.raises(DataError) as info:
        edit_record(ws, "inquiry", path, bad)
    assert path.read_bytes() == before
    messages = [p.message for p in info.value.problems]  # type: ignore[attr-defined]
    assert any("vielleicht" in m for m in messages)
    assert any("niemand" in m for m in messages)
    assert [p.name for p in path.parent.iterdir()] == ["2026-0001.yaml"]  # no temp file left


def test_unknown_actor_is_refused_with_a_hint(repo: Path) -> None:
    ws = load_workspace(repo, kinds={"actor"})
    with pytest.raises(UserError, match="gibt es nicht") as info:
        refer(ws, "2026-0001", "iq-beratug", dt.date(2026, 11, 20))
    assert info.value.hint == "Meinten Sie „iq-beratung“?"


def test_check_record_accepts_a_valid_text_and_reports_lines(repo: Path) -> None:
    ws = load_workspace(repo, kinds={"actor"})
    path = repo / "inquiries/2026/2026-0002.yaml"
    check_record(ws, "inquiry", path, INQUIRY.replace("2026-0001", "2026-0002"))
    with pytest.raises(DataError) as info:
        check_record(ws, "inquiry", path, INQUIRY.replace("2026-0001", "2026-0003"))
    problem = info.value.problems[0]
    assert problem.code == "id-mismatch" and problem.line == 2  # type: ignore[attr-defined]


def test_write_new_file_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    write_new_file(path, "id: a\n")
    with pytest.raises(UserError, match="gibt es schon"):
        write_new_file(path, "id: b\n")
    assert path.read_text(encoding="utf-8") == "id: a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("alt\n", encoding="utf-8")
    path.chmod(0o600)
    atomic_write_text(path, "neu\n")
    assert path.read_text(encoding="utf-8") == "neu\n"
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: [kaputt\n", "schon jetzt fehlerhaft"),
        (INQUIRY.split("referrals:")[0] + "referrals: keine\n", "schon jetzt fehlerhaft"),
    ],
)
def test_broken_file_is_explained_not_edited(repo: Path, text: str, message: str) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        refer(load_workspace(repo, kinds={"actor"}), "2026-0001", "iq-beratung", dt.date.today())
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("received: 2026-11-02", "received: 2026-02-30"), "„2026-02-30“ ist kein gültiges Datum"),
        (("closed: null", "closed: null\nchannel: email"), "Schlüssel „channel“ steht doppelt"),
    ],
)
@pytest.mark.parametrize("command", ["refer", "feedback", "close"])
def test_edits_of_a_file_with_errors_are_refused_in_german(
    cli: Callable[..., Any], repo: Path, change: tuple[str, str], message: str, command: str
) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    path.write_text(INQUIRY.replace(*change), encoding="utf-8")
    before = path.read_bytes()
    args = {
        "refer": ["iq-beratung"],
        "feedback": ["iq-beratung", "--status", "done", "--outcome", "Beraten."],
        "close": [],
    }[command]
    result = cli("inquiry", command, "2026-0001", *args, "--data", str(repo))
    assert result.exit_code == 1, result.stderr
    err = " ".join(result.stderr.split())
    assert "schon jetzt fehlerhaft" in err and message in err
    assert "inquiries/2026/2026-0001.yaml:" in err  # file and line
    assert "Interner Fehler" not in err and "Error" not in err
    assert path.read_bytes() == before


def test_ruamel_refusal_is_a_german_user_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.constructor import DuplicateKeyError

    def refuse(_text: str) -> Any:
        raise DuplicateKeyError("while constructing a mapping", None, "found duplicate key")

    # Whatever ruamel refuses that our own loader let through: German, no traceback.
    monkeypatch.setattr(store, "roundtrip_text", refuse)
    path = repo / "inquiries/2026/2026-0001.yaml"
    before = path.read_bytes()
    with pytest.raises(UserError) as info:
        edit_record(load_workspace(repo, kinds={"actor"}), "inquiry", path, lambda d: None)
    assert "kann nicht bearbeitet werden" in info.value.message
    assert "merzig validate" in (info.value.hint or "")
    assert path.read_bytes() == before


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_crlf_and_bom_are_kept_and_the_diff_stays_minimal(repo: Path, bom: bytes) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    path.write_bytes(bom + INQUIRY.replace("\n", "\r\n").encode("utf-8"))
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "crlf")
    refer(load_workspace(repo, kinds={"actor"}), "2026-0001", "iq-beratung", dt.date(2026, 11, 20))
    raw = path.read_bytes()
    assert raw.startswith(bom + b"# Handgeschriebener")
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line still ends in CRLF
    diff = subprocess.run(
        ["git", "-C", str(repo), "diff", "--numstat"], capture_output=True, check=True
    ).stdout.decode()
    assert diff.split()[:2] == ["3", "0"]


def test_warnings_of_the_changed_file_are_passed_on(repo: Path) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    path.write_text(
        INQUIRY.replace("Wie wird ein Zeugnis anerkannt?", "Frau Yilmaz fragt nach dem Zeugnis"),
        encoding="utf-8",
    )
    ws = load_workspace(repo, kinds={"actor"})
    seen: list[Any] = []
    feedback(
        ws, "2026-0001", "iq-beratung", "done", "Beraten.", dt.date(2026, 11, 3), warn=seen.append
    )
    assert [p.code for p in seen] == ["personal-data"]
    assert "Die Frage enthält vermutlich einen Namen" in seen[0].message


def test_an_item_change_writes_only_its_lines_as_the_round_trip_would(
    make_ws: Callable[..., Path],
) -> None:
    """The quick path (only the item's lines) gives the round trip's text for the same change."""
    from merzig_cli.core.yamlio import parse_text
    from merzig_cli.workspace.patch import patched

    def add(data: Any) -> None:
        data["referrals"].append(
            {"actor": "jobcenter", "date": dt.date(2026, 11, 5), "status": "open"}
        )

    def answer(data: Any) -> None:
        data["referrals"][0]["status"] = "done"
        data["referrals"][0]["feedback"] = {"date": dt.date(2026, 11, 9), "outcome": "Beraten."}

    for change in (add, answer):
        old = parse_text(INQUIRY, Path("x.yaml"), "x.yaml").data
        new = copy.deepcopy(old)
        change(new)
        quick = patched(INQUIRY, old, new, store.yaml_like(INQUIRY))
        assert quick is not None, change.__name__
        yaml, data = store.roundtrip_text(INQUIRY)
        change(data)
        assert quick == store.dump(yaml, data), change.__name__


def test_a_comment_inside_the_changed_item_takes_the_round_trip_and_survives(repo: Path) -> None:
    path = repo / "inquiries/2026/2026-0001.yaml"
    path.write_text(INQUIRY.replace("status: open", "status: open  # nachfragen"), encoding="utf-8")
    ws = load_workspace(repo, kinds={"actor"})
    feedback(ws, "2026-0001", "iq-beratung", "done", "Beraten.", dt.date(2026, 11, 9))
    text = path.read_text(encoding="utf-8")
    assert "# nachfragen" in text and "outcome: Beraten." in text


def test_the_write_lock_is_ignored_by_git_in_a_fresh_workspace(repo: Path) -> None:
    """After a writing command, ``git add -A`` would pick up only the changed record."""
    merzig = Path(sys.executable).with_name("merzig")
    done = subprocess.run(
        [str(merzig), "inquiry", "feedback", "2026-0001", "iq-beratung", "--status", "erledigt",
         "--outcome", "Termin vereinbart", "--date", "2026-11-10", "--data", str(repo)],
        capture_output=True, text=True, check=False, env={**os.environ, "MERZIG_TODAY": "2026-11-20"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        " M inquiries/2026/2026-0001.yaml"
    ]
    assert (repo / ".merzig-cache" / store.LOCK_NAME).is_file()  # the lock was taken there


@pytest.mark.parametrize(
    ("outcome", "written"),
    [
        ("12:30", "'12:30'"),
        ("yes", "'yes'"),
        ("Off", "'Off'"),
        ("Termin vereinbart\x85", '"Termin vereinbart\\N"'),  # "…" decoded as Latin-1
    ],
)
def test_a_text_is_written_so_that_it_reads_back_as_the_same_text(
    repo: Path, outcome: str, written: str
) -> None:
    """A Rückmeldung "12:30" stays that text; unquoted it would come back as 750."""
    ws = load_workspace(repo, kinds={"actor"})
    feedback(ws, "2026-0001", "iq-beratung", "done", outcome, dt.date(2026, 11, 9))
    text = (repo / "inquiries/2026/2026-0001.yaml").read_text(encoding="utf-8")
    assert f"outcome: {written}\n" in text
    inquiry = load_workspace(repo, kinds={"inquiry"}).documents["inquiry"][0]
    assert inquiry.data["referrals"][0]["feedback"]["outcome"] == outcome

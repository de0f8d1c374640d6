"""The validation cache: never stale, exactly the changed file read again, nothing personal kept.

Every test works on real files in tmp_path and runs the real validation twice
or more. Which files a run read is counted where they are read (the sweep's
``read_record``), and compared with what the report says.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from merzig_cli.checks import file_by_file
from merzig_cli.checks.validate import validate, validate_path
from merzig_cli.checks.validation_cache import CACHE_NAME
from merzig_cli.core.problems import Report
from merzig_cli.core.yamlio import read_record
from merzig_cli.workspace.cache import CACHE_DIR
from merzig_cli.workspace.loader import load_workspace

CORPUS = Path(__file__).resolve().parent / "corpus"

INQUIRY = """\
id: "2026-{n:04d}"
received: 2026-11-0{day}
channel: phone
inquirer: refugees
language: ar
topics: [recognition]
question: {question}
referrals:
  - actor: iq-beratung
    contact: e-beispiel
    date: 2026-11-0{day}
    status: open
"""

CASE = """\
id: fk-2026-01
conference: fk-2026
pseudonym: FK26-01
birth_year: 2008
consent:
  date: 2026-05-01
  by: self
  share_with: [iq-beratung]
  withdrawn: 2026-09-01
actors:
  - actor: iq-beratung
    role: Beratung
"""

CONFERENCE = """\
id: fk-2026
title: Förderkonferenz 2026
date: 2026-06-30
location: Rathaus
participants:
  - actor: iq-beratung
    contact: e-beispiel
"""


def _files(questions: list[str]) -> dict[str, str]:
    files = {
        f"inquiries/2026/2026-{n:04d}.yaml": INQUIRY.format(n=n, day=n % 9 + 1, question=q)
        for n, q in enumerate(questions, 1)
    }
    files["conferences/fk-2026.yaml"] = CONFERENCE
    files["cases/2026/fk-2026-01.yaml"] = CASE
    return files


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    questions = [f"Wie wird mein Abschluss Nummer {n} anerkannt?" for n in range(1, 9)]
    return make_ws(_files(questions), actors=3)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The record files the sweep reads, counted where it reads them."""
    seen: list[str] = []

    def counting(path: Path, rel: str) -> tuple[bytes, os.stat_result]:
        seen.append(rel)
        return read_record(path, rel)

    monkeypatch.setattr(file_by_file, "read_record", counting)
    yield seen


def _run(root: Path, reads: list[str]) -> Report:
    reads.clear()
    report = validate_path(str(root))
    assert sorted(report.files_read) == sorted(reads)
    return report


def _problems(report: Report) -> list[dict[str, object]]:
    return report.to_dict()["problems"]  # type: ignore[no-any-return]


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_run_reads_no_record_file_and_reports_the_same(ws: Path, reads: list[str]) -> None:
    cold = _run(ws, reads)
    assert len(reads) == 13  # 3 actors, 8 inquiries, a conference, a case: each once
    assert "consent-withdrawn" in {p["code"] for p in _problems(cold)}
    warm = _run(ws, reads)
    assert _problems(warm) == _problems(cold)
    assert warm.files_checked == cold.files_checked
    assert reads == []


def test_a_file_whose_warning_quotes_it_is_read_every_time(ws: Path, reads: list[str]) -> None:
    _rewrite(ws / "cases/2026/fk-2026-01.yaml", "FK26-01", "Ahmad Karimi")
    _run(ws, reads)
    report = _run(ws, reads)
    assert reads == ["cases/2026/fk-2026-01.yaml"]  # the cache keeps no pseudonym
    assert "pseudonym-full-name" in {p.code for p in report.problems}


def test_changing_one_file_reads_exactly_that_file(ws: Path, reads: list[str]) -> None:
    _run(ws, reads)
    assert _run(ws, reads).files_read == []
    target = ws / "inquiries/2026/2026-0003.yaml"
    _rewrite(target, "Nummer 3 anerkannt", "Nummer 3 endlich anerkannt")
    assert _run(ws, reads).files_read == ["inquiries/2026/2026-0003.yaml"]
    assert _run(ws, reads).files_read == []


def test_an_edit_that_keeps_size_and_time_is_still_seen(ws: Path, reads: list[str]) -> None:
    target = ws / "inquiries/2026/2026-0005.yaml"
    before = _run(ws, reads)
    info = target.stat()
    _rewrite(target, "channel: phone", "channel: email")  # same length
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # the old modification time
    assert target.stat().st_size == info.st_size
    assert target.stat().st_mtime_ns == info.st_mtime_ns
    _rewrite(target, "status: open", "status: nein")  # now also an error, same size again
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = _run(ws, reads)
    assert "inquiries/2026/2026-0005.yaml" in reads
    assert len(after.errors) == len(before.errors) + 1
    assert any(p.code == "enum" and p.file == "inquiries/2026/2026-0005.yaml" for p in after.errors)


def test_an_edit_right_after_a_run_is_seen_even_within_one_clock_tick(
    ws: Path, reads: list[str]
) -> None:
    target = ws / "inquiries/2026/2026-0002.yaml"
    for status in ("nein", "open", "xxxx", "open"):  # each the same length, as fast as possible
        _rewrite(target, target.read_text(encoding="utf-8").split("status: ")[1][:4], status)
        report = _run(ws, reads)
        wrong = [p for p in report.errors if p.file == "inquiries/2026/2026-0002.yaml"]
        assert bool(wrong) == (status != "open"), status


def test_a_file_changed_just_before_the_run_is_compared_by_content(
    ws: Path, reads: list[str]
) -> None:
    """Within the last seconds a change may keep a file's identity: its hash decides."""
    _run(ws, reads)
    cache = ws / CACHE_DIR / CACHE_NAME
    text = cache.read_text(encoding="utf-8")
    assert "0123456789abcdef0123456789abcdef" not in text
    lines = text.split("\n")
    at = lines.index(next(line for line in lines if line.startswith("inquiry\t")))
    hashes = lines[at + 3].split("\t")  # rel, stamp, hash, ...
    assert all(len(h) == 32 for h in hashes)  # the files were written a moment ago
    rels = lines[at + 1].split("\t")
    hashes[rels.index("inquiries/2026/2026-0004.yaml")] = "0123456789abcdef0123456789abcdef"
    lines[at + 3] = "\t".join(hashes)
    cache.write_text("\n".join(lines), encoding="utf-8")
    _run(ws, reads)
    assert "inquiries/2026/2026-0004.yaml" in reads  # identity unchanged, content hash differs


def test_a_broken_reference_appears_on_the_warm_run(ws: Path, reads: list[str]) -> None:
    assert not _run(ws, reads).errors
    _rewrite(ws / "actors/iq-beratung.yaml", "id: e-beispiel", "id: e-anders")
    report = _run(ws, reads)
    unknown = {p.file for p in report.errors if p.code == "ref-unknown"}
    # every inquiry and the conference name the contact that is gone; each is read
    # again only to name the line
    assert unknown == {f"inquiries/2026/2026-{n:04d}.yaml" for n in range(1, 9)} | {
        "conferences/fk-2026.yaml"
    }
    assert all(p.line == 10 for p in report.errors if (p.file or "").startswith("inquiries/"))
    assert report.files_read == ["actors/iq-beratung.yaml"]
    (ws / "actors/iq-beratung.yaml").unlink()
    report = _run(ws, reads)
    gone = [p for p in report.errors if "„iq-beratung“ gibt es nicht" in p.message]
    assert len(gone) >= 10  # inquiries, conference, case
    assert _problems(report) == _problems(validate(load_workspace(ws, tolerant=True)))


def test_warm_and_cold_agree_on_every_defect_of_the_corpus(tmp_path: Path) -> None:
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "expect.yaml").is_file()):
        root = tmp_path / folder.name
        shutil.copytree(folder, root, ignore=shutil.ignore_patterns(CACHE_DIR))
        cold = validate_path(str(root), cache=False).to_dict()
        first = validate_path(str(root)).to_dict()
        warm = validate_path(str(root)).to_dict()
        assert cold == first == warm, folder.name


def test_the_cache_holds_no_question_name_or_note(make_ws: Callable[..., Path]) -> None:
    secrets = [
        "Frau Olena Kovalenko fragt nach einem Deutschkurs",
        "Rückruf an ahmad.karimi@example.org wegen Anerkennung",
        "Herr Yilmaz braucht eine Wohnung",
    ]
    files = _files(secrets)
    files["cases/2026/fk-2026-01.yaml"] = CASE.replace("FK26-01", "Ahmad Karimi")
    files["inquiries/2026/2026-0002.yaml"] += "notiz_privat: Tesfaye Gebremedhin\n"
    files["inquiries/2026/2026-0003.yaml"] = files["inquiries/2026/2026-0003.yaml"].replace(
        "channel: phone", "channel: Familie Petrović"
    )
    root = make_ws(files)
    report = validate_path(str(root))
    assert {"personal-data", "unknown-key", "enum", "pseudonym-full-name"} <= {
        p.code for p in report.problems
    }
    kept = (root / CACHE_DIR / CACHE_NAME).read_text(encoding="utf-8")
    for word in ("Olena", "Kovalenko", "ahmad", "Yilmaz", "Tesfaye", "Petrović", "Ahmad", "Karimi"):
        assert word not in kept, word
    assert "Erika" not in kept and "Beispiel" not in kept  # contact persons: only a hash


def test_the_workspace_repository_never_sees_the_cache(ws: Path) -> None:
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    validate_path(str(ws))
    assert (ws / CACHE_DIR / CACHE_NAME).is_file()
    status = subprocess.run(
        ["git", "-C", str(ws), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status and CACHE_DIR not in status


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage",
        b"merzig validate v1\tfalsch\n",
        b"merzig validate v1\t{key}\ninquiry\t3\nzu\twenig\n",
        b"merzig validate v1\t{key}\ninquiry\tviele\n",
    ],
)
def test_a_broken_or_hostile_cache_is_ignored_and_rebuilt(
    ws: Path, reads: list[str], content: bytes
) -> None:
    expected = _problems(_run(ws, reads))
    cache = ws / CACHE_DIR / CACHE_NAME
    key = cache.read_text(encoding="utf-8").split("\n")[0].split("\t")[1]
    cache.write_bytes(content.replace(b"{key}", key.encode()))
    assert _problems(_run(ws, reads)) == expected
    assert len(reads) == 13  # everything read again
    _run(ws, reads)
    assert reads == []  # and the cache works again


def test_a_cached_warning_that_is_not_ours_is_not_believed(ws: Path, reads: list[str]) -> None:
    expected = _problems(_run(ws, reads))
    cache = ws / CACHE_DIR / CACHE_NAME
    text = cache.read_text(encoding="utf-8")
    # a row that claims a warning with an escape sequence, and one with a code we never cache
    planted = text.replace(
        '"consent-withdrawn", "Einwilligung', '"consent-withdrawn", "\\u001b[2J', 1
    )
    assert planted != text
    cache.write_text(planted, encoding="utf-8")
    assert _problems(_run(ws, reads)) == expected
    assert "cases/2026/fk-2026-01.yaml" in reads


def test_a_linked_cache_is_never_followed(ws: Path, tmp_path: Path, reads: list[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("bleibt\n", encoding="utf-8")
    expected = _problems(_run(ws, reads))
    cache = ws / CACHE_DIR / CACHE_NAME
    cache.unlink()
    cache.symlink_to(victim)
    assert _problems(_run(ws, reads)) == expected
    assert victim.read_text(encoding="utf-8") == "bleibt\n"  # neither read as cache nor written
    assert not cache.is_symlink()  # replaced by a real cache file
    shutil.rmtree(ws / CACHE_DIR)
    (ws / CACHE_DIR).symlink_to(outside, target_is_directory=True)
    assert _problems(_run(ws, reads)) == expected
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]  # nothing written there


def test_an_oversized_cache_is_not_read(ws: Path, reads: list[str]) -> None:
    expected = _problems(_run(ws, reads))
    cache = ws / CACHE_DIR / CACHE_NAME
    with cache.open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that take no space
    assert _problems(_run(ws, reads)) == expected
    assert len(reads) == 13
    assert cache.stat().st_size < 1024 * 1024


def _validate_many(root: str, runs: int) -> None:
    for _ in range(runs):
        validate_path(root)


def test_runs_at_the_same_time_leave_a_whole_cache(ws: Path, reads: list[str]) -> None:
    expected = _problems(validate_path(str(ws), cache=False))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_validate_many, args=(str(ws), 6)) for _ in range(3)]
    for w in workers:
        w.start()
    target = ws / "inquiries/2026/2026-0001.yaml"
    for n in range(6):  # meanwhile a file changes and changes back
        _rewrite(target, *(("phone", "email") if n % 2 == 0 else ("email", "phone")))
    for w in workers:
        w.join(timeout=300)
        assert w.exitcode == 0
    assert _problems(_run(ws, reads)) == expected
    assert _problems(_run(ws, reads)) == expected
    assert reads == []
    assert not [p for p in (ws / CACHE_DIR).iterdir() if p.name.endswith(".tmp")]


def test_the_command_line_gives_the_same_answer_warm(ws: Path, cli: Callable[..., object]) -> None:
    first = cli("validate", "--data", str(ws), "--json")
    second = cli("validate", "--data", str(ws), "--json")
    assert first.exit_code == second.exit_code == 0  # type: ignore[attr-defined]
    assert first.stdout == second.stdout  # type: ignore[attr-defined]


def test_the_own_names_only_ever_spare_words() -> None:
    """What the cache relies on: a question that shows nothing without the workspace's
    names shows nothing with them, so its result does not depend on other files."""
    from test_names import labelled, workspace_names

    from merzig_cli.checks.names import names_in
    from merzig_cli.checks.privacy import personal_data_in

    known = workspace_names()
    data = labelled()
    texts = (
        data["with_names"] + data["without_names"] + [f"Termin bei {n} am Montag" for n in known]
    )
    for text in texts:
        assert set(names_in(text, known)) <= set(names_in(text)), text
        assert set(personal_data_in(text, known)) <= set(personal_data_in(text)), text
    assert any(names_in(t) and not names_in(t, known) for t in texts)  # they do spare some

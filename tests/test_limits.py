"""Files made to exhaust the machine: each gets a clear German error, in bounded memory.

Alias bombs, nesting a million levels deep, 100 MB files and named pipes where
a record, a template, a mail text, a cache or the statistics belong. Every
command runs as its own process, so that its peak memory can be measured
(its high-water mark, ``VmHWM``) and a command that would hang is stopped and reported. How long
each takes is measured in ``make bench`` (``bench/bench_limits.py``), not here.

The processes are forked from one that has imported the tool
(``tests/process_support.py``): a fresh interpreter spent 0.3 s of each command's
0.45 s importing. The peak still counts those imports: the process starts as a copy of
the one that made them.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import process_support
import pytest
from conference_support import conference_workspace
from conftest import BUNDLED

MB = 1024 * 1024
MAX_RSS_MB = 250  # the bundled data's validate needs about 75 MB
HANG_SECONDS = 60

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def run(args: list[str], cwd: Path) -> tuple[int, str, float]:
    """(exit code, output, peak memory in MB) of ``merzig args``; a hang fails the test."""
    environ = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = process_support.measured(args, cwd, environ, timeout=HANG_SECONDS)
    if done is None:
        pytest.fail(f"merzig {' '.join(args)} hängt")
    assert done.code != -signal.SIGKILL, done.output
    return done.code, done.output, done.peak_mb


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(
        BUNDLED, root, ignore=shutil.ignore_patterns("cases", ".merzig-cache")
    )  # no git needed
    return root


def sparse(path: Path, size: int, head: str = "") -> None:
    """A file of ``size`` bytes that costs no disk: ``head``, then zero bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.write(head.encode("utf-8"))
        f.truncate(size)


def fifo(path: Path, size: int = 0, head: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def text(path: Path, size: int = 0, head: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head, encoding="utf-8")


DEEP_BLOCK = "a:\n" + "".join(" " * i + "- \n" for i in range(0, 1800, 2))

# (what is planted, where, how; the command; the exit code; words the message must have)
CASES: list[tuple[str, str, Callable[..., None], str, list[str], int, list[str]]] = [
    ("alias-bomb", "actors/bombe.yaml", text, BOMB, ["validate"], 1, ["Anker"]),
    ("deep-flow", "actors/tief.yaml", text, "a: " + "[" * 1_000_000, ["validate"], 1,
     ["zu tief verschachtelt"]),
    ("deep-block", "actors/tief.yaml", text, DEEP_BLOCK, ["validate"], 1, ["verschachtelt"]),
    ("100-mb-record", "actors/gross.yaml", sparse, "id: gross\n", ["validate"], 1,
     ["100,0 MiB", "höchstens 1 MiB"]),
    ("pipe-record", "actors/pipe.yaml", fifo, "", ["validate"], 1, ["keine gewöhnliche Datei"]),
    ("pipe-inquiry", "inquiries/2026/2026-0999.yaml", fifo, "", ["report", "referrals"], 0, []),
    ("100-mb-template", "templates/brochure/brochure.html.j2", sparse, "<html>",
     ["brochure", "build", "--format", "html"], 1, ["brochure.html.j2", "100,0 MiB"]),
    ("pipe-template", "templates/brochure/brochure.css", fifo, "",
     ["brochure", "build", "--format", "html"], 1, ["brochure.css", "keine gewöhnliche Datei"]),
    ("bomb-strings", "templates/brochure/strings.yaml", text, BOMB,
     ["brochure", "build", "--format", "html"], 1, ["strings.yaml", "Anker"]),
    ("100-mb-mail-text", "../rundmail.md", sparse, "Hallo\n",
     ["mail", "round", "--all", "--subject", "S", "--body", "../rundmail.md"], 1,
     ["rundmail.md", "100,0 MiB"]),
    ("pipe-mail-text", "../rundmail.md", fifo, "",
     ["mail", "round", "--all", "--subject", "S", "--body", "../rundmail.md"], 1,
     ["rundmail.md", "keine gewöhnliche Datei"]),
    ("100-mb-cache", ".merzig-cache/actors-v3.json", sparse, "{",
     ["route", "Anerkennung meines Diploms"], 0, ["IQ"]),
    ("pipe-cache", ".merzig-cache/actors-v3.json", fifo, "",
     ["route", "Anerkennung meines Diploms"], 0, ["IQ"]),
    ("deep-statistics", "statistics/2026.yaml", text, "[" * 200_000 + "]" * 200_000,
     ["report", "conference", "fk-2026"], 1, ["statistics/2026.yaml"]),
    ("bomb-statistics", "statistics/2026.yaml", text, BOMB,
     ["report", "conference", "fk-2026"], 1, ["statistics/2026.yaml"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "rel", "plant", "content", "args", "code", "words"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_a_file_made_to_exhaust_the_machine_gets_a_clear_error(
    ws: Path,
    name: str,
    rel: str,
    plant: Callable[..., None],
    content: str,
    args: list[str],
    code: int,
    words: list[str],
) -> None:
    plant(ws / rel, 100 * MB, content)
    out = ws.parent / "out"
    extra = ["--out", str(out)] if args[0] in ("brochure", "mail") else []
    exit_code, output, peak = run([*args, "--data", str(ws), *extra], cwd=ws)
    assert exit_code == code, output
    assert "Interner Fehler" not in output and "Traceback" not in output, output
    for word in words:
        assert word in output, (word, output)
    assert peak < MAX_RSS_MB, f"{peak:.0f} MB"
    assert not list(out.rglob("*.html")) or code == 0  # nothing half-built is left behind


WORD = "Ausbildungsplatzvermittlungsgespräch" * 280  # 10,080 letters without a break


def test_words_of_ten_thousand_letters_do_not_stop_the_pdfs(tmp_path: Path) -> None:
    """WeasyPrint measured such a word letter by letter per line: an agenda took three minutes.

    A small workspace of six Steckbriefe and 24 cases: the word is as long as ever, the pages
    around it need not be many."""
    root = conference_workspace(tmp_path / "data")
    conference = root / "conferences/fk-2027.yaml"
    text = conference.read_text(encoding="utf-8")
    conference.write_text(text.replace("title: Förderkonferenz 2027", f"title: {WORD}"))
    actor = root / "actors/jmd.yaml"
    text = actor.read_text(encoding="utf-8")
    actor.write_text(
        text.replace("summary: Beratung.\n", f"summary: Beratung.\ndescription: {WORD}\n")
    )
    out = tmp_path / "out"
    for args in (["brochure", "build", "--lang", "de", "--format", "pdf"],
                 ["conference", "plan", "fk-2027", "--format", "pdf"]):  # fmt: skip
        code, output, _ = run([*args, "--data", str(root), "--out", str(out)], cwd=root)
        assert code == 0, output
    import pypdf
    from pdftext_support import page_texts

    agenda = pypdf.PdfReader(out / "fk-2027/tagesordnung.pdf")
    words = "".join(page_texts(out / "fk-2027/tagesordnung.pdf")).replace("\u200b", "")
    assert "Ausbildungsplatzvermittlungsgespräch" * 20 in "".join(words.split())  # all there
    for page in agenda.pages:  # and on the page: A4 stays A4
        assert round(float(page.mediabox.width)) == 595

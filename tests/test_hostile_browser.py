"""Every HTML page the tool writes, from a hostile workspace, in a real Chromium.

Two workspaces are built from a part of the bundled Merzig data (a case of each
state, an inquiry with and one without feedback, the Steckbriefe these name; the
part carries a payload in every place the whole data has one). In the first, every
free-text value (names, titles, places, questions, feedback, steps, notes,
labels) carries markup that tries to run a script or to fetch from a server,
and the style sheets and the logo are replaced by hostile ones. In the second,
every HTML template is replaced by one made only of such markup, including
tricks that exploit how a browser's parser differs from a filter's. From both,
the commands write all their HTML: the brochure, agenda, schedules, sheets,
minutes, excerpts, both reports, the HTML parts of every mail draft and the
Steckbrief attached to a reminder. The workspaces are made in
``tests/hostile_workspace_support.py``.

Each page is opened twice in Chromium: as written, and with our
Content-Security-Policy taken out, as a mail client that ignores it would
show it (a page with the same bytes as one opened already is not opened
again). Neither may run a script, and no page may make a single request to
the "outside", a web server on 127.0.0.1 that counts what it is asked for.
"""

from __future__ import annotations

import email
import hashlib
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from browser_support import sink_server
from hostile_workspace_support import HIDDEN, few_for_the_pdfs, hostile_data, hostile_templates
from typer.testing import CliRunner

from merzig_cli.cli.main import app
from merzig_cli.documents.scriptfree import POLICY_TAG


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[str, list[str]]]:
    with sink_server() as found:
        yield found


def _run(*args: str, limited: bool = False) -> None:
    """The command succeeded; ``limited``: it wrote the three drafts of its --limit 3 and said
    so with exit code 1 (not everything done)."""
    result = CliRunner().invoke(app, list(args))
    if limited:
        assert result.exit_code == 1 and "3 als Entwurf geschrieben" in result.output, (
            args,
            result.output,
        )
    else:
        assert result.exit_code == 0, (args, result.output)


def _run_pdf(*args: str) -> int:
    """1 when the command refused a PDF that cannot be accessible (PDF/UA-1), else 0."""
    result = CliRunner().invoke(app, list(args))
    if result.exit_code == 1 and "barrierefreie PDF (PDF/UA-1)" in result.output:
        return 1
    assert result.exit_code == 0, (args, result.output)
    return 0


def every_page(root: Path, out: Path) -> list[Path]:
    """Run every command that writes HTML; the pages it wrote, mail parts as files of their own."""
    data = ["--data", str(root)]
    body = root.parent / f"{root.name}-rundmail.md"
    body.write_text("Liebe Kolleginnen,\n\n<script>window.__pwned=40</script> Text.\n")
    # German and Arabic: both directions; English is the same template with trusted strings
    _run("brochure", "build", *data, "--lang", "de,ar", "--format", "html", "--out", str(out))
    _run("conference", "plan", "fk-2027", *data, "--format", "html", "--out", str(out))
    _run("conference", "minutes", "fk-2026", *data, "--format", "html", "--out", str(out))
    _run("conference", "send", "fk-2027", *data, "--out", str(out))
    _run("report", "referrals", *data, "--html", str(out / "auswertung.html"))
    _run("report", "conference", "fk-2026", *data, "--html", str(out / "foerderkonferenz.html"))
    # Of a mail to every actor, the first three (all that sample() keeps: the others come
    # from the same template); --limit skips writing the other drafts, not composing them.
    _run("mail", "round", *data, "--subject", "Rundmail", "--body", str(body), "--all",
         "--limit", "3", "--out", str(out), limited=True)  # fmt: skip
    _run("mail", "reminders", *data, "--date", "2028-01-15", "--out", str(out))
    _run("network", "meeting", *data, "--date", "2027-03-04", "--time", "18:00",
         "--title", "Austausch", "--body", str(body), "--limit", "3", "--out", str(out),
         limited=True)  # fmt: skip
    for draft in sample(sorted(out.rglob("*.eml"))):
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        for n, part in enumerate(message.walk()):
            if part.get_content_type() == "text/html":
                html = part.get_payload(decode=True)
                assert isinstance(html, bytes)
                name = part.get_filename() or f"{draft.stem}-{n}.html"
                (draft.parent / f"{draft.stem}-{n}-{name}").write_bytes(html)
    return sample(sorted(out.rglob("*.html")))


REMINDERS = {"feedback", "profile", "steps"}


def _kind(page: Path) -> str:
    """What a file is: its name up to the first part that varies."""
    parts = page.name.split("-")
    if parts[0].isdigit():  # a numbered mail draft: 001-feedback-… or 001-<recipient>…
        return parts[1] if parts[1] in REMINDERS else "mail"
    return parts[0]


def sample(files: list[Path], n: int = 3) -> list[Path]:
    """The first ``n`` files of each kind and folder: the others come from the same template."""
    kinds: dict[tuple[Path, str], list[Path]] = {}
    for f in files:
        kinds.setdefault((f.parent, _kind(f)), []).append(f)
    return [f for group in kinds.values() for f in group[:n]]


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory, sink: tuple[str, list[str]]) -> list[Path]:
    host, _ = sink
    base = tmp_path_factory.mktemp("hostile")
    return [hostile_data(base / "daten", host), hostile_templates(base / "vorlagen", host)]


@pytest.fixture(scope="module")
def pages(workspaces: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in workspaces:
        found += every_page(root, root.with_name(root.name + "-out"))
    for page in list(found):  # as shown by a mail client that ignores our policy
        bare = page.with_name(page.stem + ".ohne-policy.html")
        text = page.read_text(encoding="utf-8")
        assert POLICY_TAG in text, page
        bare.write_text(text.replace(POLICY_TAG, ""), encoding="utf-8")
        found.append(bare)
    return found


def test_controls_scripts_run_and_requests_reach_the_sink(
    browser: Any, sink: tuple[str, list[str]], tmp_path: Path
) -> None:
    """Without this, the test could pass merely because scripts or requests failed anyway."""
    host, seen = sink
    page = tmp_path / "control.html"
    page.write_text(
        f'<!DOCTYPE html><script>window.__pwned = 1</script><img src="http://{host}/control">'
    )
    browser.get(page.as_uri())
    assert browser.execute_script("return typeof window.__pwned") == "number"
    deadline = time.monotonic() + 5
    while "/control" not in seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "/control" in seen
    seen.remove("/control")


def _every_kind_of_page_was_written(pages: list[Path]) -> None:
    """The pages cover every kind of document (one test with the browser check below: the
    pages are built once, however the parallel run spreads the tests)."""
    names = " ".join(p.name for p in pages)
    for kind in (
        "arbeiten-und-leben",  # brochure
        "tagesordnung",
        "zeiten-",  # an actor's schedule
        "protokoll",
        "vereinbarung-",  # a case's agreement sheet
        "auszug-",  # an actor's excerpt of the minutes
        "auswertung",
        "foerderkonferenz",
        "-steckbrief-",  # the attachment of a profile reminder
    ):
        assert kind in names, kind
    assert len([p for p in pages if "mail" in p.parts]) >= 10
    reminders = {p.name.split("-")[1] for p in pages if p.parent.name.startswith("erinnerungen")}
    assert reminders >= REMINDERS, reminders  # the records kept still make each kind


def test_no_page_runs_a_script_or_fetches_anything(
    browser: Any, pages: list[Path], sink: tuple[str, list[str]]
) -> None:
    _every_kind_of_page_was_written(pages)
    _, seen = sink
    ran: list[str] = []
    opened: set[bytes] = set()
    for page in pages:
        content = hashlib.sha256(page.read_bytes()).digest()
        if content in opened:  # the same bytes as a page opened already (a template's
            continue  # output without the data, a mail to each of three): the same in Chromium
        opened.add(content)
        browser.get(page.as_uri())
        state = browser.execute_script(
            "return [typeof window.__pwned, document.body.innerText,"
            " performance.getEntriesByType('resource').map(e => e.name),"
            " document.documentElement.scrollWidth - window.innerWidth]"
        )
        pwned, text, fetched, overflow = state
        if pwned != "undefined" or [u for u in fetched if "127.0.0.1" in u]:
            ran.append(f"{page.parent.name}/{page.name}: {pwned} {fetched}")
        assert text.strip(), page  # the page shows something: it was not just broken
        assert not [c for c in HIDDEN if c in text], page
        assert overflow <= 1, (page, overflow)  # a long word breaks, never the layout
    time.sleep(0.5)  # late requests (fonts, lazy images) would arrive by now
    assert not ran
    assert not seen, seen


@pytest.mark.parametrize("kind", [0, 1], ids=["daten", "vorlagen"])
@pytest.mark.parametrize(
    "command",
    [("brochure", "build", "--lang", "de"), ("conference", "plan", "fk-2027")],
    ids=["brochure", "plan"],
)
def test_pdfs_from_the_hostile_workspaces_fetch_nothing(
    workspaces: list[Path],
    sink: tuple[str, list[str]],
    tmp_path: Path,
    kind: int,
    command: tuple[str, ...],
) -> None:
    """WeasyPrint gets the same pages: it must not fetch, and the long word must not stop it.
    (One document per test, so that the parallel run spreads them over the cores; of the
    hostile values with fewer Steckbriefe and schedules, see few_for_the_pdfs.)"""
    _, seen = sink
    root = workspaces[kind]
    if root.name == "daten":
        root = few_for_the_pdfs(root, tmp_path / "daten")
    out = tmp_path / f"{root.name}-out"
    refused = _run_pdf(*command, "--data", str(root), "--out", str(out), "--format", "pdf")
    pdfs = sorted(out.rglob("*.pdf"))
    # hostile templates lack lang and text alternatives: laid out, then refused
    assert refused == (1 if root.name == "vorlagen" else 0)
    assert len(pdfs) >= (0 if refused else 1 if command[0] == "brochure" else 3)  # 3: agenda, times
    for pdf in pdfs:
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF") and b"/JavaScript" not in content
        assert b"127.0.0.1" not in content, pdf
    assert not seen, seen

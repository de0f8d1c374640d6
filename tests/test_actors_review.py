"""Review of profile updates through git: ``actors confirm`` changes one line per file,
``actors diff`` reads a real repository (the workspace in a subfolder)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import pytest
from mailserver import network_ws

Cli = Callable[..., Any]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def repository(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository whose workspace is its subfolder data/, with one commit."""
    repo = tmp_path / "repo"
    ws = network_ws(repo / "data", 25, actors=3)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Steckbriefe")
    return repo, ws


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_confirm_changes_exactly_the_reviewed_line(cli: Cli, tmp_path: Path) -> None:
    repo, ws = repository(tmp_path)
    result = cli(
        "actors", "confirm", "akteur-1", "akteur-2", "--date", "2026-11-20", "--data", str(ws)
    )
    assert result.exit_code == 0, result.output
    assert "bestätigt: akteur-1 (bisher 2026-10-01, jetzt 2026-11-20)" in result.stdout
    diff = git(repo, "diff", "-U0", "--", "data/actors")
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-reviewed: 2026-10-01",
        "+reviewed: 2026-11-20",
        "-reviewed: 2026-10-01",
        "+reviewed: 2026-11-20",
    ]
    text = (ws / "actors" / "akteur-1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Steckbrief akteur-1\n")  # comments kept

    older = cli("actors", "confirm", "akteur-1", "--date", "2026-11-01", "--data", str(ws))
    assert older.exit_code == 0 and "schon am 2026-11-20 bestätigt" in older.stdout
    assert "reviewed: 2026-11-20" in (ws / "actors" / "akteur-1.yaml").read_text(encoding="utf-8")


def test_confirm_checks_every_id_before_touching_a_file(cli: Cli, tmp_path: Path) -> None:
    repo, ws = repository(tmp_path)
    typo = cli("actors", "confirm", "akteur-1", "akteur-9", "--data", str(ws))
    assert typo.exit_code == 1 and "akteur-9" in typo.stderr
    future = cli("actors", "confirm", "akteur-1", "--date", "2999-01-01", "--data", str(ws))
    assert future.exit_code == 2 and "Zukunft" in future.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_diff_names_each_changed_field_contacts_and_offers_by_id(cli: Cli, tmp_path: Path) -> None:
    repo, ws = repository(tmp_path)
    first = git(repo, "rev-parse", "HEAD").strip()
    one = ws / "actors" / "akteur-1.yaml"
    # swap the two contact persons and change one phone number: only the number is a change
    text = one.read_text(encoding="utf-8")
    a_block = "  - id: a\n    name: Anna Muster1\n    email: anna1@example.org\n"
    b_block = "  - id: b\n    name: Bernd Beispiel1\n    email: bernd1@example.org\n"
    assert a_block + b_block in text
    one.write_text(
        text.replace(a_block + b_block, b_block.replace("bernd1@", "bernd.b@") + a_block)
        .replace("topics: [recognition]", "topics: [recognition, language]")
        .replace("publish: true", "offers:\n  - id: kurs\n    name: Sprachkurs\npublish: true"),
        encoding="utf-8",
    )
    (ws / "actors" / "akteur-3.yaml").unlink()
    (ws / "actors" / "neu.yaml").write_text(
        (ws / "actors" / "akteur-2.yaml").read_text(encoding="utf-8").replace("akteur-2", "neu")
        .replace("Beratungsstelle 2", "Neue Stelle"),
        encoding="utf-8",
    )  # fmt: skip

    result = cli("actors", "diff", "--data", str(ws), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["from"]["commit"] == first and report["to"]["rev"] == "Arbeitsverzeichnis"
    assert [a["id"] for a in report["added"]] == ["neu"]
    assert [a["name"] for a in report["added"]] == ["Neue Stelle"]
    assert [a["id"] for a in report["removed"]] == ["akteur-3"]
    [changed] = report["changed"]
    fields = {f["field"]: (f["old"], f["new"]) for f in changed["fields"]}
    assert fields == {
        "topics": (["recognition"], ["recognition", "language"]),
        "contacts[b].email": ("bernd1@example.org", "bernd.b@example.org"),
        "contacts (Reihenfolge)": (["a", "b"], ["b", "a"]),
        "offers": (None, [{"id": "kurs", "name": "Sprachkurs"}]),
    }

    labels = {f["field"]: f["label"] for f in changed["fields"]}
    assert labels["contacts[b].email"] == "Ansprechpersonen b › E-Mail-Adresse"  # German words
    assert labels["contacts (Reihenfolge)"] == "Reihenfolge: Ansprechpersonen"
    terminal = cli("actors", "diff", "--data", str(ws))
    assert terminal.exit_code == 0
    line = "Ansprechpersonen b › E-Mail-Adresse (contacts[b].email): bernd1@example.org → "
    shown = " ".join(terminal.stdout.split())
    assert line + "bernd.b@example.org" in shown
    assert "Reihenfolge: Ansprechpersonen (contacts): a, b → b, a" in shown
    assert "1 neu, 1 entfernt, 1 geändert" in terminal.stdout

    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Updates der Akteure")
    assert json.loads(cli("actors", "diff", "--data", str(ws), "--json").stdout)["changed"] == []
    between = json.loads(cli("actors", "diff", first, "HEAD", "--data", str(ws), "--json").stdout)
    assert between["to"]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert [a["id"] for a in between["changed"]] == ["akteur-1"]
    backwards = json.loads(cli("actors", "diff", "HEAD", first, "--data", str(ws), "--json").stdout)
    assert [a["id"] for a in backwards["added"]] == ["akteur-3"]


# Values a profile may hold that a Markdown renderer would make a link, image, mention or HTML.
HOSTILE_MD = [
    "https://evil.com/a",
    "www.evil.com",
    "post@evil.com",
    "evil.de",
    "<http://evil.com/b>",
    "[x](http://evil.com/c)",
    "![x](https://evil.com/p.png) <img src=x>",
    "@everyone #12",
    "`` `code` https://evil.com/d",
    "`www.evil.com`",
    "a | b [y](http://evil.com/e)",
]


def _rendered(markdown_text: str) -> list[str]:
    """The comment as GitHub-like Markdown (with autolinks) and as Python-Markdown renders it."""
    import markdown
    from markdown_it import MarkdownIt

    gfm = MarkdownIt("gfm-like")  # tables, strikethrough and autolinks like GitHub's
    assert gfm.linkify is not None  # linkify-it-py: autolinks as GitHub makes them
    gfm.linkify.set({"fuzzy_link": True, "fuzzy_email": True})
    return [gfm.render(markdown_text), markdown.markdown(markdown_text, extensions=["tables"])]


def test_markdown_for_a_merge_request_links_nothing_from_a_profile(
    cli: Cli, tmp_path: Path
) -> None:
    _repo, ws = repository(tmp_path)
    one = ws / "actors" / "akteur-1.yaml"
    edit(one, "name: Beratungsstelle 1", f"name: {json.dumps(HOSTILE_MD[0])}")
    edit(
        one,
        "summary: Beratung im Netzwerk.",
        "summary: Beratung im Netzwerk.\nkeywords: "
        + json.dumps(HOSTILE_MD)
        + "\ndescription: |\n  Zeile eins www.evil.com\n  ```\n  Zeile zwei\n",
    )
    result = cli("actors", "diff", "--format", "md", "--data", str(ws))
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("## Änderungen an den Steckbriefen")
    assert "| Feld | vorher | nachher |" in md
    assert "````diff\n+Zeile eins www.evil.com\n+```\n+Zeile zwei\n````" in md
    for html in _rendered(md):
        assert "<a " not in html and "<img" not in html, html
        assert "evil.com" in html  # the values are shown, as code
        assert "<code>https://evil.com/a</code>" in html


@pytest.mark.parametrize("value", HOSTILE_MD)
def test_a_code_span_shows_any_value_exactly(value: str) -> None:
    from merzig_cli.documents.media import markdown as code_span

    for html in _rendered(f"Wert: {code_span(value)}"):
        assert "<a " not in html and "<img" not in html, html
        shown = html.split("<code>", 1)[1].rsplit("</code>", 1)[0]
        assert shown == escape(value, quote=False), html


def test_diff_errors_are_german_and_options_are_not_revisions(cli: Cli, tmp_path: Path) -> None:
    plain = network_ws(tmp_path / "plain", 25, actors=1)
    no_repo = cli("actors", "diff", "--data", str(plain))
    assert no_repo.exit_code == 1 and "keinem git-Repository" in no_repo.stderr
    _repo, ws = repository(tmp_path)
    unknown = cli("actors", "diff", "gibtsnicht", "--data", str(ws))
    assert unknown.exit_code == 1 and "gibtsnicht" in unknown.stderr
    sneaky = cli("actors", "diff", "--data", str(ws), "--", "--output=/tmp/x")
    assert sneaky.exit_code == 2 and "keine Revision" in sneaky.stderr
    assert not Path("/tmp/x").exists() or Path("/tmp/x").stat().st_size == 0

"""A workspace is untrusted input: templates, links and leftovers of killed writers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import write

from merzig_cli.brochure.build import build_outputs, load_actors_only
from merzig_cli.core.errors import UserError
from merzig_cli.documents.scriptfree import POLICY
from merzig_cli.workspace.loader import load_workspace


def _own_template(root: Path, text: str) -> None:
    write(root, "templates/brochure/actor.html.j2", text)


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.system('touch /tmp/merzig-pwned') }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{% set x = 'a' * 100000000 %}{{ x }}",
        "{{ 2 ** 100000 }}",
        "{{ a.__dict__ }}",
    ],
)
def test_an_own_template_cannot_run_code(make_ws: Callable[..., Path], attack: str) -> None:
    root = make_ws()
    _own_template(root, attack)
    with pytest.raises(UserError) as info:
        build_outputs(load_actors_only(root), ["de"], ["html"])
    assert "Vorlage" in info.value.message
    assert not Path("/tmp/merzig-pwned").exists()


def test_a_changed_own_template_is_compiled_anew_in_the_same_process(
    make_ws: Callable[..., Path], tmp_path: Path
) -> None:
    """Compiled templates are kept while a process lives (documents/jinja.py): by their
    source, so an edit between two builds shows, and an own template never stands in for
    the packaged one of another workspace."""
    import shutil

    root = make_ws()
    other = Path(shutil.copytree(root, tmp_path / "andere"))
    _own_template(root, "<section>Merkzeichen-Eins {{ a.name.text }}</section>")
    (first,) = build_outputs(load_actors_only(root), ["de"], ["html"])
    _own_template(root, "<section>Merkzeichen-Zwei {{ a.name.text }}</section>")
    (second,) = build_outputs(load_actors_only(root), ["de"], ["html"])
    (packaged,) = build_outputs(load_actors_only(other), ["de"], ["html"])
    assert b"Merkzeichen-Eins IQ Beratung 0" in first.data
    assert (
        b"Merkzeichen-Zwei IQ Beratung 0" in second.data and b"Merkzeichen-Eins" not in second.data
    )
    assert b"Merkzeichen" not in packaged.data and b"IQ Beratung 0" in packaged.data


def test_an_own_template_cannot_add_a_script_or_an_outside_request(
    make_ws: Callable[..., Path],
) -> None:
    root = make_ws()
    _own_template(
        root,
        '<section id="x" onclick="alert(1)"><script>alert(1)</script><iframe src="https://evil.example"></iframe>'
        '<img src="https://evil.example/p.png"><a href="javascript:alert(1)">x</a>'
        '<a href="https://example.org/ok">ok</a><link rel="stylesheet" href="https://evil.example/x.css">'
        '<div style="background:url(https://evil.example/b.png)">{{ a.name.text }}</div>'
        '<svg><image href="https://evil.example/s.svg"/></svg><meta http-equiv="refresh" content="0;url=https://evil.example"></section>',
    )  # fmt: skip
    (out,) = build_outputs(load_actors_only(root), ["de"], ["html"])
    html = out.data.decode("utf-8")
    for bad in (
        "<script",
        "alert(1)",
        "onclick",
        "evil.example",
        "javascript:",
        "<iframe",
        "<link",
        "refresh",
    ):
        assert bad not in html, bad
    assert 'href="https://example.org/ok"' in html and "IQ Beratung 0" in html
    assert html.count("Content-Security-Policy") == 1 and POLICY in html


def test_a_template_link_out_of_the_workspace_is_not_read(
    make_ws: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_ws()
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIMNIS-DES-RUNNERS", encoding="utf-8")
    (root / "templates/brochure").mkdir(parents=True)
    os.symlink(secret, root / "templates/brochure/actor.html.j2")
    with pytest.raises(UserError):
        build_outputs(load_actors_only(root), ["de"], ["html"])


def test_an_actor_link_out_of_the_workspace_is_reported_not_read(
    make_ws: Callable[..., Path], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    root = make_ws()
    outside = tmp_path / "aussen.yaml"
    outside.write_text(
        (root / "actors/iq-beratung.yaml").read_text().replace("iq-beratung", "aussen")
    )
    os.symlink(outside, root / "actors/aussen.yaml")
    ws = load_workspace(root, kinds={"actor"}, tolerant=True)
    assert "aussen" not in ws.actors
    result = cli("validate", "--data", str(root))
    assert result.exit_code == 1
    assert (
        "actors/aussen.yaml: Fehler: Symbolische Verknüpfung führt aus dem Arbeitsbereich"
        in " ".join(result.stderr.split())
    )


def test_the_next_command_removes_what_a_killed_writer_left(make_ws: Callable[..., Path]) -> None:
    root = make_ws({"inquiries/2026/2026-0001.yaml": "id: '2026-0001'\n"})
    folder = root / "inquiries/2026"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = folder / f".2026-0001.yaml.{dead.stdout.strip()}.abcd1234.tmp"
    leftover.write_text("question: Der volle Text der Frage\n", encoding="utf-8")
    alive = folder / f".2026-0002.yaml.{os.getpid()}.efgh5678.tmp"
    alive.write_text("in Arbeit\n", encoding="utf-8")
    load_workspace(root, kinds={"inquiry"}, tolerant=True)
    assert not leftover.exists()  # its writer is dead
    assert alive.exists()  # this process still writes it


@pytest.mark.parametrize("ident", ["caritas\n", "x" * 300, "../aussen", "Caritas", "ca ritas"])
def test_a_value_that_would_name_a_file_is_checked(
    cli: Callable[..., Any], make_ws: Callable[..., Path], ident: str
) -> None:
    root = make_ws()
    result = cli("actors", "new", ident, "--data", str(root))
    assert result.exit_code == 1, result.stdout
    assert "keine gültige Kennung" in result.stderr and "Interner Fehler" not in result.stderr
    assert sorted(p.name for p in (root / "actors").iterdir()) == ["iq-beratung.yaml"]


def test_a_language_from_the_config_never_writes_outside_out(
    cli: Callable[..., Any], make_ws: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_ws()
    config = (root / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(
        config.replace("[de, en, ar]", '[de, "../../boese"]'), "utf-8"
    )
    out = tmp_path / "out"
    result = cli("brochure", "build", "--data", str(root), "--out", str(out), "--format", "html")
    assert result.exit_code in (1, 2) and "Interner Fehler" not in result.stderr
    assert not list(tmp_path.glob("boese*")) and not list(tmp_path.parent.glob("boese*"))


def test_links_in_the_output_folder_are_never_written_through(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    from conference_support import conference_workspace

    root = conference_workspace(tmp_path / "ws")
    outside = tmp_path / "aussen"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "fk-2027")
    args = (
        "conference",
        "plan",
        "fk-2027",
        "--data",
        str(root),
        "--format",
        "md",
        "--date",
        "2027-06-01",
    )
    result = cli(*args, "--out", str(out))
    assert result.exit_code == 1 and "Verknüpfung" in result.stderr
    assert list(outside.iterdir()) == []
    (out / "fk-2027").unlink()
    (out / "fk-2027").mkdir()
    victim = outside / "wichtig.txt"
    victim.write_text("bleibt", encoding="utf-8")
    os.symlink(victim, out / "fk-2027" / "tagesordnung.md")
    result = cli(*args, "--out", str(out))
    shown = " ".join(result.stderr.split())
    assert result.exit_code == 1 and "fk-2027/tagesordnung.md führt über eine symbolische" in shown
    assert victim.read_text(encoding="utf-8") == "bleibt"  # neither followed nor replaced
    assert list((out / "fk-2027").iterdir()) == [out / "fk-2027" / "tagesordnung.md"]


def test_a_looping_workspace_template_ends_the_command_after_its_time_limit(
    cli: Callable[..., Any], make_ws: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render that runs past its limit ends the whole command, in German: three languages
    do not take three times as long."""
    import time

    from merzig_cli.documents import jinja

    monkeypatch.setattr(jinja, "RENDER_SECONDS", 2)
    root = make_ws()
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    (root / "templates/brochure").mkdir(parents=True)
    (root / "templates/brochure/brochure.md.j2").write_text(loop, encoding="utf-8")
    started = time.monotonic()
    result = cli("brochure", "build", "--format", "md", "--lang", "de,en,ar",
                 "--data", str(root), "--out", str(root.parent / "out"))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "länger als 2 s" in result.output and "Interner Fehler" not in result.output
    assert time.monotonic() - started < 4  # the first language's limit ends it all

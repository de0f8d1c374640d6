"""Terminal output: German counts, tables that fit 80 columns, a closed pipe, actors show in German."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED

from merzig_cli.cli.common import count
from merzig_cli.cli.tables import Column, Grid, _cell, fit_columns, table
from merzig_cli.core.vocab import PERSPECTIVES

MERZIG = Path(sys.executable).parent / "merzig"


def render(renderable: Any, width: int) -> str:
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=width, highlight=False).print(renderable)
    return out.getvalue()


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0 Akteure"), (1, "1 Akteur"), (2, "2 Akteure"), (21, "21 Akteure")]
)
def test_german_counts(n: int, text: str) -> None:
    assert count(n, "Akteur", "Akteure") == text


ROWS = [
    ["auslaenderbehoerde-merzig-wadern", "Ausländerbehörde Landkreis Merzig-Wadern",
     "Aufenthalt und Aufenthaltsrecht, Asylverfahren, Anmeldung und Dokumente", "de, en, ar"],
    ["iq-anerkennung", "IQ Netzwerk Saarland – Anerkennungs- und Qualifizierungsberatung",
     "Anerkennung ausländischer Abschlüsse", "de, en, ar, fr"],
]  # fmt: skip
COLUMNS = [Column("Kennung", "id", 4), Column("Name", priority=5), Column("Themen", priority=2),
           Column("Sprachen", priority=1)]  # fmt: skip


@pytest.mark.parametrize("width", [80, 60, 40])
def test_tables_never_split_a_word_and_fit_the_terminal(width: int) -> None:
    title = "2 Akteure mit einem sehr langen Titel, der nicht umbrechen darf"
    text = render(table(title, COLUMNS, ROWS, width), width)
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines), text
    assert lines[0].startswith("2 Akteure mit") and lines[1].strip().startswith("Kennung")
    tokens = set(re.findall(r"\S+", text))
    widths = fit_columns(COLUMNS, ROWS, width)
    for col, w in zip(COLUMNS, widths, strict=True):
        if w is None or col.kind == "id":
            continue
        for row in ROWS:
            cell = row[COLUMNS.index(col)]
            for word in re.findall(r"[^\s-]+-?", cell):
                assert any(word.strip(",") in t for t in tokens), (word, text)
    for row in ROWS:  # an id is whole or shortened with an ellipsis, never cut silently
        ident = row[0]
        assert ident in text or any(t.endswith("…") and ident.startswith(t[:-1]) for t in tokens)


def _rich_table(columns: list[Column], widths: list[int], rows: list[list[str]]) -> Any:
    """The table as Rich's own Table lays it out, from the same fitted cells."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=False)
    for col, w in zip(columns, widths, strict=True):
        justify = "right" if col.kind == "number" else "left"
        out.add_column(col.header, width=w, no_wrap=True, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        out.add_row(
            *(Text("\n".join(_cell(t, c, w))) for t, c, w in zip(row, columns, widths, strict=True))
        )
    return out


@pytest.mark.parametrize("width", [100, 80, 60, 40])
def test_the_line_by_line_table_looks_like_richs_table(width: int) -> None:
    rows = [*ROWS, ["fk-2026-0003", "S. R. – Ärztin (Zahnmedizin) in Ausbildung", "", "ar"],
            ["x", "日本語のテキストと長い単語", "Kita-Platz, Schul-Anmeldung", ""]]  # fmt: skip
    columns = [*COLUMNS[:3], Column("Nr.", "number", 3)]
    rows = [[*r[:3], str(len(r[1]))] for r in rows]
    fitted = fit_columns(columns, rows, width)
    kept = [i for i, w in enumerate(fitted) if w is not None]  # left-out columns stay out
    shown, widths = [columns[i] for i in kept], [w for w in fitted if w is not None]
    rows = [[r[i] for i in kept] for r in rows]
    ours = render(Grid(shown, widths, rows), width)
    assert ours == render(_rich_table(shown, widths, rows), width)
    assert len(ours.splitlines()) > len(rows) + 2


def test_followup_shows_every_case_id_whole_at_60_columns(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    base = ["--date", "2027-07-15", "--data", str(BUNDLED)]
    steps = cli("followup", *base).stdout
    due = json.loads(cli("followup", *base, "--json").stdout)
    assert due
    tokens = set(steps.split())
    assert {s["case"] for s in due} <= tokens, steps


def test_the_least_important_column_is_left_out_and_named() -> None:
    text = render(table(None, COLUMNS, ROWS, 40), 40)
    assert "Sprachen" not in text.splitlines()[0]
    assert "ausgelassen, zu schmales Terminal: Themen, Sprachen" in " ".join(text.split())


def test_actors_list_fits_80_columns_with_the_contact_person(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("actors", "list", "--data", str(BUNDLED), "--contacts")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "40 Akteure"
    assert "Ansprechperson" in lines[1]
    assert all(len(line.rstrip()) <= 80 for line in lines)
    assert "Sabine Wagner (+49 6861" in result.stdout  # the office's general contact
    assert "sabine.wagner@example.org)" in result.stdout


def test_one_actor_is_counted_in_the_singular(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    result = cli("actors", "list", "--data", str(make_ws()))
    assert result.stdout.startswith("1 Akteur\n")


def test_actors_show_speaks_german(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("actors", "show", "iq-anerkennung", "--data", str(BUNDLED))
    assert result.exit_code == 0
    out = " ".join(result.stdout.replace("│", " ").split())
    assert "Ebene: Land" in out
    assert "Sprachen: Deutsch, Englisch, Arabisch, Französisch" in out
    assert "Übersetzungen: Englisch (aktuell), Arabisch (aktuell)" in out
    assert "Sprachen: Deutsch, Arabisch, Englisch" in out  # a contact person's languages


def test_actors_show_renders_the_markdown_description(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    root = make_ws()
    path = root / "actors" / "iq-beratung.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  Wir beraten **kostenlos**.\n",
            "  Wir beraten **kostenlos**.\n\n  - Termine nach [Absprache](https://example.org/t)\n",
        ),
        encoding="utf-8",
    )
    result = cli("actors", "show", "iq-beratung", "--data", str(root))
    assert result.exit_code == 0
    assert "**" not in result.stdout
    assert "Wir beraten kostenlos." in result.stdout
    assert "• Termine nach Absprache (https://example.org/t)" in result.stdout


def test_a_closed_pipe_ends_quietly(make_ws: Callable[..., Path]) -> None:
    root = make_ws(actors=300)  # more JSON than a pipe holds: the writer meets the closed end
    commands = (["actors", "list", "--json"], ["actors", "list"], ["route", "Zeugnis", "--json"])
    started = [  # at once: each blocks on its full pipe until it is read
        subprocess.Popen(
            [str(MERZIG), *args, "--data", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"},
        )
        for args in commands
    ]
    for args, proc in zip(commands, started, strict=True):
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()  # what `head -1` does, then it goes away
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait(timeout=60)
        assert "Interner Fehler" not in err and "Traceback" not in err and "Error" not in err, err
        assert code in (0, 141), (args, code, err)


def test_a_pipe_closed_before_any_output_ends_quietly() -> None:
    shell = f"'{MERZIG}' actors list --json --data '{BUNDLED}' | head -c 0"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60
    )
    assert done.stderr == ""
    assert done.returncode in (0, 141)


def _whole(text: str, words: set[str]) -> list[str]:
    """The words that do not appear whole in ``text`` (split across lines, or cut)."""
    return sorted(w for w in words if w not in text)


def _words(*texts: str) -> set[str]:
    return {w for t in texts for w in re.findall(r"[\w.@]{4,}", t) if "-" not in w}


@pytest.mark.parametrize("width", ["80", "60"])
def test_case_list_followup_and_written_files_keep_words_whole(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    base = ["--date", "2027-07-15", "--data", str(BUNDLED)]
    cases = cli("case", "list", *base)
    data = json.loads(cli("case", "list", *base, "--json").stdout)
    labels = {PERSPECTIVES.get(c["perspective"] or "", "") for c in data}
    if "Perspektive" not in cases.stdout.splitlines()[0]:  # left out, and said so
        assert "ausgelassen, zu schmales Terminal: Perspektive" in " ".join(cases.stdout.split())
        labels = set()
    assert _whole(cases.stdout, _words(*labels, *(c["id"] for c in data))) == []
    steps = cli("followup", *base)
    due = json.loads(cli("followup", *base, "--json").stdout)
    assert due and _whole(steps.stdout, _words(*(s["action"] for s in due))) == []
    out = tmp_path / "ausgabe-mit-einem-recht-langen-ordnernamen"
    ws = shutil.copytree(BUNDLED, tmp_path / "ws")  # planning keeps its invitations there
    plan = cli("conference", "plan", "fk-2027", "--format", "md", "--out", str(out),
               "--date", "2027-07-15", "--data", str(ws))  # fmt: skip
    assert plan.exit_code == 0, plan.output
    for output in (cases.stdout, steps.stdout, plan.stdout):
        assert all(len(line.rstrip()) <= int(width) for line in output.splitlines()), output
    assert "tagesordnung.md" in plan.stdout and "zeiten-jobcenter-merzig-wadern.md" in "".join(
        plan.stdout.split()
    )


def test_control_characters_and_line_breaks_keep_the_columns_in_line() -> None:
    columns = [Column("Kennung", "id", 4), Column("Name", priority=2), Column("Nr.", "number", 3)]
    rows = [["a\x1b[2Jb", "Eins", "1"], ["abc\ndef", "Zwei", "22"], ["x\ty", "Drei", "333"]]
    text = render(table(None, columns, rows, 40), 40)
    lines = text.splitlines()[2:]
    assert len(lines) == 3 and "\x1b" not in text and "\t" not in text
    assert [line.rstrip()[-3:].strip() for line in lines] == ["1", "22", "333"]
    assert len({len(line.rstrip()) for line in lines}) == 1  # the numbers end in one column


def test_a_path_longer_than_the_terminal_loses_no_character() -> None:
    path = "/tmp/u/" + "x" * 70 + "/arbeiten-und-leben-in-merzig-de.md"
    text = render(table(None, [Column("Datei", "path"), Column("Größe", "number")],
                        [[path, "1,0 KiB"]], 40), 40)  # fmt: skip
    assert all(len(line.rstrip()) <= 40 for line in text.splitlines()), text
    assert "1,0 KiB" in text  # the size stays beside the path
    assert path in "".join(text.splitlines()[2:]).replace("1,0 KiB", "").replace(" ", "")


def test_numbers_and_dates_never_break_at_their_hyphens() -> None:
    contact = "Sabine Wagner (+49 6861 000-312, sabine.wagner@example.org), seit 2026-11-30"
    text = render(table(None, [Column("Ansprechperson")], [[contact]], 16), 16)
    assert "000-312," in text and "2026-11-30" in text
    assert "Merzig-" in render(table(None, [Column("Ort")], [["Merzig-Wadern"]], 8), 8)


@pytest.mark.parametrize("width", ["60", "40"])
def test_followup_keeps_case_step_and_due_date_and_the_same_columns_in_every_group(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = cli("followup", "--date", "2027-07-15", "--data", str(BUNDLED)).stdout.splitlines()
    heads = [out[i - 1] for i, line in enumerate(out) if line.startswith("───")]
    assert len(heads) > 1 and len(set(heads)) == 1, heads
    assert {"Fall", "Nr.", "bis"} <= set(heads[0].split())  # which step is due by when

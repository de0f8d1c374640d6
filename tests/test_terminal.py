"""Data reaches the terminal as literal text: no markup, no hyperlinks, no control sequences."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import inquiry_yaml

HOSTILE = "IQ [/Verein] [link=https://evil.example]klick[/link] \\e[2J\\e[31mROT\\u202e\\x07"
INQUIRY = inquiry_yaml(
    "2026-0001",
    "2026-11-02",
    "recognition",
    '"Zeugnis \\e]8;;https://evil.example\\e\\\\klick\\e]8;;\\e\\\\ anerkennen?"',
    "  - {actor: iq-beratung, contact: e-beispiel, date: 2026-11-02, status: open}\n",
)


@pytest.fixture
def root(make_ws: Callable[..., Path]) -> Path:
    root = make_ws({"inquiries/2026/2026-0001.yaml": INQUIRY})
    path = root / "actors/iq-beratung.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'name: "{HOSTILE}"' if line.startswith("name:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


NAME_SHOWN = [
    ("actors", "list"),
    ("actors", "list", "--contacts"),
    ("actors", "show", "iq-beratung"),
    ("actors", "search", "iq"),
    ("route", "Anerkennung meines Zeugnisses"),
]
OTHERS = [
    ("actors", "stale", "--date", "2030-01-01"),
    ("inquiry", "show", "2026-0001"),
    ("inquiry", "list", "--date", "2026-12-31"),
    ("validate",),
    ("actors", "show", "iq-beratung", "--json"),
]


@pytest.mark.parametrize("args", NAME_SHOWN + OTHERS)
def test_hostile_text_is_shown_literally(
    cli: Callable[..., Any], root: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args, "--data", str(root))
    out = result.stdout + result.stderr
    assert result.exit_code in (0, 1), out
    assert "Interner Fehler" not in out
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in out, (args, bad)
    if args in NAME_SHOWN:  # shown as written, not read as markup or as a link
        flat = "".join(out.split())
        assert "[/Verein]" in flat and "[link=https://evil.example]klick[/link]" in flat, out


def test_json_output_stays_valid_json_with_characters_beyond_the_basic_plane(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    """A noncharacter beyond U+FFFF is written as a surrogate pair, never as \\u10ffff."""
    import json

    root = make_ws()
    path = root / "actors/iq-beratung.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "name: IQ Beratung 0", 'name: "IQ \\U0010FFFF Beratung \\U0001FFFE"'
    )
    path.write_text(text, encoding="utf-8")
    result = cli("actors", "show", "iq-beratung", "--json", "--data", str(root))
    assert "\U0010ffff" not in result.stdout and "\\u10ffff" not in result.stdout.lower()
    assert json.loads(result.stdout)["name"] == "IQ \U0010ffff Beratung \U0001fffe"


def test_a_line_break_in_a_value_forges_no_line_of_validate(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    """Outside review: an address holding a line break printed a line of its own."""
    root = make_ws()
    path = root / "actors/iq-beratung.yaml"
    forged = "actors/iq-beratung.yaml: alles in Ordnung"
    text = path.read_text(encoding="utf-8").replace(
        "email: erika.beispiel@example.org", f'email: "x\\n{forged}\\n"'
    )
    path.write_text(text, encoding="utf-8")
    result = cli("validate", "--data", str(root))
    assert result.exit_code == 1
    lines = (result.stdout + result.stderr).splitlines()
    assert forged in " ".join(lines) and forged not in [line.strip() for line in lines]


def test_text_that_reads_as_broken_markup_is_printed_as_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A message that forgot to escape a path like "[/]x" prints it; it never fails (exit 3)."""
    from merzig_cli.cli.common import stdout

    stdout().print("Ordner [/]x und [/bold] fertig")
    assert "Ordner [/]x und [/bold] fertig" in capsys.readouterr().out

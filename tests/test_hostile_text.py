"""Every pattern over workspace text takes time in proportion to the text: 1 MiB hostile values.

A backtracking regular expression that is tried at every position of a text
and reads on to its end each time takes time by the square of the length: a
long word and a lone "@" kept ``validate`` busy for minutes. Each family of
patterns (e-mail and phone in free text, names, the value checks of the
schema, hidden characters, routing words, markup, style sheets, field paths,
suggestions, usage messages, table cells) gets values of a million characters built to provoke exactly
that, and runs as its own process with a hard limit. A pattern that is
quadratic needs minutes to hours for a million characters, a linear one well
under a second: the limit separates the two on any machine, however busy.

The commands themselves get the same values in Steckbriefe, inquiries, cases
and the conference (``validate``, ``route``, ``privacy check``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED

N = 1024 * 1024  # characters in each hostile value
LIMIT = 30  # seconds; a quadratic pattern needs hours for N characters, a linear one < 1 s

# family: (imports, [(call with the hostile value V, the value, what the call must return)])
# The expected results (as JSON) show that the hostile value was really looked at.
FAMILIES: dict[str, tuple[str, list[tuple[str, str, Any]]]] = {
    "email-in-text": (
        "from merzig_cli.checks.privacy import personal_data_in as f",
        [
            ("f(V)", "'a' * N + ' @'", []),
            ("f(V)", "'x@' + 'a' * N", []),
            ("f(V)", "'a.' * (N // 2) + '@'", []),
            ("f(V)", "'@a' * (N // 2)", []),
            ("f(V)", "'a' * N + ' info@example.org'", ["eine E-Mail-Adresse"]),
        ],
    ),
    "phone": (
        "from merzig_cli.checks.privacy import personal_data_in as f",
        [
            ("f(V)", "'0' + ' ' * N", []),
            ("f(V)", "'+1' + '-' * N", []),
            ("f(V)", "('0' + ' ' * 3) * (N // 4)", ["eine Telefonnummer"]),
            ("f(V)", "' ' * N + '+49 6861 12345'", ["eine Telefonnummer"]),
        ],
    ),
    "name-detection": (
        "from merzig_cli.checks.privacy import personal_data_in as f, looks_like_full_name as g",
        [
            ("f(V)", "'A' + 'b' * N", []),  # one capitalised word: compounds of it
            ("f(V)", "'Ab-' * (N // 3)", []),  # one hyphenated word
            ("f(V)", "'Dr. ' + 'A' * N", []),
            ("f(V)", "'Ahmad Karimi ' * (N // 13)", ["einen Namen"]),
            ("f(V, [V])", "'Ab ' * (N // 3)", []),  # a workspace name as long as the text
            ("g(V)", "'Ab ' * (N // 3) + '1'", False),
            ("g(V)", "'A' + 'b' * N + ' C' + 'd' * N", False),  # no name is 40+ letters long
            ("g(V)", "'Tesfaye Gebremedhin ' * (N // 20)", True),
        ],
    ),
    "schema-values": (  # url, e-mail address, id, time, date as the schema checks them
        "from merzig_cli.schema.values import URL_RE, SLUG_RE, TIME_RE\n"
        "from merzig_cli.core.mailaddress import is_address\n"
        "from merzig_cli.core.vocab import INQUIRY_ID_RE\n"
        "from pathlib import Path\n"
        "from merzig_cli.core.yamlio import parse_text\n"
        "def load_text(t): return parse_text(t, Path('x.yaml'), 'x.yaml').data\n"
        "def m(p, v): return bool(p.fullmatch(v))",
        [
            ("m(URL_RE, V)", "'https://' + 'a' * N + ' '", False),
            ("m(URL_RE, V)", "'https://' + '/' * N", False),
            ("m(URL_RE, V)", "'https://a' + '/' * N", True),
            ("is_address(V)", "'a' * N + '@'", False),
            ("is_address(V)", "'a@' + 'a-' * (N // 2)", False),
            ("is_address(V)", "'a@' + 'a.' * (N // 2) + '-'", False),
            ("m(SLUG_RE, V)", "'a-' * (N // 2) + '!'", False),
            ("m(TIME_RE, V)", "'1' * N + ':00'", False),
            ("m(INQUIRY_ID_RE, V)", "'2026-' + '1' * N + 'x'", False),
            # plain YAML scalars go through the implicit resolvers (int, float, date, time)
            ("type(load_text('a: ' + V)['a']).__name__", "'1' * N + 'x'", "str"),
            ("type(load_text('a: ' + V)['a']).__name__", "'1' + ':59' * (N // 3) + '.x'", "str"),
            (
                "type(load_text('a: ' + V)['a']).__name__",
                "'2026-01-01T10:00:00.' + '1' * N + 'x'",
                "str",
            ),
        ],
    ),
    "hidden-characters": (
        "from merzig_cli.core.text import one_line, words\n"
        "from merzig_cli.documents.media import terminal, html",
        [
            ("len(terminal(V))", "'a\\u200b' * (N // 2)", N),
            ("len(one_line(V))", "' \\x1b' * (N // 2)", 0),
            ("len(html(V))", "'\\u202e\\u2066a' * (N // 3)", N // 3),
            ("len(words(V))", "' ' * N + 'x'", 1),
        ],
    ),
    "routing-words": (
        "from merzig_cli.routing.index import separable_verbs, query_terms, similarity\n"
        "from merzig_cli.core.text import term_in",
        [
            ("query_terms(V)", "'anerkennung-' * (N // 12)", ["anerkennung"]),
            ("separable_verbs(V, lambda w: False)", "'.,' * (N // 2)", {}),
            ("term_in('anerkennung', V)", "'anerkennun' * (N // 10)", False),
            ("similarity(V + 'x', V + 'y')", "'a' * N", 0.0),  # no typo search in such a word
            ("term_in('anerkennungsberatung', V)", "'x' * N", False),
        ],
    ),
    "markup": (
        "from merzig_cli.documents.pdf import breakable\n"
        "from merzig_cli.brochure.render import print_addresses",
        [
            ("len(breakable(V))", "'<' * N", N),
            ("len(breakable(V))", "'<!--' * (N // 4)", N),
            ("len(breakable(V))", "'<style>' * (N // 7)", N // 7 * 7),
            ("len(print_addresses(V))", "'<a href=\"x\">' * (N // 12)", N // 12 * 12),
            # + ' data-address="x" class="short-address"'
            ("len(print_addresses(V))", "'<a href=\"x\">' + '<' * N + '</a>'", N + 55),
        ],
    ),
    "pdf-checks": (  # what a page must have to become an accessible PDF (PDF/UA-1)
        "from merzig_cli.documents.accessible import check_html, with_svg_titles\n"
        "from merzig_cli.core.errors import UserError\n"
        "def refused(v):\n"
        "    try:\n"
        "        check_html(v)\n"
        "    except UserError:\n"
        "        return True\n"
        "    return False",
        [
            ("refused(V)", "'<html' * (N // 5)", True),
            ("refused(V)", "'<html lang=\"de\"><title>x</title>' + '<svg>' * (N // 5)", True),
            ("refused(V)", "'<title' * (N // 6)", True),
            ("len(with_svg_titles(V))", "'<svg aria-label=\"' * (N // 17)", N // 17 * 17),
            ("len(with_svg_titles(V))", "'<svg><title' * (N // 11)", N // 11 * 11),
        ],
    ),
    "css": (  # style sheets of the templates and style attributes, before they are published
        "from merzig_cli.documents.scriptfree import clean_css",
        [
            ("'http' in clean_css(V)", "'url(http://x/' * (N // 13)", False),
            ("len(clean_css(V))", "'url(' + ' ' * N", 4),
            ("len(clean_css(V))", "'x{a:url(' + ' ' * N + '\"data:x\")}'", N + 18),
            ("len(clean_css(V))", "'@import' * (N // 7)", 0),
        ],
    ),
    "markdown": (  # descriptions and mail texts: CommonMark, and plain text past 64 KiB
        "from merzig_cli.documents.sanitize import markdown_to_html, MARKDOWN_MAX_CHARS as L",
        [
            ("len(markdown_to_html(V)) > N", "'[' * N", True),
            ("len(markdown_to_html(V)) > 0", "'[a](' * (N // 4)", True),
            ("'<a' in markdown_to_html(V)", "'[' * (L - 100) + '[a](https://x.de)'", True),
            ("'<a' in markdown_to_html(V)", "'[a](' * (L // 4 - 100) + '[a](https://x.de)'", True),
            ("markdown_to_html(V).count('<p>')", "'a\\n\\n' * (N // 3)", N // 3),
        ],
    ),
    "field-paths": (
        "from merzig_cli.network.changes import label",
        [
            ("len(label(V)) > 0", "'[' * N", True),
            ("len(label(V)) > 0", "'a.' * (N // 2)", True),
        ],
    ),
    "suggestions": (
        "from merzig_cli.core.text import close_match\n"
        "import random\nrandom.seed(1)\n"
        "R = ''.join(chr(random.randrange(0x100, 0x3000)) for _ in range(N))",
        [
            ("close_match(V, [V[::-1], V[:-1] + 'x'])", "R", None),
            ("close_match('anerkenung', [V, 'anerkennung'])", "R", "anerkennung"),
        ],
    ),
    "usage-messages": (  # what was typed on the command line, quoted in a usage error
        "from merzig_cli.cli.i18n import translate",
        [
            (
                "translate(V)[:24]",
                "'Invalid value for x: ' + \"'\" * N",
                "Ungültiger Wert für x: '",
            ),
            ("translate(V)[:4]", "'a' * N + ' is not a valid integer.'", "aaaa"),
        ],
    ),
    "table-cells": (
        "import io\nfrom rich.console import Console\n"
        "from merzig_cli.cli.tables import Column, table\n"
        "def t(v):\n"
        "    out = Console(file=io.StringIO(), width=100)\n"
        "    cols = [Column('Text'), Column('Pfad', 'path'), Column('Id', 'id')]\n"
        "    out.print(table(None, cols, [[v, v, v]]))\n"
        "    return len(out.file.getvalue()) > 0",
        [
            ("t(V)", "'a-' * (N // 2)", True),
            ("t(V)", "'a/' * (N // 2)", True),
            ("t(V)", "'x' * N", True),
        ],
    ),
}


def _run(code: str, what: str) -> str:
    """The output of ``code`` in a fresh interpreter; a run over the limit fails the test."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=LIMIT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what}: nach {LIMIT} s nicht fertig – Zeit wächst mit dem Quadrat")
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_mebibyte_of_hostile_text_is_handled_in_linear_time(family: str) -> None:
    imports, cases = FAMILIES[family]
    lines = [f"N = {N}", imports, "import json, time", "found = []"]
    for call, value, _ in cases:
        lines.append(f"V = {value}")
        lines.append(f"found.append({call})")
    lines.append("print(json.dumps(found))")
    found = json.loads(_run("\n".join(lines), family))
    assert found == [json.loads(json.dumps(expected)) for _, _, expected in cases]


# --- the commands over a workspace with such values ----------------------------------------

# (file, place in it, hostile value): each family in a file of its own (1 MiB per file at most)
PLANTED = [
    ("actors/jmd-merzig.yaml", "description", "a" * 1_000_000 + " @"),
    ("actors/caritas-merzig.yaml", "website", "https://" + "a" * 1_000_000 + " x"),
    ("actors/awo-merzig.yaml", "contacts.0.name", "A" + "b" * 1_000_000),
    ("actors/drk-merzig.yaml", "contacts.0.phone", "+1" + "-" * 1_000_000),
    ("actors/diakonie-merzig.yaml", "contacts.0.id", "a-" * 500_000 + "!"),
    ("actors/bbz-merzig.yaml", "summary", "a\u200b" * 200_000),
    ("actors/vhs-merzig-wadern.yaml", "offers.0.summary", "<!--" * 250_000),
    ("inquiries/2026/2026-0001.yaml", "question", "0" + " " * 1_000_000),
    ("inquiries/2026/2026-0002.yaml", "question", "Ab-" * 330_000),
    ("inquiries/2026/2026-0003.yaml", "received", "2026-01-" + "1" * 1_000_000),
    ("inquiries/2026/2026-0004.yaml", "referrals.0.feedback.outcome", "a." * 500_000 + "@"),
    ("inquiries/2026/2026-0005.yaml", "question", "Ab " * 330_000),  # the name of an actor:
    ("actors/hwk-saarland.yaml", "name", "Ab " * 330_000),  # looked for at every word
    ("inquiries/2026/2026-0006.yaml", "channel", "[a](" * 250_000),  # quoted in the message
    ("cases/2026/fk-2026-01.yaml", "pseudonym", "Ab " * 330_000 + "1"),
    ("cases/2026/fk-2026-02.yaml", "situation.family", "x@" + "a" * 1_000_000),
    ("cases/2026/fk-2026-03.yaml", "follow_up.0.note", "[" * 1_000_000),
    ("conferences/fk-2027.yaml", "start", "1" * 1_000_000 + ":00"),
]


def _plant(root: Path, rel: str, place: str, value: str) -> None:
    path = root / rel
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    *way, last = [int(p) if p.isdigit() else p for p in place.split(".")]
    here = data
    for key in way:
        here = here[key]
    here[last] = value
    text = yaml.dump(
        data, Dumper=yaml.CSafeDumper, allow_unicode=True, width=2**30, sort_keys=False
    )
    assert len(text.encode("utf-8")) < N  # under the limit for a record: the value is read
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-cache"))
    for rel, place, value in PLANTED:
        _plant(root, rel, place, value)
    return root


@pytest.mark.parametrize(
    "args",
    [["validate"], ["route", "Anerkennung meines Pflegediploms"], ["privacy", "check"]],
    ids=["validate", "route", "privacy-check"],
)
def test_the_commands_handle_mebibyte_values_in_every_kind_of_record(
    hostile: Path, args: list[str]
) -> None:
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "merzig_cli", *args, "--data", str(hostile)],
            capture_output=True,
            text=True,
            timeout=LIMIT * 2,  # fifteen values of a mebibyte, read and checked
            env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"merzig {' '.join(args)}: nach {LIMIT * 2} s nicht fertig")
    output = done.stdout + done.stderr
    assert done.returncode in (0, 1), output[-3000:]
    assert "Interner Fehler" not in output and "Traceback" not in output
    if args == ["validate"]:
        for rel in ("caritas-merzig.yaml", "diakonie-merzig.yaml", "2026-0003.yaml", "fk-2027"):
            assert rel in output, rel  # the broken url, id, date and time are each reported
        # a message quoting a mebibyte is shown cut in the middle, with what is wrong at its end
        flat = output.replace("\n", "")  # as the terminal folds it
        assert "Zeichen ausgelassen) … [a](" in flat and "[a](“ ist kein erlaubter Wert" in flat
        assert len(output) < 100_000  # not sixteen mebibytes of values
    assert time.monotonic() - start < LIMIT * 2

"""Every pattern over workspace text takes time in proportion to the text: hostile values.

A backtracking regular expression that is tried at every position of a text
and reads on to its end each time takes time by the square of the length: a
long word and a lone "@" kept ``validate`` busy for minutes. Each family of
patterns (e-mail and phone in free text, names, the value checks of the
schema, hidden characters, routing words, markup, style sheets, field paths,
suggestions, usage messages, table cells) gets values built to provoke exactly
that, 300,000 characters long in the test run and a mebibyte in ``make
test-long`` (``MERZIG_HOSTILE_CHARS``, see ``tests/hostile_support.py``).
Each family runs in a process of its own under a hard limit (against a hang),
forked from one that has imported the tool (``tests/process_support.py``),
and times every value at a quarter of the size and at the full size, in CPU
time of that process: linear work takes four times as long, quadratic work
sixteen times. That tells the two apart on any machine, however fast or busy,
which the control test shows with half of the cheapest quadratic scan there
is. A fixed limit alone would not at 300,000 characters: the fastest
quadratic regular expression (``.*@x`` on a long word) takes ~46 s there on
the 2-core machine, ~9 minutes for a mebibyte, a faster machine half of that.

The commands themselves get the same values in Steckbriefe, inquiries, cases
and the conference (``validate``, ``route``, ``privacy check``), with a limit
on the CPU time in proportion to the size (the command's process, forked the
same way, counts its CPU time from the fork).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import process_support
import pytest
import yaml
from conftest import BUNDLED
from hostile_support import HOSTILE_CHARS, assert_linear, grows_linearly

from merzig_cli.core.files import MAX_FILE_BYTES

N = HOSTILE_CHARS  # characters in each hostile value
LIMIT = 30  # seconds, wall: against a hang; linear and quadratic are told apart by growth

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
    "pdf-language": (  # the PDF/UA check, and the dictionary PDF workers get before they fork
        "from merzig_cli.documents.accessible import html_language as f",
        [
            ("f(V)", "'<html' * (N // 5)", None),
            ("f(V)", "'<html ' + ' ' * N + 'lang=de>'", "de"),
        ],
    ),
    # style sheets of the templates and style attributes, before they are published; every
    # value past the 64 KiB up to which a cleaned sheet is kept: each timing reads its value
    "css": (
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
            ("close_match(V, [V[::-1], V[:-1] + 'x'])", "R[:N]", None),
            ("close_match('anerkenung', [V, 'anerkennung'])", "R[:N]", "anerkennung"),
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
    """The output of ``code`` in a process of its own; a run over the limit fails the test."""
    done = process_support.script(code, timeout=LIMIT)
    if done is None:
        pytest.fail(f"{what}: nach {LIMIT} s nicht fertig – Zeit wächst mit dem Quadrat")
    code_, out, err = done
    assert code_ == 0, err[-3000:]
    return out


# Each case in the family's process: a value that grows with N is first given at 1 Ki
# characters (lazy imports and caches warm), then timed at N/4 and at N (hostile_support's
# growth: once more when that does not look linear); a value that does not grow (the
# Markdown cases at its 64 KiB cap) is timed once. CPU time of the process.
_TIMED = """
from hostile_support import growth
def timed(call, value, n):
    v = value(n)
    gc.collect()
    start = time.process_time()
    result = call(v, n)
    return result, time.process_time() - start
found, spent = [], []
for call, value in CASES:
    if len(value(1024)) != len(value(N)):
        timed(call, value, 1024)
        results = {}
        def took(n):
            results[n], seconds = timed(call, value, n)
            return seconds
        small, large = growth(took, N)
        result = results[N]
    else:
        small, (result, large) = None, timed(call, value, N)
    found.append(result)
    spent.append([small, large])
print(json.dumps([found, spent]))
"""


def _check_family(family: str, imports: str, cases: list[tuple[str, str, Any]]) -> None:
    """Run a family's cases in a process of its own: each gives the expected result, and its
    time grows linearly from a quarter of the text to all of it."""
    listed = ", ".join(f"(lambda V, N: ({call}), lambda N: ({value}))" for call, value, _ in cases)
    support = f"import sys\nsys.path.insert(0, {str(Path(__file__).parent)!r})\n"
    code = f"N = {N}\n{support}{imports}\nimport gc, json, time\nCASES = [{listed}]\n{_TIMED}"
    found, spent = json.loads(_run(code, family))
    assert found == [json.loads(json.dumps(expected)) for _, _, expected in cases]
    for (call, value, _), (small, large) in zip(cases, spent, strict=True):
        if small is not None:
            assert_linear(f"{family}: {call} mit V = {value}", small, large)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_mebibyte_of_hostile_text_is_handled_in_linear_time(family: str) -> None:
    """N characters of hostile text per value: 300,000 in the test run, a mebibyte in
    ``make test-long`` (the name is the test's id since it always ran a mebibyte)."""
    imports, cases = FAMILIES[family]
    _check_family(family, imports, cases)


def test_the_hostile_style_sheets_are_larger_than_those_the_filter_keeps() -> None:
    """A kept (cached) result would time nothing: at a quarter of the size, every style
    sheet of the "css" family is read anew each time."""
    from merzig_cli.documents.scriptfree import CSS_KEPT_CHARS

    assert N // 4 > CSS_KEPT_CHARS


def test_the_size_is_large_enough_to_catch_the_cheapest_quadratic_scan() -> None:
    """The control: a slice of the text from every position, searched for "@", is quadratic
    work at memcpy and memchr speed, cheaper per step than any regular expression (~1.7 s
    for 300,000 characters). Half of it – a slice from every other position, ~0.9 s – is
    caught by the same check at the size of this run (for a mebibyte, ~10 s, the hard limit
    may come first on a busy machine), and so is the whole: the check fails once the
    quadratic part exceeds twice the linear part and twice the floor
    (``tests/hostile_support.py``), and the whole scan's is twice as large. Half the scan
    because a result that does not look linear is measured twice: ~2 s instead of ~4 s."""
    quadratic = ("sum('@' in V[i:] for i in range(0, len(V), 2))", "'a' * N", 0)
    caught = (AssertionError, pytest.fail.Exception)
    with pytest.raises(caught, match=r"wächst schneller als der Text|nicht fertig"):
        _check_family("control", "", [quadratic])
    assert grows_linearly(1.0, 4.0) and not grows_linearly(1.0, 16.0)  # linear / quadratic


# --- the commands over a workspace with such values ----------------------------------------

# (file, place in it, hostile value): each family in a file of its own, every file under the
# limit for a record (M is 1,000,000 characters in the long run, 286,102 in the test run)
M = N * 1_000_000 // 1_048_576
PLANTED = [
    ("actors/jmd-merzig.yaml", "description", "a" * M + " @"),
    ("actors/caritas-merzig.yaml", "website", "https://" + "a" * M + " x"),
    ("actors/awo-merzig.yaml", "contacts.0.name", "A" + "b" * M),
    ("actors/drk-merzig.yaml", "contacts.0.phone", "+1" + "-" * M),
    ("actors/diakonie-merzig.yaml", "contacts.0.id", "a-" * (M // 2) + "!"),
    ("actors/bbz-merzig.yaml", "summary", "a\u200b" * (M // 5)),
    ("actors/vhs-merzig-wadern.yaml", "offers.0.summary", "<!--" * (M // 4)),
    ("inquiries/2026/2026-0001.yaml", "question", "0" + " " * M),
    ("inquiries/2026/2026-0002.yaml", "question", "Ab-" * (M * 33 // 100)),
    ("inquiries/2026/2026-0003.yaml", "received", "2026-01-" + "1" * M),
    ("inquiries/2026/2026-0004.yaml", "referrals.0.feedback.outcome", "a." * (M // 2) + "@"),
    ("inquiries/2026/2026-0005.yaml", "question", "Ab " * (M * 33 // 100)),  # an actor's name:
    ("actors/hwk-saarland.yaml", "name", "Ab " * (M * 33 // 100)),  # looked for at every word
    ("inquiries/2026/2026-0006.yaml", "channel", "[a](" * (M // 4)),  # quoted in the message
    ("cases/2026/fk-2026-01.yaml", "pseudonym", "Ab " * (M * 33 // 100) + "1"),
    ("cases/2026/fk-2026-02.yaml", "situation.family", "x@" + "a" * M),
    ("cases/2026/fk-2026-03.yaml", "follow_up.0.note", "[" * M),
    ("conferences/fk-2027.yaml", "start", "1" * M + ":00"),
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
    assert len(text.encode("utf-8")) < MAX_FILE_BYTES  # a record, not refused: the value is read
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".merzig-cache"))
    for rel, place, value in PLANTED:
        _plant(root, rel, place, value)
    return root


# CPU seconds a command may take: its start, and 20 s per mebibyte of each value (it takes
# 1.2–5.3 s for a mebibyte, 0.5–1.4 s for the test run's values on the 2-core machine). The
# fastest quadratic regular expression would take ~46 s with the test run's values, ~9
# minutes with a mebibyte: the limit tells the two apart with a margin of about 7.
COMMAND_CPU = 1 + 20 * N / 1_048_576


@pytest.mark.parametrize(
    "args",
    [["validate"], ["route", "Anerkennung meines Pflegediploms"], ["privacy", "check"]],
    ids=["validate", "route", "privacy-check"],
)
def test_the_commands_handle_mebibyte_values_in_every_kind_of_record(
    hostile: Path, args: list[str]
) -> None:
    """Each kind of record with values of M characters: 286,102 in the test run, a million
    in ``make test-long`` (the name is the test's id since it always ran a mebibyte)."""
    start = time.monotonic()
    done = process_support.measured(
        [*args, "--data", str(hostile)],
        hostile,
        {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        timeout=LIMIT * 2,  # eighteen hostile values, read and checked: against a hang
    )
    if done is None:
        pytest.fail(f"merzig {' '.join(args)}: nach {LIMIT * 2} s nicht fertig")
    output = done.output
    assert done.code in (0, 1), output[-3000:]
    assert "Interner Fehler" not in output and "Traceback" not in output
    if args == ["validate"]:
        for rel in ("caritas-merzig.yaml", "diakonie-merzig.yaml", "2026-0003.yaml", "fk-2027"):
            assert rel in output, rel  # the broken url, id, date and time are each reported
        # a message quoting such a value is shown cut in the middle, with what is wrong at its end
        flat = output.replace("\n", "")  # as the terminal folds it
        assert "Zeichen ausgelassen) … [a](" in flat and "[a](“ ist kein erlaubter Wert" in flat
        assert len(output) < 100_000  # not eighteen values of M characters
    assert time.monotonic() - start < LIMIT * 2
    assert done.cpu < COMMAND_CPU, f"merzig {' '.join(args)}: {done.cpu:.1f} s CPU für {M} Zeichen"

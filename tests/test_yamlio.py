"""Safe YAML reading: positions of values, hostile and broken files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from merzig_cli.core.yamlio import (
    MAX_DEPTH,
    InvalidDate,
    LoadFailure,
    format_path,
    load_document,
    parse_text,
)


def _parse(text: str) -> object:
    return parse_text(text, Path("x.yaml"), "x.yaml")


def _failure(text: str) -> LoadFailure:
    with pytest.raises(LoadFailure) as info:
        _parse(text)
    return info.value


def test_values_keep_their_line_and_column() -> None:
    doc = parse_text(
        "id: a\ncontacts:\n  - id: b\n    email: b@example.org\n", Path("x"), "actors/a.yaml"
    )
    assert doc.data == {"id": "a", "contacts": [{"id": "b", "email": "b@example.org"}]}
    assert doc.where(("contacts", 0, "email")) == (4, 12)
    assert doc.where(("contacts", 0)) == (3, 5)
    assert doc.where(("contacts", 0, "email"), key=True) == (4, 5)
    # a missing value points at its nearest ancestor: the enclosing mapping
    assert doc.where(("contacts", 0, "phone")) == (3, 5)


def test_scalars_become_python_values() -> None:
    doc = parse_text("a: 2026-11-20\nb: 12\nc: true\nd: null\ne: '0815'\nf: 1.5\n", Path("x"), "x")
    assert doc.data == {
        "a": dt.date(2026, 11, 20),
        "b": 12,
        "c": True,
        "d": None,
        "e": "0815",
        "f": 1.5,
    }


def test_impossible_date_is_a_problem_not_a_crash() -> None:
    doc = parse_text("id: a\nreviewed: 2026-02-30\n", Path("x"), "actors/a.yaml")
    assert isinstance(doc.data["reviewed"], InvalidDate)
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.field) == ("date-impossible", 2, "reviewed")
    assert "„2026-02-30“ ist kein gültiges Datum" in problem.message


def test_duplicate_key_is_reported_at_its_second_occurrence() -> None:
    doc = parse_text("id: a\nname: X\nrole: Y\nname: Z\n", Path("x"), "x.yaml")
    assert doc.data["name"] == "X"
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-duplicate-key", 4, 1)
    assert problem.message == "Schlüssel „name“ steht doppelt (zuerst in Zeile 2)"


def test_unclosed_quote_points_at_the_opening_line() -> None:
    failure = _failure('id: a\nname: "Caritas\nsummary: x\nlevel: district\n')
    assert failure.problem.line == 2
    assert failure.problem.column == 7
    assert failure.problem.message == "Anführungszeichen nicht geschlossen"


def test_unclosed_bracket_points_at_the_opening_line() -> None:
    failure = _failure("id: a\ntopics: [work, recognition\nlevel: district\n")
    assert failure.problem.line == 2
    assert failure.problem.message == "Klammer nicht geschlossen"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a:\n\tb: 1\n", 2, "Tabulator statt Leerzeichen"),
        ("a:\n  b: 1\n\tc: 2\n", 3, "Tabulator statt Leerzeichen"),
        ("a:\n  b: 1\n    c: 2\n", 3, "Doppelpunkt an unerwarteter Stelle oder falsche Einrückung"),
        ("a:\n  b: 1\n c: 2\n", 3, "Falsche Einrückung"),
        ("a:\n  - x: 1\n   - y: 2\n", 3, "Falsche Einrückung in einer Liste"),
        ("a: 1\n---\nb: 2\n", 2, "Mehrere YAML-Dokumente in einer Datei"),
        ("a: *nirgends\n", 1, "Unbekannter Alias (*name)"),
    ],
)
def test_syntax_errors_name_the_line_and_the_cause(text: str, line: int, message: str) -> None:
    problem = _failure(text).problem
    assert (problem.code, problem.line, problem.message) == ("yaml-syntax", line, message)
    assert problem.hint


@pytest.mark.parametrize("text", ["", "   \n\n", "# nur ein Kommentar\n", "---\n"])
def test_empty_files_are_refused(text: str) -> None:
    problem = _failure(text).problem
    assert problem.code == "empty-file"
    assert problem.message == "Datei ist leer"


@pytest.mark.parametrize("text", ["- a\n- b\n", "nur Text\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    problem = _failure(text).problem
    assert (problem.code, problem.line) == ("not-mapping", 1)


def test_billion_laughs_is_refused_before_expansion() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    problem = _failure("\n".join(lines) + "\n").problem
    assert problem.code == "yaml-alias-bomb"
    assert "Anker" in problem.message


def test_harmless_aliases_are_resolved() -> None:
    doc = parse_text("base: &b {city: Merzig}\naddress: *b\n", Path("x"), "x")
    assert doc.data["address"] == {"city": "Merzig"}


def test_too_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert _failure(text).problem.code == "yaml-too-deep"


def test_unknown_tag_is_a_warning_and_kept_as_text() -> None:
    doc = parse_text("a: !geheim wert\n", Path("x"), "x")
    assert doc.data == {"a": "wert"}
    assert [p.code for p in doc.problems] == ["yaml-tag"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: a\nname: \xc3\x84rztin\n")
    doc = load_document(path, "a.yaml")
    assert doc.data == {"id": "a", "name": "Ärztin"}
    assert doc.where(("name",)) == (2, 7)


def test_latin1_file_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("id: a\nname: Ärztin\n".encode("latin-1"))
    with pytest.raises(LoadFailure) as info:
        load_document(path, "actors/a.yaml")
    problem = info.value.problem
    assert (problem.code, problem.file, problem.line) == ("encoding", "actors/a.yaml", 2)
    assert "nicht in UTF-8" in problem.message
    assert "UTF-8" in (problem.hint or "")


def test_files_over_one_mib_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: big\nsummary: '" + "x" * (3 * 1024 * 1024) + "'\n", encoding="utf-8")
    with pytest.raises(LoadFailure) as info:
        load_document(path, "actors/big.yaml")
    assert info.value.problem.code == "file-too-large"
    assert info.value.problem.message == "Datei ist 3,0 MiB groß; erlaubt ist höchstens 1 MiB"


def test_format_path_reads_like_the_yaml() -> None:
    assert format_path(("contacts", 0, "email")) == "contacts[0].email"
    assert format_path(()) == ""


def test_many_values_without_aliases_are_refused_with_their_own_message() -> None:
    text = "id: a\nkeywords: [" + ", ".join(["x"] * 60_000) + "]\n"
    problem = _failure(text).problem
    assert problem.code == "yaml-too-many-values"
    assert problem.message == "Datei enthält mehr als 50.000 Werte"


def test_short_dates_stay_text_so_that_validation_asks_for_iso() -> None:
    doc = parse_text("a: 2026-1-5\nb: 2026-01-05\n", Path("x"), "x")
    assert doc.data == {"a": "2026-1-5", "b": dt.date(2026, 1, 5)}

"""Text from a workspace made fit for the medium it leaves the tool in: one function each.

A value may hold anything a YAML escape can write: NUL, BEL, ESC sequences,
direction overrides, noncharacters such as U+FFFF. What is harmless in one
medium breaks another (a NUL in a calendar, U+FFFF in a workbook that Excel
then refuses to open) or is read as an instruction (an ESC sequence by a
terminal, ``=`` by a spreadsheet, a bare URL by a Markdown renderer). So each
medium has one function here, called last, on the value as it is written:

- :func:`terminal` shows hidden and controlling characters as „�“;
- :func:`html` removes them (the page is escaped and filtered elsewhere);
- :func:`icalendar` and :func:`vcard` remove them and keep line breaks only
  where the value may have them; :func:`vcard` also escapes (RFC 6350);
- :func:`odt` removes them and keeps line breaks (an OpenDocument file is XML, which
  cannot even hold most control characters);
- :func:`csv` and :func:`xlsx` write one line and decide about formulas
  *after* cleaning, so ``"\\x01=cmd()"`` is caught as ``=cmd()``;
- :func:`data` and :func:`data_csv` clean a value of a data file for programs (JSON, the
  CSV of a data package): line breaks kept, and a leading apostrophe in CSV only where a
  spreadsheet would run something (``+49 6861 …`` stays a phone number);
- :func:`markdown` puts a value into a code span, where no renderer makes a
  link, a mention, an image or HTML of it; :func:`markdown_block` fences lines.

Which characters count as hidden is defined once, in :mod:`merzig_cli.core.text`.
"""

from __future__ import annotations

import re

from ..core.text import HIDDEN as _HIDDEN
from ..core.text import REPLACEMENT, one_line

_BREAKS = re.compile(r"\r\n?|[\v\f\u2028\u2029]")
# A spreadsheet reads these at the start of a cell as a formula (OWASP „CSV injection“).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BACKTICKS = re.compile(r"`+")


def terminal(text: object) -> str:
    """``text`` with every hidden or terminal-controlling character shown as „�“."""
    value = str(text)
    return _HIDDEN.sub(REPLACEMENT, value) if _HIDDEN.search(value) else value


def html(text: str) -> str:
    """``text`` without hidden characters: what a published page shows (HTML, and the
    Markdown of documents, whose escaping is :func:`~.sanitize.md_escape`)."""
    return _HIDDEN.sub("", text) if _HIDDEN.search(text) else text


def _lines(text: object) -> str:
    """Line breaks as ``\\n``, every other hidden character removed."""
    return _HIDDEN.sub("", _BREAKS.sub("\n", str(text)))


def icalendar(text: object, lines: bool = False) -> str:
    """A TEXT value of a calendar (before the calendar library escapes it): one line,
    or with ``lines`` the line breaks kept; no control character, no noncharacter."""
    return _lines(text).strip() if lines else one_line(text)


def odt(text: object) -> str:
    """Text for an OpenDocument file: line breaks as ``\\n``, no control character, no
    noncharacter, no direction override (what XML 1.0 cannot hold is among them)."""
    return _lines(text)


def vcard(text: object, lines: bool = False) -> str:
    """A vCard text value (RFC 2426 and 6350): cleaned, with backslash, comma, semicolon and
    line breaks escaped."""
    value = _lines(text).strip() if lines else one_line(text)
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def formula(cell: str) -> bool:
    """Would a spreadsheet read this (already cleaned) cell as a formula?"""
    return cell.startswith(FORMULA_START)


def csv(text: object) -> str:
    """A CSV cell: one clean line that can never start a formula (a leading apostrophe)."""
    cell = one_line(text)
    return "'" + cell if formula(cell) else cell


_NUMBERISH = re.compile(r"[+\-]?[\d\s()/.+\-]*")


def data(text: object) -> str:
    """A text value of a data file (JSON, CSV for programs): line breaks as ``\\n``,
    no other hidden character."""
    return _lines(text)


def data_csv(text: object) -> str:
    """A CSV cell of a data package: :func:`data`, with a leading apostrophe where a
    spreadsheet would read a formula that can do anything (not for a value of digits and
    number punctuation only, such as the phone number ``+49 6861 000-2``)."""
    cell = _lines(text)
    return "'" + cell if formula(cell) and not _NUMBERISH.fullmatch(cell) else cell


def xlsx(text: object) -> tuple[str, bool]:
    """(a cell's text, whether it needs Excel's quote prefix): one clean line, so that
    nothing in it makes the workbook unreadable, and the formula rule decided on that."""
    cell = one_line(text)
    return cell, formula(cell)


def markdown(text: object, table: bool = False) -> str:
    """A value as a Markdown code span: no link, mention, image or HTML can come of it.

    The fence is one backtick longer than the longest run inside, and a space
    pads a value that starts or ends with a backtick (CommonMark strips one
    on each side). Hidden characters are shown as „�“, so that a
    reviewer sees them. In a table cell ``|`` is escaped, as GFM tables require.
    """
    value = " ".join(terminal(text).split())
    if not value:
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    if value[0] == "`" or value[-1] == "`":
        value = f" {value} "
    if table:
        value = value.replace("|", "\\|")
    return f"{fence}{value}{fence}"


def markdown_block(lines: list[str], info: str = "") -> list[str]:
    """Lines as a fenced code block, hidden characters shown as „�“; the fence is longer
    than any run of backticks inside, so no line can close it."""
    shown = [terminal(line) for line in lines]
    longest = max((len(run) for line in shown for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *shown, fence]

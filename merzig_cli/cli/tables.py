"""Terminal tables: columns fitted to the terminal, words kept whole, laid out line by line.

Every list command prints through :func:`table`. The widths are decided here
(:func:`fit_columns`), every cell is broken into lines here (:func:`_cell`),
so the table itself is only a matter of padding: :class:`Grid` writes one
line after the other instead of letting Rich measure every cell again, which
for the 1,900 due steps of a district's Förderkonferenz took seconds. The
look is that of Rich's ``SIMPLE_HEAD`` box without edges (bold headers, a rule
under them, three spaces between columns); ``tests/test_cli_tables.py``
compares the two.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .common import stdout


@dataclass
class Column:
    """A column of a terminal table and how it may shrink in a narrow terminal.

    ``text`` wraps at spaces and hyphens, never inside a word; ``path`` after
    a slash or hyphen; ``id`` is shortened with an ellipsis; ``number`` keeps
    its width. When even that
    does not fit, the column with the lowest ``priority`` is left out.
    """

    header: str
    kind: str = "text"
    priority: int = 1


ID_MIN = 12  # an id is never shortened below this many characters
PATH_MIN = 24  # a path column is never narrower than this, unless its longest piece is
_GAP = 3  # the separator between two columns: padding, a space, padding
_SEPARATOR = " " * _GAP


# A text breaks at spaces and after a hyphen before a letter ("Merzig-|Wadern"), never
# inside a number ("000-312", "2026-11-30"); a path after a slash or hyphen.
_BREAK = re.compile(r"(\s+)|(?<=-)(?=[^\W\d_])")
_PATH_PIECE = re.compile(r"[^/-]+[/-]?|[/-]")


def _tokens(text: str, path: bool = False) -> list[str]:
    """The pieces a cell may break between, as :class:`_Wrapper` breaks it."""
    if path:
        return _PATH_PIECE.findall(text)
    return [p for p in _BREAK.split(text) if p and not p.isspace()]


class _Wrapper(textwrap.TextWrapper):
    """Breaks where :func:`_tokens` counts the pieces, so that every line fits its column."""

    wordsep_re = _BREAK


@cache
def _wrapper(width: int) -> _Wrapper:
    """One wrapper per column width, not one per cell."""
    return _Wrapper(width=max(width, 1), break_long_words=False, break_on_hyphens=True)


def _min_width(col: Column, cells: list[str]) -> int:
    from rich.cells import cell_len

    longest = max((cell_len(c) for c in cells), default=0)
    if col.kind == "id":
        return min(longest, max(ID_MIN, cell_len(col.header)))
    if col.kind == "number":
        return longest
    words = [cell_len(w) for c in cells for w in _tokens(c, col.kind == "path")]
    if col.kind == "path":  # a path may break inside a long piece too (see _wrap_path)
        return min(max(words, default=0), PATH_MIN)
    return max(words, default=0)


def fit_columns(columns: list[Column], rows: list[list[str]], width: int) -> list[int | None]:
    """Width of every column for a terminal ``width`` wide; None for a column left out."""
    from rich.cells import cell_len

    cells = [[col.header, *(r[i] for r in rows)] for i, col in enumerate(columns)]
    natural = [
        max((cell_len(line) for c in cs for line in c.splitlines()), default=0) for cs in cells
    ]
    least = [_min_width(col, cs) for col, cs in zip(columns, cells, strict=True)]
    active = list(range(len(columns)))

    def room() -> int:
        return width - _GAP * (len(active) - 1)

    while len(active) > 1 and sum(least[i] for i in active) > room():
        drop = min(active, key=lambda i: (columns[i].priority, -i))
        active.remove(drop)
    widths: dict[int, int] = {i: least[i] for i in active}
    for i in active:  # a whole id can be copied: ids get their room first
        if columns[i].kind == "id":
            widths[i] += max(0, min(natural[i] - least[i], room() - sum(widths.values())))
    extra = room() - sum(widths.values())
    want = {i: natural[i] - widths[i] for i in active if natural[i] > widths[i]}
    total = sum(want.values())
    if extra > 0 and total:
        for i, w in want.items():
            widths[i] += min(w, extra * w // total)
        spare = room() - sum(widths.values())
        for i in sorted(want, key=lambda i: -want[i]):
            step = min(spare, natural[i] - widths[i])
            widths[i] += step
            spare -= step
    # A column wider than the terminal (one long word left) is cut with „…“, never silently.
    return [min(widths[i], max(width, 1)) if i in widths else None for i in range(len(columns))]


def _wrap_path(text: str, width: int) -> list[str]:
    """A path on as many lines as it needs, broken only after a slash or a hyphen."""
    from rich.cells import cell_len

    lines = [""]
    for piece in _tokens(text, path=True):
        if lines[-1] and cell_len(lines[-1] + piece) > width:
            lines.append("")
        while cell_len(piece) > width > 0:  # longer than the column: cut, nothing is lost
            room = width - cell_len(lines[-1])
            lines[-1] += piece[:room]
            piece = piece[room:]
            lines.append("")
        lines[-1] += piece
    return [line for line in lines if line] or [""]


def _shown(text: str, col: Column) -> str:
    """A cell as the terminal will show it, before it is measured: hidden and controlling
    characters as „�“ (each one column wide), an id or a number on one line."""
    from ..documents.media import terminal

    shown = terminal(text)
    return " ".join(shown.split()) if col.kind in ("id", "number") else shown


def _cell(text: str, col: Column, width: int) -> list[str]:
    """The lines of one cell, none wider than ``width`` unless a single piece is."""
    from rich.cells import cell_len

    if col.kind == "id":
        return [text if cell_len(text) <= width else text[: max(width - 1, 1)] + "…"]
    if col.kind == "number":
        return [text]
    if col.kind == "path":
        return _wrap_path(text, width)
    wrapper = _wrapper(width)
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines += wrapper.wrap(para) or [""]
    return lines


def _fit(line: str, width: int, right: bool) -> str:
    """``line`` padded to ``width`` terminal cells; a longer one cut with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    size = cell_len(line)
    if size > width:
        return set_cell_size(line, max(width - 1, 0)) + "…" if width else ""
    pad = " " * (width - size)
    return pad + line if right else line + pad


class Grid:
    """A table laid out line by line: the header in bold, a rule, then the rows."""

    def __init__(self, columns: list[Column], widths: list[int], rows: list[list[str]]) -> None:
        self.columns, self.widths, self.rows = columns, widths, rows

    def _line(self, cells: list[str]) -> str:
        return _SEPARATOR.join(
            _fit(text, w, col.kind == "number")
            for text, col, w in zip(cells, self.columns, self.widths, strict=True)
        )

    def lines(self) -> Iterator[str]:
        """The rows' lines, each cell wrapped to its column and the row as high as its tallest."""
        for row in self.rows:
            cells = [
                _cell(text, col, w)
                for text, col, w in zip(row, self.columns, self.widths, strict=True)
            ]
            for n in range(max((len(c) for c in cells), default=0)):
                yield self._line([c[n] if n < len(c) else "" for c in cells])

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment
        from rich.style import Style

        total = sum(self.widths) + _GAP * (len(self.widths) - 1)
        yield Segment(self._line([c.header for c in self.columns]), Style(bold=True))
        yield Segment.line()
        yield Segment("─" * total)
        yield Segment.line()
        for line in self.lines():
            yield Segment(line)
            yield Segment.line()


def _shown_rows(columns: list[Column], rows: list[list[str]]) -> list[list[str]]:
    """The cells as the terminal will show them (see :func:`_shown`), ready to be measured."""
    return [[_shown(text, col) for text, col in zip(row, columns, strict=True)] for row in rows]


def table(
    title: str | None, columns: list[Column], rows: list[list[str]], width: int | None = None
) -> Any:
    """A table that fits the terminal: words whole, ids shortened, a column left out if need be.

    The title stands on its own line above, so that it never breaks into pieces.
    """
    [one] = tables(columns, [(title, rows)], width)
    return one


def tables(
    columns: list[Column],
    groups: list[tuple[str | None, list[list[str]]]],
    width: int | None = None,
) -> list[Any]:
    """Tables printed one after the other (``followup``: one per accompanying actor), with
    the same columns: the widths are fitted to the rows of all of them together."""
    from rich.console import Group
    from rich.text import Text

    shown = [(title, _shown_rows(columns, rows)) for title, rows in groups]
    every = [row for _, rows in shown for row in rows]
    widths = fit_columns(columns, every, width or stdout().width)
    kept = [i for i, w in enumerate(widths) if w is not None]
    left_out = [c.header for c, w in zip(columns, widths, strict=True) if w is None]
    out = []
    for title, rows in shown:
        grid = Grid(
            [columns[i] for i in kept],
            [w for w in widths if w is not None],
            [[row[i] for i in kept] for row in rows],
        )
        parts: list[Any] = (
            [Text(title, style="bold", no_wrap=True, overflow="ellipsis")] if title else []
        )
        parts.append(grid)
        if left_out:
            parts.append(
                Text(f"(ausgelassen, zu schmales Terminal: {', '.join(left_out)})", style="dim")
            )
        out.append(Group(*parts))
    return out

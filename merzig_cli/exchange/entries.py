"""What a reader found for one actor: answers by field key, each with the cell it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.problems import Problem, Severity


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@dataclass(frozen=True)
class Where:
    """A place in an imported file: sheet, row and column (1-based), and the column's heading."""

    file: str
    sheet: str = ""
    row: int | None = None
    column: int | None = None
    heading: str = ""
    cell: bool = False  # a form: the place is a cell (C12), not a row and a column

    def label(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Blatt „{self.sheet}“")
        if self.row is not None and self.column is not None and self.cell:
            parts.append(f"Zelle {column_letter(self.column)}{self.row}")
        else:
            if self.row is not None:
                parts.append(f"Zeile {self.row}")
            if self.column is not None:
                parts.append(f"Spalte {column_letter(self.column)}")
        if self.heading:
            parts.append(f"„{self.heading}“")
        return ", ".join(parts)

    def problem(
        self, message: str, hint: str | None = None, severity: Severity = "error", code: str = ""
    ) -> Problem:
        return Problem(
            severity,
            code or "import",
            message,
            file=self.file,
            line=self.row,
            column=self.column,
            field=self.label(),
            hint=hint,
        )


@dataclass
class Cell:
    value: str | list[str]
    where: Where


@dataclass
class Entry:
    """One actor's answers from one form or one row of a survey export."""

    where: Where  # the form, or the row
    values: dict[str, Cell] = field(default_factory=dict)
    actor_id: str = ""  # from a form made for this actor
    day: dt.date | None = None  # when it was filled in (a survey's submit date)
    complete: bool = False  # True: the contact and offer blocks are the whole lists (a form)
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, value: str, where: Where) -> None:
        """Record ``value`` for ``key``; several values of one key make a list."""
        if key in self.values:
            old = self.values[key]
            items = old.value if isinstance(old.value, list) else [old.value]
            old.value = [*items, value]
        else:
            self.values[key] = Cell(value, where)

    def add_item(self, key: str, value: str, where: Where) -> None:
        """Record one value of a field with several values (a choice list)."""
        cell = self.values.setdefault(key, Cell([], where))
        assert isinstance(cell.value, list)
        cell.value.append(value)

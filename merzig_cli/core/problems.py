"""Problems are data: validation collects them, the CLI decides what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

SEVERITY_DE = {"error": "Fehler", "warning": "Warnung"}


@dataclass(frozen=True)
class Problem:
    """One finding, located as precisely as the file allows."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str = ""
    hint: str | None = None

    @property
    def location(self) -> str:
        parts = [self.file or "<Arbeitsbereich>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """A one-line German rendering, as compilers print it: file:line:col.

        One line even when a quoted value holds a line break: a value cannot forge a
        line of its own ("actors/x.yaml: alles in Ordnung")."""
        from .text import one_line

        text = f"{self.location}: {SEVERITY_DE[self.severity]}"
        if self.field:
            text += f" in {one_line(self.field)}"
        text += f": {one_line(self.message)}"
        if self.hint:
            text += f" – {one_line(self.hint)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


@dataclass
class Report:
    """The result of a validation run."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    files_read: list[str] = field(default_factory=list)  # record files read, not from the cache

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=Problem.sort_key)

    def to_dict(self, strict: bool = False) -> dict[str, Any]:
        return {
            "valid": self.ok(strict),
            "strict": strict,
            "files_checked": self.files_checked,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.sorted()],
        }

"""One exception tree for every expected failure.

The CLI turns a :class:`MerzigError` into a German message on stderr and an
exit code in exactly one place; anything else is a bug and shows a traceback
only with ``--debug``.
"""

from __future__ import annotations


class MerzigError(Exception):
    """Base of every failure the user can act on."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        """Whole across processes (a PDF laid out in a worker): the hint too, not only the text."""
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(cls: type[MerzigError], args: tuple[object, ...], state: dict[str, object]) -> object:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UserError(MerzigError):
    """Bad input, a missing file, a refused change: exit code 1."""


class ConfigError(UserError):
    """The workspace itself cannot be used (no config.yaml, broken settings)."""


class DataError(UserError):
    """A record is invalid; carries the problems that explain why."""

    def __init__(self, message: str, problems: list[object], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.problems = problems


class UsageError(MerzigError):
    """Wrong use of the command line: exit code 2."""

    exit_code = 2

"""check-jsonschema, the standard validator the exported schemas and the CI files are checked
with: its own command line, with the same arguments and output, run in this process.

Its start took 1.5 s, 1.15 s of it for the grammar of IRIs that rfc3987-syntax builds when
jsonschema imports it (for the formats "iri" and "iri-reference"). That grammar is built
on the first IRI checked instead (:func:`iri_grammar_when_first_used`): none of the
schemas checked here has such a value, and a check of one uses the same grammar as before.
Run in-process, the suite pays the rest once per worker instead of once per check.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import traceback
import types


def iri_grammar_when_first_used() -> None:
    """Let jsonschema import rfc3987_syntax without its grammar: the real module is imported
    (and its grammar built) by the first call of ``is_valid_syntax``, which it then answers."""
    if "rfc3987_syntax" in sys.modules:
        return
    spec = importlib.util.find_spec("rfc3987_syntax")
    if spec is None:  # not installed: jsonschema checks no IRIs either way
        return
    package = types.ModuleType("rfc3987_syntax")
    package.__path__ = list(spec.submodule_search_locations or [])

    def is_valid_syntax(term: str, value: str) -> bool:
        real = importlib.import_module("rfc3987_syntax.syntax_helpers")
        return bool(real.is_valid_syntax(term, value))

    package.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules["rfc3987_syntax"] = package


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    """``check-jsonschema ARGS``: its exit code, what it printed, an error's traceback."""
    iri_grammar_when_first_used()
    from check_jsonschema import main  # type: ignore[import-untyped]
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(args))
    error = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(
        ["check-jsonschema", *args], result.exit_code, result.stdout, result.stderr + error
    )

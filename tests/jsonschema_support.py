"""check-jsonschema, the standard validator the exported schemas and the CI files are checked
with: its own command line, with the same arguments and output, run in this process.

Its start takes 1.5 s (jsonschema builds a grammar for IRIs when imported): run in-process,
the suite pays it once per worker instead of once per check.
"""

from __future__ import annotations

import subprocess
import traceback


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    """``check-jsonschema ARGS``: its exit code, what it printed, an error's traceback."""
    from check_jsonschema import main  # type: ignore[import-untyped]
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(args))
    error = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(
        ["check-jsonschema", *args], result.exit_code, result.stdout, result.stderr + error
    )

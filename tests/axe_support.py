"""axe-core, Deque's accessibility engine, run in the real Chromium of the browser tests.

``tests/axe/axe.min.js`` is the unmodified file of the npm package axe-core (version
``AXE_VERSION``, MPL-2.0; its licence texts lie beside it), vendored so that the check runs
offline and always with the same rules: a newer axe arrives with a change of ours, never by
itself. To update: ``npm pack axe-core@X.Y.Z``, copy ``axe.min.js``, ``LICENSE`` and
``LICENSE-3RD-PARTY.txt`` from the package, and set ``AXE_VERSION`` and ``AXE_SHA256``.

The page is checked against WCAG 2.0 and 2.1, levels A and AA (the tags below), the level
that BITV 2.0 asks of public bodies through EN 301 549. A rule that fails with impact
"serious" or "critical" fails the test; the minor and moderate ones are listed with it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("critical", "serious")

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(r => done({version: axe.version, violations: r.violations}),
        e => done({error: String(e)}));
"""


def _source() -> str:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not axe-core {AXE_VERSION}"
    return data.decode("utf-8")


def axe_violations(driver: Any, page: Path) -> list[dict[str, Any]]:
    """Load ``page`` in ``driver``, inject axe-core and return the WCAG A/AA violations."""
    driver.get(page.as_uri())
    return violations_of_the_loaded_page(driver)


def violations_of_the_loaded_page(driver: Any) -> list[dict[str, Any]]:
    """The WCAG A/AA violations axe-core finds on the page ``driver`` shows."""
    driver.set_script_timeout(60)
    driver.execute_script(_source())
    result = driver.execute_async_script(_RUN, list(TAGS))
    assert "error" not in result, result
    assert result["version"] == AXE_VERSION, result["version"]
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One block per rule: impact, rule, help text and up to five of the elements it names."""
    order = ("critical", "serious", "moderate", "minor")
    lines = []
    for v in sorted(
        violations, key=lambda v: order.index(v["impact"]) if v["impact"] in order else 9
    ):
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×)")
        for node in v["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {json.dumps(node['target'])} {node['html'][:160]}")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(driver: Any, page: Path) -> None:
    """No WCAG 2.1 A/AA violation of impact serious or critical on ``page``."""
    assert_none_blocking(axe_violations(driver, page), page.name)


def assert_none_blocking(violations: list[dict[str, Any]], name: str) -> None:
    """None of ``violations`` (of the page ``name``) is of impact serious or critical."""
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core {AXE_VERSION} auf {name}:\n{describe(violations)}"

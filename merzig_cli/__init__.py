"""merzig-cli: the integration office's toolkit over plain YAML files.

The public API is the library under the command line; import from here.
Names load on first use, so that ``merzig --help`` and ``merzig route``
start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The subpackages in dependency order: a module may import from its own
# subpackage and from earlier layers only (tests/test_layout.py checks it,
# lazy imports included). Data flows one way: files -> load -> check -> serve.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("schema",),
    ("workspace",),
    ("checks", "documents"),
    ("directory", "routing"),
    ("inquiries", "brochure", "conference"),
    ("network", "exchange", "district"),  # exchange: forms and surveys in, HSDS out;
    # district: one brochure over several towns' workspaces
    ("privacy",),  # the right of access reads what network sent
    ("cli",),
)

_EXPORTS = {
    "ConfigError": "core.errors",
    "DataError": "core.errors",
    "MerzigError": "core.errors",
    "UsageError": "core.errors",
    "UserError": "core.errors",
    "Problem": "core.problems",
    "Report": "core.problems",
    "validate": "checks.validate",
    "validate_path": "checks.validate",
    "Workspace": "workspace.loader",
    "load_workspace": "workspace.loader",
    "route": "routing.score",
    "build_brochure": "brochure.content",
}

__all__ = [
    "LAYERS",
    "ConfigError",
    "DataError",
    "MerzigError",
    "Problem",
    "Report",
    "UsageError",
    "UserError",
    "Workspace",
    "__version__",
    "build_brochure",
    "load_workspace",
    "route",
    "validate",
    "validate_path",
]

if TYPE_CHECKING:
    from .brochure.content import build_brochure
    from .checks.validate import validate, validate_path
    from .core.errors import ConfigError, DataError, MerzigError, UsageError, UserError
    from .core.problems import Problem, Report
    from .routing.score import route
    from .workspace.loader import Workspace, load_workspace


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'merzig_cli' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)

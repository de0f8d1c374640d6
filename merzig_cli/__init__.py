"""merzig-cli: the integration office's toolkit over plain YAML files.

The public API is the library under the command line; import from here.
Names load on first use, so that ``merzig --help`` and ``merzig route``
start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ConfigError": "errors",
    "DataError": "errors",
    "MerzigError": "errors",
    "UsageError": "errors",
    "UserError": "errors",
    "Problem": "problems",
    "Report": "problems",
    "validate": "validate",
    "validate_path": "validate",
    "Workspace": "workspace",
    "load_workspace": "workspace",
    "route": "routing",
    "build_brochure": "brochure",
}

__all__ = [
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
    from .brochure import build_brochure
    from .errors import ConfigError, DataError, MerzigError, UsageError, UserError
    from .problems import Problem, Report
    from .routing import route
    from .validate import validate, validate_path
    from .workspace import Workspace, load_workspace


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'merzig_cli' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)

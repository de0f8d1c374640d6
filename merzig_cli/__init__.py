"""merzig-cli: the integration office's toolkit over plain YAML files.

The public API is the library under the command line; import from here.
"""

from __future__ import annotations

from .errors import ConfigError, DataError, MerzigError, UsageError, UserError
from .problems import Problem, Report
from .validate import validate, validate_path
from .workspace import Workspace, load_workspace

__version__ = "0.1.0"

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
    "load_workspace",
    "validate",
    "validate_path",
]

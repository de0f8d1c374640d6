"""Write records back: atomic, locked, round-trip (comments and key order kept).

Every write goes to a temporary file in the same folder and is renamed over
the target, so a crash never leaves half a file. A lock file in the
workspace serialises concurrent writers (two coordinators, a cron job).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import UserError

LOCK_NAME = ".merzig.lock"
LOCK_TIMEOUT_SECONDS = 30.0


def _write_temp(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (temporary file, then rename)."""
    tmp = _write_temp(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_new_file(path: Path, text: str) -> None:
    """Create ``path`` atomically; refuse if it exists, even if created a moment ago."""
    tmp = _write_temp(path, text)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UserError(f"{path} gibt es schon; nichts wurde überschrieben") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the workspace's write lock; wait up to ``timeout`` seconds for it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise UserError(
            "Der Arbeitsbereich ist gerade gesperrt: ein anderer Vorgang schreibt noch",
            f"Kurz warten und erneut versuchen; hängt die Sperre, die Datei {root / LOCK_NAME} löschen",
        ) from None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def load_roundtrip(path: Path) -> tuple[Any, Any]:
    """Load a file for editing: (ruamel YAML instance set up like the file, data)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    text = path.read_text(encoding="utf-8-sig")
    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = _yaml()
    yaml.indent(
        mapping=indent or 2,
        sequence=(indent or 2) + (block_seq_indent or 0),
        offset=block_seq_indent or 0,
    )
    return yaml, yaml.load(text)


def dump_roundtrip(yaml: Any, data: Any) -> str:
    import io

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def edit_file(path: Path, mutate: Callable[[Any], None], check: Callable[[str], None]) -> str:
    """Load ``path`` round-trip, apply ``mutate``, ``check`` the new text, write it atomically.

    ``check`` raises (typically :class:`DataError`) to refuse the change; then
    nothing is written. Returns the new text. Call inside :func:`workspace_lock`.
    """
    yaml, data = load_roundtrip(path)
    mutate(data)
    text = dump_roundtrip(yaml, data)
    check(text)
    atomic_write_text(path, text)
    return text

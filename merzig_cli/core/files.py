"""Writing files so that a crash never leaves half a file behind.

Every write goes to a temporary file in the target's folder, is flushed to
disk and then renamed over the target in one step. The record writer, the
caches and every document output use these functions.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

from .errors import UserError

TEMP_SUFFIX = ".tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
STALE_SECONDS = 3600  # a temporary file of unknown origin this old is a leftover too


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name lets the next command tell a dead writer's leftover.
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, then rename)."""
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given) in one step."""
    atomic_write_bytes(path, text.encode("utf-8"))


def write_new_file(path: Path, text: str) -> None:
    """Create ``path`` atomically; refuse if it exists, even if created a moment ago."""
    tmp = _write_temp(path, text.encode("utf-8"))
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UserError(f"{path} gibt es schon; nichts wurde überschrieben") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def is_temporary(name: str) -> bool:
    """A temporary file of :func:`atomic_write_bytes` (``.<name>.<pid>.<random>.tmp``)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def remove_if_stale(path: Path) -> bool:
    """Delete a temporary file whose writer is dead (killed mid-write); True if removed.

    A writer that was killed leaves its copy with the full text of the record
    beside it, where ``git add -A`` would pick it up.
    """
    m = _TEMP.match(path.name)
    try:
        if m is not None:
            try:
                os.kill(int(m.group(1)), 0)
                return False  # the writer still runs
            except ProcessLookupError:
                pass
            except PermissionError:
                return False  # alive, another user's process
        elif time.time() - path.lstat().st_mtime < STALE_SECONDS:
            return False
        path.unlink()
    except OSError:
        return False
    return True

"""Writing files so that a crash never leaves half a file behind.

Every write goes to a temporary file in the target's folder, is flushed to
disk and then renamed over the target in one step. The record writer, the
caches and every document output use these functions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UserError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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

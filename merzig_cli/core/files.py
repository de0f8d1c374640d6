"""Reading files with a limit, and writing them so that a crash never leaves half a file.

Every read of a file from a workspace goes through :func:`read_limited`: a file
larger than its limit is refused before it is read, and a named pipe, device
or folder put where a file belongs is refused instead of blocking the command.
Every write goes to a temporary file in the target's folder, is flushed to
disk and then renamed over the target in one step. The record writer, the
caches and every document output use these functions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from .clock import file_clock_ns
from .errors import UserError

TEMP_SUFFIX = ".tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
STALE_SECONDS = 3600  # a temporary file of unknown origin this old is a leftover too


MIB = 1024 * 1024
MAX_FILE_BYTES = MIB  # what a file a person writes may have: a record, a template, a mail text
MAX_STATE_BYTES = 64 * MIB  # what a file the tool keeps may have: a cache, a send log


class FileRefused(OSError):
    """A file that is not read: too large, or not a regular file at all."""

    def __init__(self, path: Path, size: int | None, limit: int) -> None:
        self.path, self.size, self.limit = path, size, limit
        if size is None:
            message = "ist keine gewöhnliche Datei (sondern ein Ordner, eine Pipe oder ein Gerät)"
        else:
            message = f"ist {_mib(size)} MiB groß; erlaubt ist höchstens {limit // MIB} MiB"
        super().__init__(message)


def _mib(size: int) -> str:
    return f"{size / MIB:.1f}".replace(".", ",")  # German decimal comma


def read_limited(path: Path, limit: int = MAX_FILE_BYTES, head: bool = False) -> bytes:
    """The bytes of the regular file ``path``; :class:`FileRefused` if larger than ``limit``.

    With ``head``, a larger file gives its first ``limit`` bytes instead. Opened
    without waiting, so a named pipe never blocks; the size is checked before
    reading and again while reading, so a file that grows is caught too.
    ``FileRefused`` is an ``OSError``, like a missing or unreadable file.
    """
    return read_limited_stat(path, limit, head)[0]


def read_limited_stat(
    path: Path | str,
    limit: int = MAX_FILE_BYTES,
    head: bool = False,
    follow_links: bool = True,
    dir_fd: int | None = None,
) -> tuple[bytes, os.stat_result]:
    """Like :func:`read_limited`, with the status of the very file that was read.

    Without ``follow_links`` a symbolic link is refused (``OSError``), for files
    the tool keeps itself, which nothing else should replace by a link. With
    ``dir_fd``, ``path`` is a name in that open folder.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, dir_fd=dir_fd)
    path = Path(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, None, limit)
        if info.st_size > limit and not head:
            raise FileRefused(path, info.st_size, limit)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while chunk := os.read(fd, min(MIB, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                if head:
                    return b"".join(chunks)[:limit], info
                raise FileRefused(path, total, limit)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def read_text_or_refuse(path: Path, limit: int = MAX_FILE_BYTES, shown: str = "") -> str:
    """A UTF-8 text file (a BOM is dropped) for a command, or a German error naming it."""
    name = shown or str(path)
    try:
        return read_limited(path, limit).decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"„{name}“ gibt es nicht") from None
    except FileRefused as refused:
        raise UserError(f"„{name}“ {refused}", "Datei prüfen und kürzen") from None
    except UnicodeDecodeError:
        raise UserError(f"„{name}“ ist keine UTF-8-Textdatei", "Als UTF-8 speichern") from None
    except OSError as exc:
        raise UserError(f"„{name}“ kann nicht gelesen werden: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(path: Path, data: bytes, mode: int | None = None) -> Path:
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
        try:
            old = os.lstat(path)  # the file it replaces; a link's target is not looked at
        except FileNotFoundError:
            old = None
        if mode is not None:
            os.chmod(tmp, mode)
        elif old is not None and stat.S_ISREG(old.st_mode):
            os.chmod(tmp, old.st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, then rename).

    ``mode``: the new file's permissions (case documents: 0600); by default a
    file keeps the mode of the one it replaces, a new one gets 0644 less the umask.
    """
    tmp = _write_temp(path, data, mode)
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


def state_folder(root: Path, name: str, note: str) -> Path:
    """The folder ``root/name`` where the tool keeps state, inside the workspace and git-ignored.

    It ignores itself in git (a ``.gitignore`` with ``*``, ``note`` as its
    comment); a folder or ``.gitignore`` that is a symbolic link, wherever it
    points, is refused (:class:`UserError`), never written through.
    """
    from .paths import in_workspace

    folder = in_workspace(root, root / name)
    try:
        folder.mkdir(exist_ok=True)
        ignore = in_workspace(root, folder / ".gitignore")
        if not ignore.is_file():
            atomic_write_text(ignore, f"# {note}\n*\n")
    except OSError as exc:  # a file in the folder's place, a folder in the .gitignore's
        raise UserError(
            f"{folder} kann nicht als Ordner verwendet werden: {os_error_de(exc)}",
            "Was dort liegt, zur Seite legen; der Ordner wird neu angelegt",
        ) from None
    return folder


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
        elif file_clock_ns() - path.lstat().st_mtime_ns < STALE_SECONDS * 1_000_000_000:
            return False
        path.unlink()
    except OSError:
        return False
    return True


_ERRNO_DE = {
    errno.ELOOP: "ist eine symbolische Verknüpfung",
    errno.EISDIR: "ist ein Ordner",
    errno.EEXIST: "ist schon vorhanden, aber als etwas anderes",
    errno.ENOTDIR: "liegt in etwas, das kein Ordner ist",
    errno.EACCES: "darf nicht gelesen oder geschrieben werden",
    errno.EPERM: "darf nicht gelesen oder geschrieben werden",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EROFS: "liegt auf einem schreibgeschützten Datenträger",
}


def os_error_de(exc: OSError) -> str:
    """What went wrong with a file, in German (the system's own words otherwise)."""
    if isinstance(exc, FileRefused):
        return str(exc)
    return _ERRNO_DE.get(exc.errno or 0) or exc.strerror or type(exc).__name__

"""Read Steckbriefe as they were at a revision of the workspace's real git repository.

Only plumbing commands (``rev-parse``, ``ls-tree``, ``cat-file``), run
without a shell, with a timeout and with ``core.fsmonitor`` switched off, so
that a repository's configuration cannot make this run a program. A
revision is resolved to a commit first and refused if it looks like an
option. The workspace may be a subfolder of the repository.

Memory is bounded before anything is read: the size of every file version is
asked first (``cat-file --batch-check``); a version larger than a Steckbrief
may be is never read (:class:`TooLarge`), and all read together may have at
most :data:`MAX_VERSIONS_BYTES`. Files on disk are treated alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError, UserError
from ..core.files import (
    MAX_FILE_BYTES,
    MAX_STATE_BYTES,
    MIB,
    FileRefused,
    read_limited_stat,
)
from ..core.git import GitFailed, run_git
from ..workspace.loader import RECORD_DIRS, link_problem, links_error, list_kind

WORKTREE = "Arbeitsverzeichnis"
MAX_VERSIONS_BYTES = MAX_STATE_BYTES  # all Steckbriefe of one revision together


@dataclass(frozen=True)
class TooLarge:
    """A file version larger than :data:`MAX_FILE_BYTES`: never read, only its size known."""

    size: int
    sha: str = ""  # git's object id: two equal ones are the same content

    @property
    def problem(self) -> str:
        size = f"{self.size / MIB:.1f}".replace(".", ",")
        return f"Datei ist {size} MiB groß; erlaubt ist höchstens {MAX_FILE_BYTES // MIB} MiB"


Version = bytes | TooLarge


@dataclass(frozen=True)
class Repo:
    top: Path
    prefix: str  # the workspace below the top, "" or "data/"

    @property
    def actors(self) -> str:
        return f"{self.prefix}{RECORD_DIRS['actor']}/"


@dataclass(frozen=True)
class Revision:
    name: str  # as the user wrote it, or WORKTREE
    commit: str | None  # None: the working tree

    @property
    def label(self) -> str:
        return self.name if self.commit is None else f"{self.name} ({self.commit[:10]})"


def open_repo(root: Path) -> Repo:
    if not root.is_dir():
        raise UserError(f"Arbeitsbereich „{root}“ gibt es nicht")
    try:
        out = run_git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    except GitFailed:
        raise UserError(
            f"„{root}“ liegt in keinem git-Repository",
            "merzig actors diff vergleicht Fassungen aus git; den Arbeitsbereich mit git init "
            "und git commit verwalten",
        ) from None
    lines = out.decode("utf-8").splitlines()
    return Repo(Path(lines[0]), lines[1] if len(lines) > 1 else "")


def resolve(repo: Repo, rev: str) -> Revision:
    """The commit a revision names; an option-like or unknown revision is refused."""
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n\r"):
        raise UsageError(
            f"„{rev}“ ist keine Revision", "z. B. HEAD, main, HEAD~1 oder eine Commit-ID"
        )
    try:
        out = run_git(
            repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"
        )
    except GitFailed:
        raise UserError(
            f"Revision „{rev}“ gibt es in diesem Repository nicht",
            "git log --oneline zeigt die Commits; ein neues Repository braucht erst einen Commit",
        ) from None
    return Revision(rev, out.decode("ascii").strip())


def files_at(repo: Repo, revision: Revision, root: Path) -> dict[str, Version]:
    """The Steckbrief files (``actors/<id>.yaml``, by file name) at a revision or on disk."""
    if revision.commit is None:
        return _files_on_disk(root)
    listing = run_git(repo.top, "ls-tree", "-z", "--full-tree", revision.commit, "--", repo.actors)
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.decode("utf-8", "replace").partition("\t")
        kind, sha = meta.split()[1:3]
        name = path[len(repo.actors) :]
        if (
            kind == "blob"
            and name.endswith(".yaml")
            and "/" not in name
            and not name.startswith(".")
        ):
            blobs[name] = sha
    return dict(zip(blobs, _read_blobs(repo, revision, list(blobs.values())), strict=True))


def _files_on_disk(root: Path) -> dict[str, Version]:
    listing = list_kind(root, "actor")  # as every loading: a link is refused, not read
    if listing.links:
        raise links_error([link_problem(root, rel) for rel in listing.links])
    found: dict[str, Version] = {}
    total = 0
    for _, path in sorted(listing.files):
        p = Path(path)
        if not p.is_file():
            continue
        try:
            found[p.name] = raw = read_limited_stat(p, MAX_FILE_BYTES, follow_links=False)[0]
        except FileRefused as refused:
            found[p.name] = TooLarge(refused.size or 0)
            continue
        total += len(raw)
        _within_budget(total, WORKTREE)
    return found


def _within_budget(total: int, where: str) -> None:
    if total > MAX_VERSIONS_BYTES:
        raise UserError(
            f"Die Steckbriefe ({where}) sind zusammen über {MAX_VERSIONS_BYTES // MIB} MiB groß; "
            "so viel liest merzig actors diff nicht",
            "Ein Steckbrief hat wenige Kilobyte; große Dateien gehören nicht nach actors/",
        )


def _missing(sha: str) -> UserError:
    return UserError(
        f"git kennt den Inhalt {sha[:12]} nicht (unvollständiger Klon?)",
        "Das Repository vollständig holen: git fetch --unshallow bzw. ohne --filter klonen",
    )


def _read_blobs(repo: Repo, revision: Revision, shas: list[str]) -> list[Version]:
    """The blobs' content; their sizes are asked first, and a too large one is never read."""
    if not shas:
        return []
    request = "".join(s + "\n" for s in shas).encode()
    checked = run_git(repo.top, "cat-file", "--batch-check", stdin=request).split(b"\n")
    sizes: dict[str, int] = {}
    for sha, line in zip(shas, checked, strict=False):
        header = line.decode("ascii", "replace").split()
        if len(header) != 3 or header[0] != sha or not header[2].isdigit():  # "<sha> missing"
            raise _missing(sha)
        sizes[sha] = int(header[2])
    if len(sizes) != len(set(shas)):
        raise _missing(next(s for s in shas if s not in sizes))
    small = sorted({s for s in shas if sizes[s] <= MAX_FILE_BYTES})
    _within_budget(sum(sizes[s] for s in small), revision.label)
    contents: dict[str, bytes] = {}
    if small:
        expected = sum(sizes[s] + len(s) + 40 for s in small)
        out = run_git(
            repo.top,
            "cat-file",
            "--batch",
            stdin="".join(s + "\n" for s in small).encode(),
            limit=expected,
        )
        pos = 0
        for sha in small:
            header_end = out.find(b"\n", pos)
            parts = out[pos:header_end].split() if header_end >= 0 else []
            if len(parts) != 3 or parts[2] != str(sizes[sha]).encode():
                raise _missing(sha)
            contents[sha] = out[header_end + 1 : header_end + 1 + sizes[sha]]
            pos = header_end + 1 + sizes[sha] + 1
    return [contents[s] if s in contents else TooLarge(sizes[s], s) for s in shas]

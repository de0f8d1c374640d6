"""Read Steckbriefe as they were at a revision of the workspace's real git repository.

Only plumbing commands (``rev-parse``, ``ls-tree``, ``cat-file``), run
without a shell, with a timeout and with ``core.fsmonitor`` switched off, so
that a repository's configuration cannot make this run a program. A
revision is resolved to a commit first and refused if it looks like an
option. The workspace may be a subfolder of the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError, UserError
from ..core.files import MAX_FILE_BYTES, read_limited
from ..core.git import GitFailed, run_git
from ..workspace.loader import RECORD_DIRS, link_problem, links_error, list_kind

WORKTREE = "Arbeitsverzeichnis"


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


def files_at(repo: Repo, revision: Revision, root: Path) -> dict[str, bytes]:
    """The Steckbrief files (``actors/<id>.yaml``, by file name) at a revision or on disk."""
    if revision.commit is None:
        found = list_kind(root, "actor")  # as every loading: a link is refused, not read
        if found.links:
            raise links_error([link_problem(root, rel) for rel in found.links])
        return {
            Path(path).name: read_limited(Path(path), MAX_FILE_BYTES + 1, head=True)
            for _, path in found.files  # head: enough to see "too large"
            if Path(path).is_file()
        }
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
    return dict(zip(blobs, _read_blobs(repo, list(blobs.values())), strict=True))


def _read_blobs(repo: Repo, shas: list[str]) -> list[bytes]:
    if not shas:
        return []
    out = run_git(repo.top, "cat-file", "--batch", stdin="".join(s + "\n" for s in shas).encode())
    blobs, pos = [], 0
    for sha in shas:
        header_end = out.find(b"\n", pos)
        header = out[pos:header_end].split() if header_end >= 0 else []
        if len(header) != 3 or not header[2].isdigit():  # "<sha> missing": not in this clone
            raise UserError(
                f"git kennt den Inhalt {sha[:12]} nicht (unvollständiger Klon?)",
                "Das Repository vollständig holen: git fetch --unshallow bzw. ohne --filter klonen",
            )
        size = int(header[2])
        blobs.append(out[header_end + 1 : header_end + 1 + size])
        pos = header_end + 1 + size + 1
    return blobs

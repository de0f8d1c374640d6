"""Deleting the earlier case documents of cases that may no longer be shown.

Given the cases that must be forgotten (the consent gate withholds them, or a
purge deleted them), every file the manifest (:mod:`merzig_cli.documents.manifest`)
records for one of them is deleted – and only such a file: it must lie below
its recorded ``--out`` folder, which must not be a symbolic link, with no link
on the way (:func:`~merzig_cli.core.paths.no_link`), be a regular file with a
name the tool writes, be the very file the tool wrote on this machine (device,
inode and change time, which no planted manifest can know) and still hold the
very bytes it wrote (SHA-256).
A file changed since, or one the checks refuse, is reported and stays, so that
a manifest planted in a hostile workspace can never make the tool delete a
file of the user. A document that a run has just rewritten without the case
is recorded anew by that run and so is no longer found here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UserError
from ..core.files import MAX_STATE_BYTES, read_limited_stat
from ..core.paths import no_link, safe_file_name
from .manifest import Entry, digest, identity, locked, read

DELETED, WOULD_DELETE, CHANGED, REFUSED = "deleted", "would-delete", "changed", "refused"


@dataclass(frozen=True)
class Forgotten:
    """A recorded case document of a forgotten case, and what became of it."""

    file: str
    cases: tuple[str, ...]  # the forgotten cases it held
    kind: str  # German: Protokoll, Auszug, …
    status: str  # deleted | would-delete | changed | refused
    why: str = ""  # German, when changed or refused

    @property
    def message(self) -> str:
        """The German line a command prints for it."""
        which = ("Fall " if len(self.cases) == 1 else "Fälle ") + ", ".join(self.cases)
        if self.status == DELETED:
            return f"{self.kind} {self.file} gelöscht (enthielt {which})"
        if self.status == WOULD_DELETE:
            return f"{self.kind} {self.file} würde gelöscht (enthält {which})"
        return f"{self.kind} {self.file} enthält {which}, wurde aber nicht gelöscht: {self.why}"


def check_entry(entry: Entry) -> tuple[str, str]:
    """(status, German reason) of a recorded file: "missing", "changed", "refused" or "present"
    (present: it may be deleted, it still holds what the tool wrote)."""
    out, file = Path(entry.out), Path(entry.file)
    if not (out.is_absolute() and file.is_absolute()) or ".." in file.parts:
        return REFUSED, "kein vollständiger Pfad im Verzeichnis der Falldokumente"
    if not file.is_relative_to(out):
        return REFUSED, "liegt nicht im verzeichneten Ausgabeordner"
    try:
        if stat.S_ISLNK(os.lstat(out).st_mode):
            return REFUSED, "der Ausgabeordner ist eine symbolische Verknüpfung"
        no_link(out, file, "dem Ausgabeordner")
        safe_file_name(file.name)
        info = os.lstat(file)
    except FileNotFoundError:
        return "missing", ""
    except UserError as exc:
        return REFUSED, exc.message
    except OSError as exc:
        return REFUSED, exc.strerror or str(exc)
    if not stat.S_ISREG(info.st_mode):
        return REFUSED, "keine gewöhnliche Datei"
    try:
        data = read_limited_stat(file, MAX_STATE_BYTES * 4, follow_links=False)[0]
    except OSError as exc:
        return REFUSED, exc.strerror or str(exc)
    if digest(data) != entry.sha256:
        return CHANGED, "seit dem Schreiben verändert – bitte prüfen und von Hand löschen"
    if entry.identity != identity(info):
        return REFUSED, (
            "nicht die Datei, die merzig hier geschrieben hat (Gerät, Inode oder Statuszeit "
            "weichen ab) – bitte prüfen und von Hand löschen"
        )
    return "present", ""


def forget(root: Path, gone: Collection[str], dry_run: bool = False) -> list[Forgotten]:
    """Delete every recorded case document that holds a case of ``gone``; what became of each.

    Entries of deleted or vanished files leave the manifest; a file that stays
    (changed, refused) stays recorded, so ``privacy check`` keeps naming it.
    """
    if not gone or not read(root):  # nothing recorded: not even the state folder is made
        return []
    found: list[Forgotten] = []
    with locked(root) as entries:
        for key, entry in sorted(entries.items()):
            hit = tuple(c for c in entry.cases if c in gone)
            if not hit:
                continue
            status, why = check_entry(entry)
            if status == "missing":
                if not dry_run:
                    del entries[key]
                continue
            if status == "present":
                if dry_run:
                    status = WOULD_DELETE
                else:
                    try:
                        os.unlink(entry.file)
                    except FileNotFoundError:
                        pass
                    except OSError as exc:
                        found.append(Forgotten(key, hit, entry.kind_de, REFUSED, str(exc)))
                        continue
                    del entries[key]
                    status = DELETED
            found.append(Forgotten(key, hit, entry.kind_de, status, why))
    return found

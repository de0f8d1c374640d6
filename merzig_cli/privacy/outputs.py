"""``privacy check`` on the output folders: case documents that should no longer exist.

Two sources: the manifest of case documents (every recorded file that still
holds a case the consent gate withholds, or a case no longer on file), and a
scan of the usual output folders (``output/`` of the workspace and of the
current folder, and every ``--out`` folder the manifest names) for files the
manifest does not know – written before it existed, copied, or planted – whose
name or text names such a case. The scan never follows a symbolic link and
reads each file with a size limit; a PDF and an OpenDocument text are read back as text.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..conference.gate import Gate, Reason
from ..conference.outputs import gone_cases
from ..core.files import MIB, read_limited_stat
from ..documents.forget import check_entry
from ..documents.manifest import absolute, read
from ..workspace import statistics as stats_file
from .check import Finding

MAX_DEPTH = 4
MAX_FILES = 5000
MAX_TEXT = 8 * MIB
MAX_PDF = 32 * MIB
TEXT_SUFFIXES = (".html", ".htm", ".md", ".txt", ".ics", ".eml", ".json", ".csv")
_CASE_IN_NAME = re.compile(
    r"^(?:(?:vereinbarung|auskunft)-([a-z0-9][a-z0-9-]*?)"
    r"|einwilligung-([a-z0-9][a-z0-9-]*?)-[a-z]{2})\.[a-z]+$"
)
UNCLEAR = (Reason.WITHDRAWAL_UNREADABLE, Reason.CONSENT_UNREADABLE, Reason.UNKNOWN_KEYS)


def _which(cases: Sequence[str], gone: dict[str, str]) -> str:
    return "; ".join(f"Fall {c}: {gone[c]}" for c in cases)


def _purged_ids(root: Path) -> set[str]:
    found: set[str] = set()
    for year in stats_file.years(root):
        found |= {k[5:] for k in stats_file.read(root, year).counted if k.startswith("case:")}
    return found


def _walk(folder: Path) -> Iterator[Path]:
    """The regular files below ``folder``, never through a link, at most ``MAX_FILES``."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return
    except OSError:
        return
    seen = 0
    for here, dirs, files in os.walk(folder, followlinks=False):
        depth = len(Path(here).relative_to(folder).parts)
        if depth >= MAX_DEPTH:
            dirs[:] = []
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            path = Path(here) / name
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
            except OSError:
                continue
            seen += 1
            if seen > MAX_FILES:
                return
            yield path


def _text(path: Path) -> str | None:
    """The text of a document, or None when it cannot be read as one."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            data = read_limited_stat(path, MAX_TEXT, follow_links=False)[0]
            return data.decode("utf-8", "replace")
        if suffix == ".odt":
            from ..documents.odt import odt_text

            return odt_text(read_limited_stat(path, MAX_PDF, follow_links=False)[0], MAX_TEXT)
        if suffix == ".pdf":
            import io

            import pypdf

            data = read_limited_stat(path, MAX_PDF, follow_links=False)[0]
            reader = pypdf.PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a broken or hostile file is a finding, not a crash
        return None
    return ""


def _mentions(text: str, gone: dict[str, str]) -> list[str]:
    if not gone:
        return []
    pattern = "|".join(re.escape(c) for c in sorted(gone, key=len, reverse=True))
    found = re.findall(rf"(?<![a-z0-9-])({pattern})(?![a-z0-9]|-[a-z0-9])", text)
    return sorted(set(found))


def output_findings(gate: Gate, folders: Sequence[Path] = ()) -> list[Finding]:
    """Case documents that should no longer exist, recorded or found in the output folders."""
    root = gate.ws.root
    entries = read(root)
    findings: list[Finding] = []
    gone = gone_cases(gate, {c for e in entries for c in e.cases})
    for entry in entries:
        hit = [c for c in entry.cases if c in gone]
        if not hit:
            continue
        status, why = check_entry(entry)
        if status == "missing":
            continue
        message = (
            f"{entry.kind_de} enthält einen Fall, der nicht mehr gezeigt werden darf "
            f"({_which(hit, gone)}): merzig privacy purge löscht die Datei"
        )
        if status != "present":
            message = f"{entry.kind_de} enthält {_which(hit, gone)}; von Hand löschen ({why})"
        findings.append(Finding(entry.file, "stale-output", message))
    candidates = {w.case for w in gate.withheld} | _purged_ids(root) | set(gone)
    suspects = gone_cases(gate, candidates)
    recorded = {e.file for e in entries}
    roots = dict.fromkeys(
        [
            absolute(root / "output"),
            *(absolute(f) for f in folders),
            *(Path(e.out) for e in entries),
        ]
    )
    done: set[Path] = set()
    for folder in roots:
        for path in _walk(folder):
            if path in done or str(path) in recorded:
                continue
            done.add(path)
            findings += _scan(path, suspects)
    return findings


def _scan(path: Path, suspects: dict[str, str]) -> list[Finding]:
    named = _CASE_IN_NAME.match(path.name)
    case = (named.group(1) or named.group(2)) if named else None
    if case and case in suspects:
        hit = [case]
    else:
        text = _text(path)
        if text is None:
            return [
                Finding(
                    str(path),
                    "unchecked-output",
                    "Ausgabe nicht im Verzeichnis der Falldokumente und nicht lesbar: ob sie "
                    "Fälle enthält, die nicht mehr gezeigt werden dürfen, bleibt offen – prüfen "
                    "und löschen oder neu erzeugen",
                )
            ]
        hit = _mentions(text, suspects)
    if not hit:
        return []
    return [
        Finding(
            str(path),
            "stale-output",
            f"Ausgabe nennt einen Fall, der nicht mehr gezeigt werden darf "
            f"({_which(hit, suspects)}); sie steht nicht im Verzeichnis der Falldokumente: "
            "von Hand löschen",
        )
    ]


def consent_findings(gate: Gate) -> list[Finding]:
    """Cases whose consent the gate cannot read and that may be withdrawn: treated as
    withdrawn, but no deletion date can be computed."""
    found = []
    for w in gate.withheld:
        case = gate.ws.cases.get(w.case)
        if w.reason in UNCLEAR and case is not None and case.consent.withdrawn is None:
            found.append(
                Finding(
                    case.source,
                    "withdrawal-unclear",
                    f"{w.text}: der Fall wird wie widerrufen behandelt, seine Löschfrist lässt "
                    "sich aber nicht berechnen – die Einwilligung korrigieren (consent.withdrawn "
                    "als Datum JJJJ-MM-TT)",
                )
            )
    return found

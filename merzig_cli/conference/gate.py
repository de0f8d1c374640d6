"""The consent gate: the one place that decides which cases an output may show, and to whom.

Every output made from case files (agenda, invitations, minutes, excerpts,
agreement sheets, mails, reminders, reports, the coordinator's own case list)
asks the gate and nothing else. The gate reads the consent **as written** in
the file, not the record the schema built from it (which quietly drops what
it cannot read), and it fails closed: a case passes only when its file
parses, its id is its own, and its consent block can be read without doubt —
known keys only, a real ISO date of consent on or before its conference and
the day of the output, ``by`` and ``share_with`` as the data model says, and
no withdrawal. Anything else withholds the case from every output, with a
typed :class:`Reason`; the German text of each reason is defined once, here,
and commands only print it.

A withdrawal counts from its date on; an output made today for an earlier day
(``--date`` in the past) still counts every withdrawal up to the day it is
made, so a back-dated run never brings a withdrawn case back. The gate reads
no clock: the caller passes the day of the output (``on``, the document's
date) and the day it is made (``made``, from :mod:`merzig_cli.core.clock`).
A withdrawal dated after both cannot be real and withholds the case as well.
An actor sees a case only when the consent names it in ``share_with``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ..core.text import one_line
from ..core.vocab import CONSENT_BY
from ..core.yamlio import Document
from ..schema.conference import Case, Consent
from ..schema.record import attributes
from ..workspace.loader import RECORD_DIRS, Workspace


class Reason(Enum):
    """Why the gate withholds a case; the German text is :data:`TEXTS`."""

    UNREADABLE_FILE = "unreadable-file"
    MISPLACED_FILE = "misplaced-file"
    DUPLICATE_ID = "duplicate-id"
    ID_NOT_FILE_NAME = "id-not-file-name"
    NO_CONSENT = "no-consent"
    CONSENT_UNREADABLE = "consent-unreadable"
    WITHDRAWAL_UNREADABLE = "withdrawal-unreadable"
    WITHDRAWN = "withdrawn"
    WITHDRAWAL_IN_FUTURE = "withdrawal-in-future"
    UNKNOWN_KEYS = "consent-unknown-keys"
    NO_CONSENT_DATE = "consent-date-missing"
    CONSENT_DATE_UNREADABLE = "consent-date-unreadable"
    CONSENT_BY_UNREADABLE = "consent-by-unreadable"
    SHARE_WITH_UNREADABLE = "share-with-unreadable"
    UNKNOWN_CONFERENCE = "unknown-conference"
    CONSENT_AFTER_CONFERENCE = "consent-after-conference"
    CONSENT_AFTER_DAY = "consent-after-day"

    @property
    def defect(self) -> bool:
        """The file must be corrected: the case is lost to the follow-up until it is."""
        return self not in (Reason.WITHDRAWN, Reason.CONSENT_AFTER_DAY)

    @property
    def hides_content(self) -> bool:
        """The consent may have been withdrawn: not even the coordinator's view shows the case."""
        return self in _MAY_BE_WITHDRAWN


# The German text of each reason, filled with the reason's data ({0}, {1}).
TEXTS: dict[Reason, str] = {
    Reason.UNREADABLE_FILE: "{0} ist nicht lesbar",
    Reason.MISPLACED_FILE: "{0} liegt nicht in cases/JJJJ/ und wird nicht gelesen",
    Reason.DUPLICATE_ID: "die Fallkennung steht in mehreren Dateien ({0}); keine davon gilt",
    Reason.ID_NOT_FILE_NAME: "die Kennung „{0}“ in {1} passt nicht zum Dateinamen",
    Reason.NO_CONSENT: "keine Einwilligung (consent fehlt)",
    Reason.CONSENT_UNREADABLE: "die Einwilligung ist nicht eindeutig lesbar ({0})",
    Reason.WITHDRAWAL_UNREADABLE: "Widerruf nicht lesbar: „{0}“ ist kein Datum JJJJ-MM-TT",
    Reason.WITHDRAWN: "Einwilligung am {0} widerrufen",
    Reason.WITHDRAWAL_IN_FUTURE: "Widerruf vom {0} liegt in der Zukunft (Stand {1})",
    Reason.UNKNOWN_KEYS: "unbekannte Angaben in der Einwilligung: {0}",
    Reason.NO_CONSENT_DATE: "keine Einwilligung mit Datum",
    Reason.CONSENT_DATE_UNREADABLE: "Datum der Einwilligung nicht lesbar: „{0}“ ist kein "
    "Datum JJJJ-MM-TT",
    Reason.CONSENT_BY_UNREADABLE: "consent.by nicht lesbar: „{0}“ (erlaubt: self, guardian)",
    Reason.SHARE_WITH_UNREADABLE: "consent.share_with nicht lesbar: {0}",
    Reason.UNKNOWN_CONFERENCE: "Förderkonferenz „{0}“ unbekannt",
    Reason.CONSENT_AFTER_CONFERENCE: "Einwilligung vom {0} liegt nach der Konferenz",
    Reason.CONSENT_AFTER_DAY: "Einwilligung vom {0} liegt nach dem Tag der Ausgabe ({1})",
}

_MAY_BE_WITHDRAWN = frozenset(
    {
        Reason.UNREADABLE_FILE,
        Reason.MISPLACED_FILE,
        Reason.DUPLICATE_ID,
        Reason.ID_NOT_FILE_NAME,
        Reason.CONSENT_UNREADABLE,
        Reason.WITHDRAWAL_UNREADABLE,
        Reason.WITHDRAWN,
        Reason.WITHDRAWAL_IN_FUTURE,
        Reason.UNKNOWN_KEYS,  # a key like „widerruf:“ may say what withdrawn does not
    }
)

CONSENT_KEYS = frozenset(a.key for a in attributes(Consent))
_DOUBTFUL_KEYS = ("yaml-duplicate-key", "yaml-key")  # problems that drop a written value


@dataclass(frozen=True)
class Withheld:
    """A case the gate held back: which, why (typed), and the data the German text names."""

    case: str  # the case id (the file name where the file gives none)
    conference: str  # "" where the file names none that can be read
    reason: Reason
    data: tuple[str, ...] = ()
    file: str = ""  # the file (files, for a doubled id) relative to the workspace

    @property
    def text(self) -> str:
        """The reason in German, for the coordinator (no pseudonym: the id suffices)."""
        return TEXTS[self.reason].format(*self.data)


@dataclass
class Gate:
    """The cases of a workspace as an output for the day ``on``, made on ``made``, may show them.

    ``made`` defaults to ``on``; the gate never reads the clock itself.
    """

    ws: Workspace
    on: dt.date
    made: dt.date | None = None
    withheld: list[Withheld] = field(default_factory=list)
    _admitted: list[Case] = field(default_factory=list)
    _verdicts: dict[str, Withheld] = field(default_factory=dict)

    def __post_init__(self) -> None:
        made = self.made or self.on
        withheld, refused = _file_refusals(self.ws)
        for doc in self.ws.documents.get("case", []):
            if doc.rel in refused:
                continue
            case = self.ws.cases[_raw_id(doc)]
            found = _consent_refusal(doc, self.ws, self.on, made)
            if found is None:
                self._admitted.append(case)
            else:
                reason, data = found
                withheld.append(Withheld(case.id, case.conference, reason, data, doc.rel))
        self._admitted.sort(key=lambda c: c.id)
        self.withheld = sorted(withheld, key=lambda w: (w.case, w.file))
        for w in reversed(self.withheld):
            self._verdicts[w.case] = w

    def cases(self, conference: str | None = None) -> list[Case]:
        """Cases with valid consent, in id order (of one conference, or all)."""
        return [c for c in self._admitted if conference is None or c.conference == conference]

    def cases_for(self, actor: str, conference: str | None = None) -> list[Case]:
        """Cases with valid consent that may be shared with ``actor``."""
        return [c for c in self.cases(conference) if actor in c.consent.share_with]

    def withheld_from(self, conference: str | None = None) -> list[Withheld]:
        """What outputs of ``conference`` (or of all) leave out; a case whose conference cannot
        be told (a broken file, an unknown id) may belong to any, so it is always named."""
        known = self.ws.conferences
        return [
            w
            for w in self.withheld
            if conference is None or w.conference == conference or w.conference not in known
        ]

    def verdict(self, case_id: str) -> Withheld | None:
        """Why the case ``case_id`` is withheld, or None when the gate admits it."""
        return self._verdicts.get(case_id)


def gate(ws: Workspace, on: dt.date, made: dt.date | None = None) -> Gate:
    """The consent gate for outputs of the day ``on`` made on ``made`` (default: ``on``).

    Callers pass :func:`merzig_cli.core.clock.today` as ``made`` (and as ``on``
    unless the output is dated otherwise); the workspace needs its cases and
    conferences.
    """
    return Gate(ws, on, made)


def _raw_id(doc: Document) -> str:
    value = doc.data.get("id") if isinstance(doc.data, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _raw_conference(doc: Document) -> str:
    value = doc.data.get("conference") if isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else ""


def _file_refusals(ws: Workspace) -> tuple[list[Withheld], set[str]]:
    """Case files that give no single, unambiguous case (unreadable, misplaced, doubled), and
    the files so refused."""
    folder = RECORD_DIRS["case"] + "/"
    out = [
        Withheld(Path(p.file).stem, "", Reason.UNREADABLE_FILE, (p.file,), p.file)
        for p in ws.failures
        if p.file and p.file.startswith(folder)
    ]
    out += [
        Withheld(Path(rel).stem, "", Reason.MISPLACED_FILE, (rel,), rel)
        for rel in ws.stray_files
        if rel.startswith(folder)
    ]
    by_id: dict[str, list[Document]] = defaultdict(list)
    for doc in ws.documents.get("case", []):
        by_id[_raw_id(doc)].append(doc)
    refused: set[str] = set()
    for ident, docs in by_id.items():
        case = ws.cases.get(ident) if ident else None
        if case is not None and len(docs) > 1:  # no copy wins: all are held back, named once
            files = ", ".join(d.rel for d in docs)
            out.append(
                Withheld(ident, _raw_conference(docs[0]), Reason.DUPLICATE_ID, (files,), files)
            )
            refused |= {d.rel for d in docs}
            continue
        for doc in docs:
            data: tuple[str, ...]
            if case is None or case.source != doc.rel:
                name, reason, data = Path(doc.rel).stem, Reason.UNREADABLE_FILE, (doc.rel,)
            elif ident != Path(doc.rel).stem:
                name, reason = ident, Reason.ID_NOT_FILE_NAME
                data = (one_line(ident)[:40], doc.rel)
            else:
                continue
            out.append(Withheld(name, _raw_conference(doc), reason, data, doc.rel))
            refused.add(doc.rel)
    return out, refused


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _as_written(value: Any) -> str:
    """A value of the file as the coordinator wrote it, short and on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung"
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    text = one_line(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _doubtful(doc: Document) -> str | None:
    """A key of the consent written twice (or not as text): the parser kept only one value."""
    for p in doc.problems:
        if p.code in _DOUBTFUL_KEYS and (p.field == "consent" or p.field.startswith("consent.")):
            return one_line(p.message)
    return None


Refusal = tuple[Reason, tuple[str, ...]]


def _consent_refusal(doc: Document, ws: Workspace, on: dt.date, made: dt.date) -> Refusal | None:
    """Why the consent as written in ``doc`` does not let the case into an output; None if it does."""
    consent = doc.data.get("consent")
    if consent is None:
        return Reason.NO_CONSENT, ()
    if not isinstance(consent, dict):
        return Reason.CONSENT_UNREADABLE, (f"consent ist {_as_written(consent)}",)
    doubt = _doubtful(doc)
    if doubt:
        return Reason.CONSENT_UNREADABLE, (doubt,)
    withdrawn = consent.get("withdrawn")
    if withdrawn is not None:
        if not _is_date(withdrawn):
            return Reason.WITHDRAWAL_UNREADABLE, (_as_written(withdrawn),)
        if withdrawn <= max(on, made):
            return Reason.WITHDRAWN, (withdrawn.isoformat(),)
        return Reason.WITHDRAWAL_IN_FUTURE, (withdrawn.isoformat(), max(on, made).isoformat())
    unknown = sorted(str(k) for k in consent if k not in CONSENT_KEYS)
    if unknown:
        return Reason.UNKNOWN_KEYS, (", ".join(_as_written(k) for k in unknown),)
    given = consent.get("date")
    if given is None:
        return Reason.NO_CONSENT_DATE, ()
    if not _is_date(given):
        return Reason.CONSENT_DATE_UNREADABLE, (_as_written(given),)
    by = consent.get("by")
    if not isinstance(by, str) or by not in CONSENT_BY:
        return Reason.CONSENT_BY_UNREADABLE, ("fehlt" if by is None else _as_written(by),)
    shared = consent.get("share_with")
    if not isinstance(shared, list) or not all(isinstance(a, str) and a for a in shared):
        what = "fehlt" if shared is None else f"{_as_written(shared)}, keine Liste von Kennungen"
        if isinstance(shared, list):
            what = "die Liste enthält etwas anderes als Akteurs-Kennungen"
        return Reason.SHARE_WITH_UNREADABLE, (what,)
    conference = ws.conferences.get(_raw_conference(doc))
    if conference is None:
        return Reason.UNKNOWN_CONFERENCE, (_as_written(doc.data.get("conference")),)
    if given > conference.date:
        return Reason.CONSENT_AFTER_CONFERENCE, (given.isoformat(),)
    if given > on:
        return Reason.CONSENT_AFTER_DAY, (given.isoformat(), on.isoformat())
    return None

"""``merzig privacy export CASE``: everything the workspace holds about one case (Art. 15 DSGVO).

One printable document for the young person, as HTML, PDF or Markdown from
``templates/privacy/auskunft.*.j2`` through the shared document pipeline
(sandboxed templates, escaping per medium, the script filter and its CSP,
WeasyPrint). It holds every key and value of the case file as written
(:mod:`.listing`, from the raw YAML: unknown keys and unreadable values
included), every date, who actually received something about the case
(:mod:`.recipients`), the purposes, the source of the data, until when it is
kept and by which rule, the person's rights, the data protection officer and
the supervisory authority (``privacy`` in config.yaml).

The consent gate is not asked: a withdrawn consent hides nothing here, the
person has the right to know what is still kept. A case file that does not
parse gives a German error naming the file and line, never a partial answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import UsageError, UserError
from ..core.yamlio import Document
from ..schema.conference import Case
from ..schema.record import build
from ..workspace.loader import Workspace, lookup
from .listing import Listing, listing, show_date
from .recipients import Recipients, recipients_of
from .retention import case_deletion_due

FORMATS = ("pdf", "html", "md")
TEMPLATE = "privacy/auskunft"

RIGHTS = [
    (
        "Auskunft (Art. 15 DSGVO)",
        "Sie können jederzeit fragen, was wir über Sie speichern. Diese Auskunft ist die Antwort.",
    ),
    (
        "Berichtigung (Art. 16 DSGVO)",
        "Wenn etwas falsch oder unvollständig ist, sagen Sie es uns. Wir korrigieren es.",
    ),
    (
        "Löschung (Art. 17 DSGVO)",
        "Sie können verlangen, dass wir Ihre Daten löschen, zum Beispiel wenn wir sie nicht "
        "mehr brauchen oder wenn Sie Ihre Einwilligung widerrufen haben.",
    ),
    (
        "Einschränkung (Art. 18 DSGVO)",
        "Sie können verlangen, dass wir Ihre Daten nur noch aufbewahren und nicht mehr "
        "verwenden, zum Beispiel solange geprüft wird, ob sie richtig sind.",
    ),
    (
        "Widerspruch (Art. 21 DSGVO)",
        "Sie können der Verwendung Ihrer Daten widersprechen, wenn es dafür Gründe in Ihrer "
        "besonderen Lage gibt.",
    ),
    (
        "Widerruf der Einwilligung (Art. 7 Abs. 3 DSGVO)",
        "Sie können Ihre Einwilligung jederzeit widerrufen, ohne Begründung. Danach wird Ihr "
        "Fall nicht mehr besprochen und an niemanden mehr weitergegeben. Was vorher geschah, "
        "bleibt rechtmäßig.",
    ),
    (
        "Daten mitnehmen (Art. 20 DSGVO)",
        "Sie können Ihre Daten in einer gängigen Form bekommen, zum Beispiel als diese Datei.",
    ),
]
PURPOSES = [
    "Vorbereitung und Durchführung der Förderkonferenz, in der Ihr Weg von der Schule in "
    "Ausbildung oder Arbeit besprochen wird",
    "Abstimmung der Unterstützung zwischen den Stellen, denen Sie die Weitergabe erlaubt haben",
    "Nachverfolgung der vereinbarten Schritte: Erinnerungen an die Stellen, die einen Schritt "
    "übernehmen oder begleiten (nur mit dem Pseudonym)",
    "Anonyme Zahlen für die Auswertung der Förderkonferenz (ohne Pseudonym, ohne Einzelheiten)",
]


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format from ``--format`` or the file name's suffix; a German usage error if they
    disagree or neither says it (``out``: a file name, or None for the default)."""
    asked = fmt.strip().lower() if fmt else None
    if asked is not None and asked not in FORMATS:
        raise UsageError(f"--format {fmt}: unbekanntes Format", "Erlaubt: html, pdf, md")
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if asked and suffix and suffix != asked:
        raise UsageError(
            f"--format {asked} passt nicht zur Endung „{out.suffix if out else ''}“ "
            f"von {out.name if out else ''}",
            f"Die Datei auf .{asked} enden lassen oder --format weglassen",
        )
    if asked:
        return asked
    if suffix in FORMATS:
        return suffix
    if suffix:
        raise UsageError(
            f"Die Endung „{out.suffix if out else ''}“ nennt kein Format der Auskunft",
            "Die Datei auf .pdf, .html oder .md enden lassen oder --format angeben",
        )
    return FORMATS[0]


def case_documents(ws: Workspace, case_id: str) -> list[Document]:
    """Every file of the case (by its id or by its file name: a copy counts as well); a German
    error if one of them cannot be read at all, since the answer would miss it."""
    broken = [
        p
        for p in ws.failures
        if (p.file or "").startswith("cases/") and Path(p.file or "").stem == case_id
    ]
    if broken:
        p = broken[0]
        raise UserError(
            f"{p.location}: {p.message} – die Auskunft zu „{case_id}“ wäre unvollständig "
            "und wurde nicht erstellt",
            p.hint or "Die Datei korrigieren (merzig validate zeigt die Stelle), dann erneut",
        )
    docs = [
        d
        for d in ws.documents.get("case", [])
        if Path(d.rel).stem == case_id or (isinstance(d.data, dict) and d.data.get("id") == case_id)
    ]
    if not docs:
        known = {Path(d.rel).stem: d for d in ws.documents.get("case", [])}
        lookup(known, case_id, f"Fall „{case_id}“ gibt es nicht", "merzig case list zeigt alle")
    for d in docs:
        if not isinstance(d.data, dict):
            raise UserError(
                f"{d.rel}: die Datei ist keine Zuordnung (Schlüssel: Wert) – die Auskunft "
                "wurde nicht erstellt",
                "Die Datei korrigieren (merzig validate zeigt die Stelle), dann erneut",
            )
    return docs


def _moment(at: str) -> str:
    """A ledger time (ISO, UTC) as a German reader writes it."""
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if len(at) <= 10:
        return show_date(when.date())
    return when.strftime("%d.%m.%Y, %H:%M Uhr") + (" (UTC)" if when.tzinfo else "")


def _unreadable_withdrawal(docs: list[Document]) -> str | None:
    """A withdrawal written so that the schema cannot read it as a date (e.g. „20.11.2026“)."""
    for doc in docs:
        consent = doc.data.get("consent")
        withdrawn = consent.get("withdrawn") if isinstance(consent, dict) else None
        if withdrawn is not None and not isinstance(withdrawn, dt.date):
            return str(withdrawn)
    return None


def _retention(ws: Workspace, cases: list[Case], docs: list[Document]) -> dict[str, Any]:
    due = min((d for c in cases if (d := case_deletion_due(c, ws.config))), default=None)
    return {
        "months": ws.config.retention.cases_months,
        "withdrawn_days": ws.config.retention.withdrawn_days,
        "due": due,
        "unreadable_withdrawal": _unreadable_withdrawal(docs),
    }


def access_context(ws: Workspace, case_id: str, day: dt.date) -> dict[str, Any]:
    """Everything the Auskunft shows, ready for its templates."""
    from .purge import commits_with

    docs = case_documents(ws, case_id)
    cases: list[Case] = [c for d in docs if (c := build(Case, d.data, d.rel)) is not None]
    listings: list[Listing] = [listing(ws, d.rel, d.data) for d in docs]
    first = cases[0] if cases else None
    conference = ws.conferences.get(first.conference) if first else None
    reached: Recipients = recipients_of(ws, case_id, cases)
    names = (
        [ws.actors[a].name if a in ws.actors else a for a in first.consent.share_with]
        if first
        else []
    )
    participants = []
    for p in conference.participants if conference else []:
        name = ws.actors[p.actor].name if p.actor in ws.actors else p.actor
        if name not in participants:
            participants.append(name)
    privacy = ws.config.privacy
    return {
        "case_id": case_id,
        "pseudonym": first.pseudonym if first else str(docs[0].data.get("pseudonym", "")),
        "day": day,
        "municipality": ws.config.municipality,
        "office": ws.config.office,
        "office_address": ws.config.office.address.one_line() if ws.config.office.address else "",
        "officer": privacy.officer,
        "authority": privacy.authority,
        "files": listings,
        "dates": sorted((d for li in listings for d in li.dates), key=lambda d: d.day),
        "conference": conference,
        "participants": participants,
        "guardian": bool(first and first.consent.by == "guardian"),
        "consent_date": first.consent.date if first else None,
        "consent_purpose": first.consent.purpose if first else None,
        "withdrawn": first.consent.withdrawn if first else None,
        "share_with": names,
        "purposes": PURPOSES,
        "reached": [
            {
                "at": _moment(d.at),
                "recipient": d.recipient,
                "what": d.what,
                "state": d.state,
                "record": d.record,
            }
            for d in reached.deliveries
        ],
        "reached_notes": reached.notes,
        "reached_covered": reached.covered,
        "documents_recorded": reached.documents,
        "retention": _retention(ws, cases, docs),
        "commits": {d.rel: c for d in docs if (c := commits_with(ws.root, d.rel))},
        "rights": RIGHTS,
    }


def access_export(ws: Workspace, case_id: str, day: dt.date, fmt: str) -> bytes:
    """The Auskunft about ``case_id`` as of ``day`` in ``fmt`` (html, pdf or md)."""
    from ..conference.documents import Document as Doc
    from ..conference.documents import render

    [output] = render(ws, [Doc("auskunft", TEMPLATE, access_context(ws, case_id, day))], [fmt])
    return output.data


def write_access_export(
    ws: Workspace,
    case_id: str,
    day: dt.date,
    fmt: str,
    target: Path,
    warn: Callable[[str | None], None],
) -> Path:
    """Write the Art. 15 export to ``target`` like every case document: readable only by
    its owner (or the group, per config), recorded in the manifest so that a purge of the
    case deletes it too. ``warn`` gets, before anything is written, the warning for a
    ``target`` that lies unignored in a git repository (None: no warning)."""
    from ..documents.exposure import exposure_warning
    from ..documents.manifest import case_mode, record
    from ..documents.output import write_file

    warn(exposure_warning([target]))
    document = access_export(ws, case_id, day, fmt)
    path = write_file(target, document, mode=case_mode(ws.config)).path
    record(ws.root, path, [case_id], "access-export", day)
    return path

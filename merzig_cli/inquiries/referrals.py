"""Inquiries, referrals and feedback: the records behind the Lotsenfunktion.

Every change goes through :func:`merzig_cli.checks.edits.edit_record`: under
the workspace lock, round-trip (comments and key order kept, a minimal
``git diff``), checked like ``merzig validate`` before anything is written,
atomic. Numbering runs
under the same lock, so two coordinators never get the same id.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..checks.edits import create_record, edit_record
from ..core.errors import UserError
from ..core.paths import in_workspace
from ..core.problems import Problem
from ..core.vocab import INQUIRY_ID_RE
from ..schema.inquiry import Inquiry, Referral
from ..workspace import store
from ..workspace.loader import RECORD_DIRS, Workspace
from .files import file_style, referral_map, render_new

OPEN_STATUS = ("open", "accepted")
_NUMBER = re.compile(r"^(\d{4})-(\d{4,})\.yaml$")


def inquiry_folder(root: Path, year: int) -> Path:
    return root / RECORD_DIRS["inquiry"] / f"{year:04d}"


def next_id(root: Path, year: int) -> str:
    """The next free number of ``year``; call under :func:`store.workspace_lock`."""
    folder = inquiry_folder(root, year)
    numbers = [0]
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NUMBER.match(path.name)
            if m and int(m.group(1)) == year:
                numbers.append(int(m.group(2)))
    return f"{year:04d}-{max(numbers) + 1:04d}"


def inquiry_path(ws: Workspace, inquiry_id: str) -> Path:
    """The file of an inquiry, or a German error that says what is wrong."""
    if not INQUIRY_ID_RE.fullmatch(inquiry_id):
        raise UserError(
            f"„{inquiry_id}“ ist keine Anfragenummer",
            "Anfragenummern sehen so aus: 2026-0042 (merzig inquiry list zeigt alle)",
        )
    path = inquiry_folder(ws.root, int(inquiry_id[:4])) / f"{inquiry_id}.yaml"
    if not os.path.lexists(path):
        raise UserError(
            f"Anfrage {inquiry_id} gibt es nicht ({path} fehlt)",
            "merzig inquiry list zeigt alle Anfragen",
        )
    return in_workspace(ws.root, path)


def resolve_target(ws: Workspace, target: str) -> tuple[str, str | None]:
    """``ACTOR`` or ``ACTOR/CONTACT`` checked against the Steckbriefe."""
    actor_id, _, contact_id = target.partition("/")
    actor = ws.actor(actor_id)
    if contact_id and actor.contact(contact_id) is None:
        from ..core.text import close_match

        ids = [c.id for c in actor.contacts]
        close = close_match(contact_id, ids)
        hint = f"Meinten Sie „{close}“?" if close else "Ansprechpersonen: " + ", ".join(ids)
        raise UserError(f"Ansprechperson „{contact_id}“ gibt es bei {actor_id} nicht", hint)
    return actor_id, contact_id or None


def create_inquiry(ws: Workspace, new: Inquiry) -> tuple[str, Path]:
    """Number and write ``new`` (its ``id`` is ignored); unique even with parallel writers.

    What the coordinator writes down never holds the asker's name or contact data.
    """
    for r in new.referrals:
        resolve_target(ws, f"{r.actor}/{r.contact}" if r.contact else r.actor)
    with store.workspace_lock(ws.root):
        inquiry_id = next_id(ws.root, new.received.year)
        path = inquiry_folder(ws.root, new.received.year) / f"{inquiry_id}.yaml"
        create_record(ws, "inquiry", path, render_new(inquiry_id, new, file_style(ws.root)))
    return inquiry_id, path


def _referrals(data: Any, inquiry_id: str) -> Any:
    """The file's list of referrals (created if absent); a broken shape is the user's to fix."""
    if data.get("referrals") is None:
        data["referrals"] = []
    refs = data["referrals"]
    if not isinstance(refs, list) or not all(isinstance(r, dict) for r in refs):
        raise UserError(
            f"Anfrage {inquiry_id}: „referrals“ ist keine Liste von Weiterleitungen",
            "Datei korrigieren; merzig validate zeigt die Stelle",
        )
    return refs


Warn = Callable[[Problem], None]


def _edit(
    ws: Workspace, inquiry_id: str, mutate: Callable[[Any], None], warn: Warn | None = None
) -> Path:
    """Change one inquiry file; the warnings of the new version go to ``warn``."""
    path = inquiry_path(ws, inquiry_id)
    for problem in edit_record(ws, "inquiry", path, mutate):
        if warn is not None:
            warn(problem)
    return path


def absence_note(ws: Workspace, actor_id: str, contact_id: str | None, day: dt.date) -> str | None:
    """Who is away on ``day`` among the people a referral goes to, and who is there instead."""
    actor = ws.actor(actor_id)
    contact = actor.contact(contact_id) if contact_id else None
    present = [c for c in actor.contacts if not c.is_absent(day)]
    if contact is not None:
        if not contact.is_absent(day):
            return None
        until = max(a.end for a in contact.absent if a.start <= day <= a.end)
        note = f"{contact.name} ({contact.id}) ist am {day} abwesend, zurück nach dem {until}"
        colleagues = sorted(
            present, key=lambda c: (-len(set(c.topics) & set(contact.topics)), c.name)
        )
        if colleagues:
            c = colleagues[0]
            reach = " · ".join(x for x in (c.phone, c.email) if x)
            note += f"; Vertretung: {c.name} ({actor.id}/{c.id})" + (f", {reach}" if reach else "")
        return note
    if actor.contacts and not present:
        back = min(max(a.end for a in c.absent if a.start <= day <= a.end) for c in actor.contacts)
        return f"Alle Ansprechpersonen von {actor.name} sind am {day} abwesend, frühestens zurück nach dem {back}"
    return None


def _same_open(ref: Any, actor: str, contact: str | None) -> bool:
    return (
        isinstance(ref, dict)
        and ref.get("actor") == actor
        and (ref.get("contact") or None) == contact
        and ref.get("status", "open") in OPEN_STATUS
        and not ref.get("feedback")
    )


def refer(
    ws: Workspace, inquiry_id: str, target: str, day: dt.date, warn: Warn | None = None
) -> Path:
    """Add a referral (status ``open``) to an inquiry that is still open.

    A second open referral to the same actor and contact is refused: its
    feedback would land on one of them while the other turns overdue.
    """
    actor, contact = resolve_target(ws, target)

    def mutate(data: Any) -> None:
        if data.get("closed"):
            raise UserError(
                f"Anfrage {inquiry_id} ist seit {data['closed']} abgeschlossen; "
                "eine neue Weiterleitung wurde nicht festgehalten",
                "Soll sie wieder bearbeitet werden: in der Datei die Zeile "
                "„closed: …“ löschen (wieder öffnen), dann erneut weiterleiten",
            )
        refs = _referrals(data, inquiry_id)
        twin = next((r for r in refs if _same_open(r, actor, contact)), None)
        if twin is not None:
            raise UserError(
                f"Anfrage {inquiry_id} ist schon am {twin.get('date')} an {target} "
                "weitergeleitet und noch offen; nichts wurde hinzugefügt",
                f"Rückmeldung festhalten: merzig inquiry feedback {inquiry_id} {actor} "
                "--status … --outcome …",
            )
        refs.append(referral_map(actor, contact, day))

    return _edit(ws, inquiry_id, mutate, warn)


def feedback(
    ws: Workspace,
    inquiry_id: str,
    actor: str,
    status: str,
    outcome: str,
    day: dt.date,
    replace: bool = False,
    warn: Warn | None = None,
) -> Path:
    """Record the contact person's Rückmeldung on the referral to ``actor`` (or ``actor/contact``).

    An existing Rückmeldung is only overwritten with ``replace``. With open
    referrals to two contact persons of one actor, the contact must be named:
    the Rückmeldung never lands on the wrong one.
    """
    from ruamel.yaml.comments import CommentedMap

    actor, _, contact = actor.partition("/")

    def mutate(data: Any) -> None:
        every = _referrals(data, inquiry_id)
        refs = [r for r in every if r.get("actor") == actor]
        if contact:
            refs = [r for r in refs if r.get("contact") == contact]
        else:
            open_to = sorted({str(r.get("contact")) for r in refs if not r.get("feedback")})
            if len(open_to) > 1:
                raise UserError(
                    f"Anfrage {inquiry_id} ist an mehrere Ansprechpersonen von „{actor}“ "
                    f"weitergeleitet ({', '.join(open_to)}); nichts wurde geschrieben",
                    f"Die Person nennen, z. B. merzig inquiry feedback {inquiry_id} "
                    f"{actor}/{open_to[0]}",
                )
        if contact and not refs:
            raise UserError(
                f"Anfrage {inquiry_id} wurde nicht an „{actor}/{contact}“ weitergeleitet",
                f"merzig inquiry show {inquiry_id} zeigt die Weiterleitungen",
            )
        if not refs:
            named = sorted({str(r.get("actor")) for r in every})
            raise UserError(
                f"Anfrage {inquiry_id} wurde nicht an „{actor}“ weitergeleitet",
                ("Weitergeleitet an: " + ", ".join(named))
                if named
                else f"Erst weiterleiten: merzig inquiry refer {inquiry_id} {actor}",
            )
        target = next((r for r in reversed(refs) if not r.get("feedback")), None)
        if target is None:
            if not replace:
                old = refs[-1]["feedback"]
                when = old.get("date") if isinstance(old, dict) else None
                raise UserError(
                    f"Zur Weiterleitung an „{actor}“ gibt es schon eine Rückmeldung"
                    + (f" vom {when}" if when else "")
                    + "; nichts wurde überschrieben",
                    "Ersetzen mit --replace; eine neue Weiterleitung mit merzig inquiry refer",
                )
            target = refs[-1]
        referred = target.get("date")
        if isinstance(referred, dt.date) and day < referred:
            raise UserError(
                f"Die Rückmeldung am {day} läge vor der Weiterleitung an „{actor}“ "
                f"am {referred}; nichts wurde geschrieben",
                "Datum der Rückmeldung mit --date angeben (frühestens am Tag der Weiterleitung)",
            )
        target["status"] = status
        fb = CommentedMap()
        fb["date"] = day
        fb["outcome"] = outcome
        target["feedback"] = fb

    return _edit(ws, inquiry_id, mutate, warn)


def close(
    ws: Workspace, inquiry_id: str, day: dt.date, warn: Warn | None = None
) -> tuple[Path, list[str]]:
    """Mark an inquiry closed; retention periods count from this date.

    Returns the file and the referrals still open (``actor`` or
    ``actor/contact``), which the coordinator should hear about.
    """
    still_open: list[str] = []

    def mutate(data: Any) -> None:
        if data.get("closed"):
            raise UserError(f"Anfrage {inquiry_id} ist schon seit {data['closed']} abgeschlossen")
        for r in data.get("referrals") or []:
            if (
                isinstance(r, dict)
                and r.get("status", "open") in OPEN_STATUS
                and not r.get("feedback")
            ):
                who = (
                    f"{r.get('actor')}/{r['contact']}" if r.get("contact") else str(r.get("actor"))
                )
                still_open.append(who)
        data["closed"] = day

    return _edit(ws, inquiry_id, mutate, warn), still_open


def overdue_referrals(inquiry: Inquiry, today: dt.date, feedback_days: int) -> list[Referral]:
    """Referrals still open or accepted without feedback after ``feedback_days``."""
    if inquiry.closed:
        return []
    return [
        r
        for r in inquiry.referrals
        if r.status in OPEN_STATUS and r.feedback is None and (today - r.date).days > feedback_days
    ]


def inquiry_of(ws: Workspace, inquiry_id: str) -> Inquiry:
    """The inquiry to show: an unknown number or a file that is not valid is a German error."""
    inquiry_path(ws, inquiry_id)
    found = ws.inquiries.get(inquiry_id)
    if found is None:
        raise UserError(
            f"Anfrage {inquiry_id} ist ungültig und kann nicht gezeigt werden",
            "merzig validate zeigt, was an der Datei falsch ist",
        )
    return found


def inquiry_plain(inquiry: Inquiry, today: dt.date, feedback_days: int) -> dict[str, Any]:
    """The inquiry for ``--json``, with the actors whose feedback is overdue on ``today``."""
    data = asdict(inquiry)
    data["file"] = data.pop("source")
    if inquiry.received == dt.date.min:
        data["received"] = None  # the file holds no valid date; merzig validate says why
    data["overdue"] = [r.actor for r in overdue_referrals(inquiry, today, feedback_days)]
    return data


def is_open(inquiry: Inquiry) -> bool:
    return inquiry.closed is None


def filter_inquiries(
    inquiries: Iterable[Inquiry],
    today: dt.date,
    feedback_days: int,
    only_open: bool = False,
    only_overdue: bool = False,
    actor: str | None = None,
    year: int | None = None,
) -> list[Inquiry]:
    """The inquiries ``merzig inquiry list`` shows, newest first."""
    out = []
    for inq in inquiries:
        if only_open and not is_open(inq):
            continue
        if only_overdue and not overdue_referrals(inq, today, feedback_days):
            continue
        if actor and not any(r.actor == actor for r in inq.referrals):
            continue
        if year is not None and inq.received.year != year:
            continue
        out.append(inq)
    return sorted(out, key=lambda i: (i.received, i.id), reverse=True)

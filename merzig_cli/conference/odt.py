"""Minutes, agreement sheets and excerpts as OpenDocument text, for correcting by hand.

Each document is laid out from the very context its HTML template gets
(:mod:`merzig_cli.conference.documents`): the same cases from the consent
gate, the same minimised :class:`~merzig_cli.conference.minimised.CaseView`
objects, the same wording, as headings, paragraphs, lists and tables. A
workspace's own HTML templates change the HTML and PDF only; the ``.odt`` is
the packaged layout, which the office then edits in its word processor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ..core.dates import german
from ..core.text import count
from ..documents.odt import Bold, OdtDocument
from .minimised import CaseView, StepView


def _long(value: dt.date | None) -> str:
    from ..documents.jinja import long_date

    return long_date(value, "de") if value else ""


def _short(value: dt.date | None) -> str:
    return german(value) if value else ""


def _state(s: StepView) -> str:
    """The step's state as the HTML's ``step_state`` macro writes it."""
    if s.status == "done":
        return "erledigt" + (f" am {_short(s.done)}" if s.done else "")
    if s.status == "dropped":
        return "entfallen" + (f": {s.reason}" if s.reason else "")
    if s.days_overdue is not None and s.days_overdue > 0:
        return f"offen, {count(s.days_overdue, 'Tag', 'Tage')} überfällig"
    return "offen"


def _steps(doc: OdtDocument, steps: Sequence[StepView]) -> None:
    doc.table(
        ["Nr.", "Schritt", "macht", "begleitet", "bis", "Stand"],
        [
            [
                str(s.number),
                s.action,
                s.by,
                s.support or "–",
                _short(s.due) if s.due else "ohne Frist",
                _state(s),
            ]
            for s in steps
        ],
    )


def _meta(c: dict[str, Any]) -> str:
    conference = c["conference"]
    return f"{_long(conference.date)} · {conference.location}"


def minutes(c: dict[str, Any]) -> OdtDocument:
    conference = c["conference"]
    doc = OdtDocument(f"Protokoll {conference.title} – {c['municipality']}")
    doc.heading(1, f"Protokoll: {conference.title}")
    doc.paragraph(_meta(c) + (f" · Gastgeber: {c['host']}" if c["host"] else ""), style="meta")
    doc.paragraph(
        Bold(
            "Vertraulich – besondere Kategorien personenbezogener Daten. Nur pseudonymisiert; "
            "nicht weitergeben."
        )
    )
    doc.heading(2, "Teilnehmende")
    doc.bullets(
        [
            p["name"]
            + (f": {p['contact']}" if p["contact"] else "")
            + (f" ({p['role']})" if p["contact"] and p["role"] else "")
            for p in c["participants"]
        ]
    )
    doc.heading(2, "Fälle")
    doc.paragraph(f"{count(len(c['cases']), 'Fall', 'Fälle')} mit gültiger Einwilligung.")
    for case, slot in c["cases"]:
        when = f"{slot.start.strftime('%H:%M')} · Fall {slot.number}: " if slot else ""
        doc.heading(3, f"{when}{case.pseudonym} ({case.id})")
        _case_body(doc, case)
        if case.outcome:
            doc.paragraph(
                Bold("Ergebnis:"),
                f" {case.outcome}"
                + (f" ({_long(case.outcome_date)})" if case.outcome_date else ""),
            )
    doc.paragraph(f"Stand: {_long(c['day'])}", style="meta")
    return doc


def _case_body(doc: OdtDocument, case: CaseView) -> None:
    doc.facts(case.facts)
    if case.support_system:
        doc.paragraph(
            Bold("Unterstützungssystem:"),
            " "
            + "; ".join(
                name + (f" ({role})" if role else "") for name, role in case.support_system
            ),
        )
    if case.options:
        doc.paragraph(Bold("Besprochene Perspektiven:"), " " + ", ".join(case.options))
    if case.perspective or case.steps:
        since = f" vom {_long(case.agreement_date)}" if case.agreement_date else ""
        doc.paragraph(Bold(f"Vereinbarung{since}:"), f" {case.perspective or '–'}")
        _steps(doc, case.steps)
        review = _long(case.review) if case.review else "keine offenen Schritte"
        doc.paragraph(Bold("Nächste Überprüfung:"), f" {review}")
    else:
        doc.paragraph(Bold("Noch keine Vereinbarung."))


def excerpt(c: dict[str, Any]) -> OdtDocument:
    conference, actor = c["conference"], c["actor"]
    doc = OdtDocument(f"Auszug {conference.title}: {actor} – {c['municipality']}")
    doc.heading(1, f"{conference.title}: Auszug für {actor}")
    doc.paragraph(_meta(c), style="meta")
    doc.paragraph(
        Bold(
            f"Vertraulich – nur für {actor}. Die Einwilligung erlaubt die Weitergabe an Sie, "
            "nicht an Dritte."
        )
    )
    if not c["cases"]:
        doc.paragraph(
            f"Für {actor} gibt es in dieser Konferenz keine Fälle, deren Einwilligung eine "
            "Weitergabe erlaubt."
        )
    for case in c["cases"]:
        doc.heading(2, f"{case.pseudonym} ({case.id})")
        doc.facts(case.facts)
        doc.paragraph(Bold("Vereinbarte Perspektive:"), f" {case.perspective or '–'}")
        if case.steps:
            doc.heading(3, "Ihre Schritte")
            _steps(doc, case.steps)
        else:
            doc.paragraph("Sie tragen oder begleiten in diesem Fall keinen Schritt.")
    doc.paragraph(f"Stand: {_long(c['day'])}", style="meta")
    return doc


def sheet(c: dict[str, Any]) -> OdtDocument:
    conference, case, office = c["conference"], c["case"], c["office"]
    doc = OdtDocument(f"Vereinbarung {case.pseudonym} – {c['municipality']}")
    doc.heading(1, "Deine Vereinbarung")
    doc.paragraph(f"{conference.title} · {_meta(c)} · {case.pseudonym}", style="meta")
    doc.paragraph("Wir haben zusammen besprochen, wie es für dich weitergeht.")
    if case.perspective_id:
        goal = c["plain"].get(case.perspective_id, case.perspective)
        doc.paragraph(Bold("Dein Ziel:"), f" Du willst {goal}.")
    doc.heading(2, "Das sind die nächsten Schritte")
    doc.bullets([_sheet_step(s) for s in case.steps])
    doc.heading(2, "Wenn du Hilfe brauchst")
    doc.paragraph("Wenn etwas nicht klappt, sag es bitte früh. Du kannst dich melden bei:")
    doc.bullets(
        [_reach(h["name"], h["phone"], h["email"]) for h in c["helpers"]]
        + [_reach(office.name, office.phone, office.email)]
    )
    lines = ["Ort, Datum", "Unterschrift der jungen Person"]
    if c["guardian"]:
        lines.append("Unterschrift der Sorgeberechtigten")
    lines.append("Für die Förderkonferenz")
    for line in lines:
        doc.paragraph("\n\n_______________________________________")
        doc.paragraph(line, style="meta")
    return doc


def _sheet_step(s: StepView) -> str:
    box = "☑" if s.status == "done" else "☐"
    text = f"{box} {s.action}. "
    text += "Das machst du." if s.by_youth else f"Das macht für dich: {s.by}."
    if s.support:
        text += f" Dabei hilft dir: {s.support}."
    if s.due:
        text += f" Bis zum {_long(s.due)}."
    if s.status == "dropped":
        text += " (Das ist nicht mehr nötig.)"
    return text


def _reach(name: str, phone: str | None, email: str | None) -> str:
    return name + (f", Telefon {phone}" if phone else "") + (f", {email}" if email else "")


# The layout of each kind of document that also comes as .odt.
LAYOUTS: dict[str, Callable[[dict[str, Any]], OdtDocument]] = {
    "minutes": minutes,
    "sheet": sheet,
    "excerpt": excerpt,
}


def odt_bytes(kind: str, context: dict[str, Any]) -> bytes:
    """The ``.odt`` of a document of ``kind`` (minutes, sheet, excerpt) from its context."""
    return LAYOUTS[kind](context).to_bytes()

"""The documents of a conference: agenda and schedules (plan), minutes, sheets, excerpts.

Each document is rendered from a template in ``templates/conference/`` (a
workspace may override every file) as HTML, Markdown and PDF through the
shared document pipeline. Only :class:`~merzig_cli.conference.minimised.CaseView`
objects reach the templates, so what a reader sees is decided in one place;
the cases come from the consent gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core.dates import german
from ..core.paths import safe_name
from ..documents.output import Output
from ..schema.conference import Conference
from ..workspace.loader import Workspace
from .agenda import Agenda, involved
from .gate import Gate
from .minimised import EXCERPT, MINUTES, SHEET, CaseView, actor_name, case_view

FORMATS = ("html", "md", "pdf")
# Minutes, sheets and excerpts also as OpenDocument text, which offices correct by hand.
MINUTES_FORMATS = (*FORMATS, "odt")

# The agreed perspective as the young person reads it on the sheet: "Du willst …".
GOALS = {
    "training": "eine Ausbildung in einem Betrieb machen",
    "school-training": "eine Ausbildung an einer Schule machen",
    "entry-qualification": "ein bezahltes Praktikum in einem Betrieb machen, als Weg in die "
    "Ausbildung",
    "vocational-preparation": "ein Jahr lang herausfinden, welcher Beruf zu dir passt, und dich "
    "auf eine Ausbildung vorbereiten",
    "internship": "ein Praktikum machen",
    "further-school": "weiter zur Schule gehen",
    "employment": "arbeiten",
    "unskilled-work": "arbeiten, auch ohne Ausbildung",
    "language-course": "besser Deutsch lernen",
    "other": "deinen eigenen Weg gehen, so wie unten beschrieben",
}


@dataclass(frozen=True)
class Document:
    """One document before it is laid out: its file stem, template and context; for the
    manifest of case documents its kind, the cases it holds and its recipient (an actor)."""

    stem: str
    template: str
    context: dict[str, Any]
    kind: str = ""
    cases: tuple[str, ...] = ()
    recipient: str = ""


def _common(ws: Workspace, conference: Conference, day: dt.date) -> dict[str, Any]:
    return {
        "conference": conference,
        "municipality": ws.config.municipality,
        "office": ws.config.office,
        "day": day,
        "host": actor_name(ws, conference.host) if conference.host else None,
    }


def _participants(ws: Workspace, conference: Conference) -> list[dict[str, Any]]:
    from ..routing.contacts import is_office

    out = []
    attendance = conference.attendance
    for p in conference.participants:
        actor = ws.actors.get(p.actor)
        presence = ""
        if attendance is not None:
            presence = (
                "anwesend"
                if p.actor in attendance.present
                else "entschuldigt"
                if p.actor in attendance.excused
                else "nicht anwesend"
            )
        contact = actor.contact(p.contact) if actor and p.contact else None
        out.append(
            {
                "actor": p.actor,
                "name": actor.name if actor else p.actor,
                "contact": contact.name if contact else "",
                "role": (contact.role or "") if contact else "",
                "moderates": actor is not None and is_office(actor, ws),
                "presence": presence,  # from the attendance of the day, once recorded
            }
        )
    return out


def plan_documents(ws: Workspace, gate: Gate, agenda: Agenda, day: dt.date) -> list[Document]:
    """The agenda for the moderation and one schedule per participating actor that is needed."""
    conference = agenda.conference
    common = _common(ws, conference, day)
    needed = {p.actor for p in conference.participants if agenda.needed(p.actor)}
    people = _participants(ws, conference)
    docs = [
        Document(
            "tagesordnung",
            "conference/agenda",
            common
            | {
                "agenda": agenda,
                "name_of": lambda a: actor_name(ws, a),
                "participants": people,
                "needed": sorted(needed),
            },
            "agenda",
            _slot_cases(agenda.slots),
        )
    ]
    for actor in sorted(needed):
        docs.append(
            Document(
                f"zeiten-{safe_name(actor)}",
                "conference/schedule",
                common
                | {
                    "actor": actor_name(ws, actor),
                    "contacts": [p["contact"] for p in people if p["actor"] == actor],
                    "slots": agenda.needed(actor),
                    "name_of": lambda a: actor_name(ws, a),
                },
                "schedule",
                _slot_cases(agenda.needed(actor)),
                actor,
            )
        )
    return docs


def _slot_cases(slots: Sequence[Any]) -> tuple[str, ...]:
    return tuple(sorted({s.case for s in slots if s.case}))


def minutes_documents(ws: Workspace, gate: Gate, agenda: Agenda, day: dt.date) -> list[Document]:
    """The Protokoll, one agreement sheet per case, one excerpt per participating actor."""
    conference = agenda.conference
    common = _common(ws, conference, day)
    cases = gate.cases(conference.id)
    times = {s.case: s for s in agenda.cases}
    views = [(case_view(ws, c, day, MINUTES), times.get(c.id)) for c in cases]
    docs = [
        Document(
            "protokoll",
            "conference/minutes",
            common | {"cases": views, "participants": _participants(ws, conference)},
            "minutes",
            tuple(c.id for c in cases),
        )
    ]
    for case in cases:
        if case.agreement and case.agreement.steps:
            docs.append(
                Document(
                    f"vereinbarung-{safe_name(case.id)}",
                    "conference/sheet",
                    common
                    | {
                        "case": case_view(ws, case, day, SHEET),
                        "guardian": case.consent.by == "guardian",
                        "helpers": _helpers(ws, case.agreement.steps),
                        "plain": GOALS,
                    },
                    "sheet",
                    (case.id,),
                )
            )
    for actor in sorted({p.actor for p in conference.participants}):
        mine = [c for c in gate.cases_for(actor, conference.id) if actor in involved(c)]
        excerpt: list[CaseView] = [case_view(ws, c, day, EXCERPT, actor) for c in mine]
        docs.append(
            Document(
                f"auszug-{safe_name(actor)}",
                "conference/excerpt",
                common | {"actor": actor_name(ws, actor), "cases": excerpt},
                "excerpt",
                tuple(c.id for c in mine),
                actor,
            )
        )
    return docs


def _helpers(ws: Workspace, steps: Sequence[Any]) -> list[dict[str, str]]:
    """Who the young person can turn to: the accompanying actors, with their general contact."""
    seen: list[str] = []
    out = []
    for step in steps:
        for actor_id in (step.support, step.by):
            if not actor_id or actor_id == "youth" or actor_id in seen:
                continue
            seen.append(actor_id)
            actor = ws.actors.get(actor_id)
            if actor is None:
                continue
            out.append(
                {
                    "name": actor.name,
                    "phone": actor.phone or "",
                    "email": actor.email or "",
                }
            )
    return out


def render(
    ws: Workspace,
    docs: Sequence[Document],
    formats: Sequence[str],
) -> list[Output]:
    """Lay out every document in every format (HTML, Markdown, PDF; minutes, sheets and
    excerpts also OpenDocument text)."""
    from markupsafe import Markup

    from ..documents.jinja import MdSafe, environment, get_template, tidy_markdown
    from ..documents.jinja import render as fill
    from ..documents.pdf import many_to_pdf

    html_env = environment(ws.root)
    md_env = environment(ws.root, markdown=True)
    md_env.globals["md_raw"] = MdSafe
    for env in (html_env, md_env):
        env.filters["long_date"] = _long_date
        env.filters["short_date"] = lambda d: german(d) if d else ""
        env.filters["hhmm"] = lambda t: t.strftime("%H:%M")
    html_env.globals["raw"] = Markup
    outputs: list[Output] = []
    printable: list[tuple[int, str]] = []  # (position in outputs, HTML for print)
    for doc in docs:
        about = (doc.cases, doc.kind, doc.recipient)
        for fmt in formats:
            if fmt == "html":
                html = fill(
                    get_template(html_env, doc.template + ".html.j2"),
                    doc.context | {"for_pdf": False},
                )
                outputs.append(Output(f"{doc.stem}.html", html.encode("utf-8"), "de", fmt, *about))
            elif fmt == "pdf":
                page = fill(
                    get_template(html_env, doc.template + ".html.j2"),
                    doc.context | {"for_pdf": True},
                )
                printable.append((len(outputs), page))
                outputs.append(Output(f"{doc.stem}.pdf", b"", "de", fmt, *about))
            elif fmt == "odt":
                from .odt import odt_bytes

                data = odt_bytes(doc.kind, doc.context)
                outputs.append(Output(f"{doc.stem}.odt", data, "de", fmt, *about))
            else:
                text = fill(get_template(md_env, doc.template + ".md.j2"), doc.context)
                data = tidy_markdown(text).encode("utf-8")
                outputs.append(Output(f"{doc.stem}.md", data, "de", fmt, *about))
    pdfs = many_to_pdf([page for _, page in printable])
    for (position, _), data in zip(printable, pdfs, strict=True):
        outputs[position] = replace(outputs[position], data=data)
    return outputs


def _long_date(value: dt.date | None) -> str:
    from ..documents.jinja import long_date

    return long_date(value, "de") if value else ""

"""The consent form (Einwilligungserklärung) of a case, for the young person to sign.

The form says what the case file says: which actors (``consent.share_with``)
get which data, for which purpose, how long it is kept (``retention`` in
config.yaml), that the consent can be withdrawn at any time and how, and whom
to ask (the office, the data protection officer, the supervisory authority).
What an actor gets is read from the same rule that makes its excerpt of the
minutes (:func:`~merzig_cli.conference.minimised.case_view`), so the form can
promise no more and no less than the documents then show.

A young person under 16 cannot consent alone (Art. 8 GDPR): the file knows
only the year of birth, so the age is the one reached in the conference's
year, stated as "vermutlich", and the guardian's signature line appears
whenever the person may still be under 16 on the conference day (or the
guardian consents anyway). The case must pass the consent gate like every
output: a withheld case gets no form.

German and English are bundled (``templates/consent/de.html.j2``,
``en.html.j2``); a workspace adds a language with its own
``templates/consent/<code>.html.j2`` (sandboxed like every template).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from ..core.errors import UsageError, UserError
from ..core.languages import ISO_639_1, direction
from ..core.paths import safe_name
from ..documents.output import Output
from ..schema.conference import Case, Conference
from ..workspace.loader import Workspace
from .gate import Gate, Reason
from .minimised import EXCERPT, FULL, actor_name, case_view

FORMATS = ("html", "pdf")
BUNDLED = ("de", "en")
KIND = "consent-form"
ADULT_AGE = 16  # Art. 8 GDPR: from 16 a young person consents alone

# The categories of data a case file holds, in the order the form names them.
CATEGORIES = ("situation", "school", "residence", "language", "agreement")
# Which category each line of a case view's situation belongs to.
FACT_CATEGORY = {
    "Schule": "school",
    "Abschluss": "school",
    "Deutschniveau": "language",
    "Aufenthalt": "residence",
    "Arbeitserlaubnis": "residence",
    "Familie": "situation",
    "Stärken": "situation",
    "Interessen": "situation",
    "Motivation": "situation",
}


@dataclass(frozen=True)
class Recipient:
    """An actor the consent names, and the categories of data it gets."""

    actor: str
    name: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ConsentForm:
    """What every language's form says about one case (the templates word it)."""

    case: str
    pseudonym: str
    conference: Conference
    purpose: str | None  # None: the template's default purpose in its language
    recipients: tuple[Recipient, ...]
    categories: tuple[str, ...]  # what the case file holds
    birth_year: int | None
    age: int | None  # reached in the conference's year; "vermutlich"
    may_be_under_16: bool  # on the conference day, as far as the year tells
    guardian: bool  # the guardian's signature line
    by: str | None  # self | guardian, as the file says
    cases_months: int
    withdrawn_days: int


def _categories(facts: Sequence[tuple[str, str]], extra: Sequence[str] = ()) -> tuple[str, ...]:
    found = {FACT_CATEGORY.get(label, "situation") for label, _ in facts} | set(extra)
    return tuple(c for c in CATEGORIES if c in found)


def form_of(ws: Workspace, case: Case, day: dt.date) -> ConsentForm:
    """The content of the form of ``case`` (admitted by the gate)."""
    conference = ws.conferences[case.conference]
    recipients = []
    for actor in case.consent.share_with:
        view = case_view(ws, case, day, EXCERPT, actor)
        extra = ["agreement"] + (["situation"] if view.support_system or view.options else [])
        recipients.append(Recipient(actor, actor_name(ws, actor), _categories(view.facts, extra)))
    held = case_view(ws, case, day, FULL)
    age = conference.date.year - case.birth_year if case.birth_year else None
    under = age is None or age <= ADULT_AGE  # the birthday may still be ahead on the day
    return ConsentForm(
        case=case.id,
        pseudonym=case.pseudonym,
        conference=conference,
        purpose=case.consent.purpose,
        recipients=tuple(recipients),
        categories=_categories(held.facts, ["agreement"]),
        birth_year=case.birth_year or None,
        age=age,
        may_be_under_16=under,
        guardian=under or case.consent.by == "guardian",
        by=case.consent.by,
        cases_months=ws.config.retention.cases_months,
        withdrawn_days=ws.config.retention.withdrawn_days,
    )


def admitted_case(gate: Gate, case_id: str) -> Case:
    """The case, when the consent gate lets it into an output; else a German error why not."""
    from .cases import case_of

    held = gate.verdict(case_id)
    if held is not None:
        if held.reason is Reason.CONSENT_AFTER_DAY:
            hint = "Mit --date JJJJ-MM-TT den Tag der Unterschrift angeben"
        elif held.reason.defect:
            hint = "Falldatei korrigieren; Einzelheiten: merzig validate"
        else:
            hint = "Nach einem Widerruf wird für den Fall nichts mehr ausgegeben"
        raise UserError(
            f"Fall {held.case}: keine Einwilligungserklärung – {held.text}; nichts geschrieben",
            hint,
        )
    case = case_of(gate.ws, case_id)
    if all(c.id != case.id for c in gate.cases()):  # the gate names every case it holds back
        raise UserError(f"Fall {case.id}: keine Einwilligungserklärung; nichts geschrieben")
    return case


def _template(lang: str) -> str:
    return f"consent/{lang}.html.j2"


def available(ws: Workspace) -> list[str]:
    """The languages with a form: the bundled ones and the workspace's own templates."""
    from ..workspace.resources import template_dirs

    found = set(BUNDLED)
    for _, folder in template_dirs(ws.root):
        for path in (folder / "consent").glob("*.html.j2"):
            code = PurePosixPath(path.name).name.removesuffix(".html.j2")
            if code in ISO_639_1:
                found.add(code)
    return [*BUNDLED, *sorted(found - set(BUNDLED))]


def parse_languages(ws: Workspace, value: str) -> list[str]:
    """``--lang de,en``: each a language code with a form template, in the order given."""
    from ..workspace.resources import template_file

    langs = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not langs:
        raise UsageError("--lang: keine Sprache angegeben", "z. B. --lang de,en")
    shown = ", ".join(available(ws))
    for lang in langs:
        if lang not in ISO_639_1:
            raise UsageError(
                f"--lang {lang}: kein Sprachcode", f"Zwei Kleinbuchstaben; vorhanden: {shown}"
            )
        if template_file(_template(lang), ws.root) is None:
            raise UsageError(
                f"--lang {lang}: keine Vorlage für diese Sprache",
                f"Vorhanden: {shown}; eine eigene Sprache als templates/consent/{lang}.html.j2 "
                "im Arbeitsbereich anlegen",
            )
    return list(dict.fromkeys(langs))


def file_stem(form: ConsentForm, lang: str) -> str:
    return f"einwilligung-{safe_name(form.case)}-{lang}"


def render(
    ws: Workspace, form: ConsentForm, langs: Sequence[str], formats: Sequence[str], day: dt.date
) -> list[Output]:
    """The form in every language and format, as case documents for the manifest."""
    from ..documents.jinja import environment, get_template, long_date
    from ..documents.jinja import render as fill
    from ..documents.pdf import many_to_pdf

    env = environment(ws.root)
    outputs: list[Output] = []
    printable: list[tuple[int, str]] = []
    about = ((form.case,), KIND, "")
    for lang in langs:
        context: dict[str, Any] = {
            "form": form,
            "lang": lang,
            "dir": direction(lang),
            "municipality": ws.config.municipality,
            "office": ws.config.office,
            "officer": ws.config.privacy.officer,
            "authority": ws.config.privacy.authority,
            "day": day,
        }
        env.filters["long_date"] = lambda d, lang=lang: long_date(d, lang) if d else ""
        template = get_template(env, _template(lang))
        stem = file_stem(form, lang)
        for fmt in formats:
            page = fill(template, context | {"for_pdf": fmt == "pdf"})
            if fmt == "pdf":
                printable.append((len(outputs), page))
                outputs.append(Output(f"{stem}.pdf", b"", lang, fmt, *about))
            else:
                outputs.append(Output(f"{stem}.html", page.encode("utf-8"), lang, fmt, *about))
    pdfs = many_to_pdf([page for _, page in printable])
    for (position, _), data in zip(printable, pdfs, strict=True):
        outputs[position] = replace(outputs[position], data=data)
    return outputs


def consent_form(
    gate: Gate, case_id: str, langs: Sequence[str], formats: Sequence[str], day: dt.date
) -> tuple[ConsentForm, list[Output]]:
    """The form of ``case_id`` in ``langs`` and ``formats``; a withheld case gets none."""
    case = admitted_case(gate, case_id)
    form = form_of(gate.ws, case, day)
    return form, render(gate.ws, form, langs, formats, day)

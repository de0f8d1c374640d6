"""Turn parsed YAML data into typed records, tolerating values validation rejects.

Validation reports what is wrong; these builders only make sure a query over
a partly broken workspace still works with whatever is usable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import (
    Absence,
    Actor,
    Address,
    Case,
    CaseActor,
    Conference,
    Config,
    Consent,
    Contact,
    Entry,
    Feedback,
    FollowUp,
    Inquiry,
    Offer,
    Office,
    Participant,
    Referral,
    SmtpSettings,
    Step,
    Taxonomy,
    Topic,
)
from .yamlio import InvalidDate


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    return str(value)


def _text(value: Any, default: str = "") -> str:
    return _str(value) or default


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _strs(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str) and not isinstance(v, InvalidDate)]


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _maps(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _address(value: Any) -> Address | None:
    m = _map(value)
    if not m:
        return None
    return Address(_str(m.get("street")), _str(m.get("postal_code")), _str(m.get("city")))


def _label(value: Any) -> dict[str, str]:
    return {k: str(v) for k, v in _map(value).items() if isinstance(v, str)}


def config(data: dict[str, Any]) -> Config:
    office = _map(data.get("office"))
    brochure = _map(data.get("brochure"))
    retention = _map(data.get("retention"))
    smtp = _map(data.get("smtp"))
    return Config(
        municipality=_text(data.get("municipality"), "Kommune"),
        office=Office(
            name=_text(office.get("name"), "Anlaufstelle"),
            email=_str(office.get("email")),
            phone=_str(office.get("phone")),
            address=_address(office.get("address")),
            website=_str(office.get("website")),
            opening_hours=_str(office.get("opening_hours")),
        ),
        brochure_title=_text(brochure.get("title"), "Broschüre"),
        brochure_languages=_strs(brochure.get("languages")) or ["de"],
        page_size=_text(brochure.get("page_size"), "A4"),
        feedback_days=_int(data.get("feedback_days"), 14),
        review_months=_int(data.get("review_months"), 12),
        retention_inquiries_months=_int(retention.get("inquiries_months"), 24),
        retention_cases_months=_int(retention.get("cases_months"), 36),
        smtp=SmtpSettings(
            host=_text(smtp.get("host"), "localhost"),
            port=_int(smtp.get("port"), 25),
            starttls=smtp.get("starttls") is True,
            sender=_str(smtp.get("sender")),
            username=_str(smtp.get("username")),
        )
        if smtp
        else None,
        example_data=data.get("example_data") is True,
    )


def taxonomy(data: dict[str, Any]) -> Taxonomy:
    tax = Taxonomy()
    for t in _maps(data.get("topics")):
        if _str(t.get("id")):
            tax.topics[str(t["id"])] = Topic(
                str(t["id"]),
                _label(t.get("label")),
                _strs(t.get("keywords")),
                _str(t.get("parent")),
            )
    for key, target in (("target_groups", tax.target_groups), ("categories", tax.categories)):
        for e in _maps(data.get(key)):
            if _str(e.get("id")):
                target[str(e["id"])] = Entry(str(e["id"]), _label(e.get("label")))
    return tax


def contact(data: dict[str, Any]) -> Contact:
    return Contact(
        id=_text(data.get("id")),
        name=_text(data.get("name")),
        role=_str(data.get("role")),
        email=_str(data.get("email")),
        phone=_str(data.get("phone")),
        topics=_strs(data.get("topics")),
        languages=_strs(data.get("languages")),
        absent=[
            Absence(s, e)
            for a in _maps(data.get("absent"))
            if (s := _date(a.get("from"))) and (e := _date(a.get("to")))
        ],
    )


def actor(data: dict[str, Any], source: str) -> Actor:
    network = _map(data.get("network"))
    return Actor(
        id=_text(data.get("id")),
        name=_text(data.get("name")),
        category=_text(data.get("category")),
        level=_text(data.get("level")),
        summary=_text(data.get("summary")),
        topics=_strs(data.get("topics")),
        target_groups=_strs(data.get("target_groups")),
        languages=_strs(data.get("languages")),
        contacts=[contact(c) for c in _maps(data.get("contacts"))],
        publish=data.get("publish") is True,
        reviewed=_date(data.get("reviewed")),
        source=source,
        description=_str(data.get("description")),
        legal_basis=_strs(data.get("legal_basis")),
        languages_note=_str(data.get("languages_note")),
        address=_address(data.get("address")),
        opening_hours=_str(data.get("opening_hours")),
        website=_str(data.get("website")),
        email=_str(data.get("email")),
        phone=_str(data.get("phone")),
        offers=[
            Offer(
                id=_text(o.get("id")),
                name=_text(o.get("name")),
                summary=_str(o.get("summary")),
                topics=_strs(o.get("topics")),
                target_groups=_strs(o.get("target_groups")),
                eligibility=_str(o.get("eligibility")),
                cost=_str(o.get("cost")),
            )
            for o in _maps(data.get("offers"))
        ],
        network_interests=_strs(network.get("interests")),
        network_lists=_strs(network.get("lists")),
        translations={
            str(lang): {k: str(v) for k, v in _map(tr).items() if isinstance(v, str)}
            for lang, tr in _map(data.get("translations")).items()
        },
    )


def inquiry(data: dict[str, Any], source: str) -> Inquiry:
    referrals = []
    for r in _maps(data.get("referrals")):
        fb = _map(r.get("feedback"))
        fb_date = _date(fb.get("date"))
        referrals.append(
            Referral(
                actor=_text(r.get("actor")),
                date=_date(r.get("date")) or dt.date.min,
                status=_text(r.get("status"), "open"),
                contact=_str(r.get("contact")),
                feedback=Feedback(fb_date, _text(fb.get("outcome"))) if fb_date else None,
            )
        )
    return Inquiry(
        id=_text(data.get("id")),
        received=_date(data.get("received")) or dt.date.min,
        channel=_text(data.get("channel"), "other"),
        inquirer=_text(data.get("inquirer")),
        language=_text(data.get("language"), "de"),
        topics=_strs(data.get("topics")),
        question=_text(data.get("question")),
        referrals=referrals,
        closed=_date(data.get("closed")),
        source=source,
    )


def conference(data: dict[str, Any], source: str) -> Conference:
    return Conference(
        id=_text(data.get("id")),
        title=_text(data.get("title")),
        date=_date(data.get("date")) or dt.date.min,
        location=_text(data.get("location")),
        start=_text(data.get("start"), "09:00"),
        slot_minutes=_int(data.get("slot_minutes"), 20),
        host=_str(data.get("host")),
        participants=[
            Participant(_text(p.get("actor")), _str(p.get("contact")))
            for p in _maps(data.get("participants"))
        ],
        source=source,
    )


def case(data: dict[str, Any], source: str) -> Case:
    consent = _map(data.get("consent"))
    agreement = _map(data.get("agreement"))
    outcome = _map(data.get("outcome"))
    return Case(
        id=_text(data.get("id")),
        conference=_text(data.get("conference")),
        pseudonym=_text(data.get("pseudonym")),
        birth_year=_int(data.get("birth_year"), 0),
        consent=Consent(
            date=_date(consent.get("date")),
            by=_str(consent.get("by")),
            share_with=_strs(consent.get("share_with")),
            withdrawn=_date(consent.get("withdrawn")),
        ),
        source=source,
        school={k: str(v) for k, v in _map(data.get("school")).items() if v is not None},
        residence=dict(_map(data.get("residence"))),
        language_level=_str(data.get("language_level")),
        situation=dict(_map(data.get("situation"))),
        actors=[
            CaseActor(_text(a.get("actor")), _str(a.get("role"))) for a in _maps(data.get("actors"))
        ],
        options=_strs(data.get("options")),
        agreement_date=_date(agreement.get("date")),
        perspective=_str(agreement.get("perspective")),
        steps=[
            Step(
                action=_text(s.get("action")),
                by=_text(s.get("by")),
                status=_text(s.get("status"), "open"),
                support=_str(s.get("support")),
                due=_date(s.get("due")),
                done=_date(s.get("done")),
            )
            for s in _maps(agreement.get("steps"))
        ],
        follow_up=[
            FollowUp(d, _text(f.get("note")))
            for f in _maps(data.get("follow_up"))
            if (d := _date(f.get("date")))
        ],
        outcome_date=_date(outcome.get("date")),
        outcome_result=_str(outcome.get("result")),
        closed=_date(data.get("closed")),
    )

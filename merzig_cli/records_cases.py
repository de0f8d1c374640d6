"""The Förderkonferenz record kinds: conferences and the cases discussed there.

Split from :mod:`merzig_cli.records` (which re-exports everything here):
case files hold special-category personal data and have the most rules.
"""

from __future__ import annotations

from .schema import Date, Enum, Field, Int, ListOf, Obj, Ref, Slug, Str, Time

CONSENT_BY = ("self", "guardian")
RESIDENCE_STATUS = (
    "aufenthaltsgestattung",
    "duldung",
    "aufenthaltserlaubnis",
    "niederlassungserlaubnis",
    "eu",
    "german",
    "unclear",
)
WORK_PERMIT = ("yes", "no", "with-approval", "unclear")
LANGUAGE_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
PERSPECTIVES = (
    "training",
    "school-training",
    "entry-qualification",
    "vocational-preparation",
    "internship",
    "further-school",
    "employment",
    "unskilled-work",
    "language-course",
    "other",
)
STEP_STATUS = ("open", "done", "dropped")
OUTCOMES = (
    "training-started",
    "school-training-started",
    "entry-qualification-started",
    "vocational-preparation-started",
    "internship-started",
    "further-school",
    "employment-started",
    "unskilled-work-started",
    "language-course-started",
    "moved-away",
    "no-contact",
    "other",
)

CONFERENCE = Obj(
    {
        "id": Field(Slug(), required=True),
        "title": Field(Str(), required=True),
        "date": Field(Date(), required=True),
        "start": Field(Time(), doc='Beginn, z. B. "09:00" (in Anführungszeichen)'),
        "slot_minutes": Field(Int(minimum=1, maximum=480)),
        "location": Field(Str(), required=True),
        "host": Field(Ref("actor")),
        "participants": Field(
            ListOf(
                Obj(
                    {
                        "actor": Field(Ref("actor"), required=True),
                        "contact": Field(Slug()),
                    }
                )
            )
        ),
    }
)

STEP = Obj(
    {
        "action": Field(Str(), required=True),
        "by": Field(Str(), required=True, doc="youth oder eine Akteurs-Kennung"),
        "support": Field(Ref("actor")),
        "due": Field(Date()),
        "status": Field(Enum(STEP_STATUS), required=True),
        "done": Field(Date()),
    }
)

CASE = Obj(
    {
        "id": Field(Slug(), required=True),
        "conference": Field(Ref("conference"), required=True),
        "pseudonym": Field(
            Str(), required=True, doc="Initialen oder Code, niemals ein voller Name"
        ),
        "birth_year": Field(Int(minimum=1900, maximum=2100), required=True),
        "school": Field(
            Obj({"name": Field(Str()), "class": Field(Str()), "certificate": Field(Str())})
        ),
        "consent": Field(
            Obj(
                {
                    "date": Field(Date(), required=True),
                    "by": Field(Enum(CONSENT_BY), required=True),
                    "share_with": Field(ListOf(Ref("actor"), unique=True), required=True),
                    "withdrawn": Field(Date()),
                }
            ),
            required=True,
            doc="Einwilligung mit Datum; ohne sie darf der Fall nicht besprochen werden",
        ),
        "residence": Field(
            Obj(
                {
                    "status": Field(Enum(RESIDENCE_STATUS)),
                    "valid_until": Field(Date()),
                    "work_permit": Field(Enum(WORK_PERMIT)),
                }
            )
        ),
        "language_level": Field(Enum(LANGUAGE_LEVELS)),
        "situation": Field(
            Obj(
                {
                    "family": Field(Str()),
                    "competencies": Field(ListOf(Str())),
                    "interests": Field(ListOf(Str())),
                    "motivation": Field(Str()),
                }
            )
        ),
        "actors": Field(
            ListOf(Obj({"actor": Field(Ref("actor"), required=True), "role": Field(Str())}))
        ),
        "options": Field(ListOf(Enum(PERSPECTIVES), unique=True)),
        "agreement": Field(
            Obj(
                {
                    "date": Field(Date()),
                    "perspective": Field(Enum(PERSPECTIVES)),
                    "steps": Field(ListOf(STEP)),
                }
            )
        ),
        "follow_up": Field(
            ListOf(Obj({"date": Field(Date(), required=True), "note": Field(Str(), required=True)}))
        ),
        "outcome": Field(Obj({"date": Field(Date()), "result": Field(Enum(OUTCOMES))})),
        "closed": Field(Date()),
    }
)

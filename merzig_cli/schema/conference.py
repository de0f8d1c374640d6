"""The Förderkonferenz (``conferences/<id>.yaml``) and the cases discussed there (``cases/``).

Case files hold special-category personal data about young people: a
pseudonym instead of a name, and a consent that says with whom the case may
be shared. They have the most rules (:mod:`merzig_cli.checks.cases`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.vocab import (
    CONSENT_BY,
    LANGUAGE_LEVELS,
    OUTCOMES,
    PERSPECTIVES,
    RESIDENCE_STATUS,
    STEP_STATUS,
    WORK_PERMIT,
)
from .actor import ActorContact, ActorRef
from .containers import ListOf, Ref
from .record import Rec, key
from .values import Bool, Date, Enum, Int, Slug, Str, Time


@dataclass
class Participant(ActorContact):
    """Who attends a conference for an actor."""


@dataclass
class Break:
    """A pause in the agenda: after the n-th case slot, or at a clock time."""

    after_case: int | None = key(Int(minimum=1), "Pause nach dem n-ten Fall")
    at: str | None = key(Time(), 'Pause zu dieser Uhrzeit, z. B. "12:00" (in Anführungszeichen)')
    minutes: int = key(Int(minimum=1, maximum=240), "Länge der Pause in Minuten", required=True)
    repeat: bool = key(
        Bool(), "Mit after_case: nach jedem n-ten Fall wiederholen (6, 12, 18, …)", default=False
    )


@dataclass
class Attendance:
    """Who was there on the day (``merzig conference attend`` or ``conference run``)."""

    present: list[str] = key(ListOf(Ref("actor"), unique=True), "Anwesende Akteure", factory=list)
    excused: list[str] = key(
        ListOf(Ref("actor"), unique=True), "Entschuldigt fehlende Akteure", factory=list
    )


@dataclass
class Conference:
    id: str = key(Slug(), "Kennung, gleich dem Dateinamen ohne .yaml", required=True, default="")
    title: str = key(Str(), "Titel, z. B. Förderkonferenz 2027", required=True, default="")
    date: dt.date = key(Date(), "Tag der Konferenz", required=True, default=dt.date.min)
    start: str = key(Time(), 'Beginn, z. B. "09:00" (in Anführungszeichen)', default="09:00")
    slot_minutes: int = key(
        Int(minimum=1, maximum=480), "Minuten je Fall (Standard 20)", default=20
    )
    review_minutes: int = key(
        Int(minimum=1, maximum=120),
        "Minuten je Wiedervorlage eines Falls früherer Konferenzen (Standard 10)",
        default=10,
    )
    location: str = key(Str(), "Ort der Konferenz", required=True, default="")
    host: str | None = key(Ref("actor"), "Gastgebender Akteur, z. B. die Schule")
    participants: list[Participant] = key(
        ListOf(Rec(Participant)), "Wer für welchen Akteur teilnimmt", factory=list
    )
    attendance: Attendance | None = key(
        Rec(Attendance), "Wer am Tag teilnahm, ausgefüllt am Konferenztag (conference attend)"
    )
    breaks: list[Break] = key(
        ListOf(Rec(Break)),
        "Pausen: nach dem n-ten Fall (after_case) oder um eine Uhrzeit (at)",
        factory=list,
    )
    source: str = ""  # the file, relative to the workspace (not a key of the file)


@dataclass
class School:
    name: str | None = key(Str(), "Schule")
    class_: str | None = key(Str(), "Klasse oder Bildungsgang, z. B. BVJ", name="class")
    certificate: str | None = key(Str(), "Abschluss, erreicht oder erwartet")


@dataclass
class Consent:
    date: dt.date | None = key(Date(), "Datum der Einwilligung", required=True)
    by: str | None = key(Enum(CONSENT_BY), "self | guardian", required=True)
    purpose: str | None = key(Str(), "Wofür die Einwilligung gilt")
    share_with: list[str] = key(
        ListOf(Ref("actor"), unique=True),
        "Akteure, mit denen der Fall geteilt werden darf",
        required=True,
        factory=list,
    )
    withdrawn: dt.date | None = key(Date(), "Datum des Widerrufs")
    # Whether a case may appear in an output is decided by merzig_cli.conference.gate alone,
    # from the consent as written.


@dataclass
class Residence:
    status: str | None = key(Enum(RESIDENCE_STATUS), "Aufenthaltsstatus")
    valid_until: dt.date | None = key(Date(), "Gültig bis")
    work_permit: str | None = key(Enum(WORK_PERMIT), "Arbeitserlaubnis")


@dataclass
class Situation:
    family: str | None = key(Str(), "Familiäre Situation, kurz")
    competencies: list[str] = key(ListOf(Str()), "Stärken und Kompetenzen", factory=list)
    interests: list[str] = key(ListOf(Str()), "Berufliche Interessen", factory=list)
    motivation: str | None = key(Str(), "Motivation")


@dataclass
class Step:
    action: str = key(Str(), "Was zu tun ist", required=True, default="")
    by: str = key(Str(), "youth oder eine Akteurs-Kennung", required=True, default="")
    support: str | None = key(Ref("actor"), "Akteur, der den Schritt begleitet")
    due: dt.date | None = key(Date(), "Zu erledigen bis")
    status: str = key(Enum(STEP_STATUS), "open | done | dropped", required=True, default="open")
    done: dt.date | None = key(Date(), "Erledigt am")
    reason: str | None = key(Str(), "Grund, wenn der Schritt entfallen ist (status: dropped)")


@dataclass
class Agreement:
    date: dt.date | None = key(Date(), "Datum der Vereinbarung")
    perspective: str | None = key(Enum(PERSPECTIVES), "Vereinbarte Perspektive")
    steps: list[Step] = key(ListOf(Rec(Step)), "Die nächsten Schritte", factory=list)


@dataclass
class FollowUp:
    date: dt.date = key(Date(), "Datum", required=True)
    note: str = key(Str(), "Was sich ergeben hat", required=True, default="")


@dataclass
class Outcome:
    date: dt.date | None = key(Date(), "Datum")
    result: str | None = key(Enum(OUTCOMES), "Ergebnis")


@dataclass
class CaseActor(ActorRef):
    """An actor in a young person's support system."""

    role: str | None = key(Str(), "Rolle, z. B. SGB VIII")


@dataclass
class Case:
    id: str = key(Slug(), "Kennung, gleich dem Dateinamen ohne .yaml", required=True, default="")
    conference: str = key(
        Ref("conference"),
        "Förderkonferenz, auf der der Fall besprochen wird",
        required=True,
        default="",
    )
    pseudonym: str = key(
        Str(), "Initialen oder Code, niemals ein voller Name", required=True, default=""
    )
    birth_year: int = key(Int(minimum=1900, maximum=2100), "Geburtsjahr", required=True, default=0)
    school: School | None = key(Rec(School), "Schule, Klasse, Abschluss")
    consent: Consent = key(
        Rec(Consent),
        "Einwilligung mit Datum; ohne sie darf der Fall nicht besprochen werden",
        required=True,
        factory=Consent,
    )
    residence: Residence | None = key(Rec(Residence), "Aufenthalt und Arbeitserlaubnis")
    language_level: str | None = key(Enum(LANGUAGE_LEVELS), "Deutschniveau")
    situation: Situation | None = key(Rec(Situation), "Was die Konferenz wissen muss, kurz")
    actors: list[CaseActor] = key(
        ListOf(Rec(CaseActor)), "Das Unterstützungssystem um die junge Person", factory=list
    )
    options: list[str] = key(
        ListOf(Enum(PERSPECTIVES), unique=True), "Besprochene Perspektiven", factory=list
    )
    agreement: Agreement | None = key(Rec(Agreement), "Die Vereinbarung der Konferenz")
    discussion: str | None = key(Str(), "Kurze Notizen aus der Besprechung, ohne Namen")
    follow_up: list[FollowUp] = key(
        ListOf(Rec(FollowUp)), "Nachverfolgung: was sich ergeben hat", factory=list
    )
    outcome: Outcome | None = key(Rec(Outcome), "Ergebnis")
    closed: dt.date | None = key(Date(), "Datum, an dem der Fall abgeschlossen wurde")
    source: str = ""  # the file, relative to the workspace (not a key of the file)

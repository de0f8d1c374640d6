"""An inquiry to the Anlaufstelle (``inquiries/<YYYY>/<id>.yaml``) and its referrals.

Data minimisation: an inquiry never holds the name, address or contact data
of the person asking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.vocab import CHANNELS, INQUIRY_ID_RE, REFERRAL_STATUS
from .actor import ActorContact
from .containers import ListOf, Ref
from .record import Rec, key
from .values import Date, Enum, Lang, Pattern, Str


@dataclass
class Feedback:
    date: dt.date = key(Date(), "Datum der Rückmeldung", required=True)
    outcome: str = key(
        Str(), "Was aus der Weiterleitung wurde, ohne Namen", required=True, default=""
    )


@dataclass
class Referral(ActorContact):
    """A referral to an actor (and a contact person there), with its Rückmeldung."""

    date: dt.date = key(Date(), "Datum der Weiterleitung", required=True, default=dt.date.min)
    status: str = key(
        Enum(REFERRAL_STATUS), " | ".join(REFERRAL_STATUS), required=True, default="open"
    )
    feedback: Feedback | None = key(Rec(Feedback), "Rückmeldung der Ansprechperson")


@dataclass
class Inquiry:
    id: str = key(
        Pattern(INQUIRY_ID_RE, "Anfragenummer (JJJJ-NNNN)", "2026-0042"),
        "Anfragenummer JJJJ-NNNN, je Eingangsjahr fortgezählt",
        required=True,
        default="",
    )
    received: dt.date = key(Date(), "Eingangsdatum", required=True, default=dt.date.min)
    channel: str = key(Enum(CHANNELS), " | ".join(CHANNELS), required=True, default="other")
    inquirer: str = key(
        Ref("target_group"), "Zielgruppe der fragenden Person", required=True, default=""
    )
    language: str = key(Lang(), "Sprache, die die Person braucht", required=True, default="de")
    topics: list[str] = key(
        ListOf(Ref("topic"), min_items=1, unique=True),
        "Themen der Anfrage, mindestens eines",
        required=True,
        factory=list,
    )
    question: str = key(Str(), "Die Frage, ohne Namen und Kontaktdaten", required=True, default="")
    referrals: list[Referral] = key(
        ListOf(Rec(Referral)), "Weiterleitungen an Akteure", factory=list
    )
    closed: dt.date | None = key(Date(), "Datum des Abschlusses")
    source: str = ""  # the file, relative to the workspace (not a key of the file)

    @property
    def year(self) -> int:
        return int(self.id[:4])

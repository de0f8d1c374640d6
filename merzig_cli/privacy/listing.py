"""Every value of a case file as written, with a German label: the core of the right of access.

The listing walks the raw YAML of the file (:attr:`Document.data`), not the
typed record, so nothing the file holds is left out: keys the tool does not
know, values the schema could not read (a German date, a word where a date
belongs), empty entries. The schema only tells which keys are known; the
labels are plain German for the person reading the answer, and a coded value
(``duldung``, an actor id) is shown as written with its meaning beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.dates import german
from ..core.vocab import (
    CONSENT_BY,
    OUTCOMES,
    PERSPECTIVES,
    RESIDENCE_STATUS,
    STEP_STATUS,
    WORK_PERMIT,
)
from ..schema.containers import ListOf, Obj
from ..schema.kinds import KINDS
from ..schema.record import Rec
from ..schema.values import Spec
from ..workspace.loader import Workspace

EMPTY = "(leer)"
SEPARATOR = " › "

# Plain German for each key of a case file; "*" stands for any list position.
LABELS = {
    "id": "Kennung des Falls",
    "conference": "Förderkonferenz",
    "pseudonym": "Pseudonym (statt Ihres Namens)",
    "birth_year": "Geburtsjahr",
    "school": "Schule",
    "school.name": "Name der Schule",
    "school.class": "Klasse oder Bildungsgang",
    "school.certificate": "Abschluss",
    "consent": "Einwilligung",
    "consent.date": "Datum der Einwilligung",
    "consent.by": "Eingewilligt hat",
    "consent.purpose": "Zweck der Einwilligung",
    "consent.share_with": "Weitergabe erlaubt an",
    "consent.withdrawn": "Widerrufen am",
    "residence": "Aufenthalt",
    "residence.status": "Aufenthaltsstatus",
    "residence.valid_until": "Gültig bis",
    "residence.work_permit": "Arbeitserlaubnis",
    "language_level": "Deutschniveau",
    "situation": "Situation",
    "situation.family": "Familie",
    "situation.competencies": "Stärken",
    "situation.interests": "Interessen",
    "situation.motivation": "Motivation",
    "actors": "Unterstützungssystem",
    "actors.*.actor": "Stelle",
    "actors.*.contact": "Ansprechperson",
    "actors.*.role": "Rolle",
    "options": "Besprochene Perspektiven",
    "agreement": "Vereinbarung",
    "agreement.date": "Datum der Vereinbarung",
    "agreement.perspective": "Vereinbarte Perspektive",
    "agreement.steps": "Schritte",
    "agreement.steps.*.action": "Was zu tun ist",
    "agreement.steps.*.by": "Wer es macht",
    "agreement.steps.*.support": "Wer dabei begleitet",
    "agreement.steps.*.due": "Zu erledigen bis",
    "agreement.steps.*.status": "Stand",
    "agreement.steps.*.done": "Erledigt am",
    "agreement.steps.*.reason": "Grund, warum der Schritt entfallen ist",
    "discussion": "Notizen aus der Besprechung",
    "follow_up": "Nachverfolgung",
    "follow_up.*.date": "Datum",
    "follow_up.*.note": "Was sich ergeben hat",
    "outcome": "Ergebnis",
    "outcome.date": "Datum des Ergebnisses",
    "outcome.result": "Ergebnis",
    "closed": "Fall abgeschlossen am",
}
ITEMS = {"actors": "Stelle", "agreement.steps": "Schritt", "follow_up": "Eintrag"}
CODES: dict[str, dict[str, str]] = {
    "consent.by": CONSENT_BY,
    "residence.status": RESIDENCE_STATUS,
    "residence.work_permit": WORK_PERMIT,
    "options.*": PERSPECTIVES,
    "agreement.perspective": PERSPECTIVES,
    "agreement.steps.*.status": STEP_STATUS,
    "outcome.result": OUTCOMES,
}
ACTOR_KEYS = frozenset(
    {
        "consent.share_with.*",
        "actors.*.actor",
        "agreement.steps.*.by",
        "agreement.steps.*.support",
    }
)
YOUTH_MEANING = "Sie selbst"


@dataclass(frozen=True)
class Row:
    label: str  # German, e.g. "Vereinbarung › Schritt 1 › Zu erledigen bis"
    path: str  # the key as in the file, e.g. agreement.steps[0].due
    value: str  # as written; dates as TT.MM.JJJJ
    meaning: str = ""  # German meaning of a code or an actor id
    unknown: bool = False  # a key the tool does not know: kept and shown, never used


@dataclass(frozen=True)
class Dated:
    day: dt.date
    label: str
    path: str


@dataclass
class Listing:
    file: str
    rows: list[Row] = field(default_factory=list)
    dates: list[Dated] = field(default_factory=list)

    @property
    def unknown(self) -> list[Row]:
        return [r for r in self.rows if r.unknown]


def show_date(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return german(value)


def _obj(spec: Spec | None) -> Obj | None:
    if isinstance(spec, Rec):
        return spec.obj
    return spec if isinstance(spec, Obj) else None


def _child(spec: Spec | None, key: str) -> tuple[Spec | None, bool]:
    """The spec of ``key`` below ``spec`` and whether the key is unknown there."""
    obj = _obj(spec)
    if obj is None:
        return None, spec is not None and not isinstance(spec, ListOf)
    if key in obj.fields:
        return obj.fields[key].spec, False
    return obj.open_keys, obj.open_keys is None


class _Walker:
    def __init__(self, listing: Listing, meaning: Callable[[str, Any], str]) -> None:
        self.listing = listing
        self.meaning = meaning

    def value(self, value: Any, at: tuple[str | int, ...], labels: list[str], spec: Spec | None,
              unknown: bool) -> None:  # fmt: skip
        pattern = ".".join("*" if isinstance(p, int) else p for p in at)
        path = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                       for i, p in enumerate(at))  # fmt: skip
        label = SEPARATOR.join(labels)
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                sub, strange = _child(spec, key)
                name = LABELS.get(f"{pattern}.{key}" if pattern else key) or str(key)
                self.value(inner, (*at, key), [*labels, name], sub, unknown or strange)
        elif isinstance(value, list) and value and any(isinstance(v, dict | list) for v in value):
            item_spec = spec.item if isinstance(spec, ListOf) else None
            word = ITEMS.get(pattern, "Eintrag")
            outer = labels[:-1] if len(labels) > 1 and pattern in ITEMS else labels  # no "Schritte"
            for i, inner in enumerate(value):
                self.value(inner, (*at, i), [*outer, f"{word} {i + 1}"], item_spec, unknown)
        elif isinstance(value, list) and value:
            items = [self.scalar(v, f"{path}[{i}]", label) for i, v in enumerate(value)]
            meanings = [self.meaning(f"{pattern}.*", v) for v in value]
            meaning = ", ".join(m for m in meanings if m) if any(meanings) else ""
            self.listing.rows.append(Row(label, path, ", ".join(items), meaning, unknown))
        else:
            shown = self.scalar(value, path, label)
            meaning = self.meaning(pattern, value) if value is not None else ""
            self.listing.rows.append(Row(label, path, shown, meaning, unknown))

    def scalar(self, value: Any, path: str, label: str) -> str:
        if value is None or value == {} or value == []:
            return EMPTY
        if isinstance(value, bool):
            return "ja" if value else "nein"
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            self.listing.dates.append(Dated(day, label, path))
            return show_date(value)
        return str(value)


def _meaning_in(ws: Workspace) -> Callable[[str, Any], str]:
    def meaning(pattern: str, value: Any) -> str:
        if not isinstance(value, str):
            return ""
        if pattern in CODES:
            found = CODES[pattern].get(value, "")
            return found if found != value else ""
        if pattern in ACTOR_KEYS:
            if value == "youth":
                return YOUTH_MEANING
            actor = ws.actors.get(value)
            return actor.name if actor else ""
        if pattern == "conference":
            conference = ws.conferences.get(value)
            return f"{conference.title} am {show_date(conference.date)}" if conference else ""
        return ""

    return meaning


def listing(ws: Workspace, file: str, data: dict[str, Any]) -> Listing:
    """Every key and value of one case file's raw YAML, in the file's order."""
    found = Listing(file)
    walker = _Walker(found, _meaning_in(ws))
    for key, value in data.items():
        sub, unknown = _child(KINDS["case"].spec, key)
        walker.value(value, (key,), [LABELS.get(key, key)], sub, unknown)
    found.dates.sort(key=lambda d: d.day)
    return found

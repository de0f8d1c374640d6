"""Calendar invitations (iCalendar, RFC 5545 and 5546) that mail programs can answer.

An :class:`Event` with an organizer and attendees becomes a VCALENDAR with a
``METHOD`` (``REQUEST`` invites or updates, ``CANCEL`` cancels), a stable
``UID`` and a ``SEQUENCE`` (raise it for every change of time or place, so
that calendars update the entry instead of adding a second one), and the
``VTIMEZONE`` of Europe/Berlin, so that the time is right in every client.
Every text passes :func:`~merzig_cli.documents.media.icalendar` last: no
control character or noncharacter reaches a calendar.
:func:`attach` puts the invitation into an e-mail the way Outlook,
Thunderbird and web mailers show "Zusagen / Absagen": as a ``text/calendar;
method=REQUEST`` alternative to the text, and as an ``.ics`` attachment.
Any layer that writes invitations (exchange meetings, the Förderkonferenz)
uses this module; it knows nothing of the network or of cases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..core.clock import now as clock_now
from . import media

if TYPE_CHECKING:
    from icalendar import Event as VEvent

TIMEZONE = "Europe/Berlin"
PRODID = "-//merzig-cli//Anlaufstelle Integration//DE"
METHODS = ("REQUEST", "CANCEL", "PUBLISH")


@dataclass(frozen=True)
class Person:
    """An organizer or attendee: a display name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class Event:
    """One appointment; ``start`` and ``end`` are wall-clock times in Europe/Berlin."""

    uid: str
    title: str
    start: dt.datetime
    end: dt.datetime
    organizer: Person
    attendees: Sequence[Person] = ()
    location: str | None = None
    description: str | None = None
    sequence: int = 0
    cancelled: bool = False  # STATUS:CANCELLED (always so under METHOD:CANCEL)


ZONE_YEARS = (dt.date(1900, 1, 1), dt.date(9000, 12, 31))


def stable_uid(*parts: str, domain: str) -> str:
    """A UID that is the same every time for the same parts (e.g. kind, date, title)."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{domain or 'merzig-cli.invalid'}"


def _local(value: dt.datetime) -> dt.datetime:
    zone = ZoneInfo(TIMEZONE)
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _address(person: Person, **params: str) -> object:
    from icalendar import vCalAddress, vText

    email = media.icalendar(person.email)
    address = vCalAddress("mailto:" + email)
    address.params["cn"] = vText(media.icalendar(person.name) or email)
    for name, value in params.items():
        address.params[name.replace("_", "-")] = value
    return address


def to_ical(event: Event, method: str = "REQUEST", stamp: dt.datetime | None = None) -> bytes:
    """The invitation as iCalendar bytes (CRLF lines, UTF-8), with the VTIMEZONE it uses.

    ``stamp`` is DTSTAMP, when the invitation was made (default: now); pass a
    fixed value for reproducible files.
    """
    return calendar_ical([(event, stamp or clock_now())], method)


def calendar_ical(events: Sequence[tuple[Event, dt.datetime]], method: str = "PUBLISH") -> bytes:
    """Several events, each with its DTSTAMP, in one VCALENDAR (one file to import).

    An invitation that calendars answer (``REQUEST``, ``CANCEL``) carries one
    appointment; a file with several appointments is ``PUBLISH``: each event
    keeps its UID and SEQUENCE, so importing it updates the entries an earlier
    invitation made instead of adding second ones, and a cancelled event says
    ``STATUS:CANCELLED``.
    """
    from icalendar import Calendar

    if method not in METHODS:
        raise ValueError(f"unknown METHOD {method!r}")
    if not events:
        raise ValueError("a calendar needs at least one event")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    for event, stamp in events:
        cal.add_component(_vevent(event, method, stamp))
    # The time zone's rules a year either side (within years the library can compute).
    year = dt.timedelta(days=366)
    low, high = ZONE_YEARS
    first = min(_local(e.start).date() for e, _ in events)
    last = max(_local(e.end).date() for e, _ in events)
    cal.add_missing_timezones(
        first_date=min(max(first, low + year), high) - year,
        last_date=max(min(last, high - year), low) + year,
    )
    for zone in cal.walk("VTIMEZONE"):
        zone.pop("COMMENT", None)  # the library's English note on the covered years
    return bytes(cal.to_ical())


def _vevent(event: Event, method: str, stamp: dt.datetime) -> VEvent:
    from icalendar import Event as VEvent

    start, end = _local(event.start), _local(event.end)
    if end <= start:
        raise ValueError("an event must end after it starts")
    item = VEvent()
    item.add("uid", media.icalendar(event.uid))
    item.add("sequence", event.sequence)
    item.add("dtstamp", stamp.astimezone(dt.UTC))
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", media.icalendar(event.title))
    if event.location:
        item.add("location", media.icalendar(event.location))
    if event.description:
        item.add("description", media.icalendar(event.description, lines=True))
    item.add("organizer", _address(event.organizer))
    for person in event.attendees:
        item.add(
            "attendee",
            _address(
                person,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    if method == "CANCEL" or event.cancelled:
        item.add("status", "CANCELLED")
    return item


def attach(
    message: EmailMessage, ical: bytes, method: str = "REQUEST", filename: str = "einladung.ics"
) -> None:
    """Add the invitation to ``message`` (which already has its text and HTML parts).

    The calendar becomes a third alternative (``text/calendar; method=…``) beside
    text and HTML, which Outlook and Thunderbird read as an invitation, and an
    ``.ics`` attachment for programs that only import files.
    """
    text = ical.decode("utf-8")
    if message.get_content_type() == "multipart/mixed":
        body = next(p for p in message.iter_parts() if p.get_content_maintype() == "multipart")
    else:
        body = message
    body.add_alternative(text, subtype="calendar", params={"method": method})
    message.add_attachment(
        ical, maintype="application", subtype="ics", filename=filename, params={"method": method}
    )

"""Deletion periods: when a case or an inquiry must be deleted.

A closed inquiry is kept ``retention.inquiries_months`` after ``closed``, a
closed case ``retention.cases_months`` after ``closed``; a case whose consent
was withdrawn only ``retention.withdrawn_days`` after the withdrawal (whichever
comes first): its anonymous counts, where the purge keeps them, go to the
statistics, the rest is deleted. Open records are kept while they are open.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..schema.conference import Case
from ..schema.config import Config
from ..schema.inquiry import Inquiry


def add_months(day: dt.date, months: int) -> dt.date:
    """``months`` after ``day``; beyond the calendar's last day (9999-12-31) that last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_days(day: dt.date, days: int) -> dt.date:
    """``days`` after ``day``; beyond the calendar's last day that last day."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def withdrawn_content_due(case: Case, config: Config) -> dt.date | None:
    """The day from which a withdrawn case's content must be gone: ``retention.withdrawn_days``
    after the withdrawal; None without a (readable) withdrawal."""
    withdrawn = case.consent.withdrawn
    return add_days(withdrawn, config.retention.withdrawn_days) if withdrawn else None


def case_deletion_due(case: Case, config: Config) -> dt.date | None:
    """The day from which the case must be deleted; None while it is open and consented.

    A closed case is kept ``retention.cases_months``; after a withdrawal the case
    goes ``retention.withdrawn_days`` after it, whichever comes first.
    """
    due = [add_months(case.closed, config.retention.cases_months)] if case.closed else []
    withdrawn = withdrawn_content_due(case, config)
    return min([*due, withdrawn]) if withdrawn else (due[0] if due else None)


def inquiry_deletion_due(inquiry: Inquiry, config: Config) -> dt.date | None:
    if inquiry.closed is None:
        return None
    return add_months(inquiry.closed, config.retention.inquiries_months)

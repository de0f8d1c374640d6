"""Deletion periods: when a case or an inquiry must be deleted.

A closed inquiry is kept ``retention.inquiries_months`` after ``closed``, a
closed case ``retention.cases_months`` after ``closed``; a case whose consent
was withdrawn counts from the withdrawal (whichever comes first). Open
records are kept while they are open.
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


def case_deletion_due(case: Case, config: Config) -> dt.date | None:
    """The day from which the case must be deleted; None while it is open and consented."""
    starts = [d for d in (case.closed, case.consent.withdrawn) if d is not None]
    return add_months(min(starts), config.retention.cases_months) if starts else None


def inquiry_deletion_due(inquiry: Inquiry, config: Config) -> dt.date | None:
    if inquiry.closed is None:
        return None
    return add_months(inquiry.closed, config.retention.inquiries_months)

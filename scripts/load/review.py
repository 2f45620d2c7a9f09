"""Freshness: when a case (or other content) is due for another review.

Every content file carries `last_reviewed`; the interval is set once, in
casebiblioteket.yml. Past it, the validator warns (it never fails a build:
an old case is still better than no case) and the page "Til gennemgang"
lists what is due.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(last_reviewed: date, interval_months: int) -> date:
    return add_months(last_reviewed, interval_months)


def is_overdue(last_reviewed: date, interval_months: int, today: date) -> bool:
    return review_due(last_reviewed, interval_months) < today

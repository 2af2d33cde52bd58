"""Date arithmetic the reminders and due dates share."""

import calendar
from datetime import date, timedelta


def add_months(day, months):
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(moment, days):
    """`moment` plus `days` working days (Monday to Friday; no holiday calendar)."""
    result = moment
    while days > 0:
        result += timedelta(days=1)
        if result.weekday() < 5:
            days -= 1
    return result

"""What the RRO tests share: a fixed moment in Amsterdam, a series planned through the
service, and its first meeting."""

from datetime import datetime
from zoneinfo import ZoneInfo

from relatiebeheer.models import MeetingSeries
from relatiebeheer.services import meetings as services

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=AMS)  # a Monday, four weeks before summer time


def make_series(organisation, chair, members, **fields):
    series = MeetingSeries(
        organisation=organisation,
        title=fields.pop("title", "RRO Zuid"),
        first_starts_at=fields.pop("first_starts_at", datetime(2026, 3, 2, 9, 0, tzinfo=AMS)),
        frequency=fields.pop("frequency", "WEEKLY"),
        interval=fields.pop("interval", 2),
        chair=chair,
        **fields,
    )
    return services.series_save(series=series, members=members, actor=chair)


def first_meeting(series):
    return series.meetings.order_by("starts_at").first()

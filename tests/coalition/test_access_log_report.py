"""The monthly report of unusual patterns in the access log, and the task that tells the
privacy officers it is ready."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from coalition import roles
from coalition.models import AccessLogEntry, Notification
from coalition.services import access_report
from coalition.sweeps import send_access_log_report

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MARCH = date(2025, 3, 1)
ALLOWED, REFUSED = AccessLogEntry.Outcome.VIEWED, AccessLogEntry.Outcome.DENIED


def at(day, hour, minute=0):
    return datetime(2025, 3, day, hour, minute, tzinfo=AMSTERDAM)


def log(user, moments, *, outcome=ALLOWED, outside=False, first_id=1, same_record=False):
    """One entry per moment, each of another record unless `same_record`."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            username=user.username,
            roles="care_worker",
            organisations="Amstelzorg",
            at=moment,
            outcome=outcome,
            object_type="digital.client",
            object_id=str(first_id if same_record else first_id + i),
            client_id=first_id if same_record else first_id + i,
            record_organisation="Het Zonnehuis" if outside else "Amstelzorg",
            outside_organisation=outside,
            path="/digitaal/clienten/",
        )
        for i, moment in enumerate(moments)
    )


def test_a_normal_day_is_not_unusual(care_worker):
    # Twenty clients in office hours, some twice, one refused link, all of the own organisation.
    log(care_worker, [at(10, 9) + timedelta(minutes=i * 20) for i in range(20)])
    log(care_worker, [at(10, 14), at(10, 15)], same_record=True)
    log(care_worker, [at(10, 16)], outcome=REFUSED, first_id=500)

    report = access_report(MARCH)

    assert report.count == 0


def test_many_records_in_one_day(care_worker, intake_staff, settings):
    settings.ACCESS_LOG_MANY_RECORDS_PER_DAY = 10
    log(care_worker, [at(10, 9) + timedelta(minutes=i) for i in range(11)])
    # Ten records, read many times over, are no more than ten.
    log(intake_staff, [at(10, 9) + timedelta(minutes=i) for i in range(10)])
    log(intake_staff, [at(10, 11) + timedelta(minutes=i) for i in range(10)])
    # Eleven records spread over two days are not many in one day.
    log(intake_staff, [at(11, 23, 50), at(12, 0, 10)], first_id=100)

    report = access_report(MARCH)

    assert [(r["username"], r["day"], r["records"]) for r in report.many_records] == [
        ("careworker", date(2025, 3, 10), 11)
    ]
    assert report.many_records[0]["name"] == care_worker.get_full_name()


def test_the_default_leaves_a_few_full_list_pages_alone(care_worker):
    log(care_worker, [at(10, 9) + timedelta(seconds=i) for i in range(100)])
    assert access_report(MARCH).many_records == []
    log(care_worker, [at(10, 10)], first_id=1000)
    assert len(access_report(MARCH).many_records) == 1


def test_records_outside_the_persons_organisations(care_worker):
    log(care_worker, [at(10, 10), at(10, 11)], outside=True, first_id=1)
    log(care_worker, [at(10, 12)], outside=True, first_id=1, same_record=True)
    log(care_worker, [at(10, 13)], outside=True, outcome=REFUSED, first_id=9)

    [row] = access_report(MARCH).outside

    assert (row["username"], row["record_organisation"]) == ("careworker", "Het Zonnehuis")
    assert (row["reads"], row["records"]) == (3, 2)
    assert (row["first"], row["last"]) == (at(10, 10), at(10, 12))


def test_reads_at_night_in_local_time(care_worker, intake_staff):
    log(care_worker, [at(10, 22, 0), at(11, 5, 59)])
    # 21:59 and 06:00 are not night (in UTC, 22:00 here is 21:00 in March).
    log(intake_staff, [at(10, 21, 59), at(11, 6, 0)])

    [row] = access_report(MARCH).at_night

    assert (row["username"], row["reads"]) == ("careworker", 2)


def test_refusals_in_a_row(care_worker, intake_staff):
    log(care_worker, [at(10, 9)], first_id=1)
    log(care_worker, [at(10, 10), at(10, 10, 1), at(10, 10, 2), at(10, 10, 3)], outcome=REFUSED)
    log(care_worker, [at(10, 11)], first_id=50)
    # Three refusals with an allowed read between them are no run.
    log(intake_staff, [at(10, 10), at(10, 10, 1)], outcome=REFUSED)
    log(intake_staff, [at(10, 10, 2)], first_id=60)
    log(intake_staff, [at(10, 10, 3)], outcome=REFUSED)

    [row] = access_report(MARCH).refusals

    assert (row["username"], row["refused"]) == ("careworker", 4)
    assert (row["first"], row["last"]) == (at(10, 10), at(10, 10, 3))


def test_a_month_runs_from_local_midnight_to_local_midnight(care_worker):
    before = datetime(2025, 2, 28, 23, 30, tzinfo=AMSTERDAM)
    after = datetime(2025, 4, 1, 0, 30, tzinfo=AMSTERDAM)
    log(care_worker, [before, after])
    assert access_report(MARCH).at_night == []
    assert len(access_report(date(2025, 2, 14)).at_night) == 1


def test_the_report_runs_a_fixed_number_of_queries(
    care_worker, intake_staff, django_assert_max_num_queries
):
    log(care_worker, [at(10, 23)], outside=True)
    log(intake_staff, [at(10, 10), at(10, 11), at(10, 12)], outcome=REFUSED)
    with django_assert_max_num_queries(6):
        report = access_report(MARCH)
    assert report.count == 3


# --- The task ---


@pytest.fixture
def privacy_officer(make_person, organisation):
    return make_person(roles.PRIVACY_OFFICER, organisation, username="privacy")


def test_the_task_tells_each_privacy_officer_once_a_month(
    privacy_officer, care_worker, coordinator, django_capture_on_commit_callbacks
):
    log(care_worker, [at(10, 23)])
    with time_machine.travel(datetime(2025, 4, 1, 6, 30, tzinfo=AMSTERDAM), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_access_log_report() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert send_access_log_report() == 0  # a second run, or a later day, sends nothing

    notification = Notification.objects.get()
    assert notification.recipient == privacy_officer
    assert notification.url == "/inzagelog/rapport/?maand=2025-03"
    assert notification.key == "access-log-report:2025-03"
    [message] = mail.outbox
    assert message.to == [privacy_officer.email]
    # Counts and a link: never who or which record.
    assert care_worker.username not in message.body and care_worker.last_name not in message.body


def test_the_task_makes_a_report_of_another_month_on_request(privacy_officer):
    assert send_access_log_report("2025-01") == 1
    assert Notification.objects.get().key == "access-log-report:2025-01"

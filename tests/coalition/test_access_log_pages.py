"""The access log's pages: the log (coordinators and privacy officers), its export and its
monthly report (privacy officers), its filters, and the privacy officer's sight of records
(none)."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from coalition import roles
from coalition.filters import AccessLogFilter
from coalition.models import AccessLogEntry
from digital.models import Client, Language, TargetGroup
from dilemmas import services as dilemma_services
from tests.dilemmas.factories import CaseFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOG = reverse("coalition:access_log")
EXPORT = reverse("coalition:access_log_export")
REPORT = reverse("coalition:access_log_report")


@pytest.fixture
def privacy_officer(make_person, other_organisation):
    return make_person(roles.PRIVACY_OFFICER, other_organisation, username="privacy")


def add_entries(user, count, **fields):
    fields.setdefault("outcome", AccessLogEntry.Outcome.VIEWED)
    fields.setdefault("object_type", "digital.client")
    return AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            username=user.username,
            roles="intake_staff",
            organisations="Amstelzorg",
            object_id=str(i),
            client_id=i,
            record_organisation="Amstelzorg",
            path=f"/digitaal/clienten/{i}/",
            **fields,
        )
        for i in range(1, count + 1)
    )


@pytest.mark.parametrize(
    "who, log, export, report",
    [
        ("privacy_officer", 200, 200, 200),
        ("coordinator", 200, 403, 403),  # reads the log, as before; no export, no report
        ("intake_staff", 403, 403, 403),
        ("outsider", 403, 403, 403),
    ],
)
def test_who_reads_exports_and_reports_the_log(request, client_for, who, log, export, report):
    c = client_for(request.getfixturevalue(who))
    assert c.get(LOG).status_code == log
    assert c.get(EXPORT).status_code == export
    assert c.get(REPORT).status_code == report


def test_the_privacy_officer_finds_the_log_in_the_menu_and_its_report_and_export_on_it(
    client_for, privacy_officer, intake_staff
):
    add_entries(intake_staff, 2)
    body = client_for(privacy_officer).get(LOG).content.decode()
    assert f'href="{LOG}"' in body
    assert f'href="{REPORT}"' in body
    assert f"{EXPORT}?format=csv" in body


def test_the_coordinator_sees_no_export_or_report_links(client_for, coordinator, intake_staff):
    add_entries(intake_staff, 2)
    body = client_for(coordinator).get(LOG).content.decode()
    assert EXPORT not in body and REPORT not in body


def test_the_privacy_officer_opens_no_case_and_no_client(
    client_for, privacy_officer, employee, organisation, team
):
    case = CaseFactory(author=employee, organisation=organisation, team=team)
    dilemma_services.sync_case_permissions(case)
    client_record = Client.objects.create(
        organisation=organisation,
        number="AZ-1",
        language=Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0],
        target_group=TargetGroup.objects.get_or_create(name="Ouderen")[0],
    )
    c = client_for(privacy_officer)

    assert c.get(case.get_absolute_url()).status_code == 404
    assert c.get(reverse("dilemmas:case_export", args=[case.pk])).status_code == 404
    assert c.get(reverse("digital:client_detail", args=[client_record.pk])).status_code == 404
    assert c.get(reverse("digital:client_list")).status_code == 403
    refused = AccessLogEntry.objects.filter(user=privacy_officer)
    assert set(refused.values_list("outcome", flat=True)) == {AccessLogEntry.Outcome.DENIED}


def test_the_page_names_who_in_which_role_what_and_about_which_client(
    client_for, privacy_officer, intake_staff
):
    add_entries(intake_staff, 1, action=AccessLogEntry.Action.EXPORTED)
    body = client_for(privacy_officer).get(LOG, {"outcome": "viewed"}).content.decode()
    assert "intake" in body and "Amstelzorg" in body
    assert "#1" in body


def test_the_export_has_every_fact_of_each_entry(client_for, privacy_officer, intake_staff):
    add_entries(intake_staff, 3)
    response = client_for(privacy_officer).get(EXPORT, {"format": "csv", "client": "2"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "intake" and row[8] == "2" and row[9] == "Amstelzorg" and row[11] == "2"


def test_the_export_as_excel(client_for, privacy_officer, intake_staff):
    add_entries(intake_staff, 2)
    response = client_for(privacy_officer).get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- Filters ---


def filtered(**data):
    return AccessLogFilter(data, queryset=AccessLogEntry.objects.all()).qs


def test_filter_by_person_in_any_case(intake_staff, care_worker):
    add_entries(intake_staff, 3)
    add_entries(care_worker, 2)
    assert filtered(username="INTAKE").count() == 3
    assert filtered(username="careworker").count() == 2
    assert filtered(username="nobody").count() == 0


def test_filter_by_a_person_whose_account_is_gone(intake_staff):
    add_entries(intake_staff, 2)
    intake_staff.delete()
    assert filtered(username="intake").count() == 2


def test_filter_by_client_number_in_the_app_or_client_number(intake_staff, organisation):
    client_record = Client.objects.create(
        organisation=organisation,
        number="AZ-77",
        language=Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0],
        target_group=TargetGroup.objects.get_or_create(name="Ouderen")[0],
    )
    add_entries(intake_staff, client_record.pk + 2)
    assert list(filtered(client=str(client_record.pk)).values_list("client_id", flat=True)) == [
        client_record.pk
    ]
    assert filtered(client="az-77").get().client_id == client_record.pk
    assert filtered(client="ZZ-1").count() == 0


def test_filter_by_kind_and_outcome(intake_staff):
    add_entries(intake_staff, 2)
    add_entries(intake_staff, 1, object_type="dilemmas.dilemmacase", outcome="denied")
    assert filtered(object_type="dilemmas.dilemmacase").count() == 1
    assert filtered(outcome="denied").count() == 1
    assert filtered(object_type="digital.client", outcome="viewed").count() == 2


def test_filter_by_period_holds_whole_local_days(intake_staff):
    for moment in [
        datetime(2025, 3, 9, 23, 59, tzinfo=AMSTERDAM),
        datetime(2025, 3, 10, 0, 0, tzinfo=AMSTERDAM),
        datetime(2025, 3, 11, 23, 59, tzinfo=AMSTERDAM),
        datetime(2025, 3, 12, 0, 0, tzinfo=AMSTERDAM),
    ]:
        add_entries(intake_staff, 1, at=moment)
    found = filtered(since="2025-03-10", until="2025-03-11").order_by("at")
    assert [e.at.astimezone(AMSTERDAM).day for e in found] == [10, 11]


def test_the_period_filter_compares_the_column_without_casting_it(intake_staff):
    sql = str(filtered(since="2025-03-10", until="2025-03-11").query).lower()
    assert '"at" >=' in sql and '"at" <' in sql
    for cast in ("cast_date", "::date", "date(", "at time zone", "django_datetime"):
        assert cast not in sql


def test_bad_filter_input_is_shown_next_to_the_field(client_for, privacy_officer):
    response = client_for(privacy_officer).get(LOG, {"until": "morgen", "client": "AZ-1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldige datum in" in body
    assert 'value="AZ-1"' in body


# --- A fixed number of queries ---


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_the_log_and_its_export_take_the_same_queries_for_one_entry_or_sixty(
    client_for, privacy_officer, intake_staff, django_assert_max_num_queries, url
):
    c = client_for(privacy_officer)
    add_entries(intake_staff, 1)
    with django_assert_max_num_queries(20) as one:
        c.get(url, {"username": "intake"})
    add_entries(intake_staff, 59)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = c.get(url, {"username": "intake"})
    assert response.status_code == 200


# --- The report's month ---


def test_the_report_shows_the_month_asked(client_for, privacy_officer, intake_staff):
    add_entries(intake_staff, 1, at=datetime(2025, 3, 10, 23, 30, tzinfo=AMSTERDAM))
    response = client_for(privacy_officer).get(REPORT, {"maand": "2025-03"})
    assert response.status_code == 200
    assert response.context["report"].month == date(2025, 3, 1)
    assert [row["username"] for row in response.context["report"].at_night] == ["intake"]


@pytest.mark.parametrize("month", ["maart", "2999-01"])
def test_a_bad_or_future_month_is_refused_next_to_the_field(client_for, privacy_officer, month):
    response = client_for(privacy_officer).get(REPORT, {"maand": month})
    assert response.status_code == 400
    assert f'value="{month}"' in response.content.decode()


def test_a_superuser_reads_the_report_too(client_for, make_person, organisation):
    root = make_person(None, organisation, username="root", is_superuser=True)
    assert client_for(root).get(REPORT).status_code == 200


def test_the_privacy_officer_role_is_a_group(db):
    assert Group.objects.filter(name=roles.PRIVACY_OFFICER).exists()

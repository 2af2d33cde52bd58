import pytest
from django.urls import reverse

from coalition.models import AccessLogEntry

pytestmark = pytest.mark.django_db

URL = reverse("coalition:access_log")


def _entries(user, count, outcome=AccessLogEntry.Outcome.VIEWED):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            username=user.username,
            outcome=outcome,
            object_type="dilemmas.case",
            object_id=str(i),
            path=f"/dilemmas/casussen/{i}/",
        )
        for i in range(count)
    )


def test_coordinator_sees_the_access_log(client_for, coordinator, employee):
    _entries(employee, 2)
    body = client_for(coordinator).get(URL).content.decode()
    assert "dilemmas.case #1" in body
    assert "2 regels" in body


def test_employees_and_outsiders_get_403(client_for, employee, outsider, working_group_member):
    for user in (employee, outsider, working_group_member):
        assert client_for(user).get(URL).status_code == 403


def test_filter_by_outcome_and_user(client_for, coordinator, employee, outsider):
    _entries(employee, 3)
    _entries(outsider, 2, outcome=AccessLogEntry.Outcome.DENIED)
    c = client_for(coordinator)
    body = c.get(URL, {"outcome": "denied"}).content.decode()
    assert "2 regels" in body
    body = c.get(URL, {"username": "EMPLOYEE"}).content.decode()
    assert "3 regels" in body


def test_bad_filter_input_gets_a_dutch_message_and_keeps_the_rest(client_for, coordinator):
    response = client_for(coordinator).get(URL, {"since": "gisteren", "username": "employee"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldige datum in" in body
    assert 'value="employee"' in body


def test_access_log_query_count_is_fixed(
    client_for, coordinator, employee, django_assert_max_num_queries
):
    c = client_for(coordinator)
    _entries(employee, 1)
    with django_assert_max_num_queries(10):
        c.get(URL)
    _entries(employee, 120)
    with django_assert_max_num_queries(10):
        assert "Pagina 1 van 3" in c.get(URL).content.decode()

"""Digital goals, attempts and the three-strikes switch; skills fade; who may."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition.models import Notification
from digital.models import Client, Goal, GoalStatus, Intake, Language, Service, TargetGroup
from digital.services import plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_record(organisation, intake_staff):
    from digital.services import intake

    client = Client(
        organisation=organisation,
        number="AZ-7",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )
    return intake.client_save(client=client, actor=intake_staff)


@pytest.fixture
def service(db):
    service = Service.objects.create(
        name="Medicijnen bestellen",
        description="Bestellen in de app.",
        analog_alternative="Bel de apotheek.",
    )
    service.target_groups.set(TargetGroup.objects.filter(name="Ouderen"))
    service.languages.set(Language.objects.filter(code="nl"))
    return service


@pytest.fixture
def goal(client_record, service, care_worker):
    return plans.goal_create(
        client=client_record,
        title="Ik bestel zelf mijn medicijnen",
        service=service,
        due_on=None,
        actor=care_worker,
    )


def url(name, *args):
    return reverse(f"digital:{name}", args=args)


def log(client_for, user, goal, worked, note=""):
    return client_for(user).post(
        url("attempt_log", goal.client_id, goal.pk),
        {f"g{goal.pk}-worked": "1" if worked else "0", f"g{goal.pk}-note": note},
    )


def test_every_client_has_one_standing_basic_goal(client_record):
    basic = client_record.goals.get(is_basic=True)
    assert basic.service is None
    plans.ensure_basic_goal(client=client_record)
    assert client_record.goals.filter(is_basic=True).count() == 1


def test_a_goal_needs_a_service_from_the_menu(client_for, client_record, care_worker):
    response = client_for(care_worker).post(
        url("goal_create", client_record.pk), {"title": "Beeldbellen", "service": ""}
    )
    assert response.status_code == 400
    assert "service" in response.context["form"].errors
    assert 'value="Beeldbellen"' in response.content.decode()


def test_a_retired_service_is_refused(client_record, service, care_worker):
    service.retired_at = timezone.now()
    service.save()
    with pytest.raises(ValidationError):
        plans.goal_create(
            client=client_record, title="x", service=service, due_on=None, actor=care_worker
        )


def test_the_third_failure_switches_to_the_analog_alternative(
    client_for, goal, care_worker, make_person, organisation
):
    colleague = make_person("care_worker", organisation, username="zorg2")
    log(client_for, care_worker, goal, worked=False, note="Lukte niet")
    log(client_for, care_worker, goal, worked=True)  # a success does not reset the count
    log(client_for, care_worker, goal, worked=False)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE
    response = log(client_for, care_worker, goal, worked=False)
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ANALOG and goal.switched_at is not None
    told = Notification.objects.filter(url=goal.get_absolute_url())
    assert {n.recipient for n in told} == {care_worker, colleague}
    assert "AZ-7" not in told.first().subject  # the client number is not mailed
    page = client_for(care_worker).get(url("client_detail", goal.client_id)).content.decode()
    assert "Bel de apotheek." in page


def test_no_attempts_on_a_switched_goal_and_undo_needs_a_reason(client_for, goal, care_worker):
    for _ in range(3):
        log(client_for, care_worker, goal, worked=False)
    goal.refresh_from_db()
    response = client_for(care_worker).post(
        url("switch_undo", goal.client_id, goal.pk), {f"g{goal.pk}-reason": ""}
    )
    assert response.status_code == 400
    assert goal.status == GoalStatus.ANALOG
    with pytest.raises(ValidationError):
        plans.attempt_log(goal=goal, worked=True, note="", actor=care_worker)
    response = client_for(care_worker).post(
        url("switch_undo", goal.client_id, goal.pk),
        {f"g{goal.pk}-reason": "Nieuwe telefoon, we proberen het opnieuw."},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE
    assert goal.undo_reason.startswith("Nieuwe telefoon")
    # The count starts again after an undo.
    log(client_for, care_worker, goal, worked=False)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE


def test_an_attempt_without_an_answer_is_refused_with_the_note_kept(client_for, goal, care_worker):
    response = client_for(care_worker).post(
        url("attempt_log", goal.client_id, goal.pk), {f"g{goal.pk}-note": "Half gelukt"}
    )
    assert response.status_code == 400
    assert "Half gelukt" in response.content.decode()
    assert not goal.attempts.exists()


def test_reaching_and_stopping_goals(client_for, goal, care_worker, client_record):
    c = client_for(care_worker)
    c.post(url("goal_status", client_record.pk, goal.pk), {"status": "reached"})
    goal.refresh_from_db()
    assert goal.status == GoalStatus.REACHED and goal.reached_on == timezone.localdate()
    basic = client_record.goals.get(is_basic=True)
    c.post(url("goal_status", client_record.pk, basic.pk), {"status": "stopped"})
    basic.refresh_from_db()
    assert basic.status == GoalStatus.ACTIVE  # the basic goal stays


@pytest.mark.parametrize(
    "who, status",
    [("care_worker", 302), ("intake_staff", 302), ("coordinator", 404), ("outsider", 404)],
)
def test_who_keeps_the_plan(request, client_for, goal, who, status):
    response = log(client_for, request.getfixturevalue(who), goal, worked=True)
    assert response.status_code == status


def test_a_goal_of_another_client_is_404(client_for, goal, care_worker, organisation):
    other = Client.objects.create(
        organisation=organisation,
        number="AZ-8",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )
    response = client_for(care_worker).post(
        url("goal_status", other.pk, goal.pk), {"status": "reached"}
    )
    assert response.status_code == 404


def test_switches_and_overdue_goals_are_on_the_dashboard(client_for, goal, care_worker, service):
    for _ in range(3):
        log(client_for, care_worker, goal, worked=False)
    late = Goal.objects.create(
        client=goal.client,
        title="Zelf beeldbellen",
        service=service,
        due_on=timezone.localdate() - timedelta(days=2),
    )
    body = client_for(care_worker).get(reverse("coalition:dashboard")).content.decode()
    assert "Overgestapt op een analoog alternatief deze week" in body
    assert late.title in body


def test_a_reintake_is_proposed_once_after_a_year_or_after_a_switch(
    goal, care_worker, intake_staff, client_record
):
    Intake.objects.create(
        client=client_record,
        done_by=intake_staff,
        done_at=timezone.now() - timedelta(days=400),
        internet="home",
        help_at_home="no",
    )
    assert plans.propose_reintakes() == 1
    assert plans.propose_reintakes() == 0  # once per client and last intake
    assert (
        Notification.objects.filter(
            recipient=intake_staff, url=client_record.get_absolute_url()
        ).count()
        == 1
    )
    # A fresh intake: nothing due, until the client switches to analog.
    Intake.objects.create(
        client=client_record,
        done_by=intake_staff,
        done_at=timezone.now() - timedelta(days=5),
        internet="home",
        help_at_home="no",
    )
    assert plans.propose_reintakes() == 0
    for _ in range(3):
        plans.attempt_log(goal=goal, worked=False, note="", actor=care_worker)
    assert plans.propose_reintakes() == 1


def test_client_page_runs_a_fixed_number_of_queries(
    client_for, goal, care_worker, service, django_assert_max_num_queries
):
    c = client_for(care_worker)
    page = url("client_detail", goal.client_id)
    c.get(page)
    with django_assert_max_num_queries(60) as first:
        c.get(page)
    for i in range(8):
        extra = Goal.objects.create(client=goal.client, title=f"Doel {i}", service=service)
        for _ in range(2):
            plans.attempt_log(goal=extra, worked=True, note="", actor=care_worker)
    with django_assert_max_num_queries(len(first)):
        c.get(page)


def test_an_attempt_is_confirmed_and_the_third_failure_only_warns(client_for, goal, care_worker):
    from django.contrib.messages import get_messages

    def told(response):
        return [m.level_tag for m in get_messages(response.wsgi_request)]

    assert told(log(client_for, care_worker, goal, worked=False)) == ["success"]
    log(client_for, care_worker, goal, worked=False)
    response = log(client_for, care_worker, goal, worked=False)
    assert response.url == goal.get_absolute_url()
    # The switch is news, not a plain confirmation.
    assert told(response) == ["warning"]


def test_an_attempt_on_a_switched_goal_is_refused_on_the_client_page_with_the_note_kept(
    client_for, goal, care_worker
):
    for _ in range(3):
        plans.attempt_log(goal=goal, worked=False, note="", actor=care_worker)
    response = log(client_for, care_worker, goal, worked=True, note="Toch gelukt")
    assert response.status_code == 400
    assert response.templates[0].name == "digital/client_detail.html"
    shown = next(g for g in response.context["goals"] if g.pk == goal.pk)
    assert shown.attempt_form.non_field_errors()
    assert shown.attempt_form["note"].value() == "Toch gelukt"
    assert goal.attempts.count() == 3

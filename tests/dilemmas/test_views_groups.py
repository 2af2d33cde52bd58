import pytest
from django.urls import reverse

from dilemmas.models import CaseFormVersion, Perspective, WorkingGroup

pytestmark = pytest.mark.django_db


def url(name, group, *args):
    return reverse(f"dilemmas:{name}", args=[group.pk, *args])


@pytest.mark.parametrize(
    "who, detail, compose, manage",
    [
        ("working_group_member", 200, 200, 200),
        ("employee", 200, 403, 403),  # staff of a served organisation: may read
        ("coordinator", 200, 403, 403),  # sets up a new group only, never runs one
        ("outsider", 404, 404, 404),
        ("foreign_group_member", 404, 404, 404),
    ],
)
def test_group_pages_by_person(request, client_for, group, who, detail, compose, manage):
    user = request.getfixturevalue(who)
    c = client_for(user)
    assert c.get(url("group_detail", group)).status_code == detail
    assert c.get(url("group_history", group)).status_code == detail
    assert c.get(url("group_edit", group)).status_code == compose
    assert c.get(url("form_edit", group)).status_code == manage
    assert c.get(url("feedback_overview", group)).status_code == manage


def test_coordinator_adds_a_first_member_but_sees_no_cases(
    client_for, coordinator, case, make_person, organisation, team_lead
):
    from coalition.models import AccessGrant
    from dilemmas import services
    from dilemmas.permissions import cases_visible_to
    from tests.coalition.helpers import confirm_everywhere
    from tests.dilemmas.factories import WorkingGroupFactory

    new_group = WorkingGroupFactory(name="Werkgroep Oost")
    services.group_save(group=new_group, organisations=[organisation], actor=None)
    newcomer = make_person("working_group_member", organisation, username="nieuw")
    c = client_for(coordinator)
    response = c.post(
        url("member_add", new_group), {"user": newcomer.pk, "perspective": "experience_expert"}
    )
    assert response.status_code == 302
    # The member opens Amstelzorg's cases: a team lead of Amstelzorg confirms first.
    assert not cases_visible_to(newcomer).exists()
    confirm_everywhere(AccessGrant.objects.get(subject=newcomer), team_lead)
    assert list(cases_visible_to(newcomer)) == [case]
    assert not cases_visible_to(coordinator).exists()
    # Once the group has members, they keep its composition: membership opens cases.
    response = c.post(
        url("member_add", new_group), {"user": coordinator.pk, "perspective": "manager"}
    )
    assert response.status_code == 403
    assert not cases_visible_to(coordinator).exists()


def test_coordinator_cannot_add_themselves_to_a_new_group(client_for, coordinator, organisation):
    from coalition.models import AccessGrant
    from dilemmas import services
    from tests.dilemmas.factories import WorkingGroupFactory

    new_group = WorkingGroupFactory(name="Werkgroep West")
    services.group_save(group=new_group, organisations=[organisation], actor=None)
    response = client_for(coordinator).post(
        url("member_add", new_group), {"user": coordinator.pk, "perspective": "manager"}
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not new_group.memberships.exists()
    assert not AccessGrant.objects.exists()


def test_group_page_says_which_perspectives_are_missing(client_for, group, employee):
    body = client_for(employee).get(url("group_detail", group)).content.decode()
    assert "De vereiste samenstelling ontbreekt." in body
    assert "Leidinggevende, Ervaringsdeskundige" in body


def test_adding_the_missing_perspectives_completes_the_mix(
    client_for, group, working_group_member, make_person, organisation, team_lead
):
    from coalition.models import AccessGrant
    from tests.coalition.helpers import confirm_everywhere

    manager = make_person("employee", organisation, username="manager")
    expert = make_person("employee", organisation, username="expert")
    c = client_for(working_group_member)
    for person, perspective in [
        (manager, Perspective.MANAGER),
        (expert, Perspective.EXPERIENCE_EXPERT),
    ]:
        assert (
            c.post(
                url("member_add", group), {"user": person.pk, "perspective": perspective}
            ).status_code
            == 302
        )
    body = c.get(url("group_detail", group)).content.decode()
    assert "Wacht op bevestiging" in body
    assert "Vereiste samenstelling aanwezig" not in body
    for grant in AccessGrant.objects.filter(status="pending"):
        confirm_everywhere(grant, team_lead)
    body = c.get(url("group_detail", group)).content.decode()
    assert "Vereiste samenstelling aanwezig" in body


def test_member_from_an_unserved_organisation_is_refused(
    client_for, group, working_group_member, outsider
):
    response = client_for(working_group_member).post(
        url("member_add", group), {"user": outsider.pk, "perspective": "other"}
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_employee_cannot_add_members(client_for, group, employee, colleague):
    response = client_for(employee).post(
        url("member_add", group), {"user": colleague.pk, "perspective": "other"}
    )
    assert response.status_code == 403


def test_member_removal(client_for, group, working_group_member):
    member = group.memberships.get()
    assert (
        client_for(working_group_member).post(url("member_remove", group, member.pk)).status_code
        == 302
    )
    assert not group.memberships.exists()


def test_theme_duplicates_are_refused(client_for, group, working_group_member):
    c = client_for(working_group_member)
    c.post(url("theme_add", group), {"name": "Privacy"})
    response = c.post(url("theme_add", group), {"name": "privacy"})
    body = response.content.decode()
    assert response.status_code == 400
    # The error stands next to the field, which keeps what was typed.
    assert 'aria-describedby="id_name_error"' in body and 'aria-invalid="true"' in body
    assert '<ul class="errorlist" id="id_name_error"><li>De werkgroep heeft dit thema al.' in body
    assert 'value="privacy"' in body
    assert group.themes.count() == 1


def test_opening_the_form_editor_changes_nothing(client_for, group, working_group_member):
    c = client_for(working_group_member)
    before = CaseFormVersion.objects.count()
    body = c.get(url("form_edit", group)).content.decode()
    assert "Nieuwe versie beginnen" in body
    assert CaseFormVersion.objects.count() == before
    assert c.post(url("form_edit", group)).status_code == 302
    assert CaseFormVersion.objects.filter(group=group, published_at__isnull=True).count() == 1
    c.post(url("form_edit", group))  # a second start keeps the one draft
    assert "formset" in c.get(url("form_edit", group)).context
    assert CaseFormVersion.objects.filter(group=group, published_at__isnull=True).count() == 1


def test_form_edit_and_publish_makes_a_new_version(client_for, group, working_group_member):
    c = client_for(working_group_member)
    c.post(url("form_edit", group))
    page = c.get(url("form_edit", group))
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        if form.instance.pk:
            data[f"form-{i}-id"] = form.instance.pk
            data[f"form-{i}-order"] = form.instance.order
            data[f"form-{i}-title"] = form.instance.title
            data[f"form-{i}-help_text"] = form.instance.help_text
            if form.instance.required:
                data[f"form-{i}-required"] = "on"
        else:
            data[f"form-{i}-id"] = ""
    extra = formset.initial_form_count()
    data[f"form-{extra}-order"] = "20"
    data[f"form-{extra}-title"] = "Wat heb je nodig van je team?"
    # The second empty form stays as the browser sends it: untouched, so it is ignored.
    data[f"form-{extra + 1}-order"] = "0"
    data[f"form-{extra + 1}-required"] = "on"
    data["form-0-DELETE"] = "on"
    assert c.post(url("form_edit", group), data).status_code == 302
    assert c.post(url("form_publish", group)).status_code == 302
    version = CaseFormVersion.objects.get(group=group, published_at__isnull=False)
    titles = [q.title for q in version.questions.all()]
    assert titles[-1] == "Wat heb je nodig van je team?"
    assert "Wat is de situatie?" not in titles
    default = CaseFormVersion.objects.get(group__isnull=True)
    assert default.questions.filter(title="Wat is de situatie?").exists()
    assert c.get(url("form_version_detail", group, version.pk)).status_code == 200


def test_empty_question_title_is_refused(client_for, group, working_group_member):
    c = client_for(working_group_member)
    c.post(url("form_edit", group))
    formset = c.get(url("form_edit", group)).context["formset"]
    first = formset.forms[0].instance
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": first.pk,
        "form-0-order": "1",
        "form-0-title": "",
        "form-0-help_text": "Uitleg blijft staan",
    }
    response = c.post(url("form_edit", group), data)
    body = response.content.decode()
    assert "Dit veld is verplicht." in body and "Uitleg blijft staan" in body


def test_coordinator_creates_a_group(client_for, coordinator, organisation):
    response = client_for(coordinator).post(
        reverse("dilemmas:group_create"),
        {
            "name": "Werkgroep Noord",
            "mandate": "Beschikbaar zijn",
            "organisations": [organisation.pk],
        },
    )
    assert response.status_code == 302
    assert WorkingGroup.objects.get(name="Werkgroep Noord").organisations.get() == organisation


def test_employee_cannot_create_a_group(client_for, employee):
    assert client_for(employee).get(reverse("dilemmas:group_create")).status_code == 403


def test_index_for_everyone(client_for, employee, outsider, group):
    assert (
        "Werkgroep Moreel Beraad"
        in client_for(employee).get(reverse("dilemmas:index")).content.decode()
    )
    body = client_for(outsider).get(reverse("dilemmas:index")).content.decode()
    assert "Er is nog geen werkgroep voor jouw organisatie." in body

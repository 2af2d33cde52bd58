"""The threat model of confidential dilemma cases, written as attacks that must fail.

The promise: a case is seen by its author, by the people the author chose to share it with
(the team leads and session participants of the team the author chose) and by the working
group serving the author's organisation. No one else, never a coordinator. And the access
rule: no account can, alone, give itself or an account it controls sight of a case; a
change that widens sight needs a second person of the organisation whose cases become
visible (coalition/access.py).

Each section below is one route that a review found open, tried the way the attacker
would: a working-group member (1), a coordinator (2, 4), a form editor (3), team leads and
participants (5, 6), and the gaps around them (7, 8).
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition import access
from coalition.models import AccessGrant, AccessLogEntry, Notification
from dilemmas import services
from dilemmas.models import CaseQuestion, SessionCase
from dilemmas.permissions import cases_visible_to
from tests.coalition.factories import TeamFactory, UserFactory
from tests.coalition.helpers import confirm_everywhere
from tests.dilemmas.factories import CaseFactory, SessionFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def sees(user, case):
    return cases_visible_to(user).filter(pk=case.pk).exists()


@pytest.fixture
def foreign_case(make_person, other_organisation):
    """A case of another organisation, with its own team lead (the second person there)."""
    other_team = TeamFactory(organisation=other_organisation, name="Afdeling 2 West")
    author = make_person("employee", other_organisation, other_team, username="zonnehuis-emp")
    make_person("team_lead", other_organisation, other_team, username="zonnehuis-lead")
    case = CaseFactory(
        author=author, organisation=other_organisation, team=other_team, title="Zonnehuis-casus"
    )
    services.sync_case_permissions(case)
    return case


# --- 1. A working-group member widens their own sight -----------------------------------


def test_1_member_who_adds_an_organisation_to_their_group_does_not_see_its_cases(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    c = client_for(working_group_member)
    response = c.post(
        reverse("dilemmas:group_edit", args=[group.pk]),
        {
            "name": group.name,
            "mandate": group.mandate,
            "organisations": [organisation.pk, other_organisation.pk],
        },
    )
    assert response.status_code == 302
    assert not sees(working_group_member, foreign_case)
    assert other_organisation not in group.organisations.all()
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    assert grant.is_pending
    # Nor can they confirm their own request.
    confirm = reverse("coalition:grant_confirm", args=[grant.pk])
    assert c.post(confirm, {"organisation": other_organisation.pk}).status_code == 403
    assert not sees(working_group_member, foreign_case)


def test_1_a_second_person_of_that_organisation_opens_it_and_it_is_on_record(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    services.group_save(
        group=group, organisations=[organisation, other_organisation], actor=working_group_member
    )
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    lead = User.objects.get(username="zonnehuis-lead")
    # The team lead of Het Zonnehuis is told, and is the one who may confirm.
    assert Notification.objects.filter(recipient=lead, url=grant.get_absolute_url()).exists()
    response = client_for(lead).post(
        reverse("coalition:grant_confirm", args=[grant.pk]), {"organisation": other_organisation.pk}
    )
    assert response.status_code == 302
    assert sees(working_group_member, foreign_case)
    # The organisation's access page shows who asked and who confirmed.
    page = client_for(lead).get(
        reverse("coalition:organisation_grants", args=[other_organisation.pk])
    )
    assert page.status_code == 200
    assert "Zonnehuis" in page.content.decode()
    assert grant.history.count() >= 2


# --- 2. A coordinator reaches cases through the admin, or through accounts they make -----


def test_2_coordinator_cannot_set_a_team_leads_password_in_the_admin(
    client_for, coordinator, team_lead
):
    url = reverse("admin:auth_user_password_change", args=[team_lead.pk])
    response = client_for(coordinator).post(
        url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    team_lead.refresh_from_db()
    assert not team_lead.check_password("Overgenomen-2026!")


def test_2_coordinator_cannot_give_roles_or_teams_in_the_admin(client_for, coordinator, employee):
    response = client_for(coordinator).post(
        reverse("admin:auth_user_change", args=[employee.pk]),
        {"username": employee.username, "groups": [1, 2, 3, 4]},
    )
    assert response.status_code == 302
    assert not employee.groups.filter(name="team_lead").exists()


def test_2_coordinator_cannot_redirect_a_team_leads_password_reset_to_themselves(
    client_for, coordinator, team_lead, team, organisation
):
    """The e-mail address is where a reset link goes: coordinators cannot change it."""
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {
            "first_name": "Tom",
            "last_name": "Lead",
            "email": "coordinator@evil.example",
            "is_active": "on",
            "role_names": ["team_lead"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    team_lead.refresh_from_db()
    assert team_lead.email != "coordinator@evil.example"


def test_2_an_account_a_coordinator_makes_team_lead_sees_nothing_until_confirmed(
    client_for, coordinator, case, team, organisation
):
    c = client_for(coordinator)
    response = c.post(
        reverse("coalition:person_create"),
        {
            "username": "sok",
            "first_name": "Sok",
            "last_name": "Puppet",
            "email": "sok@evil.example",
            "role_names": ["team_lead", "employee"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    assert response.status_code == 302
    puppet = User.objects.get(username="sok")
    assert not puppet.has_usable_password()  # nobody but the person chooses it
    assert not sees(puppet, case)
    grant = AccessGrant.objects.get(subject=puppet, kind="role")
    assert grant.is_pending
    confirm = reverse("coalition:grant_confirm", args=[grant.pk])
    assert c.post(confirm, {"organisation": organisation.pk}).status_code == 403
    assert not sees(puppet, case)


def test_2_a_second_coordinator_account_cannot_confirm_either(
    client_for, coordinator, make_person, case, team, organisation
):
    second = make_person("coordinator", organisation, username="coordinator2")
    puppet = make_person("employee", organisation, team, username="sok2")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=second)
    # Nor the puppet itself.
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=puppet)
    assert not sees(puppet, case)


def test_2_coordinator_cannot_give_themselves_a_team_or_a_role(
    client_for, coordinator, case, team, organisation
):
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[coordinator.pk]),
        {
            "first_name": "Carla",
            "last_name": "de Vries",
            "is_active": "on",
            "role_names": ["coordinator", "team_lead"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    assert not coordinator.groups.filter(name="team_lead").exists()
    assert not coordinator.profile.teams.exists()
    assert not AccessGrant.objects.exists()
    assert not sees(coordinator, case)


def test_2_a_coordinator_who_is_a_team_lead_as_well_still_sees_no_case(
    make_person, case, team, organisation
):
    both = make_person("team_lead", organisation, team, username="teamlead-coord")
    assert sees(both, case)
    both.groups.add(Group.objects.get(name="coordinator"))
    assert not sees(both, case)


def test_2_a_parallel_working_group_with_a_controlled_account_sees_nothing(
    client_for, coordinator, make_person, case, organisation
):
    c = client_for(coordinator)
    response = c.post(
        reverse("dilemmas:group_create"),
        {"name": "Schaduwwerkgroep", "mandate": "Meelezen.", "organisations": [organisation.pk]},
    )
    assert response.status_code == 302
    shadow = WorkingGroupFactory._meta.model.objects.get(name="Schaduwwerkgroep")
    puppet = make_person("employee", organisation, username="sok3")
    response = c.post(
        reverse("dilemmas:member_add", args=[shadow.pk]),
        {"user": puppet.pk, "perspective": "manager"},
    )
    assert response.status_code == 302
    assert not shadow.memberships.exists()
    assert not sees(puppet, case)
    grant = AccessGrant.objects.get(kind="dilemmas.member", subject=puppet)
    assert c.post(
        reverse("coalition:grant_confirm", args=[grant.pk]), {"organisation": organisation.pk}
    ).status_code in (403, 404)
    assert not sees(puppet, case)


# --- 3. Stored HTML in case-form questions ----------------------------------------------

REDIRECT = '<meta http-equiv="refresh" content="0;url=https://phish.example/login">'


def test_3_markup_in_a_question_help_text_never_reaches_the_case_author(
    client_for, group, working_group_member, employee, organisation
):
    c = client_for(working_group_member)
    c.post(reverse("dilemmas:form_edit", args=[group.pk]))  # start a draft
    draft = group.form_versions.get(published_at__isnull=True)
    questions = list(draft.questions.all())
    data = {
        "form-TOTAL_FORMS": str(len(questions)),
        "form-INITIAL_FORMS": str(len(questions)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        data |= {
            f"form-{i}-id": q.pk,
            f"form-{i}-order": q.order,
            f"form-{i}-title": q.title,
            f"form-{i}-help_text": q.help_text,
        }
    data["form-0-help_text"] = (
        REDIRECT + "<script>alert(1)</script><em>Denk aan</em> <a href='javascript:x()'>dit</a>"
    )
    assert c.post(reverse("dilemmas:form_edit", args=[group.pk]), data).status_code == 302
    assert "<meta" not in draft.questions.get(pk=questions[0].pk).help_text
    services.form_publish(group=group, actor=working_group_member)
    body = client_for(employee).get(reverse("dilemmas:case_create")).content.decode()
    assert "phish.example" not in body
    assert "<script>alert" not in body
    assert "javascript:" not in body
    assert "<em>Denk aan</em>" in body  # the small safe subset stays


def test_3_markup_stored_before_the_fix_is_cleaned_on_the_way_out(
    client_for, group, working_group_member, employee
):
    draft = services.form_draft_for(group=group)
    CaseQuestion.objects.filter(version=draft).update(help_text=REDIRECT)
    services.form_publish(group=group, actor=working_group_member)
    body = client_for(employee).get(reverse("dilemmas:case_create")).content.decode()
    assert "phish.example" not in body


# --- 4. Notifications in the admin ------------------------------------------------------


def test_4_coordinator_cannot_list_or_write_notifications(client_for, coordinator, employee):
    Notification.objects.create(recipient=employee, subject="Vraag om een gesprek (#7)")
    c = client_for(coordinator)
    listing = c.get(reverse("admin:coalition_notification_changelist"))
    assert listing.status_code == 302
    c.post(
        reverse("admin:coalition_notification_add"),
        {"recipient": employee.pk, "subject": "Log opnieuw in", "url": "https://phish.example"},
    )
    assert not Notification.objects.filter(subject="Log opnieuw in").exists()


def test_4_a_notification_link_to_another_site_is_never_shown_or_mailed(client_for, employee):
    Notification.objects.create(
        recipient=employee, subject="Log opnieuw in", url="https://phish.example/login"
    )
    Notification.objects.create(recipient=employee, subject="Ook dit", url="//phish.example/x")
    c = client_for(employee)
    for page in ("coalition:notifications", "coalition:dashboard"):
        assert "phish.example" not in c.get(reverse(page)).content.decode()


# --- 5. Session participants ------------------------------------------------------------


def test_5_a_session_of_another_team_cannot_take_a_case(
    client_for, case, other_team, other_team_lead, team_lead, organisation, make_person
):
    """A lead of two teams sees the case through team A; bringing it to team B would show it
    to B's people, whom the author never chose."""
    team_lead.profile.teams.add(other_team)
    b_member = make_person("employee", organisation, other_team, username="b-member")
    response = client_for(team_lead).post(
        reverse("dilemmas:session_create"),
        {
            "team": other_team.pk,
            "kind": "team",
            "reflection": "ahead",
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "participants": [b_member.pk],
            "cases": [case.pk],
        },
    )
    assert response.status_code == 200
    assert not SessionCase.objects.filter(case=case).exists()
    assert not sees(b_member, case)
    with pytest.raises(ValidationError):
        services.session_save(
            session=SessionFactory(team=other_team, lead=team_lead),
            participants=[b_member],
            cases=[case],
            actor=team_lead,
        )
    assert not sees(b_member, case)


def test_5_a_coordinator_is_never_a_participant_and_never_reads_the_case(
    client_for, case, team, team_lead, coordinator
):
    coordinator.profile.teams.add(team)  # even as a member of the team
    session = SessionFactory(team=team, lead=team_lead)
    with pytest.raises(ValidationError):
        services.session_save(
            session=session, participants=[coordinator], cases=[case], actor=team_lead
        )
    # Put there by other means, the coordinator still gets no sight.
    session.participants.add(coordinator)
    SessionCase.objects.get_or_create(session=session, case=case)
    services.sync_case_permissions(case)
    assert not sees(coordinator, case)
    form = client_for(team_lead).get(reverse("dilemmas:session_create"))
    offered = form.context["form"].fields["participants"].queryset
    assert coordinator not in offered


def test_5_a_participant_cannot_pass_the_case_on_along_a_chain_of_sessions(
    case, team, team_lead, employee, make_person, organisation
):
    """The author chose team A. A participant of A's session who leads team C cannot bring
    it to C; a stranger added to A's session (not in the team) gets nothing either."""
    team_c = TeamFactory(organisation=organisation, name="Team C")
    relay = make_person("team_lead", organisation, team, username="relay")
    relay.profile.teams.add(team_c)
    c_member = make_person("employee", organisation, team_c, username="c-member")
    services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[relay, employee],
        cases=[case],
        actor=team_lead,
    )
    assert sees(relay, case)
    with pytest.raises(ValidationError):
        services.session_save(
            session=SessionFactory(team=team_c, lead=relay),
            participants=[c_member],
            cases=[case],
            actor=relay,
        )
    assert not sees(c_member, case)
    # A session of team C linked by other means still shows the case to nobody in C.
    stray = SessionFactory(team=team_c, lead=relay)
    stray.participants.add(c_member)
    SessionCase.objects.create(session=stray, case=case)
    services.sync_case_permissions(case)
    assert not sees(c_member, case)


def test_5_only_the_author_moves_a_case_to_another_team(
    client_for, case, employee, other_team, other_team_lead, make_person, organisation
):
    employee.profile.teams.add(other_team)
    response = client_for(employee).post(
        reverse("dilemmas:case_edit", args=[case.pk]),
        {"title": case.title, "team": other_team.pk, "action": "save"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.team == other_team
    assert sees(other_team_lead, case)


# --- 6. Silent loss ---------------------------------------------------------------------


def test_6_a_second_lead_saving_the_session_keeps_the_cases_they_cannot_open(
    client_for, session_with_case, case, team, make_person, organisation, other_team, employee
):
    second_lead = make_person("team_lead", organisation, team, username="teamlead-b")
    # The author took the case to another team: this session keeps it, its leads cannot open it.
    case.team = other_team
    case.save()
    services.sync_case_permissions(case)
    assert not sees(second_lead, case)
    session = session_with_case
    response = client_for(second_lead).post(
        reverse("dilemmas:session_edit", args=[session.pk]),
        {
            "team": team.pk,
            "kind": session.kind,
            "reflection": session.reflection,
            "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "location": "Andere kamer",
            "participants": [employee.pk],
        },
    )
    assert response.status_code == 302
    assert SessionCase.objects.filter(session=session, case=case).exists()


# --- 7. Access-log gaps -----------------------------------------------------------------


def _reads(user, case):
    return AccessLogEntry.objects.filter(
        user=user, object_type="dilemmas.dilemmacase", object_id=str(case.pk), outcome="viewed"
    ).count()


def test_7_every_page_that_shows_a_case_title_writes_the_access_log(
    client_for, session_with_case, case, team_lead, working_group_member, time_machine
):
    session = session_with_case
    c = client_for(team_lead)
    for page in [
        reverse("dilemmas:case_list"),
        reverse("dilemmas:session_detail", args=[session.pk]),
        reverse("dilemmas:session_edit", args=[session.pk]),
        reverse("coalition:dashboard"),
    ]:
        before = _reads(team_lead, case)
        body = c.get(page).content.decode()
        assert case.title in body, page
        assert _reads(team_lead, case) == before + 1, page
    time_machine.move_to(session.starts_at + timedelta(hours=2))
    c = client_for(team_lead)
    before = _reads(team_lead, case)
    assert (
        case.title
        in c.get(reverse("dilemmas:session_outcomes", args=[session.pk])).content.decode()
    )
    assert _reads(team_lead, case) == before + 1


# --- 8. Smaller: caching, redirects, lockout, password reset, demo accounts --------------


def test_8_confidential_pages_are_never_stored(client_for, case, employee, session_with_case):
    c = client_for(employee)
    for page in [
        reverse("dilemmas:case_detail", args=[case.pk]),
        reverse("dilemmas:case_list"),
        reverse("dilemmas:session_detail", args=[session_with_case.pk]),
        reverse("coalition:dashboard"),
    ]:
        assert "no-store" in c.get(page)["Cache-Control"], page


@pytest.mark.parametrize(
    "target", ["nonsense", "https://phish.example/", "//phish.example/", "/\\phish.example", ""]
)
def test_8_a_bad_next_after_marking_read_goes_to_the_dashboard(client_for, employee, target):
    response = client_for(employee).post(
        reverse("coalition:notifications_mark_read"), {"next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("coalition:dashboard")


def test_8_a_good_next_is_kept(client_for, employee):
    response = client_for(employee).post(
        reverse("coalition:notifications_mark_read"), {"next": "/dilemmas/"}
    )
    assert response.url == "/dilemmas/"


def _login(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_8_lockout_is_by_user_name_whatever_the_address_and_cools_off(
    client, employee, time_machine
):
    for i in range(5):
        _login(client, "employee", "fout", f"10.0.0.{i}")
    assert _login(client, "employee", "secret-pass-123", "10.0.9.9").status_code == 429
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    assert _login(client, "employee", "secret-pass-123", "10.0.9.9").status_code == 302


def test_8_a_coordinator_unlocks_a_locked_out_colleague(client, client_for, coordinator, employee):
    for _ in range(5):
        _login(client, "employee", "fout", "10.0.0.1")
    page = client_for(coordinator).get(reverse("coalition:person_detail", args=[employee.pk]))
    assert "Geblokkeerd" in page.content.decode()
    client_for(coordinator).post(reverse("coalition:person_unlock", args=[employee.pk]))
    assert _login(client, "employee", "secret-pass-123", "10.0.0.1").status_code == 302


def test_8_only_coordinators_unlock(client_for, employee, team_lead):
    response = client_for(team_lead).post(reverse("coalition:person_unlock", args=[employee.pk]))
    assert response.status_code == 403


def test_8_behind_the_proxy_the_client_address_is_read_from_the_trusted_hop(rf, settings):
    from coalition.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.3.4")
    assert client_ip(request) == "81.2.3.4"  # the client cannot forge what our proxy adds
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "172.18.0.2"


def test_8_forgotten_password_by_e_mail_also_lifts_the_lockout(client, employee):
    for _ in range(5):
        _login(client, "employee", "fout", "10.0.0.1")
    response = client.post(reverse("password_reset"), {"email": employee.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    assert _login(client, "employee", "Nieuw-wachtwoord-42", "10.0.0.1").status_code == 302


def test_8_an_invited_person_chooses_their_own_password(
    client_for, client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(
            reverse("coalition:person_create"),
            {
                "username": "nieuw",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "email": "n@x.example",
            },
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["n@x.example"]
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Eigen-keuze-2026", "new_password2": "Eigen-keuze-2026"},
    )
    assert User.objects.get(username="nieuw").check_password("Eigen-keuze-2026")


def test_8_every_demo_account_in_the_readme_logs_in():
    from pathlib import Path

    from django.contrib.auth import authenticate
    from django.core.management import call_command
    from django.test import RequestFactory

    call_command("seed_demo", force=True, verbosity=0)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    demo = readme.split("### Demo accounts", 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"`([a-z][a-z0-9-]+)`", demo)) - {"seed_demo", "coalitie-demo"}
    assert {"coordinator", "regie-amstelzorg", "regie-oud", "teamlead2"} <= names
    for name in sorted(names):
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=name, password="coalitie-demo"), name


# --- Found by a second review -------------------------------------------------------------


def test_review_a_deceived_confirmation_does_not_make_a_new_confirmer_at_once(
    client_for, coordinator, team_lead, organisation, case, team, make_person
):
    """A puppet confirmed as team lead of an empty new team cannot let the next puppet
    into the team with the cases; the request page showed the empty team to the one who
    confirmed."""
    empty = TeamFactory(organisation=organisation, name="Schaduwteam")
    puppet = make_person("employee", organisation, empty, username="pop1")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    page = client_for(team_lead).get(reverse("coalition:grant_detail", args=[grant.pk]))
    body = page.content.decode()
    assert "Schaduwteam" in body and "1 lid" in body and "heeft nooit ingelogd" in body
    confirm_everywhere(grant, team_lead)  # deceived
    assert not sees(puppet, case)
    second = make_person("employee", organisation, username="pop2")
    follow_up = access.grant_request(
        kind="team", payload={"team": team.pk}, subject=second, actor=coordinator
    )
    second.groups.add(Group.objects.get(name="team_lead"))  # pretend it holds the role
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=follow_up, organisation=organisation, actor=puppet)
    assert not sees(second, case)


def test_review_taking_the_confirmers_away_does_not_hand_the_decision_to_a_superuser(
    coordinator, team_lead, working_group_member, group, case, organisation, make_person
):
    puppet = make_person("employee", organisation, case.team, username="pop3")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    for person in (team_lead, working_group_member):  # narrowing: applies at once
        person.groups.add(Group.objects.get(name="coordinator"))
    root = UserFactory(username="root", is_superuser=True)
    assert not access.may_confirm(root, grant, organisation.pk)
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=root)
    assert not sees(puppet, case)


def test_review_back_in_the_team_is_not_back_in_its_old_sessions(
    client_for, coordinator, session_with_case, case, colleague, team_lead, team
):
    session = session_with_case
    services.session_save(
        session=session,
        participants=[*session.participants.all(), colleague],
        cases=[case],
        actor=team_lead,
    )
    assert sees(colleague, case)
    form = person_data_for(colleague)
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[colleague.pk]), {**form, "teams": []}
    )
    assert not sees(colleague, case)
    client_for(coordinator).post(reverse("coalition:person_edit", args=[colleague.pk]), form)
    assert team in colleague.profile.teams.all()
    assert not sees(colleague, case)


def test_review_a_former_lead_back_as_a_plain_member_sees_nothing(
    client_for, coordinator, session_with_case, case, team_lead, team
):
    form = person_data_for(team_lead)
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {**form, "role_names": ["employee"], "teams": []},
    )
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {**form, "role_names": ["employee"]},
    )
    assert team in team_lead.profile.teams.all()
    assert not sees(team_lead, case)


def test_review_a_request_to_serve_an_organisation_names_who_gains_sight(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    services.group_save(
        group=group, organisations=[organisation, other_organisation], actor=working_group_member
    )
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    lead = User.objects.get(username="zonnehuis-lead")
    body = client_for(lead).get(reverse("coalition:grant_detail", args=[grant.pk])).content
    assert working_group_member.get_full_name() in body.decode()


def person_data_for(person):
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": "",
        "is_active": "on",
        "role_names": list(person.groups.values_list("name", flat=True)),
        "organisations": [o.pk for o in person.profile.organisations.all()],
        "teams": [t.pk for t in person.profile.teams.all()],
    }

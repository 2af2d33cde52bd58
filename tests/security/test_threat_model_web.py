"""The threat model of confidential dilemma cases (the promise is told in
test_threat_model_access.py), continued through what pages show and keep, written as attacks
that must fail: a form editor storing markup in a question (3), a coordinator writing
notifications (4), and the smaller gaps: caching, redirects after marking read, the login
lockout, password reset and the demo accounts (8).
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coalition.models import Notification
from dilemmas import services
from dilemmas.models import CaseQuestion

pytestmark = pytest.mark.django_db

User = get_user_model()


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

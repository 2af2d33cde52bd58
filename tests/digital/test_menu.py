"""The menu (menukaart): who may do what on every page, the list and its filters, keeping
services and their texts, feedback, the menu for clients on screen and in print, and fixed
query counts on the lists."""

import json
import shutil
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from digital.models import Band, Service, ServiceFeedback, ServiceText, Verdict
from digital.services import menu as menu_services
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

HARD_DUTCH = (
    "De gemeente biedt ondersteuning bij het aanvragen van maatschappelijke voorzieningen "
    "via het digitale loket, mits de aanvrager beschikt over een geactiveerde DigiD met "
    "sms-controle en de noodzakelijke bewijsstukken tijdig worden aangeleverd."
)


def url(name, *args, **query):
    path = reverse(f"digital:{name}", args=args)
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


@pytest.fixture
def provider_staff(employee):
    """An employee of Amstelzorg, which provides `service`."""
    return employee


@pytest.fixture
def without_organisation(db):
    """A signed-in account that works for no organisation of the coalition."""
    return UserFactory(username="no-organisation")


@pytest.fixture
def arabic_text(service, languages):
    return ServiceText.objects.create(
        service=service,
        language=languages["ar"],
        title="مكالمة فيديو",
        text="تحدث مع الممرضة عبر الفيديو.",
    )


# --- Who may do what, page by page ---

# (url name, needs a service, status for coordinator, provider staff, another employee)
PAGES = [
    ("service_list", False, 200, 200, 200),
    ("service_detail", True, 200, 200, 200),
    ("service_history", True, 200, 200, 200),
    ("service_create", False, 200, 200, 200),  # each for an organisation of their own
    ("service_edit", True, 200, 200, 403),
    ("service_text_add", True, 200, 200, 403),
    ("menu_feedback", False, 200, 403, 403),
]
PEOPLE = ["coordinator", "provider_staff", "outsider"]


@pytest.mark.parametrize(
    "name, needs_service, who, status",
    [
        (name, needs_service, who, status)
        for name, needs_service, *statuses in PAGES
        for who, status in zip(PEOPLE, statuses, strict=True)
    ],
)
def test_pages_by_person(request, client_for, service, name, needs_service, who, status):
    args = [service.pk] if needs_service else []
    response = client_for(request.getfixturevalue(who)).get(url(name, *args))
    assert response.status_code == status


@pytest.mark.parametrize("who, status", [*zip(PEOPLE, [200, 200, 403], strict=True)])
def test_text_edit_page_by_person(request, client_for, arabic_text, who, status):
    c = client_for(request.getfixturevalue(who))
    response = c.get(url("service_text_edit", arabic_text.service_id, arabic_text.pk))
    assert response.status_code == status


@pytest.mark.parametrize("who", PEOPLE)
def test_client_menu_and_its_pdf_are_for_all_staff(request, client_for, service, who):
    c = client_for(request.getfixturevalue(who))
    query = {"doelgroep": service.target_groups.first().pk, "taal": "nl"}
    assert c.get(url("menu_for_clients", **query)).status_code == 200
    assert c.get(url("menu_pdf", **query)).status_code == 200


def test_an_account_without_an_organisation_may_not_add_a_service(client_for, without_organisation):
    assert client_for(without_organisation).get(url("service_create")).status_code == 403


def test_a_text_of_another_service_is_not_found(
    client_for, coordinator, other_service, arabic_text
):
    response = client_for(coordinator).get(
        url("service_text_edit", other_service.pk, arabic_text.pk)
    )
    assert response.status_code == 404


def test_unknown_service_is_not_found(client_for, employee):
    assert client_for(employee).get(url("service_detail", 99999)).status_code == 404


@pytest.mark.parametrize(
    "name, needs_service",
    [
        ("service_list", False),
        ("service_detail", True),
        ("service_history", True),
        ("service_create", False),
        ("service_edit", True),
        ("service_text_add", True),
        ("menu_for_clients", False),
        ("menu_pdf", False),
        ("menu_feedback", False),
    ],
)
def test_anonymous_is_sent_to_login(client, service, name, needs_service):
    response = client.get(url(name, *([service.pk] if needs_service else [])))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["service_retire", "service_feedback"])
def test_anonymous_cannot_post(client, service, name):
    response = client.post(url(name, service.pk), {"verdict": "useful"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not ServiceFeedback.objects.exists()
    service.refresh_from_db()
    assert service.retired_at is None


@pytest.mark.parametrize("name", ["service_retire", "service_feedback"])
def test_mutating_views_accept_post_only(client_for, coordinator, service, name):
    assert client_for(coordinator).get(url(name, service.pk)).status_code == 405


# --- The list ---


def test_list_shows_what_staff_need_to_choose(client_for, employee, service):
    body = client_for(employee).get(url("service_list")).content.decode()
    assert service.name in body
    assert "Amstelzorg" in body
    assert "Bel de wijkverpleging" in body
    assert "Arabisch" in body
    assert "Ouderen thuis" in body


def test_list_filters_by_group_language_level_and_text(
    client_for, employee, service, other_service, target_groups, languages
):
    c = client_for(employee)

    def names(**query):
        return [s.name for s in c.get(url("service_list", **query)).context["page"]]

    assert names() == [service.name, other_service.name]
    assert names(target_group=target_groups["elderly"].pk) == [service.name]
    assert names(language="tr") == [other_service.name]
    assert names(level=Band.INDEPENDENT) == [other_service.name]
    assert names(q="spreekuur") == [other_service.name]
    assert names(q="zonnehuis") == [other_service.name]  # the provider's name
    assert names(target_group=target_groups["newcomers"].pk, language="ar") == [service.name]


def test_retired_services_show_only_when_a_manager_asks(
    client_for, coordinator, employee, service, other_service
):
    service.retired_at = timezone.now()
    service.save()

    def names(user, **query):
        return [s.name for s in client_for(user).get(url("service_list", **query)).context["page"]]

    assert names(employee) == [other_service.name]
    assert names(employee, retired="on") == [other_service.name]  # not theirs to ask
    assert names(coordinator) == [other_service.name]
    assert names(coordinator, retired="on") == [service.name, other_service.name]


def test_list_runs_a_fixed_number_of_queries(
    client_for, employee, make_service, django_assert_max_num_queries
):
    c = client_for(employee)
    make_service("Dienst 0", groups=("elderly", "lvb"), langs=("nl", "ar"))
    with CaptureQueriesContext(connection) as one:
        with django_assert_max_num_queries(11):
            assert c.get(url("service_list")).status_code == 200
    for n in range(1, 60):
        make_service(f"Dienst {n:02}", groups=("elderly", "lvb"), langs=("nl", "ar", "tr"))
    with CaptureQueriesContext(connection) as many:
        with django_assert_max_num_queries(11):
            response = c.get(url("service_list"))
    assert len(response.context["page"].object_list) == 50
    assert len(many) == len(one)


# --- One service ---


def test_detail_shows_texts_statements_and_a_form_to_react(
    client_for, outsider, service, arabic_text
):
    response = client_for(outsider).get(url("service_detail", service.pk))
    body = response.content.decode()
    assert "Ik kan beeldbellen met mijn familie." in body
    assert 'lang="ar" dir="rtl"' in body
    assert arabic_text.title in body
    assert 'name="verdict" value="too_hard"' in body
    assert not response.context["may_edit"]
    assert "counts" not in response.context
    assert url("service_edit", service.pk) not in body


def test_editors_see_the_reactions_and_the_plain_language_check(
    client_for, provider_staff, service, arabic_text, languages
):
    ServiceFeedback.objects.create(service=service, verdict=Verdict.USEFUL)
    ServiceFeedback.objects.create(service=service, verdict=Verdict.TOO_HARD, comment="Te klein")
    ServiceFeedback.objects.create(service=service, verdict=Verdict.TOO_HARD)
    dutch = ServiceText.objects.create(
        service=service, language=languages["nl"], title="Moeilijk", text=HARD_DUTCH
    )
    response = client_for(provider_staff).get(url("service_detail", service.pk))
    body = response.content.decode()
    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts == {"useful": 1, "too_hard": 2, "not_for_me": 0}
    assert [c.comment for c in response.context["comments"]] == ["Te klein"]
    texts = {t.pk: t for t in response.context["texts"]}
    assert texts[dutch.pk].check.above_b1
    assert not texts[arabic_text.pk].check.checked  # Dutch only
    assert url("service_edit", service.pk) in body
    assert "data-confirm" in body


def test_feedback_is_one_click_with_an_optional_comment(client_for, outsider, service):
    c = client_for(outsider)
    response = c.post(url("service_feedback", service.pk), {"verdict": "too_hard"})
    assert response.status_code == 302
    response = c.post(
        url("service_feedback", service.pk), {"verdict": "useful", "comment": " Fijn! "}
    )
    assert response.status_code == 302
    rows = list(ServiceFeedback.objects.order_by("pk").values_list("verdict", "comment", "user"))
    assert rows == [("too_hard", "", outsider.pk), ("useful", "Fijn!", outsider.pk)]


def test_feedback_without_a_valid_verdict_comes_back_in_place(client_for, employee, service):
    response = client_for(employee).post(
        url("service_feedback", service.pk), {"verdict": "great", "comment": "Mijn opmerking"}
    )
    assert response.status_code == 400
    assert "verdict" in response.context["feedback_form"].errors
    assert "Mijn opmerking" in response.content.decode()
    assert not ServiceFeedback.objects.exists()


def test_no_feedback_on_a_retired_service(client_for, employee, service):
    service.retired_at = timezone.now()
    service.save()
    response = client_for(employee).post(url("service_feedback", service.pk), {"verdict": "useful"})
    assert response.status_code == 400
    assert "verdict" in response.context["feedback_form"].errors
    assert not ServiceFeedback.objects.exists()


def test_history_shows_who_changed_the_service(client_for, coordinator, outsider, service):
    client_for(coordinator).post(url("service_retire", service.pk))
    response = client_for(outsider).get(url("service_history", service.pk))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert entries[0]["user"] == coordinator
    assert [change["old"] for change in entries[0]["changes"]] == ["—"]


# --- Creating and changing services ---


def _service_data(groups, langs, **overrides):
    data = {
        "name": "Medicijnen bestellen",
        "description": "Je bestelt je medicijnen bij de apotheek met de app.",
        "url": "https://apotheek.example.org/",
        "level": Band.INDEPENDENT,
        "analog_alternative": "Bel de apotheek of loop even langs.",
        "target_groups": [groups["elderly"].pk],
        "languages": [langs["nl"].pk, langs["ar"].pk],
        "statements": [],
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_service_of_a_partner_outside_the_coalition(
    client_for, coordinator, target_groups, languages, statements
):
    data = _service_data(
        target_groups, languages, provider_name="Bibliotheek", statements=[statements["digid"].pk]
    )
    response = client_for(coordinator).post(url("service_create"), data)
    service = Service.objects.get(name="Medicijnen bestellen")
    assert response.status_code == 302
    assert response["Location"] == url("service_detail", service.pk)
    assert service.provider is None and service.provided_by == "Bibliotheek"
    assert set(service.languages.values_list("code", flat=True)) == {"nl", "ar"}
    assert list(service.statements.all()) == [statements["digid"]]
    assert service.history.first().history_user == coordinator
    assert set(service.history.first().languages.values_list("language__code", flat=True)) == {
        "nl",
        "ar",
    }


def test_staff_add_a_service_of_their_own_organisation(
    client_for, provider_staff, organisation, target_groups, languages
):
    data = _service_data(target_groups, languages, provider=organisation.pk)
    assert client_for(provider_staff).post(url("service_create"), data).status_code == 302
    assert Service.objects.get().provider == organisation


def test_staff_cannot_add_a_service_for_another_organisation(
    client_for, provider_staff, other_organisation, target_groups, languages
):
    form_page = client_for(provider_staff).get(url("service_create"))
    assert list(form_page.context["form"].fields["provider"].queryset) == [
        provider_staff.profile.organisations.get()
    ]
    data = _service_data(target_groups, languages, provider=other_organisation.pk)
    response = client_for(provider_staff).post(url("service_create"), data)
    assert response.status_code == 400
    assert "provider" in response.context["form"].errors
    assert not Service.objects.exists()


def test_a_service_needs_groups_languages_and_an_analog_alternative_and_keeps_the_input(
    client_for, coordinator, target_groups, languages
):
    data = _service_data(
        target_groups,
        languages,
        provider_name="Bibliotheek",
        target_groups=[],
        languages=[],
        analog_alternative="  ",
        url="geen-adres",
    )
    response = client_for(coordinator).post(url("service_create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"target_groups", "languages", "analog_alternative", "url"} <= set(errors)
    body = response.content.decode()
    assert 'value="Medicijnen bestellen"' in body
    assert "Je bestelt je medicijnen" in body
    assert not Service.objects.exists()


def test_a_name_is_unique_whatever_its_capitals(
    client_for, coordinator, service, target_groups, languages
):
    for name in (service.name, service.name.upper()):
        data = _service_data(target_groups, languages, provider_name="X", name=name)
        response = client_for(coordinator).post(url("service_create"), data)
        assert response.status_code == 400
        assert "name" in response.context["form"].errors
    assert Service.objects.count() == 1


def test_a_coordinator_says_who_provides_the_service(
    client_for, coordinator, target_groups, languages
):
    response = client_for(coordinator).post(
        url("service_create"), _service_data(target_groups, languages)
    )
    assert response.status_code == 400
    assert "provider" in response.context["form"].errors


def test_provider_staff_edit_their_service(
    client_for, provider_staff, organisation, service, target_groups, languages
):
    data = _service_data(target_groups, languages, provider=organisation.pk, name="Beeldbellen")
    records = service.history.count()
    response = client_for(provider_staff).post(url("service_edit", service.pk), data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Beeldbellen"
    assert set(service.languages.values_list("code", flat=True)) == {"nl", "ar"}
    assert list(service.target_groups.all()) == [target_groups["elderly"]]
    # One change, one history record, with its relations in it.
    assert service.history.count() == records + 1
    assert service.history.first().history_user == provider_staff
    assert service.history.first().target_groups.count() == 1


def test_another_employee_cannot_edit_by_post(
    client_for, outsider, other_organisation, service, target_groups, languages
):
    data = _service_data(target_groups, languages, provider=other_organisation.pk)
    response = client_for(outsider).post(url("service_edit", service.pk), data)
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.name == "Beeldbellen met de wijkverpleging"


def test_the_service_refuses_a_second_caller_too(
    outsider, provider_staff, service, other_service, target_groups, languages
):
    with pytest.raises(PermissionDenied):
        menu_services.service_save(
            service=service,
            target_groups=[target_groups["elderly"]],
            languages=[languages["nl"]],
            actor=outsider,
        )
    with pytest.raises(PermissionDenied):
        menu_services.service_retire(service=other_service, actor=provider_staff)
    service.analog_alternative = ""
    with pytest.raises(ValidationError) as refused:
        menu_services.service_save(
            service=service, target_groups=[], languages=[languages["nl"]], actor=provider_staff
        )
    assert {"target_groups", "analog_alternative"} <= set(refused.value.message_dict)


# --- Retiring ---


@pytest.mark.parametrize("who, status", [("coordinator", 302), ("provider_staff", 302)])
def test_retire_and_bring_back(request, client_for, service, who, status):
    c = client_for(request.getfixturevalue(who))
    assert c.post(url("service_retire", service.pk), {"action": "retire"}).status_code == status
    service.refresh_from_db()
    assert service.retired_at is not None
    assert service not in Service.objects.current()
    assert c.post(url("service_retire", service.pk), {"action": "restore"}).status_code == 302
    service.refresh_from_db()
    assert service.retired_at is None


def test_another_employee_cannot_retire(client_for, outsider, service):
    assert client_for(outsider).post(url("service_retire", service.pk)).status_code == 403
    service.refresh_from_db()
    assert service.retired_at is None


def test_retiring_twice_keeps_the_first_date(client_for, coordinator, service):
    c = client_for(coordinator)
    c.post(url("service_retire", service.pk), {"action": "retire"})
    service.refresh_from_db()
    first = service.retired_at
    c.post(url("service_retire", service.pk), {"action": "retire"})
    service.refresh_from_db()
    assert service.retired_at == first


# --- Texts ---


def test_a_hard_dutch_text_is_saved_with_a_hint(client_for, provider_staff, service, languages):
    c = client_for(provider_staff)
    response = c.post(
        url("service_text_add", service.pk),
        {"language": languages["nl"].pk, "title": "Beeldbellen", "text": HARD_DUTCH},
    )
    text = ServiceText.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("service_text_edit", service.pk, text.pk)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success", "warning"]
    page = c.get(response["Location"])
    assert page.context["check"].above_b1
    assert "B1" in page.content.decode()


def test_a_plain_text_for_one_group_gets_no_warning(
    client_for, coordinator, service, languages, target_groups
):
    response = client_for(coordinator).post(
        url("service_text_add", service.pk),
        {
            "language": languages["nl"].pk,
            "target_group": target_groups["newcomers"].pk,
            "title": "Bellen met beeld",
            "text": "Je belt met de zuster. Je ziet haar op het scherm. Het is gratis.",
        },
    )
    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    assert ServiceText.objects.get().target_group == target_groups["newcomers"]


def test_the_arabic_edit_page_says_the_check_is_for_dutch_only(
    client_for, coordinator, arabic_text
):
    response = client_for(coordinator).get(
        url("service_text_edit", arabic_text.service_id, arabic_text.pk)
    )
    assert not response.context["check"].checked


def test_a_text_only_in_the_services_languages_and_once_per_group(
    client_for, coordinator, service, languages, arabic_text, target_groups
):
    c = client_for(coordinator)
    not_offered = c.post(
        url("service_text_add", service.pk),
        {"language": languages["tr"].pk, "title": "Görüntülü", "text": "Metin"},
    )
    assert not_offered.status_code == 400
    assert "language" in not_offered.context["form"].errors
    twice = c.post(
        url("service_text_add", service.pk),
        {"language": languages["ar"].pk, "title": "Nog een", "text": "Tekst"},
    )
    assert twice.status_code == 400
    assert "language" in twice.context["form"].errors
    assert 'value="Nog een"' in twice.content.decode()
    other_group = c.post(
        url("service_text_add", service.pk),
        {
            "language": languages["nl"].pk,
            "target_group": target_groups["lvb"].pk,
            "title": "X",
            "text": "Y",
        },
    )
    assert other_group.status_code == 400
    assert "target_group" in other_group.context["form"].errors
    assert ServiceText.objects.count() == 1


def test_editing_a_text_keeps_its_place(client_for, provider_staff, arabic_text, languages):
    response = client_for(provider_staff).post(
        url("service_text_edit", arabic_text.service_id, arabic_text.pk),
        {"language": languages["ar"].pk, "title": "عنوان جديد", "text": arabic_text.text},
    )
    assert response.status_code == 302
    arabic_text.refresh_from_db()
    assert arabic_text.title == "عنوان جديد"


def test_another_employee_cannot_write_texts(client_for, outsider, service, languages):
    response = client_for(outsider).post(
        url("service_text_add", service.pk),
        {"language": languages["nl"].pk, "title": "T", "text": "Tekst"},
    )
    assert response.status_code == 403
    assert not ServiceText.objects.exists()


# --- The menu for clients ---


def test_client_menu_in_arabic_is_right_to_left_and_falls_back_step_by_step(
    client_for, employee, make_service, target_groups, languages, organisation
):
    newcomers, arabic = target_groups["newcomers"], languages["ar"]
    specific = make_service("A-dienst", groups=("newcomers",), langs=("nl", "ar"))
    general = make_service("B-dienst", groups=("newcomers",), langs=("nl", "ar"))
    dutch_only = make_service("C-dienst", groups=("newcomers",), langs=("nl", "ar"))
    make_service("D-niet-in-het-arabisch", groups=("newcomers",), langs=("nl",))
    make_service("E-andere-groep", groups=("elderly",), langs=("ar",))
    make_service("F-ingetrokken", groups=("newcomers",), langs=("ar",), retired_at=timezone.now())
    ServiceText.objects.create(
        service=specific, language=arabic, target_group=newcomers, title="خاص", text="نص خاص"
    )
    ServiceText.objects.create(service=specific, language=arabic, title="عام", text="نص عام")
    ServiceText.objects.create(service=general, language=arabic, title="عام", text="نص عام 2")

    response = client_for(employee).get(url("menu_for_clients", doelgroep=newcomers.pk, taal="ar"))
    body = response.content.decode()
    cards = response.context["cards"]
    assert [card["service"].name for card in cards] == ["A-dienst", "B-dienst", "C-dienst"]
    assert [card["body"] for card in cards] == ["نص خاص", "نص عام 2", dutch_only.description]
    assert [card["body_is_dutch"] for card in cards] == [False, False, True]
    assert 'lang="ar" dir="rtl"' in body
    assert 'aria-hidden="true"' in body
    assert "Bel de balie voor C-dienst." in body
    assert url("menu_pdf") + f"?doelgroep={newcomers.pk}&amp;taal=ar" in body


def test_client_menu_runs_a_fixed_number_of_queries(
    client_for, employee, make_service, target_groups, languages, django_assert_max_num_queries
):
    c = client_for(employee)
    page = url("menu_for_clients", doelgroep=target_groups["elderly"].pk, taal="ar")

    def add(n):
        service = make_service(f"Dienst {n:02}", langs=("nl", "ar"), helps=("video", "digid"))
        ServiceText.objects.create(service=service, language=languages["ar"], title="ع", text="ن")

    add(0)
    with CaptureQueriesContext(connection) as one:
        with django_assert_max_num_queries(12):
            assert c.get(page).status_code == 200
    for n in range(1, 30):
        add(n)
    with CaptureQueriesContext(connection) as many:
        with django_assert_max_num_queries(12):
            response = c.get(page)
    assert len(response.context["cards"]) == 30
    assert len(many) == len(one)


def test_the_edit_page_checks_the_dutch_fields(client_for, provider_staff, service):
    response = client_for(provider_staff).get(url("service_edit", service.pk))
    checks = [check for _label, check in response.context["checks"]]
    assert len(checks) == 2
    assert all(check.checked and not check.above_b1 for check in checks)


def test_client_menu_asks_for_a_group_and_a_language(client_for, employee, languages):
    c = client_for(employee)
    first = c.get(url("menu_for_clients"))
    assert first.status_code == 200
    assert first.context["cards"] is None
    wrong = c.get(url("menu_for_clients", doelgroep=99999, taal="xx"))
    assert wrong.status_code == 400
    assert {"doelgroep", "taal"} == set(wrong.context["form"].errors)
    assert c.get(url("menu_pdf", taal="nl")).status_code == 400


def _pdf_text(response, tmp_path):
    path = tmp_path / "menu.pdf"
    path.write_bytes(response.content)
    result = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_pdf_has_every_service_and_its_analog_alternative(
    client_for, employee, service, make_service, target_groups, tmp_path
):
    second = make_service("Apotheek-app", groups=("elderly",), langs=("nl",))
    response = client_for(employee).get(
        url("menu_pdf", doelgroep=target_groups["elderly"].pk, taal="nl")
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(response, tmp_path).split())
    for item in (service, second):
        assert item.name in text
        assert item.analog_alternative in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_arabic_pdf_has_the_arabic_text(
    client_for, employee, service, arabic_text, target_groups, tmp_path
):
    response = client_for(employee).get(
        url("menu_pdf", doelgroep=target_groups["elderly"].pk, taal="ar")
    )
    text = _pdf_text(response, tmp_path)
    assert service.name in " ".join(text.split())
    assert service.analog_alternative in " ".join(text.split())
    # The Arabic glyphs were drawn (a font without them would give nothing or boxes).
    assert any("\u0600" <= char <= "\u06ff" for char in text)
    assert "menukaart-ouderen-thuis-ar.pdf" in response["Content-Disposition"]


# --- Feedback overview for coordinators ---


def test_feedback_overview_puts_the_hardest_first_with_the_latest_comments(
    client_for, coordinator, make_service
):
    easy = make_service("Makkelijk")
    hard = make_service("Moeilijk")
    silent = make_service("Stil")
    for verdict in ["useful", "useful", "too_hard"]:
        ServiceFeedback.objects.create(service=easy, verdict=verdict)
    for n, verdict in enumerate(["too_hard", "too_hard", "not_for_me", "too_hard", "useful"]):
        ServiceFeedback.objects.create(service=hard, verdict=verdict, comment=f"opmerking {n}")
    response = client_for(coordinator).get(url("menu_feedback"))
    rows = list(response.context["page"])
    assert [s.name for s in rows] == ["Moeilijk", "Makkelijk", silent.name]
    assert (rows[0].useful, rows[0].too_hard, rows[0].not_for_me, rows[0].total) == (1, 3, 1, 5)
    assert [c.comment for c in rows[0].latest_comments] == [
        "opmerking 4",
        "opmerking 3",
        "opmerking 2",
    ]
    assert "60%" in response.content.decode()


def test_feedback_overview_runs_a_fixed_number_of_queries(
    client_for, coordinator, make_service, django_assert_max_num_queries
):
    c = client_for(coordinator)
    first = make_service("Dienst 0")
    ServiceFeedback.objects.create(service=first, verdict="useful", comment="ok")
    with CaptureQueriesContext(connection) as one:
        with django_assert_max_num_queries(7):
            assert c.get(url("menu_feedback")).status_code == 200
    for n in range(1, 60):
        service = make_service(f"Dienst {n:02}")
        ServiceFeedback.objects.bulk_create(
            ServiceFeedback(service=service, verdict=v, comment=f"c{n}")
            for v in ("useful", "too_hard", "too_hard", "not_for_me")
        )
    with CaptureQueriesContext(connection) as many:
        with django_assert_max_num_queries(7):
            assert c.get(url("menu_feedback")).status_code == 200
    assert len(many) == len(one)


# --- Valid HTML ---


@pytest.mark.html
def test_menu_pages_are_valid_html(
    client_for, coordinator, service, arabic_text, target_groups, tmp_path, vnu_jar
):
    c = client_for(coordinator)
    ServiceFeedback.objects.create(service=service, verdict="too_hard", comment="Te snel")
    bad_service = c.post(url("service_create"), {"name": "X"})
    bad_feedback = c.post(url("service_feedback", service.pk), {"verdict": "?"})
    pages = {
        "list": c.get(url("service_list")),
        "detail": c.get(url("service_detail", service.pk)),
        "create": c.get(url("service_create")),
        "create-errors": bad_service,
        "feedback-errors": bad_feedback,
        "edit": c.get(url("service_edit", service.pk)),
        "text-add": c.get(url("service_text_add", service.pk)),
        "text-edit": c.get(url("service_text_edit", service.pk, arabic_text.pk)),
        "history": c.get(url("service_history", service.pk)),
        "clients": c.get(url("menu_for_clients", doelgroep=target_groups["elderly"].pk, taal="ar")),
        "clients-empty": c.get(url("menu_for_clients")),
        "feedback": c.get(url("menu_feedback")),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '').rsplit('/', 1)[-1]}: {m.get('message')}" for m in messages]
    assert not problems, "\n".join(problems)

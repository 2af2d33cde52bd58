"""Keeping the menu: adding and changing services (by the coordinator for any provider, by
staff for their own organisation), the plain-language check on the edit page, retiring and
bringing back, and the texts per language and target group; the service refuses what the
form refuses."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from digital.models import Band, Service, ServiceText
from digital.services import menu as menu_services
from tests.digital.menu_helpers import HARD_DUTCH, url

pytestmark = pytest.mark.django_db


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


def test_the_edit_page_checks_the_dutch_fields(client_for, provider_staff, service):
    response = client_for(provider_staff).get(url("service_edit", service.pk))
    checks = [check for _label, check in response.context["checks"]]
    assert len(checks) == 2
    assert all(check.checked and not check.above_b1 for check in checks)


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

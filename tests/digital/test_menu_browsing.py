"""Reading the menu: the list and its filters, one service with its texts and one-click
feedback, its history, the menu for clients on screen and as PDF (Arabic right to left,
falling back step by step), the feedback overview for coordinators, and fixed query counts
on the lists."""

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digital.models import Band, Language, ServiceFeedback, ServiceText, Verdict
from tests.digital.menu_helpers import HARD_DUTCH, url

pytestmark = pytest.mark.django_db


# --- The list ---


def test_list_shows_what_staff_need_to_choose(client_for, employee, service):
    body = client_for(employee).get(url("service_list")).content.decode()
    assert service.name in body
    assert "Amstelzorg" in body
    assert "Bel de wijkverpleging" in body
    assert "Arabisch" in body
    assert "Ouderen thuis" in body


def test_each_card_shows_its_own_groups_and_languages_in_name_order(
    client_for, employee, service, other_service, target_groups, languages
):
    page = client_for(employee).get(url("service_list")).context["page"]
    shown = {
        s.name: ([g.name for g in s.shown_target_groups], [str(x) for x in s.shown_languages])
        for s in page
    }

    def named(*codes):  # in the order the languages have (by name)
        return [str(x) for x in Language.objects.filter(code__in=codes)]

    assert shown == {
        service.name: (["Nieuwkomers", "Ouderen thuis"], named("nl", "ar")),
        other_service.name: (["Nieuwkomers"], named("nl", "tr")),
    }
    assert len(named("nl", "ar")) == 2


def test_the_filter_offers_every_group_and_language_and_keeps_the_choice(
    client_for, employee, service, target_groups, languages
):
    chosen = target_groups["lvb"]
    response = client_for(employee).get(url("service_list", target_group=chosen.pk, language="tr"))
    body = response.content.decode()
    for group in target_groups.values():
        assert f'<option value="{group.pk}"' in body
    for code in languages:
        assert f'<option value="{code}"' in body
    assert f'<option value="{chosen.pk}" selected>' in body
    assert '<option value="tr" selected>' in body
    # A value that is no group is refused by the form, as before: the list is unfiltered.
    bad = client_for(employee).get(url("service_list", target_group=999999))
    assert "target_group" in bad.context["filters"].errors


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

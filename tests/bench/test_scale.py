"""`seed_demo --scale N`: the scaled coalition has the proportions of coalition.scale, and
what the app derives from its rows (case permissions, client sight) holds as if entered
through the pages.

The generator runs here with a small unit of scale (the same code, fewer rows per unit) so
the test stays quick; that the unit gives the reference coalition at N=10 is checked
on its own."""

import pytest
from django.core.management import call_command
from guardian.shortcuts import get_objects_for_user

from coalition import roles, scale
from coalition.models import Organisation, Profile
from digital.models import Client, Intake
from dilemmas.models import CaseStatus, DilemmaCase
from dilemmas.services import sync_case_permissions
from regiegroep.models import Scenario
from relatiebeheer.models import ContactMoment

SMALL_UNIT = {
    "organisations": 5,
    "staff": 60,
    "clients": 40,
    "contact_moments": 600,
    "cases": 30,
    "scenarios": 6,
}


def test_scale_ten_is_the_reference_coalition():
    assert scale.targets(10) == {
        "organisations": 50,
        "staff": 2_000,
        "clients": 20_000,
        "contact_moments": 100_000,
        "cases": 10_000,
        "scenarios": 200,
    }
    assert scale.targets(2) == {key: value // 5 for key, value in scale.targets(10).items()}


def test_spread_shares_a_total_out_evenly():
    assert scale.spread(10, 3) == [4, 3, 3]
    assert sum(scale.spread(1234, 7)) == 1234
    assert scale.spread(-5, 2) == [0, 0]


@pytest.mark.django_db
def test_seed_demo_at_scale_two_has_the_proportions(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(scale, "PER_SCALE", SMALL_UNIT)
    call_command("seed_demo", "--scale=2", verbosity=0)
    wanted = {key: per * 2 for key, per in SMALL_UNIT.items()}
    assert Organisation.objects.count() == wanted["organisations"]
    assert Profile.objects.count() == wanted["staff"]
    assert Client.objects.count() == wanted["clients"]
    assert ContactMoment.objects.count() == wanted["contact_moments"]
    assert DilemmaCase.objects.count() == wanted["cases"]
    assert Scenario.objects.count() == wanted["scenarios"]
    scaled_clients = Client.objects.filter(number__startswith="SC-")
    assert Intake.objects.filter(client__in=scaled_clients).count() == scaled_clients.count()

    # Derived the app's way: syncing a scaled case again changes none of its rows, and the
    # scaled intake staff see the clients of their own organisation only.
    scaled_cases = DilemmaCase.objects.filter(author__username__startswith=scale.STAFF_PREFIX)
    assert scaled_cases.exclude(status=CaseStatus.DRAFT).exists()
    for case in scaled_cases[:10]:
        before = sorted(case.caseuserobjectpermission_set.values_list("user_id", "permission"))
        sync_case_permissions(case)
        after = sorted(case.caseuserobjectpermission_set.values_list("user_id", "permission"))
        assert before == after and before
    intake = Profile.objects.filter(
        user__username__startswith=scale.STAFF_PREFIX, user__groups__name=roles.INTAKE_STAFF
    ).first()
    seen = get_objects_for_user(
        intake.user, "coalition.see_clients", klass=Organisation, accept_global_perms=False
    )
    assert list(seen) == list(intake.organisations.all())

    # A second run at the same scale adds nothing.
    call_command("seed_demo", "--scale=2", verbosity=0)
    assert DilemmaCase.objects.count() == wanted["cases"]
    assert Profile.objects.count() == wanted["staff"]

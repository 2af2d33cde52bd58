import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coalition.demo import USERS
from coalition.models import Organisation, Team

pytestmark = pytest.mark.django_db


def _counts():
    return (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Team.objects.count(),
    )


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert set(USERS) <= usernames


def test_every_demo_user_has_a_role_and_an_organisation(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    for username in USERS:
        user = get_user_model().objects.get(username=username)
        assert user.groups.exists(), username
        assert user.profile.organisations.exists(), username
        assert user.check_password("coalitie-demo")


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert get_user_model().objects.count() == 0


def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    from coalition.roles import ALL_ROLES

    assert set(ALL_ROLES) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db(transaction=True)
def test_role_groups_and_their_permissions_survive_a_flush():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from coalition.roles import ALL_ROLES

    call_command("flush", interactive=False, verbosity=0)
    assert set(ALL_ROLES) <= set(Group.objects.values_list("name", flat=True))
    coordinator = Group.objects.get(name="coordinator")
    assert coordinator.permissions.filter(codename="add_steeringgroup").exists()
    # Coordinators keep people in the app's own pages, never through model permissions.
    assert not coordinator.permissions.filter(content_type__app_label="auth").exists()

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coalition import demo
from coalition.demo import USERS
from coalition.models import Organisation, Team
from dilemmas.demo import EXTRA_USERS
from regiegroep.demo import REPRESENTATIVES

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


def test_every_demo_account_of_every_app_logs_in_alike(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    usernames = {*USERS, *EXTRA_USERS, *REPRESENTATIVES}
    people = get_user_model().objects.filter(username__in=usernames)
    assert {user.username for user in people} == usernames
    for user in people:
        assert user.check_password(demo.DEMO_PASSWORD), user.username
        assert user.email == f"{user.username}@coalitie.example"
    assert get_user_model().objects.get(username="coordinator").is_staff
    assert not get_user_model().objects.filter(is_staff=True).exclude(username="coordinator")


def test_a_second_seed_demo_writes_no_row_at_all(settings):
    """Not even a history entry: a second run adds nothing to what the first made."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = {model._meta.label: model.objects.count() for model in apps.get_models()}
    call_command("seed_demo", verbosity=0)
    second = {model._meta.label: model.objects.count() for model in apps.get_models()}
    assert {k: (v, second[k]) for k, v in first.items() if second[k] != v} == {}


def test_a_demo_user_adds_what_is_missing_and_takes_nothing_away(
    organisation, other_organisation, team, make_person
):
    person = make_person("employee", organisation, team=team, username="teamlead")
    person.set_unusable_password()
    person.save()
    ctx = demo.DemoContext(
        organisations={"a": organisation, "b": other_organisation}, teams={"t": team}
    )
    spec = demo.DemoUser("Tom", "Nieuw", "Teamleider", ["team_lead"], ["b"], teams=["t"])

    user = demo.demo_user(ctx, "teamlead", spec)

    assert user == person and ctx.users["teamlead"] == person
    assert user.check_password(demo.DEMO_PASSWORD)
    assert set(user.groups.values_list("name", flat=True)) == {"employee", "team_lead"}
    assert set(user.profile.organisations.all()) == {organisation, other_organisation}
    assert list(user.profile.teams.all()) == [team]
    assert user.last_name != "Nieuw"  # an existing account keeps its name


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

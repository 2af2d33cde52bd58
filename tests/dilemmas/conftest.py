"""A small coalition for moral deliberation: one working group serving Amstelzorg, a second
team with its own lead, and a working-group member of a group that serves only another
organisation."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from coalition import roles
from dilemmas import services
from dilemmas.default_form import ensure_default_form
from dilemmas.models import CaseFormVersion, CaseQuestion, Perspective
from tests.coalition.factories import TeamFactory

from .factories import CaseFactory, SessionFactory, WorkingGroupFactory


@pytest.fixture(autouse=True)
def _rows_from_data_migrations(request):
    """A transactional test starts after a flush, which removes what the data migration made
    (the default case form); put it back for these tests. The role groups come back by
    themselves (coalition.roles.sync_role_groups runs after every flush)."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    ensure_default_form(CaseFormVersion, CaseQuestion)


@pytest.fixture
def group(organisation, working_group_member):
    group = WorkingGroupFactory(name="Werkgroep Moreel Beraad")
    services.group_save(group=group, organisations=[organisation], actor=None)
    services.member_add(
        group=group, user=working_group_member, perspective=Perspective.EMPLOYEE, actor=None
    )
    return group


@pytest.fixture
def other_team(organisation):
    return TeamFactory(organisation=organisation, name="Dagbesteding Oost")


@pytest.fixture
def other_team_lead(make_person, organisation, other_team):
    return make_person(roles.TEAM_LEAD, organisation, other_team, username="teamlead2")


@pytest.fixture
def colleague(make_person, organisation, team):
    """Another employee of the same team, not in any session."""
    return make_person(roles.EMPLOYEE, organisation, team, username="colleague")


@pytest.fixture
def foreign_group_member(make_person, other_organisation):
    """A working-group member of a group that serves only another organisation."""
    user = make_person(roles.WORKING_GROUP_MEMBER, other_organisation, username="wg_elsewhere")
    foreign = WorkingGroupFactory(name="Werkgroep Zonnehuis")
    services.group_save(group=foreign, organisations=[other_organisation], actor=None)
    services.member_add(group=foreign, user=user, perspective=Perspective.MANAGER, actor=None)
    return user


@pytest.fixture
def make_case(organisation, team):
    """make_case(author, **fields) -> a case with the permissions the services grant."""

    def make(author, **fields):
        fields.setdefault("organisation", organisation)
        fields.setdefault("team", team)
        case = CaseFactory(author=author, **fields)
        services.sync_case_permissions(case)
        return case

    return make


@pytest.fixture
def case(make_case, employee, group):
    return make_case(employee, title="Bezoek beperken")


@pytest.fixture
def session_with_case(case, team, team_lead, employee):
    session = SessionFactory(team=team, lead=team_lead)
    return services.session_save(
        session=session, participants=[team_lead, employee], cases=[case], actor=team_lead
    )


@pytest.fixture
def english_for():
    """english_for(user) -> a logged-in client that reads the pages in English (the source
    strings), whatever the translations say."""

    def make(user):
        c = Client()
        c.force_login(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    # The locale middleware activates the language in this thread and leaves it active:
    # the tests after these must not run in English.
    previous = translation.get_language()
    yield make
    translation.activate(previous)

import datetime

import pytest

from regiegroep import services
from regiegroep.models import Seat
from tests.regiegroep.factories import SteeringGroupFactory


@pytest.fixture
def group(organisation):
    """A steering group of which `organisation` is a member."""
    return SteeringGroupFactory(name="Regiegroep Amsterdam", organisations=[organisation])


@pytest.fixture
def member(group, organisation, steering_member):
    """The steering member, holding a seat in `group` (and so its member rights)."""
    services.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=steering_member,
            role="Voorzitter",
            hours_per_week=4,
            start_date=datetime.date(2026, 1, 1),
        )
    )
    return steering_member


@pytest.fixture
def reader(employee, group):
    """Staff of a member organisation without a seat: may read what is published."""
    return employee

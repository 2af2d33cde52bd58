"""Final minutes hold: a meeting whose minutes are final does not move, whoever asks the
service (the page offers no move then, a second caller must be refused too)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relatiebeheer.services import meetings as services

from .meetings_helpers import first_meeting

pytestmark = pytest.mark.django_db


def test_a_meeting_whose_minutes_are_final_does_not_move(fixed_now, series, ann):
    meeting = first_meeting(series)
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["closed_at"])
    planned = meeting.starts_at
    for cancelled in (False, True):
        with pytest.raises(ValidationError):
            services.meeting_move(
                meeting=meeting,
                starts_at=planned + timedelta(days=1),
                cancelled=cancelled,
                actor=ann,
            )
    meeting.refresh_from_db()
    assert meeting.starts_at == planned and not meeting.cancelled

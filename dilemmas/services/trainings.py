"""Trainings: who must follow what when, enrolment within capacity, attendance, calendar."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.permissions import user_organisation_ids
from coalition.roles import TEAM_LEAD, has_role

from ..models import (
    Audience,
    CalendarFeed,
    Enrolment,
    TrainingSession,
    TrainingType,
    WorkingGroup,
)
from ..permissions import team_leads

User = get_user_model()


class EnrolmentClosed(Exception):
    """The session has started: nobody can enrol any more."""


class CapacityError(Exception):
    """A training session has fewer free places than people to enrol."""

    def __init__(self, free):
        super().__init__(free)
        self.free = free


# --- Trainings ---


@dataclass
class TrainingDue:
    training: TrainingType
    last_attended: date | None  # None: never followed
    due: date

    def is_overdue(self, today):
        return self.due <= today

    @property
    def key_date(self):
        return self.due.isoformat()


def trainings_due_for(users, today):
    """{user_id: [TrainingDue]} for the mandatory trainings each person must follow.

    Fixed number of queries whatever the number of people."""
    users = list(users)
    user_ids = [u.pk for u in users]
    user_orgs, joined, leads = _people_facts(users)
    if not any(user_orgs.values()):
        # A training is for the staff of the organisations its group serves: nobody here
        # works for one (a coordinator, say).
        return {user_id: [] for user_id in user_ids}
    mandatory = TrainingType.objects.filter(mandatory=True)
    served = {}
    if len(user_ids) == 1:
        # One person (their own page): only the trainings of the groups serving their
        # organisations, in one query.
        orgs = user_orgs.get(user_ids[0], set())
        trainings = list(
            mandatory.filter(
                group__in=WorkingGroup.organisations.through.objects.filter(
                    organisation_id__in=orgs
                ).values("workinggroup_id")
            )
        )
        served = {training.pk: orgs for training in trainings}
    else:
        trainings = list(mandatory)
        # The organisations each training serves, once per call, not once per person.
        for training_id, org_id in mandatory.values_list("pk", "group__organisations"):
            served.setdefault(training_id, set()).add(org_id)
    last = {
        (row["user_id"], row["session__training_id"]): row["last"]
        for row in Enrolment.objects.filter(user_id__in=user_ids, attended=True)
        .values("user_id", "session__training_id")
        .annotate(last=Max("session__starts_at"))
    }
    result = {}
    for user_id in user_ids:
        items = []
        for training in trainings:
            if not served.get(training.pk, set()) & user_orgs.get(user_id, set()):
                continue
            if training.audience == Audience.TEAM_LEADS and user_id not in leads:
                continue
            last_at = last.get((user_id, training.pk))
            last_day = timezone.localtime(last_at).date() if last_at else None
            due = training.next_due(last_day, joined[user_id])
            if due == date.max:
                continue
            items.append(TrainingDue(training=training, last_attended=last_day, due=due))
        items.sort(key=lambda d: d.due)
        result[user_id] = items
    return result


def _people_facts(users):
    """({user_id: organisation ids}, {user_id: day joined}, ids of the team leads among
    them). One person (their own page) is read through what the request already knows of
    them; more people in two queries."""
    if len(users) == 1 and isinstance(users[0], User):
        user = users[0]
        leads = {user.pk} if user.is_active and has_role(user, TEAM_LEAD) else set()
        joined = {user.pk: timezone.localtime(user.date_joined).date()}
        return {user.pk: set(user_organisation_ids(user))}, joined, leads
    user_ids = [u.pk for u in users]
    user_orgs, joined = {}, {}
    for user_id, date_joined, org_id in User.objects.filter(pk__in=user_ids).values_list(
        "pk", "date_joined", "profile__organisations"
    ):
        joined[user_id] = timezone.localtime(date_joined).date()
        if org_id:
            user_orgs.setdefault(user_id, set()).add(org_id)
    leads = set(team_leads().filter(pk__in=user_ids).values_list("pk", flat=True))
    return user_orgs, joined, leads


@transaction.atomic
def enrol(*, session, users, actor):
    """Enrol people in a session; all or none, and never beyond its capacity.

    The session row is locked first, so two enrolments at the same moment are counted one
    after the other (PostgreSQL); SQLite serialises writers anyway."""
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.starts_at <= timezone.now():
        raise EnrolmentClosed
    already = set(locked.enrolments.values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in already]
    free = locked.capacity - len(already)
    if len(new) > free:
        raise CapacityError(max(free, 0))
    Enrolment.objects.bulk_create(
        [Enrolment(session=locked, user=u, enrolled_by=actor) for u in new]
    )
    return new


@transaction.atomic
def unenrol(*, session, user):
    Enrolment.objects.filter(session=session, user=user).delete()


@transaction.atomic
def record_attendance(*, session, present_ids):
    """Record who of the enrolled came. Only once the session has started (ValidationError
    before): nobody can have attended a session that has not begun."""
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    present_ids = set(present_ids)
    for enrolment in session.enrolments.all():
        enrolment.attended = enrolment.user_id in present_ids
        enrolment.save(update_fields=["attended"])


@transaction.atomic
def training_session_save(*, session):
    """Plan or change a training session. Its places never drop below the people already
    enrolled (ValidationError on `capacity`): the row is locked as `enrol` locks it, so an
    enrolment and a change of places are counted one after the other."""
    if session.pk is not None:
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        enrolled = locked.enrolments.count()
        if session.capacity < enrolled:
            raise ValidationError(
                {"capacity": _("%(count)s people are already enrolled.") % {"count": enrolled}}
            )
    session.touch()
    session.save()
    return session


@transaction.atomic
def training_type_save(*, training):
    training.save()
    return training


@transaction.atomic
def calendar_feed_for(*, user, reset=False):
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if reset and not created:
        feed.token = CalendarFeed.new_token()
        feed.created_at = timezone.now()
        feed.save()
    return feed

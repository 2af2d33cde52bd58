"""Due rows and naive loops of the sweeps of moral deliberation, digital inclusion and
relationship management (see bench/sweeps.py)."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from coalition import roles
from coalition.models import Organisation, Profile, Team
from coalition.services import notify
from digital.models import Client, Intake, Language, TargetGroup
from digital.services.plans import intake_staff_ids
from dilemmas.models import (
    Audience,
    Consultation,
    ConsultationStatus,
    Enrolment,
    SupervisionSession,
    TeamReflectionTarget,
    TrainingType,
)
from dilemmas.permissions import team_leads
from dilemmas.services.consultations import group_members_for_consultation
from dilemmas.services.trainings import TrainingDue
from relatiebeheer.models import Assignment, Category, Health, Partner

from .pool import make_people, make_teams, organisation_served_by_a_group, unique

User = get_user_model()


def _now():
    return timezone.now()


# --- dilemmas-reflection-behind ---


def _make_teams_behind(n):
    organisation = organisation_served_by_a_group()
    teams = make_teams(n, organisation=organisation)
    # Weekly reflection: behind after the first week of the year, whatever the date.
    TeamReflectionTarget.objects.bulk_create(
        [TeamReflectionTarget(team=t, per_year=52) for t in teams], batch_size=5000
    )
    leads = make_people(n, organisation=organisation, roles=[roles.TEAM_LEAD, roles.EMPLOYEE])
    profiles = dict(Profile.objects.filter(user__in=leads).values_list("user_id", "pk"))
    Profile.teams.through.objects.bulk_create(
        [
            Profile.teams.through(profile_id=profiles[u.pk], team=t)
            for u, t in zip(leads, teams, strict=True)
        ],
        batch_size=5000,
    )


def _naive_reflection():
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    days_in_year = (date(today.year + 1, 1, 1) - start).days
    elapsed = (today - start).days
    handled = 0
    served = Team.objects.filter(organisation__dilemma_working_groups__isnull=False).distinct()
    for team in served.order_by("pk"):
        target = TeamReflectionTarget.objects.filter(team=team).first()
        per_year = target.per_year if target else TeamReflectionTarget.DEFAULT_PER_YEAR
        held = SupervisionSession.objects.filter(
            team=team,
            starts_at__date__gte=start,
            starts_at__lte=_now(),
            outcomes_recorded_at__isnull=False,
        ).count()
        period = days_in_year / per_year
        expected = min(per_year, int(elapsed // period))
        if held >= expected:
            continue
        leads = team_leads().filter(profile__teams=team)
        handled += bool(
            notify(
                subject=f"{team.name} loopt achter met reflectiemomenten",
                url=reverse("dilemmas:reflection"),
                recipients=list(leads),
                key=f"dilemmas-reflection-{team.pk}-{today.year}-{int(elapsed // period)}",
            )
        )
    return handled


# --- dilemmas-trainings-overdue ---


def _make_overdue_trainees(n):
    make_people(
        n,
        organisation=organisation_served_by_a_group(),
        roles=[roles.EMPLOYEE],
        date_joined=_now() - timedelta(days=400),
    )


def _naive_trainings():
    today = timezone.localdate()
    handled = 0
    people = User.objects.filter(
        is_active=True,
        profile__organisations__dilemma_working_groups__training_types__mandatory=True,
    ).distinct()
    for user in people.order_by("pk"):
        is_lead = team_leads().filter(pk=user.pk).exists()
        trainings = TrainingType.objects.filter(
            mandatory=True, group__organisations__people__user=user
        ).distinct()
        for training in trainings:
            if training.audience == Audience.TEAM_LEADS and not is_lead:
                continue
            last = Enrolment.objects.filter(
                user=user, attended=True, session__training=training
            ).aggregate(last=Max("session__starts_at"))["last"]
            last_day = timezone.localtime(last).date() if last else None
            joined = timezone.localtime(user.date_joined).date()
            item = TrainingDue(
                training=training, last_attended=last_day, due=training.next_due(last_day, joined)
            )
            if item.due == date.max or not item.is_overdue(today):
                continue
            handled += bool(
                notify(
                    subject=f"Je training “{training}” moet gevolgd worden",
                    url=reverse("dilemmas:training_list"),
                    recipients=[user],
                    key=f"dilemmas-training-due-{training.pk}-{item.key_date}",
                )
            )
    return handled


# --- dilemmas-consultations-untouched ---


def _make_waiting_consultations(n):
    organisation = organisation_served_by_a_group()
    requesters = list(
        User.objects.filter(is_active=True, profile__organisations=organisation).order_by("pk")[
            :200
        ]
    )
    created = _now() - timedelta(days=10)
    Consultation.objects.bulk_create(
        [
            Consultation(
                requester=requesters[i % len(requesters)],
                organisation=organisation,
                topic="Ik wil graag praten over een keuze.",
                created_at=created,
            )
            for i in range(n)
        ],
        batch_size=5000,
    )


def _naive_consultations():
    now = _now()
    handled = 0
    waiting = Consultation.objects.filter(
        status=ConsultationStatus.OPEN,
        reminder_sent_at__isnull=True,
        created_at__lte=now - timedelta(days=2),
    )
    for consultation in waiting.order_by("created_at", "pk"):
        if consultation.reminder_due_at() > now:
            continue
        notify(
            subject="Een gespreksverzoek wacht al twee werkdagen",
            url=consultation.get_absolute_url(),
            recipients=group_members_for_consultation(consultation),
            key=f"dilemmas-consultation-waiting-{consultation.pk}",
        )
        consultation.reminder_sent_at = now
        consultation.save(update_fields=["reminder_sent_at"])
        handled += 1
    return handled


# --- digital-reintakes ---


def _make_old_intakes(n):
    organisation_ids = set(
        User.objects.filter(groups__name=roles.INTAKE_STAFF).values_list(
            "profile__organisations", flat=True
        )
    )
    organisation = Organisation.objects.filter(pk__in=organisation_ids).order_by("pk").first()
    staff = User.objects.filter(pk__in=intake_staff_ids(organisation.pk)).first()
    language, group = Language.objects.first(), TargetGroup.objects.first()
    clients = Client.objects.bulk_create(
        [
            Client(
                organisation=organisation,
                number=unique("BENCH"),
                language=language,
                target_group=group,
            )
            for _i in range(n)
        ],
        batch_size=5000,
    )
    done = _now() - timedelta(days=31 * (settings.DIGITAL_REINTAKE_MONTHS + 1))
    Intake.objects.bulk_create(
        [
            Intake(client=c, done_by=staff, done_at=done, internet="home", help_at_home="no")
            for c in clients
        ],
        batch_size=5000,
    )


def _naive_reintakes():
    from dateutil.relativedelta import relativedelta

    now = _now()
    cutoff = now - relativedelta(months=settings.DIGITAL_REINTAKE_MONTHS)
    handled = 0
    for client in Client.objects.order_by("pk"):
        last = client.intakes.aggregate(last=Max("done_at"))["last"]
        switch = client.goals.aggregate(last=Max("switched_at"))["last"]
        if last is None or not (last < cutoff or (switch is not None and switch > last)):
            continue
        staff = User.objects.filter(pk__in=intake_staff_ids(client.organisation_id))
        handled += bool(
            notify(
                subject="Een cliënt is toe aan een nieuwe intake",
                url=client.get_absolute_url(),
                recipients=list(staff),
                key=f"digital-reintake-{client.pk}-{last:%Y%m%d%H%M%S}",
            )
        )
    return handled


# --- relatiebeheer-weekly-digest ---


def _make_overdue_partners(n):
    category = Category.objects.order_by("pk").first()
    organisation = category.organisation
    managers = make_people(
        n, organisation=organisation, roles=[roles.RELATIONSHIP_MANAGER, roles.EMPLOYEE]
    )
    last = timezone.localdate() - timedelta(days=category.max_days + 30)
    partners = Partner.objects.bulk_create(
        [
            Partner(
                organisation=organisation,
                name=(name := unique("Partner")),
                normalised_name=name.lower(),
                category=category,
                last_contact_on=last,
            )
            for _i in range(n)
        ],
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(partner=p, manager=m, level="operational")
            for p, m in zip(partners, managers, strict=True)
        ],
        batch_size=5000,
    )


def _naive_weekly_digest():
    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    handled = 0
    managers = User.objects.filter(is_active=True, partner_assignments__isnull=False).distinct()
    for manager in managers.order_by("pk"):
        kept = Partner.objects.filter(assignments__manager=manager).select_related("category")
        overdue = [p for p in kept.distinct() if p.health(today) != Health.GREEN]
        if not overdue:
            continue
        handled += bool(
            notify(
                subject=f"Partners om deze week te bellen: {len(overdue)}",
                url=reverse("relatiebeheer:my_partners"),
                recipients=[manager],
                key=f"relatiebeheer-digest-{year}-{week}",
            )
        )
    return handled

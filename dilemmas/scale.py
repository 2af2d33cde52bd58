"""Moral deliberation at scale (`seed_demo --scale N`, see coalition.scale): a working group
for every five new organisations, their trainings, the dilemma
cases of the staff with the team sessions that discussed them, and consultations. Who may see
each case is then derived by the app's own service, case by case."""

from datetime import timedelta

from coalition import roles, scale

from .default_form import ensure_default_form
from .models import (
    Audience,
    CaseFormVersion,
    CaseQuestion,
    CaseStatus,
    Consultation,
    ConsultationStatus,
    DilemmaCase,
    Enrolment,
    FacilitatorKind,
    Perspective,
    ReflectionKind,
    SessionCase,
    SessionKind,
    SupervisionSession,
    Theme,
    TrainingSession,
    TrainingType,
    WorkingGroup,
    WorkingGroupMember,
)
from .services import access

ORGANISATIONS_PER_GROUP = 5
THEMES = ["Autonomie en veiligheid", "Bezoek en isolatie", "Privacy", "Werkdruk", "Vrijheid"]
TITLES = [
    "Alleen naar buiten willen",
    "Medicatie weigeren",
    "Familie wil meer weten dan de cliënt wil",
    "Te weinig tijd voor aandacht",
    "Roken op de kamer",
    "Camera in de gang",
    "Zelf willen eten ondanks verslikken",
    "Een melding doen of niet",
    "Vrijheid en veiligheid bij nacht",
    "Afspraken met naasten over bezoek",
]
ANSWER = "Een situatie uit het werk, zonder namen van cliënten."
# Status of the scaled cases, by weight: most cases are discussed or closed.
STATUSES = [CaseStatus.DRAFT] * 1 + [CaseStatus.SUBMITTED] * 3 + [CaseStatus.DISCUSSED] * 3
STATUSES += [CaseStatus.CLOSED] * 3
AUTHOR_SHARE = 4  # one in this many staff writes cases
SESSIONS_PER_TEAM = 4
CASES_PER_SESSION = 3
CONSULTATIONS_PER_STAFF = 10  # one consultation for this many staff


@scale.register(order=30)
def scale_dilemmas(ctx):
    groups = _working_groups(ctx)
    _trainings(ctx, groups)
    made = _cases(ctx, groups)
    _consultations(ctx, groups)
    if made:
        # The app's own rule, case by case: author, team leads, session people, the group.
        access.sync_cases_of_organisations(sorted({c.organisation_id for c in made}))
    ctx.log.append(
        f"moral deliberation: {WorkingGroup.objects.count()} working groups, "
        f"{DilemmaCase.objects.count()} cases ({len(made)} new), "
        f"{Consultation.objects.count()} consultations"
    )


def _working_groups(ctx):
    """{organisation pk: WorkingGroup} for every organisation a group serves."""
    served = dict(
        WorkingGroup.organisations.through.objects.values_list("organisation_id", "workinggroup_id")
    )
    unserved = [o for o in ctx.scaled_organisations if o.pk not in served]
    for number, start in enumerate(range(0, len(unserved), ORGANISATIONS_PER_GROUP), start=1):
        chunk = unserved[start : start + ORGANISATIONS_PER_GROUP]
        group, _created = WorkingGroup.objects.get_or_create(
            name=f"Werkgroep Moreel Beraad {chunk[0].region} ({number})",
            defaults={"mandate": "Morele dilemma's van medewerkers bespreken en trainen."},
        )
        group.organisations.add(*chunk)
        perspectives = [Perspective.MANAGER, Perspective.EMPLOYEE, Perspective.EXPERIENCE_EXPERT]
        members = [
            user
            for organisation in chunk
            for user in ctx.with_role(roles.WORKING_GROUP_MEMBER, organisation.pk)
        ]
        present = set(group.memberships.values_list("user_id", flat=True))
        WorkingGroupMember.objects.bulk_create(
            WorkingGroupMember(
                group=group, user=user, perspective=perspectives[i % len(perspectives)]
            )
            for i, user in enumerate(members)
            if user.pk not in present
        )
        for name in THEMES:
            Theme.objects.get_or_create(group=group, name=name)
    by_pk = WorkingGroup.objects.in_bulk()
    return {
        organisation_id: by_pk[group_id]
        for organisation_id, group_id in WorkingGroup.organisations.through.objects.values_list(
            "organisation_id", "workinggroup_id"
        )
    }


def _trainings(ctx, groups):
    """A mandatory basic training per new group, a past session most staff attended and a
    coming one."""
    rng, now = ctx.rng, ctx.now
    for group in {g.pk: g for g in WorkingGroup.objects.all()}.values():
        if group.training_types.exists():
            continue
        training = TrainingType.objects.create(
            group=group,
            name="Basistraining moreel beraad",
            mandatory=True,
            audience=Audience.ALL_STAFF,
            repeat_months=12,
        )
        past = TrainingSession.objects.create(
            training=training,
            starts_at=now - timedelta(days=120),
            ends_at=now - timedelta(days=120, hours=-3),
            location="Leslokaal",
            facilitator_kind=FacilitatorKind.EXTERNAL,
            external_facilitator="Stichting Ethiek in de Zorg",
            capacity=999,
        )
        TrainingSession.objects.create(
            training=training,
            starts_at=now + timedelta(days=30),
            ends_at=now + timedelta(days=30, hours=3),
            location="Leslokaal",
            facilitator_kind=FacilitatorKind.EXTERNAL,
            external_facilitator="Stichting Ethiek in de Zorg",
            capacity=40,
        )
        served = [pk for pk, g in groups.items() if g.pk == group.pk]
        people = [u for pk in served for u in ctx.staff.get(pk, [])]
        Enrolment.objects.bulk_create(
            Enrolment(session=past, user=u, attended=True, enrolled_at=now - timedelta(days=140))
            for u in people
            if rng.random() < 0.6
        )


def _default_version():
    return ensure_default_form(CaseFormVersion, CaseQuestion)


def _cases(ctx, groups):
    rng, now = ctx.rng, ctx.now
    missing = ctx.target("cases") - DilemmaCase.objects.count()
    authors = {}
    for organisation_id, people in ctx.staff.items():
        writers = [u for u in people if u.pk in ctx.team_of]
        authors[organisation_id] = (
            writers[: max(1, len(writers) // AUTHOR_SHARE)] if writers else []
        )
    organisations = [o for o in ctx.organisations if authors.get(o.pk)]
    if missing <= 0 or not organisations:
        return []
    version = _default_version()
    questions = list(version.questions.values_list("pk", flat=True))
    cases = []
    for organisation, count in zip(
        organisations, scale.spread(missing, len(organisations)), strict=True
    ):
        writers = authors[organisation.pk]
        for index in range(count):
            author = writers[index % len(writers)]
            status = rng.choice(STATUSES)
            created = now - timedelta(days=rng.randint(1, 730), hours=rng.randint(0, 23))
            cases.append(
                DilemmaCase(
                    author=author,
                    organisation=organisation,
                    team_id=ctx.team_of.get(author.pk),
                    form_version=version,
                    title=f"{rng.choice(TITLES)} ({index + 1})",
                    answers={str(pk): ANSWER for pk in questions[:5]},
                    status=status,
                    created_at=created,
                    submitted_at=None if status == CaseStatus.DRAFT else created + timedelta(1),
                )
            )
    cases = DilemmaCase.objects.bulk_create(cases, batch_size=1000)
    themes = {}
    for theme in Theme.objects.all():
        themes.setdefault(theme.group_id, []).append(theme)
    DilemmaCase.themes.through.objects.bulk_create(
        [
            DilemmaCase.themes.through(dilemmacase_id=case.pk, theme_id=theme.pk)
            for case in cases
            if case.organisation_id in groups and rng.random() < 0.5
            for theme in [rng.choice(themes[groups[case.organisation_id].pk])]
        ],
        batch_size=2000,
    )
    _sessions(ctx, cases)
    return cases


def _sessions(ctx, cases):
    """Team sessions of the last year, each discussing a few of its team's cases, led by a
    team lead of the team with some of its members taking part."""
    rng, now = ctx.rng, ctx.now
    leads = {ctx.team_of.get(u.pk): u for u in ctx.with_role(roles.TEAM_LEAD)}
    discussed = {}
    for case in cases:
        if case.status in (CaseStatus.DISCUSSED, CaseStatus.CLOSED) and case.team_id in leads:
            discussed.setdefault(case.team_id, []).append(case)
    sessions, links, people = [], [], []
    for team_id, team_cases in discussed.items():
        for number in range(SESSIONS_PER_TEAM):
            starts = now - timedelta(days=30 + 90 * number, hours=rng.randint(0, 6))
            session = SupervisionSession(
                team_id=team_id,
                lead=leads[team_id],
                kind=SessionKind.TEAM,
                reflection=rng.choice(ReflectionKind.values),
                starts_at=starts,
                location="Teamkamer",
                outcomes_recorded_at=starts + timedelta(hours=2),
            )
            chosen = team_cases[number * CASES_PER_SESSION : (number + 1) * CASES_PER_SESSION]
            members = ctx.team_members.get(team_id, [])
            sessions.append(session)
            links.append(chosen)
            people.append(rng.sample(members, min(5, len(members))))
    SupervisionSession.objects.bulk_create(sessions, batch_size=1000)
    SessionCase.objects.bulk_create(
        [
            SessionCase(session=session, case=case, outcome="Besproken met de dilemmamethode.")
            for session, chosen in zip(sessions, links, strict=True)
            for case in chosen
        ],
        batch_size=2000,
    )
    SupervisionSession.participants.through.objects.bulk_create(
        [
            SupervisionSession.participants.through(supervisionsession_id=s.pk, user_id=u.pk)
            for s, members in zip(sessions, people, strict=True)
            for u in {m.pk: m for m in [*members, s.lead]}.values()
        ],
        batch_size=2000,
    )


def _consultations(ctx, groups):
    """Requests for a conversation: most are closed, a few picked up; none waits for a
    reminder (the reminder sweep's due rows are made by the benchmark itself)."""
    rng, now = ctx.rng, ctx.now
    if Consultation.objects.filter(requester__username__startswith=scale.STAFF_PREFIX).exists():
        return
    members = {}
    for group_id, user_id in WorkingGroupMember.objects.values_list("group_id", "user_id"):
        members.setdefault(group_id, []).append(user_id)
    rows = []
    for organisation_id, people in ctx.staff.items():
        group = groups.get(organisation_id)
        takers = members.get(group.pk, []) if group else []
        for user in people[::CONSULTATIONS_PER_STAFF]:
            created = now - timedelta(days=rng.randint(3, 400))
            closed = rng.random() < 0.85
            rows.append(
                Consultation(
                    requester=user,
                    organisation_id=organisation_id,
                    topic="Ik wil graag met iemand buiten mijn team praten over een keuze.",
                    contact="Via e-mail",
                    status=ConsultationStatus.CLOSED if closed else ConsultationStatus.PICKED_UP,
                    created_at=created,
                    picked_up_by_id=rng.choice(takers) if takers else None,
                    picked_up_at=created + timedelta(days=1),
                    held_at=created + timedelta(days=5) if closed else None,
                    closed_at=created + timedelta(days=5) if closed else None,
                    reminder_sent_at=None,
                )
            )
    Consultation.objects.bulk_create(rows, batch_size=1000)

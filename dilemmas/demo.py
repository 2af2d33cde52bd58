"""Demo data for moral deliberation: a working group with the right mix, the default form and
a second version, cases in every status for two teams, sessions with outcomes, trainings with
attendance (and one person overdue), open and closed consultations. Safe to run twice."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from coalition import access, demo, roles
from coalition.models import AccessGrant

from . import services
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
    Urgency,
    WorkingGroup,
    WorkingGroupMember,
)

EXTRA_USERS = {
    "teamlead2": demo.DemoUser(
        "Fatima",
        "Boukhari",
        "Teamleider",
        [roles.TEAM_LEAD, roles.EMPLOYEE],
        ["amstelzorg"],
        teams=["amstelzorg_dag"],
    ),
    "employee2": demo.DemoUser(
        "Daan",
        "Mulder",
        "Activiteitenbegeleider",
        [roles.EMPLOYEE],
        ["amstelzorg"],
        teams=["amstelzorg_dag"],
    ),
    "manager": demo.DemoUser(
        "Marieke",
        "de Groot",
        "Manager zorg",
        [roles.WORKING_GROUP_MEMBER, roles.EMPLOYEE],
        ["buurtkracht"],
    ),
    "expert": demo.DemoUser(
        "Johan", "Kramer", "Ervaringsdeskundige", [roles.WORKING_GROUP_MEMBER], ["amstelzorg"]
    ),
}

THEMES = ["Autonomie en veiligheid", "Bezoek en isolatie", "Privacy", "Werkdruk", "Vrijheid"]

# title: (author, team key, status, themes, answers by question order, on the second version)
CASES = {
    "Wandelen zonder begeleiding": (
        "employee",
        "amstelzorg_wonen",
        CaseStatus.DRAFT,
        ["Autonomie en veiligheid"],
        ["Een bewoner wil alleen gaan wandelen, maar raakt soms de weg kwijt."],
        True,
    ),
    "Bezoek beperken tijdens een uitbraak": (
        "employee",
        "amstelzorg_wonen",
        CaseStatus.SUBMITTED,
        ["Bezoek en isolatie"],
        [
            "Door een uitbraak mag er minder bezoek komen; een bewoner raakt daardoor in paniek.",
            "Moet ik het bezoek tegenhouden, of laat ik de vaste naaste toch binnen?",
            "Tegenhouden gaat in tegen nabijheid en welzijn; binnenlaten tegen de veiligheid "
            "van de andere bewoners.",
            "De bewoner, de naaste, de andere bewoners en hun familie, het team.",
            "Het welzijn van deze bewoner weegt zwaar, maar de groep ook.",
        ],
        True,
    ),
    "Medicatie weigeren": (
        "employee",
        "amstelzorg_wonen",
        CaseStatus.DISCUSSED,
        ["Autonomie en veiligheid"],
        [
            "Een cliënt weigert al een week de avondmedicatie.",
            "Respecteer ik de weigering of dring ik aan?",
            "Aandringen gaat tegen de autonomie in; niets doen tegen goede zorg.",
            "De cliënt, de arts, de collega's van de avonddienst.",
            "We wegen wat de cliënt zelf belangrijk vindt zwaarder dan het schema.",
        ],
        False,
    ),
    "Camera in de huiskamer": (
        "teamlead",
        "amstelzorg_wonen",
        CaseStatus.CLOSED,
        ["Privacy"],
        [
            "Familie vraagt om een camera in de gezamenlijke huiskamer.",
            "Plaatsen we een camera voor de veiligheid, of niet voor de privacy?",
            "Een camera gaat tegen privacy in; geen camera tegen het gevoel van veiligheid.",
            "Bewoners, familie, medewerkers.",
            "Privacy van alle bewoners weegt het zwaarst.",
        ],
        False,
    ),
    "Activiteit afzeggen bij onderbezetting": (
        "employee2",
        "amstelzorg_dag",
        CaseStatus.SUBMITTED,
        ["Werkdruk"],
        [
            "Door ziekte zijn we met te weinig mensen voor het uitje.",
            "Zeggen we het uitje af, of gaan we met minder begeleiding?",
            "Afzeggen gaat tegen het plezier en de afspraak; gaan tegen de veiligheid.",
            "Deelnemers, hun verwanten, het team.",
            "De teleurstelling is groot, het risico ook.",
        ],
        True,
    ),
    "Roken op het terrein": (
        "employee2",
        "amstelzorg_dag",
        CaseStatus.DISCUSSED,
        ["Vrijheid"],
        [
            "Een deelnemer wil roken waar dat niet mag.",
            "Handhaaf ik de regel of maak ik een uitzondering?",
            "Handhaven gaat tegen de vrijheid in; een uitzondering tegen gelijkheid.",
            "De deelnemer, andere deelnemers, het team.",
            "We zoeken een plek waar het wel kan.",
        ],
        False,
    ),
    "Hulp bij het eten": (
        "employee2",
        "amstelzorg_dag",
        CaseStatus.CLOSED,
        ["Autonomie en veiligheid"],
        [
            "Een deelnemer verslikt zich maar wil zelf eten.",
            "Help ik, of laat ik zelf eten?",
            "Helpen gaat tegen de zelfstandigheid in; niet helpen tegen de veiligheid.",
            "De deelnemer, de logopedist, het team.",
            "Samen met de logopedist kiezen we aangepast eten.",
        ],
        False,
    ),
    "Weinig tijd voor nieuwe collega": (
        "employee2",
        "amstelzorg_dag",
        CaseStatus.DRAFT,
        ["Werkdruk"],
        ["Een nieuwe collega vraagt veel uitleg terwijl de groep aandacht nodig heeft."],
        True,
    ),
}


@demo.register(order=30)
def seed_dilemmas(ctx):
    for username, spec in EXTRA_USERS.items():
        demo.demo_user(ctx, username, spec)
    users = ctx.users
    now = timezone.now()
    today = timezone.localdate()

    def at(days, hour=14):
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))

    group, _ = WorkingGroup.objects.get_or_create(
        name="Werkgroep Moreel Beraad Amsterdam",
        defaults={
            "mandate": (
                "1. Leidinggevenden opleiden om morele gesprekken en afwegingen een vast "
                "onderdeel van supervisie te maken.\n"
                "2. Trainingen in moreel beraad faciliteren en geven aan alle medewerkers.\n"
                "3. Altijd beschikbaar zijn om morele dilemma's van medewerkers te bespreken."
            )
        },
    )
    demo.add_missing(
        group.organisations, [ctx.organisations["amstelzorg"], ctx.organisations["buurtkracht"]]
    )
    for username, perspective in [
        ("workgroup", Perspective.EMPLOYEE),
        ("manager", Perspective.MANAGER),
        ("expert", Perspective.EXPERIENCE_EXPERT),
    ]:
        WorkingGroupMember.objects.get_or_create(
            group=group, user=users[username], defaults={"perspective": perspective}
        )
    themes = {name: Theme.objects.get_or_create(group=group, name=name)[0] for name in THEMES}

    default_form = ensure_default_form(CaseFormVersion, CaseQuestion)
    second = group.form_versions.filter(published_at__isnull=False).first()
    if second is None:
        draft = services.form_draft_for(group=group)
        CaseQuestion.objects.create(
            version=draft,
            order=99,
            title="Wat heb je van je team of van de werkgroep nodig?",
            help_text="Bijvoorbeeld een gesprek, een training of een vaste plek in het overleg.",
            required=False,
        )
        second = services.form_publish(group=group, actor=users["workgroup"])

    cases = {}
    for title, (author, team, status, case_themes, answers, on_second) in CASES.items():
        version = second if on_second else default_form
        questions = list(version.questions.all())
        case, created = DilemmaCase.objects.get_or_create(
            author=users[author],
            title=title,
            defaults={
                "organisation": ctx.organisations["amstelzorg"],
                "team": ctx.teams[team],
                "form_version": version,
                "status": status,
                "answers": {str(q.pk): a for q, a in zip(questions, answers, strict=False)},
                "created_at": now - timedelta(days=60),
                "submitted_at": None if status == CaseStatus.DRAFT else now - timedelta(days=50),
            },
        )
        if created:
            case.themes.set([themes[t] for t in case_themes])
        cases[title] = case

    sessions = [
        (
            "amstelzorg_wonen",
            "teamlead",
            "Kantoor De Pijp, kamer 2",
            -40,
            ReflectionKind.LOOKING_BACK,
            ["employee"],
            {
                "Medicatie weigeren": "We leggen vast wat de cliënt zelf belangrijk vindt en "
                "bespreken het met de arts.",
                "Camera in de huiskamer": "Geen camera; we bespreken met familie wat hen "
                "ongerust maakt.",
            },
        ),
        (
            "amstelzorg_dag",
            "teamlead2",
            "Dagbesteding Oost, groepsruimte",
            -30,
            ReflectionKind.IN_ACTION,
            ["employee2"],
            {
                "Roken op het terrein": "Er komt een rookplek buiten het terrein.",
                "Hulp bij het eten": "Aangepast eten in overleg met de logopedist.",
            },
        ),
    ]
    for team, lead, location, days, reflection, participants, outcomes in sessions:
        session, created = SupervisionSession.objects.get_or_create(
            team=ctx.teams[team],
            lead=users[lead],
            location=location,
            defaults={
                "kind": SessionKind.SUPERVISION,
                "reflection": reflection,
                "starts_at": at(days),
                "notes": "Goed gesprek; iedereen kwam aan het woord.",
                "outcomes_recorded_at": at(days, 17),
            },
        )
        if created:
            session.participants.set([users[p] for p in participants] + [users[lead]])
            for title, outcome in outcomes.items():
                SessionCase.objects.create(session=session, case=cases[title], outcome=outcome)
            for person, answer in zip(participants, ["yes", "somewhat"], strict=False):
                services.session_feedback(session=session, user=users[person], answer=answer)
    for case in DilemmaCase.objects.filter(pk__in=[c.pk for c in cases.values()]):
        services.sync_case_permissions(case)

    basic, _ = TrainingType.objects.get_or_create(
        group=group,
        name="Basistraining moreel beraad",
        defaults={
            "description": "Wat is een moreel dilemma, en hoe bespreek je het met de "
            "dilemmamethode?",
            "mandatory": True,
            "audience": Audience.ALL_STAFF,
            "repeat_months": 12,
        },
    )
    leadership, _ = TrainingType.objects.get_or_create(
        group=group,
        name="Moreel beraad leiden in supervisie",
        defaults={
            "description": "Voor teamleiders: morele reflectie een vaste plek geven.",
            "mandatory": True,
            "audience": Audience.TEAM_LEADS,
            "repeat_months": 24,
        },
    )
    TrainingType.objects.get_or_create(
        group=group,
        name="Verdieping: ethiek in crisistijd",
        defaults={"mandatory": False, "audience": Audience.ALL_STAFF},
    )
    trainings = [
        (basic, "Leslokaal Amstelzorg (vorig jaar)", -430, "external", ["employee2"]),
        (basic, "Leslokaal Amstelzorg", -90, "internal", ["employee", "teamlead", "teamlead2"]),
        (leadership, "Online (Teams)", -60, "external", ["teamlead"]),
        (basic, "Buurthuis Noord", 21, "internal", []),
        (basic, "Leslokaal Amstelzorg, zaal 3", 45, "external", []),
    ]
    for training, location, days, kind, attended in trainings:
        session, created = TrainingSession.objects.get_or_create(
            training=training,
            location=location,
            defaults={
                "starts_at": at(days, 9),
                "ends_at": at(days, 12),
                "facilitator_kind": kind,
                "internal_expert": users["workgroup"] if kind == FacilitatorKind.INTERNAL else None,
                "external_facilitator": "Stichting Ethiek in de Zorg"
                if kind == FacilitatorKind.EXTERNAL
                else "",
                "capacity": 12,
            },
        )
        if created:
            for username in attended:
                Enrolment.objects.create(
                    session=session, user=users[username], attended=True, enrolled_at=at(days - 14)
                )

    Consultation.objects.get_or_create(
        requester=users["employee2"],
        topic="Ik twijfel of ik een melding had moeten doen over een situatie thuis bij een "
        "deelnemer. Ik wil dat graag eerst met iemand buiten mijn team bespreken.",
        defaults={
            "organisation": ctx.organisations["amstelzorg"],
            "urgency": Urgency.HIGH,
            "contact": "Bellen na 16.00 uur: 06-12345678",
            "hide_from_team_lead": True,
            "created_at": now - timedelta(days=5),
        },
    )
    Consultation.objects.get_or_create(
        requester=users["employee"],
        topic="Na de uitbraak blijf ik piekeren over keuzes die we maakten.",
        defaults={
            "organisation": ctx.organisations["amstelzorg"],
            "urgency": Urgency.NORMAL,
            "contact": "Via e-mail",
            "status": ConsultationStatus.CLOSED,
            "picked_up_by": users["workgroup"],
            "created_at": now - timedelta(days=30),
            "picked_up_at": now - timedelta(days=29),
            "held_at": now - timedelta(days=25),
            "closed_at": now - timedelta(days=25),
        },
    )
    _seed_access_requests(users)
    ctx.log.append(
        f"moral deliberation: 1 working group, {len(CASES)} cases, {len(sessions)} sessions, "
        f"{len(trainings)} training sessions, 2 consultations; extra users: "
        f"{', '.join(EXTRA_USERS)}"
    )


def _seed_access_requests(users):
    """Two access requests of the coordinator: one that Tom (teamlead) confirmed, giving
    Fatima the team-lead role she holds, and one that still waits for a second person of
    Amstelzorg (log in as teamlead or workgroup to confirm or refuse it)."""
    if AccessGrant.objects.filter(kind="role", subject=users["teamlead2"]).exists():
        return
    confirmed = access.grant_request(
        kind="role",
        payload={"role": roles.TEAM_LEAD},
        subject=users["teamlead2"],
        actor=users["coordinator"],
        note="Fatima wordt teamleider van Dagbesteding Oost.",
    )
    for confirmation in confirmed.confirmations.select_related("organisation"):
        access.grant_confirm(
            grant=confirmed, organisation=confirmation.organisation, actor=users["teamlead"]
        )
    access.grant_request(
        kind="role",
        payload={"role": roles.TEAM_LEAD},
        subject=users["employee2"],
        actor=users["coordinator"],
        note="Daan neemt de teamleiding van Dagbesteding Oost waar tijdens het verlof van Fatima.",
    )

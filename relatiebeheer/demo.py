"""Demo data for relationship management: the network of Het Zonnehuis — six categories
with their rhythm, 42 partners with contact persons on three levels, a year of contact
moments (some partners overdue), relationship managers with their hours, and successes.
Deterministic and safe to run twice."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from coalition import demo, roles

from .models import (
    Assignment,
    Category,
    ContactKind,
    ContactMoment,
    ContactPerson,
    ContactRole,
    Level,
    Partner,
    PlanItem,
    Success,
    normalise_name,
)

# name: (target days, maximum days)
CATEGORIES = {
    "Ziekenhuizen": (28, 42),
    "Huisartsen en apotheken": (42, 63),
    "Gemeente en GGD": (56, 90),
    "Thuiszorg en wijkteams": (28, 42),
    "Welzijn en vrijwilligers": (90, 120),
    "Onderwijs": (120, 180),
}

PARTNERS = {
    "Ziekenhuizen": [
        ("OLVG Oost", "Amsterdam", "Ziekenhuis"),
        ("Amsterdam UMC, locatie AMC", "Amsterdam", "Academisch ziekenhuis"),
        ("BovenIJ Ziekenhuis", "Amsterdam-Noord", "Ziekenhuis"),
        ("Ziekenhuis Amstelland", "Amstelveen", "Ziekenhuis"),
        ("Zaans Medisch Centrum", "Zaandam", "Ziekenhuis"),
        ("Revalidatiecentrum Reade", "Amsterdam", "Revalidatie"),
    ],
    "Huisartsen en apotheken": [
        ("Huisartsenpraktijk Bijlmerplein", "Amsterdam-Zuidoost", "Huisartsenzorg"),
        ("Gezondheidscentrum Holendrecht", "Amsterdam-Zuidoost", "Huisartsenzorg"),
        ("Huisartsenpost Amsterdam", "Amsterdam", "Huisartsenzorg"),
        ("Apotheek Ganzenpoort", "Amsterdam-Zuidoost", "Apotheek"),
        ("Apotheek Gaasperdam", "Amsterdam-Zuidoost", "Apotheek"),
        ("Huisartsen Venserpolder", "Amsterdam-Zuidoost", "Huisartsenzorg"),
        ("Specialist ouderengeneeskunde Zuidoost", "Amsterdam-Zuidoost", "Ouderengeneeskunde"),
        ("Praktijk voor fysiotherapie Reigersbos", "Amsterdam-Zuidoost", "Fysiotherapie"),
    ],
    "Gemeente en GGD": [
        ("Gemeente Amsterdam, stadsdeel Zuidoost", "Amsterdam-Zuidoost", "Gemeente"),
        ("GGD Amsterdam", "Amsterdam", "Publieke gezondheid"),
        ("Gemeente Amsterdam, Wmo-loket", "Amsterdam", "Gemeente"),
        ("Veiligheidsregio Amsterdam-Amstelland", "Amsterdam", "Veiligheid"),
        ("Zorgkantoor Zilveren Kruis", "Amsterdam", "Zorgkantoor"),
    ],
    "Thuiszorg en wijkteams": [
        ("Buurtzorg Zuidoost", "Amsterdam-Zuidoost", "Wijkverpleging"),
        ("Cordaan Thuiszorg", "Amsterdam", "Thuiszorg"),
        ("Amsterdam Thuiszorg", "Amsterdam", "Thuiszorg"),
        ("Ouder-Kindteam Zuidoost", "Amsterdam-Zuidoost", "Jeugd"),
        ("Buurtteam Zuidoost", "Amsterdam-Zuidoost", "Sociaal werk"),
        ("Wijkzorg Gaasperdam", "Amsterdam-Zuidoost", "Wijkverpleging"),
        ("Humanitas Thuisadministratie", "Amsterdam", "Sociaal werk"),
        ("Palliatief Netwerk Amsterdam", "Amsterdam", "Palliatieve zorg"),
    ],
    "Welzijn en vrijwilligers": [
        ("Vrijwilligerscentrale Amsterdam", "Amsterdam", "Vrijwilligerswerk"),
        ("Buurthuis De Kandelaar", "Amsterdam-Zuidoost", "Welzijn"),
        ("Stichting Mantelzorg Zuidoost", "Amsterdam-Zuidoost", "Mantelzorg"),
        ("Ouderenbond Zuidoost", "Amsterdam-Zuidoost", "Belangenbehartiging"),
        ("Bibliotheek Zuidoost", "Amsterdam-Zuidoost", "Bibliotheek"),
        ("Moskee Taibah", "Amsterdam-Zuidoost", "Levensbeschouwing"),
        ("Kerkelijk Centrum Kandelaar", "Amsterdam-Zuidoost", "Levensbeschouwing"),
        ("Voedselbank Zuidoost", "Amsterdam-Zuidoost", "Welzijn"),
    ],
    "Onderwijs": [
        ("ROC van Amsterdam, zorg en welzijn", "Amsterdam", "MBO"),
        ("Hogeschool van Amsterdam, verpleegkunde", "Amsterdam", "HBO"),
        ("InHolland, social work", "Amsterdam", "HBO"),
        ("Leerwerkloket Amsterdam", "Amsterdam", "Arbeidsmarkt"),
        ("Zorg van de Zaak Academie", "Amsterdam", "Scholing"),
        ("Stichting Leren in de Zorg", "Amsterdam", "Scholing"),
        ("Praktijkschool Zuidoost", "Amsterdam-Zuidoost", "Voortgezet onderwijs"),
    ],
}

FIRST = ["Anouk", "Bas", "Chantal", "Dennis", "Esther", "Frank", "Gina", "Hasan", "Iris", "Joost"]
LAST = ["Bos", "Dekker", "van Leeuwen", "Mohan", "de Jong", "Pinas", "Visser", "Koster"]
TITLES = {
    Level.OPERATIONAL: "Transferverpleegkundige",
    Level.TACTICAL: "Manager zorg",
    Level.STRATEGIC: "Lid raad van bestuur",
}
SUMMARIES = [
    "Afstemming over een gezamenlijke cliënt.",
    "Kennismaking met de nieuwe teamleider.",
    "Overleg over de overdracht bij ontslag uit het ziekenhuis.",
    "Afspraken gemaakt over een vast aanspreekpunt.",
    "Terugblik op de samenwerking in de winter.",
    "Uitnodiging voor het netwerkontbijt besproken.",
]
SUCCESSES = [
    ("Binnen een dag een plek na ontslag uit het OLVG", "OLVG Oost"),
    ("Vaste huisarts-spreekuren op Afdeling 2 West", "Huisartsenpraktijk Bijlmerplein"),
    ("Twaalf stagiairs via het ROC", "ROC van Amsterdam, zorg en welzijn"),
    ("Samen met de bibliotheek een digicafé", "Bibliotheek Zuidoost"),
    ("Mantelzorgers weer welkom op de huiskamer", "Stichting Mantelzorg Zuidoost"),
]


@demo.register(order=50)
def seed_relatiebeheer(ctx):
    organisation = ctx.organisations["zonnehuis"]
    if Partner.objects.filter(organisation=organisation).exists():
        ctx.log.append("relationship management: already there")
        return
    rng = random.Random(7)  # the same network every time
    today = timezone.localdate()
    relations, steering = ctx.users["relations"], ctx.users["steering"]
    categories = {
        name: Category.objects.create(
            organisation=organisation, name=name, target_days=target, max_days=maximum
        )
        for name, (target, maximum) in CATEGORIES.items()
    }
    partners = {}
    for category_name, rows in PARTNERS.items():
        category = categories[category_name]
        for index, (name, place, sector) in enumerate(rows):
            partner = Partner.objects.create(
                organisation=organisation,
                name=name,
                normalised_name=normalise_name(name, place),
                sector=sector,
                category=category,
                priority=1 + (index % 3),
                place=place,
                region="Amsterdam",
                shared=category_name == "Gemeente en GGD",
            )
            partners[name] = partner
            for level in Level.values[: 1 + index % 3]:
                person = ContactPerson.objects.create(
                    organisation=organisation,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"contact{partner.pk}{level[0]}@partner.example",
                )
                ContactRole.objects.create(
                    person=person,
                    partner=partner,
                    level=level,
                    title=TITLES[level],
                    starts_on=today - timedelta(days=400),
                )
            # A year of contact: every partner has some, a few fell behind their rhythm.
            gap = category.target_days * rng.choice([0.6, 0.8, 1.0, 1.3, 1.8])
            day = today - timedelta(days=int(gap))
            people = list(ContactPerson.objects.filter(roles__partner=partner))
            while day > today - timedelta(days=365):
                ContactMoment.objects.create(
                    partner=partner,
                    person=rng.choice(people),
                    on=day,
                    kind=rng.choice(ContactKind.values),
                    summary=rng.choice(SUMMARIES),
                    logged_by=relations,
                )
                day -= timedelta(days=category.target_days + rng.randint(-5, 10))
            partner.last_contact_on = (
                ContactMoment.objects.filter(partner=partner).order_by("-on").first().on
            )
            partner.save(update_fields=["last_contact_on"])
    for index, partner in enumerate(list(partners.values())[::3]):
        Assignment.objects.create(
            partner=partner,
            manager=relations,
            level=Level.OPERATIONAL if index % 2 else Level.TACTICAL,
            hours_per_week=1,
        )
    # Management sets the example: the director keeps the strategic relationships.
    steering.groups.add(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    for name in ["OLVG Oost", "GGD Amsterdam", "Gemeente Amsterdam, stadsdeel Zuidoost"]:
        Assignment.objects.create(
            partner=partners[name], manager=steering, level=Level.STRATEGIC, hours_per_week=0.5
        )
    year = today.year
    for partner_name, aim, month, done in [
        ("OLVG Oost", "Een vast aanspreekpunt voor ontslag uit het ziekenhuis", 3, True),
        (
            "Huisartsenpraktijk Bijlmerplein",
            "Huisarts twee keer per maand op de afdeling",
            6,
            False,
        ),
        ("ROC van Amsterdam, zorg en welzijn", "Tien stageplaatsen per jaar", 9, False),
        ("Bibliotheek Zuidoost", "Samen een digicafé voor bewoners", 11, False),
    ]:
        due = today.replace(month=month, day=15)
        PlanItem.objects.create(
            manager=relations,
            year=year,
            partner=partners[partner_name],
            aim=aim,
            due_on=due,
            done_on=due - timedelta(days=10) if done else None,
        )
    for days, (title, partner_name) in zip([3, 20, 45, 80, 120], SUCCESSES, strict=True):
        Success.objects.create(
            organisation=organisation,
            partner=partners[partner_name],
            title=title,
            story="Door elkaar te kennen was één telefoontje genoeg.",
            shared_by=relations,
            shared_at=timezone.now() - timedelta(days=days),
        )
    ctx.log.append(
        f"relationship management: {len(partners)} partners in {len(categories)} categories, "
        f"{ContactMoment.objects.filter(partner__organisation=organisation).count()} contact "
        "moments, managers and successes"
    )


@demo.register(order=51)
def seed_rro(ctx):
    """The RRO of Het Zonnehuis: every other Monday at 9:00, half an hour; the last two
    meetings recorded with their round, a decision and action items (one still open, so it
    carries over), minutes final; the next ones planned."""
    from .models import Attendance, MeetingSeries
    from .services import meetings as services

    organisation = ctx.organisations["zonnehuis"]
    if MeetingSeries.objects.filter(organisation=organisation).exists():
        ctx.log.append("RRO: already there")
        return
    relations, steering = ctx.users["relations"], ctx.users["steering"]
    now = timezone.now()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 14)
    first = timezone.make_aware(datetime.combine(monday - timedelta(days=14), time(9, 0)))
    series = services.series_save(
        series=MeetingSeries(
            organisation=organisation,
            title="RRO Het Zonnehuis",
            first_starts_at=first,
            interval=2,
            location="Teamkamer, 1e verdieping",
            chair=relations,
        ),
        members=[relations, steering],
        actor=relations,
        now=first - timedelta(minutes=1),
    )
    partners = {p.name: p for p in Partner.objects.filter(organisation=organisation)}
    past = list(series.meetings.filter(starts_at__lt=now).order_by("starts_at"))[-2:]
    rounds = [
        {
            relations.pk: (
                Attendance.Status.PRESENT,
                "Kennismaking met de nieuwe praktijkmanager van Bijlmerplein.",
                "De huisartsen van Venserpolder bellen over het spreekuur op de afdeling.",
            ),
            steering.pk: (
                Attendance.Status.PRESENT,
                "Bestuurlijk overleg met de GGD over de zomerhitte.",
                "Het stadsdeel uitnodigen voor een rondleiding.",
            ),
        },
        {
            relations.pk: (
                Attendance.Status.PRESENT,
                "Venserpolder gebeld: ze komen om de week langs.",
                "Met het ROC de stageplaatsen voor volgend jaar afspreken.",
            ),
            steering.pk: (
                Attendance.Status.EXCUSED,
                "",
                "De rondleiding voor het stadsdeel plannen.",
            ),
        },
    ]
    for meeting, answers in zip(past, rounds, strict=True):
        services.meeting_record(
            meeting=meeting,
            answers={pk: (s, d, w) for pk, (s, d, w) in answers.items()},
            guests=[],
            notes="",
            actor=relations,
            now=now,
        )
    services.outcome_add(
        meeting=past[0],
        kind="decision",
        text="Wij sluiten aan bij het netwerkoverleg ouderenzorg van het stadsdeel.",
        owner=None,
        due_on=None,
        partner=partners.get("Gemeente Amsterdam, stadsdeel Zuidoost"),
        actor=relations,
    )
    done = services.outcome_add(
        meeting=past[0],
        kind="action",
        text="De sociale kaart van de afdeling bijwerken.",
        owner=relations,
        due_on=today - timedelta(days=7),
        partner=None,
        actor=relations,
    )
    services.outcome_set_status(outcome=done, status="done", meeting=past[1], actor=relations)
    services.outcome_add(
        meeting=past[1],
        kind="action",
        text="Een datum prikken voor de rondleiding van het stadsdeel.",
        owner=steering,
        due_on=today + timedelta(days=10),
        partner=partners.get("Gemeente Amsterdam, stadsdeel Zuidoost"),
        actor=relations,
    )
    for meeting in past:  # minutes final and sent, without sending demo mail
        meeting.closed_at = meeting.minutes_sent_at = meeting.starts_at + timedelta(hours=2)
        meeting.save(update_fields=["closed_at", "minutes_sent_at"])
    ctx.log.append(f"RRO: {series.meetings.count()} meetings, 2 recorded")

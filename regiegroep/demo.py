"""Demo data: the steering group of the Amsterdam care coalition."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coalition import demo, roles

from . import services
from .models import (
    Circle,
    Crisis,
    CrisisEvent,
    Decision,
    Domain,
    Lesson,
    Moment,
    PlaybookVersion,
    Principle,
    Priority,
    Risk,
    Scenario,
    Seat,
    Stakeholder,
    SteeringGroup,
    Step,
)

GROUP_NAME = "Regiegroep Zorgcoalitie Amsterdam"


def _representative(first_name, last_name, organisation):
    return demo.DemoUser(
        first_name, last_name, "Bestuurder", [roles.STEERING_MEMBER], [organisation]
    )


# Representatives beside the demo user "steering".
REPRESENTATIVES = {
    "regie-amstelzorg": _representative("Mirjam", "Hoekstra", "amstelzorg"),
    "regie-buurtkracht": _representative("Youssef", "Benali", "buurtkracht"),
    "regie-jeugdbrug": _representative("Linda", "Kok", "jeugdbrug"),
    "regie-ggz": _representative("Pieter", "van Dijk", "ggz_ij"),
    "regie-oud": _representative("Anneke", "Mulder", "amstelzorg"),
}

SCENARIOS = [
    {
        "title": "Landelijke lockdown door een pandemie",
        "trigger": "Het kabinet kondigt een lockdown aan of sluit dagbesteding en bezoek "
        "aan locaties.",
        "description": "Snel schakelen tussen organisaties om zorg aan kwetsbare cliënten te "
        "garanderen, met zo min mogelijk fysieke contacten.",
        "steps": [
            (
                Moment.BEFORE,
                "Actuele lijst kwetsbare cliënten per organisatie bijhouden",
                "Zorgmanager",
            ),
            (Moment.BEFORE, "Afspraken over uitwisselen personeel vastleggen", "HR-adviseur"),
            (
                Moment.START,
                "Regiegroep komt binnen 24 uur (digitaal) bijeen",
                "Voorzitter regiegroep",
            ),
            (Moment.START, "Persbericht en brief aan cliënten en naasten", "Communicatieadviseur"),
            (Moment.DURING, "Dagelijks capaciteitsoverzicht locaties en personeel", "Coördinator"),
            (Moment.DURING, "Wekelijks overleg met GGD en gemeente", "Voorzitter regiegroep"),
            (Moment.AFTER, "Evaluatie en lessen vastleggen in het beslissingskader", "Regiegroep"),
        ],
        "risks": [
            (
                None,
                "Personeelstekort door ziekte en quarantaine",
                4,
                5,
                "Flexpool over organisaties heen; taken herverdelen.",
            ),
            (
                "zonnehuis",
                "Vereenzaming van bewoners door bezoekverbod",
                4,
                4,
                "Beeldbellen en vaste contactpersoon per bewoner.",
            ),
            (
                "jeugdbrug",
                "Escalaties in gezinnen bij gesloten scholen",
                3,
                4,
                "Ambulante ondersteuning opschalen; crisisbedden reserveren.",
            ),
        ],
    },
    {
        "title": "Uitval van een zorglocatie",
        "trigger": "Een locatie is door brand, wateroverlast of stroomstoring langer dan een "
        "dag onbruikbaar.",
        "description": "Bewoners tijdelijk onderbrengen bij partnerorganisaties in de coalitie.",
        "steps": [
            (
                Moment.BEFORE,
                "Overzicht van vrije bedden per organisatie actueel houden",
                "Coördinator",
            ),
            (Moment.START, "Bewoners en naasten informeren en opvang regelen", "Locatiemanager"),
            (Moment.DURING, "Zorgdossiers veilig meegeven naar de opvanglocatie", "Teamleider"),
            (Moment.AFTER, "Terugkeer plannen en kosten verdelen volgens het kader", "Regiegroep"),
        ],
        "risks": [
            (
                "amstelzorg",
                "Onvoldoende passende opvangplekken voor cliënten met zware zorgvraag",
                2,
                5,
                "Vooraf afspraken met twee partnerlocaties.",
            ),
            (
                None,
                "Onduidelijkheid over wie de extra kosten draagt",
                3,
                3,
                "Principe in het beslissingskader: kosten volgen de cliënt.",
            ),
        ],
    },
    {
        "title": "Bezuiniging op de Wmo door de gemeente",
        "trigger": "De gemeente kondigt een korting van meer dan 5% aan op het Wmo-budget.",
        "description": "Samen het aanbod herzien zodat de kern voor cliënten overeind blijft.",
        "steps": [
            (Moment.START, "Gezamenlijke impactanalyse per organisatie", "Controller"),
            (Moment.DURING, "Gezamenlijk standpunt richting wethouder", "Voorzitter regiegroep"),
            (Moment.AFTER, "Dienstenaanbod afstemmen; overlap wegnemen", "Regiegroep"),
        ],
        "risks": [
            (
                "buurtkracht",
                "Wachtlijsten in het sociaal werk lopen op",
                4,
                3,
                "Groepsaanbod en inzet vrijwilligers.",
            ),
            (
                None,
                "Organisaties gaan elkaar beconcurreren",
                2,
                4,
                "Afspraak: geen werving van elkaars cliënten.",
            ),
        ],
    },
]

PRINCIPLES = [
    (Domain.FINANCES, "Kosten volgen de cliënt: wie de zorg levert, krijgt de middelen."),
    (Domain.FINANCES, "Geen organisatie gaat failliet aan een gezamenlijke crisisaanpak."),
    (Domain.LOCATIONS, "We delen locaties voordat we nieuwe huren."),
    (Domain.PERSONNEL, "Personeel kan tijdelijk bij een partner werken, met behoud van rechten."),
    (Domain.SERVICES, "De basiszorg voor de meest kwetsbaren gaat altijd voor."),
]


@demo.register(order=20)
def seed_regiegroep(ctx):
    if SteeringGroup.objects.filter(name=GROUP_NAME).exists():
        ctx.log.append("steering group already present")
        return
    orgs = ctx.organisations
    today = timezone.localdate()
    people = {"steering": ctx.users["steering"]}
    for username, spec in REPRESENTATIVES.items():
        people[username] = demo.demo_user(ctx, username, spec)

    group = SteeringGroup(
        name=GROUP_NAME,
        scope="broad",
        max_members=6,
        vision="Samen zorgen we dat kwetsbare Amsterdammers ook in een crisis de zorg krijgen "
        "die ze nodig hebben. We bereiden ons buiten de crisis voor en houden tijdens een "
        "crisis het lange termijn perspectief vast.",
        urgency="De coronacrisis liet zien hoe snel de zorg vastloopt als organisaties ieder "
        "voor zich beslissen.",
        relevance="Cliënten hebben vaak zorg van meerdere organisaties tegelijk.",
        client_interest="Continuïteit van zorg, één aanspreekpunt en duidelijke informatie.",
        mandate="De regiegroep besluit over de inzet van gedeelde locaties en personeel "
        "tijdens een crisis, en adviseert de besturen over financiën.",
        mandate_domains=[Domain.LOCATIONS, Domain.PERSONNEL, Domain.SERVICES],
    )
    services.group_save(group=group, organisations=list(orgs.values()))
    for org_key, text in {
        "amstelzorg": "Continuïteit van wonen voor mensen met een beperking.",
        "zonnehuis": "Voldoende personeel op de afdelingen.",
        "buurtkracht": "Bereikbaarheid van het wijkteam.",
    }.items():
        services.interest_save(group=group, organisation=orgs[org_key], interest=text)
    for title, goals in [
        (
            "Continuïteit van zorg voor de meest kwetsbaren",
            {"amstelzorg": "Geen cliënt zonder begeleiding", "zonnehuis": "Bezetting op peil"},
        ),
        (
            "Gedeelde flexpool van zorgpersoneel",
            {"zonnehuis": "Minder inhuur", "ggz_ij": "Snelle inzet bij uitval"},
        ),
        (
            "Eén stem richting gemeente en GGD",
            {"buurtkracht": "Sterkere positie bij de Wmo-inkoop"},
        ),
    ]:
        services.priority_save(
            priority=Priority(group=group, title=title),
            goals={orgs[k]: v for k, v in goals.items()},
        )

    seats = [
        ("steering", "zonnehuis", "Voorzitter", 4),
        ("regie-amstelzorg", "amstelzorg", "Lid, portefeuille personeel", 3),
        ("regie-buurtkracht", "buurtkracht", "Lid, contact gemeente", 3),
        ("regie-jeugdbrug", "jeugdbrug", "Lid, portefeuille financiën", 2),
        ("regie-ggz", "ggz_ij", "Lid, contact GGD", 2),
    ]
    start = today - timedelta(days=500)
    old = Seat(
        group=group,
        organisation=orgs["amstelzorg"],
        person=people["regie-oud"],
        role="Lid (tot de fusie)",
        hours_per_week=Decimal("2"),
        start_date=start,
        end_date=today - timedelta(days=120),
    )
    services.seat_save(seat=old)
    for username, org_key, role, hours in seats:
        services.seat_save(
            seat=Seat(
                group=group,
                organisation=orgs[org_key],
                person=people[username],
                role=role,
                expectations="Bereidt vergaderingen voor, heeft mandaat van het eigen bestuur "
                "en is in een crisis binnen vier uur bereikbaar.",
                hours_per_week=Decimal(hours),
                start_date=start,
            )
        )

    for circle, name, org_key, user, email in [
        (Circle.SECOND, "Gemeente Amsterdam, afdeling Zorg", None, None, "zorg@gemeente.example"),
        (Circle.SECOND, "GGD Amsterdam", None, None, "crisis@ggd.example"),
        (
            Circle.SECOND,
            "Renée Smit (beleid Het Zonnehuis)",
            "zonnehuis",
            ctx.users["relations"],
            "",
        ),
        (Circle.THIRD, "Veiligheidsregio Amsterdam-Amstelland", None, None, "info@vr.example"),
        (Circle.THIRD, "Centrale cliëntenraad", None, None, "clientenraad@coalitie.example"),
    ]:
        Stakeholder.objects.create(
            group=group,
            circle=circle,
            name=name,
            organisation=orgs.get(org_key) if org_key else None,
            user=user,
            email=email,
        )

    scenarios = {}
    for spec in SCENARIOS:
        scenario = Scenario.objects.create(
            group=group,
            title=spec["title"],
            trigger=spec["trigger"],
            description=spec["description"],
        )
        scenarios[spec["title"]] = scenario
        for position, (moment, action, role) in enumerate(spec["steps"]):
            Step.objects.create(
                scenario=scenario,
                position=position,
                moment=moment,
                action=action,
                responsible_role=role,
            )
        for org_key, description, likelihood, impact, mitigation in spec["risks"]:
            Risk.objects.create(
                scenario=scenario,
                organisation=orgs[org_key] if org_key else None,
                description=description,
                likelihood=likelihood,
                impact=impact,
                mitigation=mitigation,
            )

    pandemic = scenarios[SCENARIOS[0]["title"]]
    crisis = Crisis.objects.create(
        group=group,
        name="Coronamaatregelen najaar",
        started_on=today - timedelta(days=300),
        scenario=pandemic,
    )
    CrisisEvent.objects.create(
        crisis=crisis,
        occurred_on=today - timedelta(days=300),
        description="Persconferentie: dagbesteding sluit per maandag, bezoek beperkt tot "
        "één persoon.",
        measures="Alternatieve dagbesteding aan huis; bezoekregeling per locatie communiceren.",
    )
    CrisisEvent.objects.create(
        crisis=crisis,
        occurred_on=today - timedelta(days=280),
        description="Ziekteverzuim Het Zonnehuis boven 15%.",
        measures="Flexpool inzetten vanuit Amstelzorg en GGD aan het IJ.",
    )
    steering = people["steering"]
    first = Decision.objects.create(
        group=group,
        crisis=crisis,
        scenario=pandemic,
        domain=Domain.PERSONNEL,
        title="Inzet flexpool bij Het Zonnehuis",
        text="Amstelzorg en GGD aan het IJ leveren zes weken lang acht medewerkers aan "
        "Het Zonnehuis.",
        rationale="De bezetting op afdeling 2 West was niet meer veilig; de partners hadden ruimte "
        "door de gesloten dagbesteding.",
    )
    services.decision_publish(decision=first, actor=steering, circles=[Circle.SECOND])
    second = Decision.objects.create(
        group=group,
        crisis=crisis,
        domain=Domain.FINANCES,
        title="Kosten flexpool gedeeld gedragen",
        text="De loonkosten van de flexpool worden naar rato van het aantal cliënten verdeeld.",
        rationale="Geen organisatie mag door de gezamenlijke aanpak in de problemen komen.",
        within_mandate=False,
    )
    services.decision_publish(
        decision=second, actor=steering, circles=[Circle.SECOND, Circle.THIRD]
    )
    Decision.objects.create(
        group=group,
        domain=Domain.LOCATIONS,
        scenario=scenarios[SCENARIOS[1]["title"]],
        title="Reservering van twee noodbedden per organisatie",
        text="Elke organisatie houdt twee bedden vrij voor opvang bij uitval van een locatie.",
        rationale="Bij de brand in Noord duurde het te lang om opvang te vinden.",
    )
    lessons = services.crisis_close(
        crisis=crisis,
        closed_on=today - timedelta(days=200),
        lessons=[
            (
                "Personeel uitwisselen vraagt vooraf geregelde afspraken",
                "Arbeidsrechtelijke vragen kostten in de crisis een week.",
            ),
            ("Eén woordvoerder voorkomt tegenstrijdige berichten", ""),
        ],
    )
    Lesson.objects.create(
        group=group,
        title="Betrek de cliëntenraad vanaf het begin",
        description="Opgedaan bij de evaluatie met de centrale cliëntenraad.",
        recorded_on=today - timedelta(days=150),
    )
    for domain, text in PRINCIPLES:
        Principle.objects.create(
            group=group,
            domain=domain,
            text=text,
            lesson=lessons[0] if domain == Domain.PERSONNEL else None,
        )

    v1 = services.playbook_publish(
        group=group, actor=steering, change_note="Eerste versie na de coronacrisis.", render=False
    )
    PlaybookVersion.objects.filter(pk=v1.pk).update(
        published_at=timezone.now() - timedelta(days=190)
    )
    Principle.objects.create(
        group=group,
        domain=Domain.SERVICES,
        text="Cliënten en naasten horen het eerst, via hun vaste contactpersoon.",
        lesson=lessons[1],
    )
    v2 = services.playbook_publish(
        group=group,
        actor=steering,
        change_note="Principe over communicatie met cliënten toegevoegd.",
        render=False,
    )
    PlaybookVersion.objects.filter(pk=v2.pk).update(
        published_at=timezone.now() - timedelta(days=30)
    )
    ctx.log.append(
        f"steering group with {group.seats.count()} seats, {len(scenarios)} scenarios, "
        "2 playbook versions"
    )

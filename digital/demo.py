"""Demo data for digital inclusion: a menu of fourteen services for four target groups in
five languages (Arabic right to left), the default personas with the services that fit, and
clients of Buurtkracht with intakes, one still waiting for a persona. Safe to run twice."""

from datetime import timedelta

from django.utils import timezone

from coalition import demo

from .defaults import ensure_defaults
from .models import (
    Client,
    HelpAtHome,
    Intake,
    Internet,
    Language,
    Persona,
    Service,
    ServiceText,
    SkillStatement,
    TargetGroup,
)
from .services.intake import propose_persona

OLDER = "Ouderen"
DISABILITY = "Mensen met een verstandelijke beperking"
YOUTH = "Jongeren"
MENTAL = "Mensen met psychische klachten"

# name: (provider key or outside name, level, description, analog alternative, groups,
#        languages, statement numbers (1-based, see defaults.STATEMENTS), link)
SERVICES = {
    "Beeldbellen met je begeleider": (
        "amstelzorg",
        1,
        "Je ziet je begeleider op je tablet. Je hoeft niet te reizen.",
        "Je begeleider komt langs of belt gewoon.",
        [DISABILITY, OLDER],
        ["nl", "en", "ar"],
        [5],
        "",
    ),
    "Medicijnen bestellen in de app van de apotheek": (
        "Apotheek Noord",
        2,
        "Je bestelt je medicijnen met je telefoon. De apotheek brengt ze of je haalt ze op.",
        "Je belt de apotheek of geeft het briefje af aan de balie.",
        [OLDER, MENTAL],
        ["nl", "tr", "ar"],
        [10, 8],
        "https://www.apotheek.nl",
    ),
    "Inloggen met DigiD oefenen": (
        "Bibliotheek Amsterdam",
        2,
        "In de bibliotheek oefen je samen met een vrijwilliger met DigiD.",
        "Iemand die je vertrouwt kan namens jou inloggen (machtiging).",
        [OLDER, MENTAL, YOUTH],
        ["nl", "en", "tr", "pl"],
        [8, 3],
        "https://www.digid.nl",
    ),
    "Patiëntenportaal van de huisarts": (
        "Huisartsen Noord",
        2,
        "Je ziet je afspraken en uitslagen en stelt een vraag aan de huisarts.",
        "Je belt de praktijk of gaat langs.",
        [OLDER, MENTAL],
        ["nl", "en"],
        [9],
        "",
    ),
    "Zorg-app voor thuis": (
        "zonnehuis",
        2,
        "De app herinnert je aan je medicijnen en je kunt een bericht sturen naar je team.",
        "Een weekkaart op de koelkast en een vast telefoonnummer van het team.",
        [OLDER, DISABILITY],
        ["nl", "ar", "tr"],
        [11, 4],
        "",
    ),
    "Digicoach op de dagbesteding": (
        "amstelzorg",
        1,
        "Een collega helpt je stap voor stap met je telefoon of tablet.",
        "De digicoach helpt ook met papieren formulieren.",
        [DISABILITY],
        ["nl"],
        [1, 2, 3],
        "",
    ),
    "Wifi-cursus in het buurthuis": (
        "buurtkracht",
        1,
        "In vier lessen leer je wifi, ontgrendelen en een goed wachtwoord.",
        "Een vrijwilliger komt bij je thuis.",
        [OLDER, MENTAL],
        ["nl", "tr", "ar", "pl"],
        [1, 2, 3],
        "",
    ),
    "QR-code scannen": (
        "buurtkracht",
        1,
        "Je leert met de camera van je telefoon een QR-code te scannen.",
        "Vraag bij de balie om de informatie op papier.",
        [OLDER, DISABILITY, YOUTH],
        ["nl", "en", "ar"],
        [7],
        "",
    ),
    "Nepberichten herkennen": (
        "Bibliotheek Amsterdam",
        2,
        "Je leert hoe je een nepbericht herkent en wat je dan doet.",
        "Twijfel je? Bel de afzender zelf op een nummer dat je kent.",
        [OLDER, YOUTH, MENTAL],
        ["nl", "en", "tr"],
        [13],
        "",
    ),
    "Online afspraak maken bij het wijkteam": (
        "buurtkracht",
        2,
        "Je kiest zelf een tijd voor een gesprek met het wijkteam.",
        "Je belt het wijkteam of loopt binnen op het spreekuur.",
        [MENTAL, OLDER],
        ["nl", "en"],
        [6],
        "",
    ),
    "Chat met de jeugdhulp": (
        "jeugdbrug",
        2,
        "Je stelt anoniem een vraag via de chat.",
        "Je belt de jeugdhulp of komt langs.",
        [YOUTH],
        ["nl", "en", "ar"],
        [4],
        "",
    ),
    "Online lotgenotengroep": (
        "ggz_ij",
        2,
        "Eén keer per week praat je online met mensen die hetzelfde meemaken.",
        "Dezelfde groep komt ook samen in het buurthuis.",
        [MENTAL],
        ["nl"],
        [5],
        "",
    ),
    "Samen oefenen met een digimaatje": (
        "Bibliotheek Amsterdam",
        1,
        "Een vrijwilliger oefent thuis met je wat jij wilt leren.",
        "Het digimaatje helpt ook met post en formulieren op papier.",
        [OLDER, DISABILITY, MENTAL],
        ["nl", "tr", "pl"],
        [1, 12],
        "",
    ),
    "Faxdienst apotheek (gestopt)": (
        "Apotheek Noord",
        1,
        "Bestellen per fax: vervangen door de app.",
        "Bel de apotheek.",
        [OLDER],
        ["nl"],
        [],
        "",
    ),
}

ARABIC = {
    "Beeldbellen met je begeleider": (
        "مكالمة فيديو مع مرافقك",
        "ترى مرافقك على جهازك اللوحي. لا تحتاج إلى السفر.",
    ),
    "Wifi-cursus in het buurthuis": (
        "دورة واي فاي في مركز الحي",
        "في أربعة دروس تتعلم الواي فاي وفتح الهاتف وكلمة مرور جيدة.",
    ),
}

PERSONA_SERVICES = {
    "Nog niet online": ["Samen oefenen met een digimaatje", "Wifi-cursus in het buurthuis"],
    "Starter met hulp": ["Digicoach op de dagbesteding", "Wifi-cursus in het buurthuis"],
    "Op weg": ["Beeldbellen met je begeleider", "Medicijnen bestellen in de app van de apotheek"],
    "Zelfstandig": ["Inloggen met DigiD oefenen", "Patiëntenportaal van de huisarts"],
    "Helpt anderen": ["Samen oefenen met een digimaatje"],
}

# number: (target group, language, statement numbers the client can, wants, devices,
#          internet, help at home, days ago, persona chosen or None (waiting))
CLIENTS = {
    "BK-1001": (OLDER, "nl", [1, 2, 4], [5, 10], ["smartphone"], "home", "sometimes", 40, True),
    "BK-1002": (OLDER, "tr", [], [1, 2], ["none"], "none", "yes", 35, True),
    "BK-1003": (
        MENTAL,
        "nl",
        [1, 2, 3, 4, 5, 6, 7],
        [8, 9],
        ["smartphone", "computer"],
        "home",
        "no",
        20,
        True,
    ),
    "BK-1004": (MENTAL, "ar", [1, 4], [2, 3], ["smartphone"], "elsewhere", "sometimes", 12, True),
    "BK-1005": (OLDER, "nl", list(range(1, 14)), [], ["tablet", "computer"], "home", "no", 8, True),
    "BK-1006": (OLDER, "pl", [1, 2], [3, 10], ["tablet"], "home", "yes", 1, False),
}


@demo.register(order=40)
def seed_digital(ctx):
    ensure_defaults(Language, TargetGroup, SkillStatement, Persona)
    groups = {g.name: g for g in TargetGroup.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    statements = list(SkillStatement.objects.order_by("order", "pk"))
    now = timezone.now()

    services = {}
    for name, (provider, level, text, analog, group_names, codes, numbers, url) in SERVICES.items():
        organisation = ctx.organisations.get(provider)
        service, created = Service.objects.get_or_create(
            name=name,
            defaults={
                "provider": organisation,
                "provider_name": "" if organisation else provider,
                "level": level,
                "description": text,
                "analog_alternative": analog,
                "url": url,
                "retired_at": now - timedelta(days=90) if "gestopt" in name else None,
            },
        )
        if created:
            service.target_groups.set([groups[g] for g in group_names])
            service.languages.set([languages[c] for c in codes])
            service.statements.set([statements[n - 1] for n in numbers])
        services[name] = service
    for name, (title, text) in ARABIC.items():
        ServiceText.objects.get_or_create(
            service=services[name],
            language=languages["ar"],
            target_group=None,
            defaults={"title": title, "text": text},
        )
    ServiceText.objects.get_or_create(
        service=services["Beeldbellen met je begeleider"],
        language=languages["nl"],
        target_group=groups[DISABILITY],
        defaults={
            "title": "Bellen met beeld",
            "text": "Je ziet je begeleider op de tablet. Druk op de groene knop.",
        },
    )
    for persona_name, service_names in PERSONA_SERVICES.items():
        persona = Persona.objects.get(name=persona_name)
        if not persona.services.exists():
            persona.services.set([services[n] for n in service_names])

    organisation = ctx.organisations["buurtkracht"]
    intake_staff = ctx.users["intake"]
    for number, (
        group,
        code,
        can,
        wants,
        devices,
        internet,
        help_,
        days,
        chosen,
    ) in CLIENTS.items():
        client, created = Client.objects.get_or_create(
            organisation=organisation,
            number=number,
            defaults={
                "language": languages[code],
                "target_group": groups[group],
                "created_at": now - timedelta(days=days),
            },
        )
        if not created:
            continue
        can_ids = [statements[n - 1].pk for n in can]
        proposal = propose_persona(can_ids=can_ids, devices=devices, internet=internet)
        intake = Intake.objects.create(
            client=client,
            done_by=intake_staff,
            done_at=now - timedelta(days=days),
            can=can_ids,
            wants=[statements[n - 1].pk for n in wants],
            devices=devices,
            internet=internet or Internet.NONE,
            help_at_home=help_ or HelpAtHome.NO,
            proposed_persona=proposal.persona,
            proposal_reason=proposal.reason,
            persona=proposal.persona if chosen else None,
        )
        if chosen:
            client.persona = intake.persona
            client.save(update_fields=["persona"])
    _seed_plans(ctx, services, now)
    _seed_privacy_request(ctx)
    ctx.log.append(
        f"digital: {len(SERVICES)} services, {Persona.objects.count()} personas, "
        f"{len(CLIENTS)} clients of Buurtkracht with intakes (one waiting for a persona)"
    )


def _seed_privacy_request(ctx):
    """A client of Buurtkracht asked for a copy of their data: the privacy officer's request
    waits for a second person of Buurtkracht (the working-group member confirms for it)."""
    from coalition.models import AccessGrant
    from coalition.privacy.requests import COPY, KIND, privacy_request

    if AccessGrant.objects.filter(kind=KIND).exists():
        return
    client = (
        Client.objects.filter(organisation=ctx.organisations["buurtkracht"])
        .order_by("number")
        .first()
    )
    privacy_request(
        actor=ctx.users["privacy"],
        subject_name="client",
        subject=client,
        request=COPY,
        reference="brief van 24 november",
        note="De cliënt vroeg het zelf aan de balie; legitimatie gezien door de teamleider.",
    )


# client number: (service, goal in the client's words, days until the aim (None: no date),
#                 attempts as (worked, note, days ago), reached)
GOALS = {
    "BK-1001": (
        "Beeldbellen met je begeleider",
        "Ik bel met beeld met mijn dochter.",
        -5,
        [(False, "Camera stond uit.", 20), (True, "Gelukt met hulp.", 10)],
        False,
    ),
    "BK-1003": (
        "Medicijnen bestellen in de app van de apotheek",
        "Ik bestel mijn medicijnen zelf.",
        30,
        [
            (False, "Inloggen lukte niet.", 9),
            (False, "App liep vast.", 6),
            (False, "Wachtwoord kwijt.", 3),
        ],
        False,
    ),
    "BK-1004": (
        "Zorg-app voor thuis",
        "De app herinnert mij aan mijn pillen.",
        45,
        [(False, "Meldingen stonden uit.", 8), (False, "Telefoon leeg.", 4)],
        False,
    ),
    "BK-1005": (
        "Inloggen met DigiD oefenen",
        "Ik log zelf in met DigiD.",
        None,
        [(True, "Zelf gedaan.", 14)],
        True,
    ),
}


def _seed_plans(ctx, services, now):
    """Goals and attempts through the services, as the care worker would log them: one
    client switched to analog this week, one at two strikes, one goal past its date."""
    from .models import Goal
    from .services import plans

    care_worker = ctx.users["careworker"]
    for client in Client.objects.filter(organisation=ctx.organisations["buurtkracht"]):
        plans.ensure_basic_goal(client=client, actor=ctx.users["intake"])
    for number, (service_name, title, due_days, attempts, reached) in GOALS.items():
        client = Client.objects.get(organisation=ctx.organisations["buurtkracht"], number=number)
        if Goal.objects.filter(client=client, is_basic=False).exists():
            continue
        goal = Goal.objects.create(
            client=client,
            title=title,
            service=services[service_name],
            starts_on=(now - timedelta(days=30)).date(),
            due_on=(now + timedelta(days=due_days)).date() if due_days is not None else None,
            strikes_since=now - timedelta(days=30),
            created_by=care_worker,
        )
        for worked, note, days_ago in attempts:
            attempt, _switched = plans.attempt_log(
                goal=goal, worked=worked, note=note, actor=care_worker
            )
            attempt.logged_at = now - timedelta(days=days_ago)
            attempt.save(update_fields=["logged_at"])
        if reached:
            plans.goal_set_status(goal=goal, status="reached", actor=care_worker)

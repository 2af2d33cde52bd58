"""The reference data a new installation starts with: languages, target groups, the "Ik
kan…" statements of the intake and a small default set of personas. Coordinators change
them in the app; `ensure_defaults` adds what is missing and changes nothing that exists.

Statements follow the UK Essential Digital Skills areas with the client tasks Pharos names;
each carries the DigComp 2.2 competence it belongs to. Personas cover DigComp levels 1 to 5:
clients rarely need more, and coordinators can add more."""

LANGUAGES = [
    ("nl", "Nederlands", False),
    ("en", "English", False),
    ("ar", "العربية (Arabisch)", True),
    ("tr", "Türkçe (Turks)", False),
    ("pl", "Polski (Pools)", False),
]

TARGET_GROUPS = [
    ("Ouderen", "Thuiswonende ouderen en bewoners van verpleeghuizen."),
    ("Mensen met een verstandelijke beperking", "Cliënten in wonen en dagbesteding."),
    ("Jongeren", "Jongeren in jeugdhulp en hun ouders."),
    ("Mensen met psychische klachten", "Cliënten van ggz en wijkteams."),
]

# (area, statement, DigComp competence)
STATEMENTS = [
    ("foundation", "Ik kan mijn telefoon of tablet aanzetten en ontgrendelen.", "5.2"),
    ("foundation", "Ik kan verbinding maken met wifi.", "5.2"),
    ("foundation", "Ik kan een wachtwoord maken en onthouden.", "4.1"),
    ("communicating", "Ik kan een bericht sturen, bijvoorbeeld met WhatsApp.", "2.1"),
    ("communicating", "Ik kan beeldbellen.", "2.1"),
    ("information", "Ik kan informatie over mijn zorg vinden en begrijpen.", "1.1"),
    ("information", "Ik kan een QR-code scannen.", "1.1"),
    ("transacting", "Ik kan inloggen met DigiD.", "2.3"),
    ("transacting", "Ik kan inloggen op het portaal van mijn huisarts of ziekenhuis.", "2.3"),
    ("transacting", "Ik kan mijn medicijnen online bestellen.", "2.3"),
    ("problem_solving", "Ik kan een zorg-app thuis gebruiken.", "5.2"),
    ("problem_solving", "Ik weet wat ik kan doen als iets niet lukt.", "5.1"),
    ("safety", "Ik herken een nepbericht en klik er niet op.", "4.2"),
]

# (name, DigComp level, description, next step)
PERSONAS = [
    (
        "Nog niet online",
        1,
        "Heeft geen apparaat of geen internet, of durft nog niet te beginnen.",
        "Samen kijken naar een apparaat en internet. Tot dan het analoge alternatief.",
    ),
    (
        "Starter met hulp",
        2,
        "Heeft een telefoon of tablet, maar de basis lukt nog niet alleen.",
        "Met een digicoach oefenen: wifi, ontgrendelen en een wachtwoord.",
    ),
    (
        "Op weg",
        3,
        "De basis lukt. Berichten sturen ook. Zorgtaken online nog niet.",
        "Eén zorgtaak samen oefenen, bijvoorbeeld medicijnen bestellen.",
    ),
    (
        "Zelfstandig",
        4,
        "Doet de meeste dingen zelf online, ook voor de zorg.",
        "DigiD en het patiëntenportaal zelf leren gebruiken.",
    ),
    (
        "Helpt anderen",
        5,
        "Doet alles zelf en helpt anderen graag.",
        "Vragen of de cliënt digimaatje wil worden voor anderen.",
    ),
]


def ensure_defaults(Language, TargetGroup, SkillStatement, Persona):
    """Works with the real models and with a migration's historical ones."""
    for code, name, rtl in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name, "right_to_left": rtl})
    for name, description in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(name=name, defaults={"description": description})
    for order, (area, text, digcomp) in enumerate(STATEMENTS, start=1):
        SkillStatement.objects.get_or_create(
            text=text, defaults={"area": area, "digcomp": digcomp, "order": order}
        )
    for name, level, description, next_step in PERSONAS:
        Persona.objects.get_or_create(
            name=name,
            defaults={"digcomp_level": level, "description": description, "next_step": next_step},
        )


# (code, audience, name, description, criteria, DigComp code, DigComp competence in Dutch)
ACHIEVEMENTS = [
    (
        "eerste-stap",
        "clients",
        "Eerste stap",
        "Het eerste dat digitaal lukte.",
        "Een poging met een dienst van de menukaart is gelukt.",
        "5.2",
        "Behoeften en technologische oplossingen herkennen",
    ),
    (
        "doel-gehaald",
        "clients",
        "Doel gehaald",
        "Een eigen digitaal doel gehaald.",
        "Een digitaal doel in het zorgplan is gehaald.",
        "5.2",
        "Behoeften en technologische oplossingen herkennen",
    ),
    (
        "basis-op-orde",
        "clients",
        "De basis op orde",
        "Apparaat, internet en wachtwoord lukken zelf.",
        "Het vaste basisdoel in het zorgplan is gehaald.",
        "5.1",
        "Technische problemen oplossen",
    ),
    (
        "digihelper",
        "staff",
        "Digihelper",
        "Hielp vijf cliënten op weg met een digitale dienst.",
        "Bij vijf verschillende cliënten een gelukte poging met een digitale dienst begeleid.",
        "5.4",
        "Hiaten in digitale competenties herkennen",
    ),
    (
        "eerste-doel-begeleid",
        "staff",
        "Eerste doel begeleid",
        "Een cliënt haalde een digitaal doel met jouw hulp.",
        "Een digitaal doel van een cliënt gehaald en vastgelegd.",
        "5.4",
        "Hiaten in digitale competenties herkennen",
    ),
    (
        "digicoach",
        "staff",
        "Digicoach",
        "Digitale kampioen van de organisatie: helpt collega's en cliënten op de werkvloer.",
        "Benoemd tot digitale kampioen (digicoach) van de organisatie.",
        "5.4",
        "Hiaten in digitale competenties herkennen",
    ),
]


def ensure_achievements(Achievement):
    for code, audience, name, description, criteria, digcomp, digcomp_name in ACHIEVEMENTS:
        Achievement.objects.get_or_create(
            code=code,
            defaults={
                "audience": audience,
                "name": name,
                "description": description,
                "criteria": criteria,
                "digcomp": digcomp,
                "digcomp_name": digcomp_name,
            },
        )

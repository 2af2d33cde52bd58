"""Demo data: a realistic coalition. Each app adds its part through `register`.

    from coalition import demo

    @demo.register(order=20)
    def seed_regiegroep(ctx): ...

A seeder must be idempotent (get_or_create on natural keys): `seed_demo` may run twice.
`ctx` is a DemoContext with the organisations, teams and users made by the core seeder.
Every demo account, whichever app needs it, is made by `demo_user` from a `DemoUser`: the
same e-mail pattern, the same password, roles, organisations and teams added, never taken.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import Organisation, Profile, Sector, Team
from .seeding import Seeders

DEMO_PASSWORD = "coalitie-demo"

_seeders = Seeders("demo")
register = _seeders.register


@dataclass
class DemoContext:
    organisations: dict = field(default_factory=dict)  # short key -> Organisation
    teams: dict = field(default_factory=dict)  # short key -> Team
    users: dict = field(default_factory=dict)  # username -> User
    log: list = field(default_factory=list)


@dataclass(frozen=True)
class DemoUser:
    """A demo account. Organisations and teams by their keys in ORGANISATIONS and TEAMS."""

    first_name: str
    last_name: str
    job_title: str
    roles: list
    organisations: list
    teams: list = field(default_factory=list)
    is_staff: bool = False


def demo_user(ctx, username, spec):
    """The demo account `username`, made from `spec` the first time and kept in ctx.users.
    It gets the demo password when it is made or has no usable one (every demo account logs
    in the same way); roles, organisations and teams are added when missing, never taken
    away, and an existing account's name and job title are left as they are."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{username}@coalitie.example",
            "is_staff": spec.is_staff,
        },
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*Group.objects.filter(name__in=spec.roles))
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"job_title": spec.job_title})
    add_missing(profile.organisations, [ctx.organisations[key] for key in spec.organisations])
    add_missing(profile.teams, [ctx.teams[key] for key in spec.teams])
    ctx.users[username] = user
    return user


def add_missing(related, objects):
    """Add to a many-to-many relation what it lacks. Adding what is there already would
    write a history entry all the same, and a second `seed_demo` must change nothing."""
    present = set(related.values_list("pk", flat=True))
    missing = [obj for obj in objects if obj.pk not in present]
    if missing:
        related.add(*missing)


ORGANISATIONS = {
    "amstelzorg": ("Amstelzorg", Sector.DISABILITY, "Amsterdam"),
    "zonnehuis": ("Het Zonnehuis", Sector.ELDERLY, "Amsterdam-Zuidoost"),
    "buurtkracht": ("Buurtkracht Sociaal Werk", Sector.SOCIAL, "Amsterdam-Noord"),
    "jeugdbrug": ("De Jeugdbrug", Sector.YOUTH, "Zaanstad"),
    "ggz_ij": ("GGZ aan het IJ", Sector.MENTAL_HEALTH, "Amsterdam-West"),
}

TEAMS = {
    "amstelzorg_wonen": ("amstelzorg", "Wonen De Pijp"),
    "amstelzorg_dag": ("amstelzorg", "Dagbesteding Oost"),
    "zonnehuis_w2": ("zonnehuis", "Afdeling 2 West"),
    "buurtkracht_noord": ("buurtkracht", "Wijkteam Noord"),
    "jeugdbrug_ambulant": ("jeugdbrug", "Ambulant team"),
    "ggz_fact": ("ggz_ij", "FACT-team West"),
}

USERS = {
    "coordinator": DemoUser(
        "Carla",
        "de Vries",
        "Coördinator coalitie",
        [roles.COORDINATOR],
        ["amstelzorg", "zonnehuis", "buurtkracht", "jeugdbrug", "ggz_ij"],
        is_staff=True,
    ),
    "steering": DemoUser(
        "Sander", "Bakker", "Bestuurder", [roles.STEERING_MEMBER, roles.EMPLOYEE], ["zonnehuis"]
    ),
    "workgroup": DemoUser(
        "Wendy",
        "Jansen",
        "Geestelijk verzorger",
        [roles.WORKING_GROUP_MEMBER, roles.EMPLOYEE],
        ["amstelzorg", "buurtkracht"],
    ),
    "teamlead": DemoUser(
        "Tom",
        "El Amrani",
        "Teamleider",
        [roles.TEAM_LEAD, roles.EMPLOYEE],
        ["amstelzorg"],
        teams=["amstelzorg_wonen"],
    ),
    "employee": DemoUser(
        "Esra", "Yılmaz", "Begeleider", [roles.EMPLOYEE], ["amstelzorg"], teams=["amstelzorg_wonen"]
    ),
    "intake": DemoUser(
        "Ingrid",
        "Peeters",
        "Intakemedewerker",
        [roles.INTAKE_STAFF, roles.EMPLOYEE],
        ["buurtkracht"],
        teams=["buurtkracht_noord"],
    ),
    "careworker": DemoUser(
        "Kees",
        "Visser",
        "Wijkverpleegkundige",
        [roles.CARE_WORKER, roles.EMPLOYEE],
        ["buurtkracht"],
        teams=["buurtkracht_noord"],
    ),
    "relations": DemoUser(
        "Renée",
        "Smit",
        "Beleidsmedewerker",
        [roles.RELATIONSHIP_MANAGER, roles.EMPLOYEE],
        ["zonnehuis"],
        teams=["zonnehuis_w2"],
    ),
    # The coalition's privacy officer (functionaris gegevensbescherming), employed by one
    # member: reads the access log of the whole coalition and its monthly report, no record.
    "privacy": DemoUser(
        "Priya",
        "Ramdin",
        "Functionaris gegevensbescherming",
        [roles.PRIVACY_OFFICER],
        ["ggz_ij"],
    ),
}


@register(order=0)
def seed_core(ctx):
    for key, (name, sector, region) in ORGANISATIONS.items():
        ctx.organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"sector": sector, "region": region}
        )
    for key, (org_key, name) in TEAMS.items():
        ctx.teams[key], _ = Team.objects.get_or_create(
            organisation=ctx.organisations[org_key], name=name
        )
    for username, spec in USERS.items():
        demo_user(ctx, username, spec)
    ctx.log.append(f"{len(ORGANISATIONS)} organisations, {len(USERS)} demo users")


def run_all():
    return _seeders.run(DemoContext())

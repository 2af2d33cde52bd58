"""Demo data: a realistic coalition. Each app adds its part through `register`.

    from coalition import demo

    @demo.register(order=20)
    def seed_regiegroep(ctx): ...

A seeder must be idempotent (get_or_create on natural keys): `seed_demo` may run twice.
`ctx` is a DemoContext with the organisations, teams and users made by the core seeder.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import Organisation, Profile, Sector, Team

DEMO_PASSWORD = "coalitie-demo"

_seeders = []


def register(order=100):
    def decorator(func):
        if all(f is not func for _, f in _seeders):
            _seeders.append((order, func))
            _seeders.sort(key=lambda pair: pair[0])
        return func

    return decorator


@dataclass
class DemoContext:
    organisations: dict = field(default_factory=dict)  # short key -> Organisation
    teams: dict = field(default_factory=dict)  # short key -> Team
    users: dict = field(default_factory=dict)  # username -> User
    log: list = field(default_factory=list)


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

# username: (first, last, job title, roles, organisations, teams, is_staff)
USERS = {
    "coordinator": (
        "Carla",
        "de Vries",
        "Coördinator coalitie",
        [roles.COORDINATOR],
        ["amstelzorg", "zonnehuis", "buurtkracht", "jeugdbrug", "ggz_ij"],
        [],
        True,
    ),
    "steering": (
        "Sander",
        "Bakker",
        "Bestuurder",
        [roles.STEERING_MEMBER, roles.EMPLOYEE],
        ["zonnehuis"],
        [],
        False,
    ),
    "workgroup": (
        "Wendy",
        "Jansen",
        "Geestelijk verzorger",
        [roles.WORKING_GROUP_MEMBER, roles.EMPLOYEE],
        ["amstelzorg", "buurtkracht"],
        [],
        False,
    ),
    "teamlead": (
        "Tom",
        "El Amrani",
        "Teamleider",
        [roles.TEAM_LEAD, roles.EMPLOYEE],
        ["amstelzorg"],
        ["amstelzorg_wonen"],
        False,
    ),
    "employee": (
        "Esra",
        "Yılmaz",
        "Begeleider",
        [roles.EMPLOYEE],
        ["amstelzorg"],
        ["amstelzorg_wonen"],
        False,
    ),
    "intake": (
        "Ingrid",
        "Peeters",
        "Intakemedewerker",
        [roles.INTAKE_STAFF, roles.EMPLOYEE],
        ["buurtkracht"],
        ["buurtkracht_noord"],
        False,
    ),
    "careworker": (
        "Kees",
        "Visser",
        "Wijkverpleegkundige",
        [roles.CARE_WORKER, roles.EMPLOYEE],
        ["buurtkracht"],
        ["buurtkracht_noord"],
        False,
    ),
    "relations": (
        "Renée",
        "Smit",
        "Beleidsmedewerker",
        [roles.RELATIONSHIP_MANAGER, roles.EMPLOYEE],
        ["zonnehuis"],
        ["zonnehuis_w2"],
        False,
    ),
}


@register(order=0)
def seed_core(ctx):
    User = get_user_model()
    for key, (name, sector, region) in ORGANISATIONS.items():
        ctx.organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"sector": sector, "region": region}
        )
    for key, (org_key, name) in TEAMS.items():
        ctx.teams[key], _ = Team.objects.get_or_create(
            organisation=ctx.organisations[org_key], name=name
        )
    for username, (first, last, title, role_list, orgs, teams, staff) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@coalitie.example",
                "is_staff": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=role_list))
        profile, _ = Profile.objects.get_or_create(user=user, defaults={"job_title": title})
        profile.organisations.add(*(ctx.organisations[o] for o in orgs))
        profile.teams.add(*(ctx.teams[t] for t in teams))
        ctx.users[username] = user
    ctx.log.append(f"{len(ORGANISATIONS)} organisations, {len(USERS)} demo users")


def run_all():
    # Importing each app's demo module registers its seeder.
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    ctx = DemoContext()
    for _, seeder in _seeders:
        seeder(ctx)
    return ctx

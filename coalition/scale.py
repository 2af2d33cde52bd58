"""A scaled coalition on top of the demo: `seed_demo --scale N`.

At N=10 the coalition has about 50 organisations, 2,000 staff, 20,000 clients, 100,000
contact moments, 10,000 dilemma cases and 200 scenarios; every figure grows linearly with N
(N=2 is a fifth of it). N=1 is the demo alone. Each app adds its part through `register`,
like the demo:

    from coalition import scale

    @scale.register(order=30)
    def scale_dilemmas(ctx): ...

A seeder tops its rows up to `ctx.target(...)`, so a second run at the same scale adds
nothing. Rows are made with bulk_create for speed; what the app derives from them (guardian
rows of sight and of cases, steering member rights) is then derived by the app's own services,
so the scaled data holds the same rules as data entered through the pages. Bulk rows have no
history entries of their own.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import cycle

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from . import roles, sight
from .demo import DEMO_PASSWORD, ORGANISATIONS
from .models import Organisation, Profile, Sector, Team
from .seeding import Seeders

# Rows per unit of scale: N=10 gives the reference coalition (README, "Benchmark").
PER_SCALE = {
    "organisations": 5,
    "staff": 200,
    "clients": 2_000,
    "contact_moments": 10_000,
    "cases": 1_000,
    "scenarios": 20,
}

TEAMS_PER_ORGANISATION = 4
STAFF_PREFIX = "staf-"  # the user names of the scaled staff

_seeders = Seeders("scale")
register = _seeders.register


def targets(scale):
    """The total of each kind of row at `scale` (demo rows included)."""
    return {key: per * scale for key, per in PER_SCALE.items()}


@dataclass
class ScaleContext:
    scale: int
    rng: random.Random
    now: object
    organisations: list = field(default_factory=list)  # every organisation, demo ones first
    new_organisations: list = field(default_factory=list)
    teams: dict = field(default_factory=dict)  # organisation pk -> [Team]
    staff: dict = field(default_factory=dict)  # organisation pk -> [User] (scaled staff only)
    team_members: dict = field(default_factory=dict)  # team pk -> [User] (scaled staff only)
    roles: dict = field(default_factory=dict)  # role -> [User] (scaled staff only)
    organisation_of: dict = field(default_factory=dict)  # user pk -> organisation pk
    team_of: dict = field(default_factory=dict)  # user pk -> team pk
    log: list = field(default_factory=list)

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def scaled_organisations(self):
        """The organisations the scaled data added: the demo's own keep their shape (which
        working group serves them, which steering group they sit in), so a demo person's
        pages show more rows at scale, never other parts."""
        demo_names = {name for name, _sector, _region in ORGANISATIONS.values()}
        return [o for o in self.organisations if o.name not in demo_names]

    def target(self, key):
        return targets(self.scale)[key]

    def with_role(self, role, organisation_id=None):
        people = self.roles.get(role, [])
        if organisation_id is None:
            return people
        return [u for u in people if self.organisation_of.get(u.pk) == organisation_id]


def spread(total, buckets):
    """`total` split over `buckets` as evenly as whole numbers allow (first buckets get more)."""
    if buckets <= 0:
        return []
    base, rest = divmod(max(total, 0), buckets)
    return [base + (1 if i < rest else 0) for i in range(buckets)]


def run_all(scale, *, seed=10):
    """Top the database up to `scale` (after the demo). Returns the context with its log."""
    return _seeders.run(ScaleContext(scale=scale, rng=random.Random(seed), now=timezone.now()))


# --- The core: organisations, teams and their staff ---

PREFIXES = ["Zorggroep", "Stichting", "Woonzorg", "Thuiszorg", "Welzijn", "Zorgpartners"]
PLACES = [
    "Amstelveen", "Haarlem", "Zaandam", "Purmerend", "Hoofddorp", "Almere", "Hilversum",
    "Diemen", "Uithoorn", "Weesp", "Edam", "Volendam", "Landsmeer", "Ouder-Amstel",
    "Aalsmeer", "Wormer", "Krommenie", "Monnickendam", "Abcoude", "Badhoevedorp",
]  # fmt: skip
TEAM_NAMES = ["Wonen", "Dagbesteding", "Ambulant", "Wijkteam", "Nachtdienst", "Behandeling"]
FIRST = [
    "Anna", "Bram", "Citlali", "Daan", "Emma", "Fenna", "Gijs", "Hind", "Ilse", "Jeroen",
    "Kim", "Lars", "Mila", "Noah", "Olga", "Pim", "Rosa", "Sem", "Tess", "Umut", "Vera",
    "Wouter", "Yara", "Zeynep",
]  # fmt: skip
LAST = [
    "de Boer", "Bakker", "Visser", "Smit", "Meijer", "de Groot", "Mulder", "Bos", "Vos",
    "Peters", "Hendriks", "Dekker", "Brouwer", "Kaya", "Yılmaz", "El Idrissi", "Pinas",
    "Nguyen", "Kowalski", "Jansen",
]  # fmt: skip
JOB_TITLES = ["Begeleider", "Verzorgende", "Verpleegkundige", "Activiteitenbegeleider"]

# Roles per organisation beside every person's employee role; a team's first person leads it.
ROLES_PER_ORGANISATION = [
    (roles.INTAKE_STAFF, 2, "Intakemedewerker"),
    (roles.CARE_WORKER, 4, "Wijkverpleegkundige"),
    (roles.RELATIONSHIP_MANAGER, 2, "Beleidsmedewerker"),
    (roles.WORKING_GROUP_MEMBER, 2, "Geestelijk verzorger"),
    (roles.STEERING_MEMBER, 1, "Bestuurder"),
]
# A coordinator per new organisation: the demo coordinator runs the demo's five.
COORDINATORS_PER_NEW_ORGANISATION = 1


@register(order=0)
def scale_core(ctx):
    existing = list(Organisation.objects.order_by("pk"))
    missing = ctx.target("organisations") - len(existing)
    names = {o.name for o in existing}
    sectors = cycle([s for s, _ in Sector.choices if s != Sector.OTHER])
    made = []
    number = 0
    while len(made) < missing:
        number += 1
        name = f"{PREFIXES[number % len(PREFIXES)]} {PLACES[number % len(PLACES)]} {number}"
        if name not in names:
            names.add(name)
            made.append(
                Organisation(name=name, sector=next(sectors), region=PLACES[number % len(PLACES)])
            )
    Organisation.objects.bulk_create(made)
    Team.objects.bulk_create(
        Team(organisation=o, name=f"{TEAM_NAMES[i % len(TEAM_NAMES)]} {o.region}")
        for o in made
        for i in range(TEAMS_PER_ORGANISATION)
    )
    ctx.organisations = list(Organisation.objects.order_by("pk"))
    ctx.new_organisations = [o for o in ctx.organisations if o.pk not in {e.pk for e in existing}]
    for team in Team.objects.order_by("pk"):
        ctx.teams.setdefault(team.organisation_id, []).append(team)
    _scale_staff(ctx, new_ids={o.pk for o in made})
    ctx.log.append(
        f"{len(ctx.organisations)} organisations ({len(made)} new), "
        f"{sum(len(v) for v in ctx.staff.values())} scaled staff"
    )


def _scale_staff(ctx, new_ids):
    User = get_user_model()
    staff_now = Profile.objects.count()
    missing = max(ctx.target("staff") - staff_now, 0)
    first_number = User.objects.filter(username__startswith=STAFF_PREFIX).count() + 1
    password = make_password(DEMO_PASSWORD)  # one hash: every scaled account, one password
    rng = ctx.rng
    plan = []  # (organisation, team or None, roles, job title)
    counts = spread(missing, len(ctx.organisations))
    for organisation, count in zip(ctx.organisations, counts, strict=True):
        teams = ctx.teams.get(organisation.pk, [])
        wanted = []
        if organisation.pk in new_ids:
            wanted += [([roles.TEAM_LEAD], "Teamleider")] * len(teams)
            wanted += [([roles.COORDINATOR], "Coördinator")] * COORDINATORS_PER_NEW_ORGANISATION
        for role, number, title in ROLES_PER_ORGANISATION:
            wanted += [([role], title)] * number
        wanted = wanted[:count]
        wanted += [([], rng.choice(JOB_TITLES))] * (count - len(wanted))
        for index, (extra_roles, title) in enumerate(wanted):
            team = teams[index % len(teams)] if teams else None
            if roles.COORDINATOR in extra_roles:
                team = None
            plan.append((organisation, team, extra_roles, title))
    users = []
    for offset, (_organisation, _team, _roles, _title) in enumerate(plan):
        number = first_number + offset
        users.append(
            User(
                username=f"{STAFF_PREFIX}{number:05d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                email=f"{STAFF_PREFIX}{number:05d}@coalitie.example",
                password=password,
                date_joined=ctx.now - timedelta(days=rng.randint(30, 1500)),
                # Active people: nobody is due for deactivation unless a test makes them so.
                last_login=ctx.now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 9)),
            )
        )
    users = User.objects.bulk_create(users, batch_size=1000)
    profiles = Profile.objects.bulk_create(
        [
            Profile(user=u, job_title=title)
            for u, (_o, _t, _r, title) in zip(users, plan, strict=True)
        ],
        batch_size=1000,
    )
    groups = {g.name: g.pk for g in Group.objects.all()}
    Profile.organisations.through.objects.bulk_create(
        [
            Profile.organisations.through(profile_id=p.pk, organisation_id=o.pk)
            for p, (o, _t, _r, _title) in zip(profiles, plan, strict=True)
        ],
        batch_size=2000,
    )
    Profile.teams.through.objects.bulk_create(
        [
            Profile.teams.through(profile_id=p.pk, team_id=t.pk)
            for p, (_o, t, _r, _title) in zip(profiles, plan, strict=True)
            if t is not None
        ],
        batch_size=2000,
    )
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=u.pk, group_id=groups[role])
            for u, (_o, _t, extra_roles, _title) in zip(users, plan, strict=True)
            for role in [roles.EMPLOYEE, *extra_roles]
            if not (role == roles.EMPLOYEE and roles.COORDINATOR in extra_roles)
        ],
        batch_size=2000,
    )
    # Sight of client records and partners follows these facts: the app's own sync, per person.
    for user in users:
        sight.sync_sight(user)
    _load_staff(ctx)


def _load_staff(ctx):
    """Every scaled person (this run's and earlier runs') with their organisation, team and
    roles, for the apps' seeders."""
    User = get_user_model()
    scaled = {"username__startswith": STAFF_PREFIX}
    people = {u.pk: u for u in User.objects.filter(**scaled).order_by("pk")}
    organisations = Profile.organisations.through.objects.filter(
        profile__user__username__startswith=STAFF_PREFIX
    )
    for user_id, organisation_id in organisations.values_list(
        "profile__user_id", "organisation_id"
    ):
        ctx.organisation_of[user_id] = organisation_id
    teams = Profile.teams.through.objects.filter(profile__user__username__startswith=STAFF_PREFIX)
    for user_id, team_id in teams.values_list("profile__user_id", "team_id"):
        ctx.team_of[user_id] = team_id
    held = User.groups.through.objects.filter(user__username__startswith=STAFF_PREFIX)
    for user_id, role in held.values_list("user_id", "group__name"):
        if role != roles.EMPLOYEE:
            ctx.roles.setdefault(role, []).append(people[user_id])
    for user_id, user in people.items():
        ctx.staff.setdefault(ctx.organisation_of[user_id], []).append(user)
        if user_id in ctx.team_of:
            ctx.team_members.setdefault(ctx.team_of[user_id], []).append(user)

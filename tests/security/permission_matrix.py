"""The permission matrix: for every URL of the app, what each demo person gets.

One declared table, `ROWS`: per URL pattern (and per object, where one pattern needs an
object a person may see and one they may not) the answer each person should get to a GET.
It is written from what the product should do (the docstrings of each app's
`permissions.py`, the README's security section and the product design), not from what the
app happens to do. `tests/security/test_permission_matrix.py` asks the app and compares,
and fails when a URL of the app has no row here.

The people are the demo accounts of `manage.py seed_demo`, an outsider (signed in, working
for an organisation that takes part in nothing) and an anonymous visitor. Objects are named
by a natural attribute of the demo data (a title, a name, a username), never by id; the few
the demo lacks (something of another organisation) are made by `add_objects_outside_the_demo`.

Where the app does not do what it should, the row keeps the answer it should give and
records the app's answer in `app_gives`, with the reason in `finding`: the test expects the
app's answer there (and fails once it is fixed, so the row is updated), and the policy
lists it as a known difference.

The same table is the access policy in `docs/access-policy.md`. Regenerate it with

    .venv/bin/python -m tests.security.permission_matrix > docs/access-policy.md
"""

import os
from dataclasses import dataclass, field

# --- Outcomes -----------------------------------------------------------------------------

OK = 200
REDIRECT = 302  # a redirect that is not to the login page
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405  # a POST-only view asked with GET
LOGIN = "login"  # a redirect to the login page

SYMBOLS = {
    OK: "200",
    REDIRECT: "302",
    FORBIDDEN: "403",
    NOT_FOUND: "404",
    NOT_ALLOWED: "405",
    LOGIN: "login",
}

# --- People -------------------------------------------------------------------------------

# In the order of the columns. All but the last two are demo accounts of `seed_demo`.
WHO = {
    "coordinator": "coordinator of the coalition; works for all five organisations",
    "steering": "steering group member with the seat of Het Zonnehuis; also keeps its partners "
    "(relationship manager)",
    "workgroup": "member of the moral deliberation working group, which serves Amstelzorg and "
    "Buurtkracht; works for both",
    "teamlead": "team lead of Wonen De Pijp (Amstelzorg)",
    "employee": "employee in Wonen De Pijp (Amstelzorg)",
    "intake": "intake staff of Buurtkracht, where the demo's clients are",
    "careworker": "care worker of Buurtkracht",
    "relations": "relationship manager of Het Zonnehuis, where the demo's partners are; "
    "chairs its RRO",
    "employee2": "employee in Dagbesteding Oost, another team of Amstelzorg",
    "teamlead2": "team lead of Dagbesteding Oost, given that role less than 14 days ago",
    "privacy": "privacy officer of the coalition (works for GGZ aan het IJ): reads the access "
    "log, its export and its monthly report, no record",
    "outsider": "signed in, works for Zorggroep Elders, an organisation that takes part in nothing",
    "anonymous": "not signed in",
}
PEOPLE = tuple(WHO)
ANONYMOUS = "anonymous"
SIGNED_IN = frozenset(PEOPLE) - {ANONYMOUS}
STAFF = SIGNED_IN - {"outsider"}

COORDINATOR = frozenset({"coordinator"})
PRIVACY_OFFICER = frozenset({"privacy"})
TEAM_LEADS = frozenset({"teamlead", "teamlead2"})
AMSTELZORG_STAFF = frozenset({"workgroup", "teamlead", "employee", "employee2", "teamlead2"})
BUURTKRACHT_STAFF = frozenset({"workgroup", "intake", "careworker"})
# The working group serves Amstelzorg and Buurtkracht: their staff and the coordinators see
# the group and its trainings.
WORKING_GROUP_AUDIENCE = COORDINATOR | AMSTELZORG_STAFF | BUURTKRACHT_STAFF
CLIENT_STAFF = frozenset({"intake", "careworker"})  # of Buurtkracht, where the clients are
DIGITAL_ROLES = COORDINATOR | CLIENT_STAFF
PARTNER_KEEPERS = frozenset({"relations", "steering"})  # of Het Zonnehuis, where the partners are
RELATIONSHIP_ROLES = COORDINATOR | PARTNER_KEEPERS


# --- Objects ------------------------------------------------------------------------------


class Obj:
    """A demo object by a natural attribute: `Obj("dilemmas.DilemmaCase", title="...")`.
    `first_by` picks the first of several by that ordering; `attr` is what goes into the
    URL (the id, or a token)."""

    def __init__(self, model, *, attr="pk", first_by=None, **lookup):
        self.model, self.attr, self.first_by, self.lookup = model, attr, first_by, lookup

    def resolve(self):
        from django.apps import apps

        objects = apps.get_model(self.model).objects.filter(**self.lookup)
        obj = objects.order_by(self.first_by).first() if self.first_by else objects.get()
        if obj is None:
            raise LookupError(f"no {self.model} with {self.lookup}")
        return getattr(obj, self.attr)


# A POST-only view refuses a GET before it looks anything up, so its id does not matter
# where the demo has no such object.
ANY_ID = 0
# An import in progress lives in its uploader's session; this one is in nobody's.
FOREIGN_IMPORT = "0b9a2a4e-7f43-4c1e-9d8e-2f6f4e1c5a10"

AMSTELZORG = Obj("coalition.Organisation", name="Amstelzorg")
TEAM_WONEN = Obj("coalition.Team", name="Wonen De Pijp")
EMPLOYEE = Obj("auth.User", username="employee")
PENDING_GRANT = Obj("coalition.AccessGrant", subject__username="employee2", status="pending")
PRIVACY_REQUEST = Obj("coalition.AccessGrant", kind="privacy_request")
APPROVED_GRANT = Obj("coalition.AccessGrant", subject__username="teamlead2", status="approved")

STEERING_GROUP = Obj("regiegroep.SteeringGroup", name="Regiegroep Zorgcoalitie Amsterdam")
PRIORITY = Obj("regiegroep.Priority", title="Gedeelde flexpool van zorgpersoneel")
SEAT = Obj("regiegroep.Seat", person__username="steering")
STAKEHOLDER = Obj("regiegroep.Stakeholder", name="GGD Amsterdam")
PRINCIPLE = Obj("regiegroep.Principle", text="We delen locaties voordat we nieuwe huren.")
LESSON = Obj("regiegroep.Lesson", title="Betrek de cliëntenraad vanaf het begin")
SCENARIO = Obj("regiegroep.Scenario", title="Uitval van een zorglocatie")
STEP = Obj("regiegroep.Step", action="Overzicht van vrije bedden per organisatie actueel houden")
RISK = Obj("regiegroep.Risk", description="Onduidelijkheid over wie de extra kosten draagt")
CRISIS = Obj("regiegroep.Crisis", name="Coronamaatregelen najaar")
PUBLISHED_DECISION = Obj("regiegroep.Decision", title="Inzet flexpool bij Het Zonnehuis")
DRAFT_DECISION = Obj("regiegroep.Decision", title="Reservering van twee noodbedden per organisatie")
PLAYBOOK = Obj("regiegroep.PlaybookVersion", group__name=STEERING_GROUP.lookup["name"], number=2)

WORKING_GROUP = Obj("dilemmas.WorkingGroup", name="Werkgroep Moreel Beraad Amsterdam")
EXPERT_MEMBERSHIP = Obj("dilemmas.WorkingGroupMember", user__username="expert")
PUBLISHED_FORM = Obj("dilemmas.CaseFormVersion", group__name=WORKING_GROUP.lookup["name"], number=2)
DRAFT_FORM = Obj(
    "dilemmas.CaseFormVersion", group__name=WORKING_GROUP.lookup["name"], published_at=None
)
CASE_SUBMITTED = Obj("dilemmas.DilemmaCase", title="Bezoek beperken tijdens een uitbraak")
CASE_DISCUSSED_IN_SESSION = Obj("dilemmas.DilemmaCase", title="Camera in de huiskamer")
CASE_OTHER_TEAM = Obj("dilemmas.DilemmaCase", title="Activiteit afzeggen bij onderbezetting")
CASE_DRAFT = Obj("dilemmas.DilemmaCase", title="Wandelen zonder begeleiding")
CASE_OTHER_ORGANISATION = Obj("dilemmas.DilemmaCase", title="Nachtdienst alleen op de afdeling")
SESSION_WONEN = Obj("dilemmas.SupervisionSession", location="Kantoor De Pijp, kamer 2")
SESSION_DAG = Obj("dilemmas.SupervisionSession", location="Dagbesteding Oost, groepsruimte")
TRAINING = Obj("dilemmas.TrainingType", name="Basistraining moreel beraad")
TRAINING_SESSION = Obj("dilemmas.TrainingSession", location="Buurthuis Noord")
CALENDAR_TOKEN = Obj("dilemmas.CalendarFeed", attr="token", user__username="employee")
HIDDEN_CONSULTATION = Obj("dilemmas.Consultation", requester__username="employee2")
CLOSED_CONSULTATION = Obj("dilemmas.Consultation", requester__username="employee")
CONSULTATION_OTHER_ORGANISATION = Obj("dilemmas.Consultation", requester__username="relations")

SERVICE = Obj("digital.Service", name="Wifi-cursus in het buurthuis")
SERVICE_TEXT = Obj(
    "digital.ServiceText", service__name="Wifi-cursus in het buurthuis", language__code="ar"
)
OTHER_SERVICE_TEXT = Obj(
    "digital.ServiceText", service__name="Beeldbellen met je begeleider", language__code="ar"
)
STAFF_BADGE = Obj("digital.StaffBadge", user__username="careworker")
PERSONA = Obj("digital.Persona", name="Op weg")
CLIENT = Obj("digital.Client", number="BK-1001")
CLIENT_OTHER_ORGANISATION = Obj("digital.Client", number="AZ-2001")
WAITING_CLIENT = Obj("digital.Client", number="BK-1006")
WAITING_INTAKE = Obj("digital.Intake", client__number="BK-1006")
STRUCK_OUT_CLIENT = Obj("digital.Client", number="BK-1003")
STRUCK_OUT_GOAL = Obj("digital.Goal", client__number="BK-1003", is_basic=False)

PARTNER = Obj("relatiebeheer.Partner", name="OLVG Oost")
OTHER_PARTNER = Obj("relatiebeheer.Partner", name="BovenIJ Ziekenhuis")
PARTNER_OTHER_ORGANISATION = Obj("relatiebeheer.Partner", name="Huisartsenpraktijk De Pijp")
SHARED_PARTNER_OTHER_ORGANISATION = Obj("relatiebeheer.Partner", name="Buurtteam De Pijp")
ASSIGNMENT = Obj(
    "relatiebeheer.Assignment", partner__name="OLVG Oost", manager__username="relations"
)
PLAN_ITEM = Obj("relatiebeheer.PlanItem", aim="Tien stageplaatsen per jaar")
CATEGORY = Obj("relatiebeheer.Category", name="Ziekenhuizen")
CATEGORY_OTHER_ORGANISATION = Obj("relatiebeheer.Category", name="Eerstelijnszorg De Pijp")
IMPORT_BATCH = Obj("relatiebeheer.ImportBatch", file_name="sociale-kaart-zuidoost.csv")
IMPORT_BATCH_OTHER_ORGANISATION = Obj(
    "relatiebeheer.ImportBatch", file_name="sociale-kaart-pijp.csv"
)
SUCCESS = Obj("relatiebeheer.Success", title="Twaalf stagiairs via het ROC")
SERIES = Obj("relatiebeheer.MeetingSeries", title="RRO Het Zonnehuis")
SERIES_TOKEN = Obj("relatiebeheer.MeetingSeries", attr="feed_token", title="RRO Het Zonnehuis")
RECORDED_MEETING = Obj(
    "relatiebeheer.Meeting",
    outcomes__text="Wij sluiten aan bij het netwerkoverleg ouderenzorg van het stadsdeel.",
)
NEXT_MEETING = Obj(
    "relatiebeheer.Meeting", first_by="starts_at", series__title="RRO Het Zonnehuis", closed_at=None
)
SERIES_OTHER_ORGANISATION = Obj("relatiebeheer.MeetingSeries", title="RRO Amstelzorg")
MEETING_OTHER_ORGANISATION = Obj("relatiebeheer.Meeting", series__title="RRO Amstelzorg")
OUTCOME = Obj(
    "relatiebeheer.Outcome", text="Een datum prikken voor de rondleiding van het stadsdeel."
)


def add_objects_outside_the_demo():
    """What the demo data lacks for the matrix: the outsider and their organisation; a
    client, partners, an import and an RRO of another organisation than the people who keep
    them; a case and a consultation of an organisation the working group does not serve; a
    draft of the working group's next form; an employee's calendar feed; an earlier import."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from coalition import roles
    from coalition.models import Organisation, Profile, Sector
    from digital.models import Client, Language, TargetGroup
    from dilemmas import services as dilemma_services
    from dilemmas.models import (
        CaseFormVersion,
        CaseStatus,
        Consultation,
        DilemmaCase,
        WorkingGroup,
    )
    from relatiebeheer.models import Category, ImportBatch, Meeting, MeetingSeries, Partner
    from relatiebeheer.services.partners import partner_save

    User = get_user_model()
    elsewhere = Organisation.objects.create(
        name="Zorggroep Elders", sector=Sector.ELDERLY, region="Utrecht"
    )
    outsider = User.objects.create_user("outsider", email="outsider@elders.example")
    outsider.groups.add(Group.objects.get(name=roles.EMPLOYEE))
    Profile.objects.get_or_create(user=outsider)[0].organisations.add(elsewhere)

    amstelzorg = Organisation.objects.get(name="Amstelzorg")
    Client.objects.create(
        organisation=amstelzorg,
        number="AZ-2001",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )
    coordinator = User.objects.get(username="coordinator")
    category = Category.objects.create(
        organisation=amstelzorg, name="Eerstelijnszorg De Pijp", target_days=42, max_days=63
    )
    for name, shared in [("Huisartsenpraktijk De Pijp", False), ("Buurtteam De Pijp", True)]:
        partner_save(
            partner=Partner(
                organisation=amstelzorg,
                category=category,
                name=name,
                place="Amsterdam",
                shared=shared,
            ),
            actor=coordinator,
        )
    relations = User.objects.get(username="relations")
    case = DilemmaCase.objects.create(
        author=relations,
        organisation=relations.profile.organisations.get(),
        team=relations.profile.teams.get(),
        form_version=CaseFormVersion.objects.get(group=None, number=1),
        title=CASE_OTHER_ORGANISATION.lookup["title"],
        status=CaseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    dilemma_services.sync_case_permissions(case)
    dilemma_services.form_draft_for(
        group=WorkingGroup.objects.get(name=WORKING_GROUP.lookup["name"])
    )
    dilemma_services.calendar_feed_for(user=User.objects.get(username="employee"))
    zonnehuis = Organisation.objects.get(name="Het Zonnehuis")
    Consultation.objects.create(
        requester=relations,
        organisation=zonnehuis,
        topic="Mag ik een bewoner 's nachts insluiten als ze gaat dwalen?",
        contact="Via e-mail",
    )
    ImportBatch.objects.create(
        organisation=zonnehuis, file_name="sociale-kaart-zuidoost.csv", imported_by=relations
    )
    ImportBatch.objects.create(
        organisation=amstelzorg, file_name="sociale-kaart-pijp.csv", imported_by=coordinator
    )
    first = timezone.now() + timedelta(days=7)
    series = MeetingSeries.objects.create(
        organisation=amstelzorg, title="RRO Amstelzorg", first_starts_at=first, chair=coordinator
    )
    Meeting.objects.create(series=series, occurrence=first, starts_at=first)


# --- Rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str  # the URL's name, "namespace:name"
    what: str  # what the page is, for the policy
    kwargs: dict = field(default_factory=dict)  # URL argument -> Obj or a literal value
    query: dict = field(default_factory=dict)  # query string, the same way
    expect: dict = field(default_factory=dict)  # person -> outcome the product should give
    app_gives: dict = field(default_factory=dict)  # person -> outcome the app gives instead
    finding: str = ""  # why the app's answer is wrong, where app_gives is set

    def outcome_from_app(self, person):
        """What the test expects from the app: the policy, except where a finding says the
        app does otherwise."""
        return self.app_gives.get(person, self.expect[person])


def row(
    name,
    what,
    kwargs=None,
    *,
    query=None,
    ok=(),
    redirect=(),
    forbidden=(),
    not_found=(),
    rest,
    anonymous=LOGIN,
    app_gives=None,
    finding="",
):
    """A row: the people in `ok`, `redirect`, `forbidden` and `not_found` get that, the
    other signed-in people get `rest`, the anonymous visitor `anonymous`."""
    named = [(set(ok), OK), (set(redirect), REDIRECT)]
    named += [(set(forbidden), FORBIDDEN), (set(not_found), NOT_FOUND)]
    expect = dict.fromkeys(SIGNED_IN, rest)
    seen = set()
    for people, outcome in named:
        if people & seen or not people <= SIGNED_IN:
            raise ValueError(f"{name}: people named twice or unknown: {people}")
        seen |= people
        expect.update(dict.fromkeys(people, outcome))
    expect[ANONYMOUS] = anonymous
    if bool(app_gives) != bool(finding):
        raise ValueError(f"{name}: a difference from the policy needs its finding")
    return Row(
        name, what, dict(kwargs or {}), dict(query or {}), expect, dict(app_gives or {}), finding
    )


def for_all(name, what, kwargs=None, **extra):
    """A page every signed-in person uses."""
    return row(name, what, kwargs, rest=OK, **extra)


def only(people, name, what, kwargs=None, **extra):
    """A page for `people` only; anyone else signed in is refused (403)."""
    return row(name, what, kwargs, ok=people, rest=FORBIDDEN, **extra)


def post_only(name, what, kwargs=None):
    """An action that changes something: a GET is refused (405) for whoever asks."""
    return row(name, what, kwargs, rest=NOT_ALLOWED)


def public(name, what, kwargs=None, *, outcome=OK):
    """Answers without signing in (a feed a calendar fetches, a badge's public page)."""
    return row(name, what, kwargs, rest=outcome, anonymous=outcome)


# The steering group has all five organisations as members, so everyone on the staff reads
# its published decisions and playbook; its steering members (steering) edit its content,
# coordinators manage the group, its seats and circles; the rest of the content is for
# those two. Anyone else: 404 on every page of the group (regiegroep/permissions.py).
STEERING_NEEDS = {
    "read": {"ok": STAFF},
    "view": {"ok": {"coordinator", "steering"}},
    "edit": {"ok": {"steering"}, "forbidden": COORDINATOR},
    "manage": {"ok": COORDINATOR, "forbidden": {"steering"}},
}


def steering(name, what, kwargs, need, **extra):
    return row(name, what, kwargs, rest=NOT_FOUND, **{**STEERING_NEEDS[need], **extra})


GROUP = {"pk": STEERING_GROUP}

CORE = [
    for_all("coalition:dashboard", "Dashboard: what needs me today"),
    for_all("coalition:notifications", "My notifications"),
    post_only("coalition:notifications_mark_read", "Mark notifications read"),
    for_all("coalition:profile", "My profile"),
    for_all("coalition:search", "Search (finds only what the person may see)"),
    for_all("coalition:help_index", "Help"),
    for_all("coalition:help", "Help on one part (moral deliberation)", {"part": "dilemmas"}),
    for_all("coalition:organisation_list", "Organisations (one's own; all for coordinators)"),
    row(
        "coalition:organisation_detail",
        "Organisation Amstelzorg: its teams and people",
        {"pk": AMSTELZORG},
        ok=COORDINATOR | AMSTELZORG_STAFF,
        rest=NOT_FOUND,
    ),
    only(
        COORDINATOR | PRIVACY_OFFICER,
        "coalition:access_log",
        "Access log (who viewed which confidential record)",
    ),
    only(PRIVACY_OFFICER, "coalition:access_log_export", "The access log as a spreadsheet"),
    only(
        PRIVACY_OFFICER,
        "coalition:access_log_report",
        "Monthly report of unusual patterns in the access log",
    ),
    only(
        PRIVACY_OFFICER,
        "coalition:privacy_request_list",
        "Privacy requests (AVG) of clients and staff, and the retention periods",
    ),
    only(
        PRIVACY_OFFICER,
        "coalition:privacy_request_create",
        "Ask for a copy or erasure of a client's or staff member's data",
    ),
    only(
        PRIVACY_OFFICER,
        "coalition:privacy_request_detail",
        "A client's request for a copy, waiting for a second person of Buurtkracht",
        {"pk": PRIVACY_REQUEST},
    ),
    row(
        "coalition:privacy_request_download",
        "The copy of that request: nobody before it is confirmed, then only the officer who asked",
        {"pk": PRIVACY_REQUEST, "file_format": "json"},
        rest=FORBIDDEN,
    ),
    for_all(
        "coalition:my_data",
        "My own data as a file (profile: Your data)",
        {"file_format": "json"},
    ),
    post_only("coalition:my_data_pdf_ask", "Ask for my own data as PDF (made by a worker)"),
    row(
        "coalition:organisation_history",
        "History of organisation Amstelzorg",
        {"pk": AMSTELZORG},
        ok=COORDINATOR | AMSTELZORG_STAFF,
        rest=NOT_FOUND,
    ),
    only(COORDINATOR, "coalition:organisation_create", "Add an organisation"),
    only(COORDINATOR, "coalition:organisation_edit", "Change Amstelzorg", {"pk": AMSTELZORG}),
    only(COORDINATOR, "coalition:team_create", "New team at Amstelzorg", {"pk": AMSTELZORG}),
    row(
        "coalition:organisation_grants",
        "Who was given access to Amstelzorg's records: for its team leads and the "
        "working group serving it",
        {"pk": AMSTELZORG},
        ok=COORDINATOR | {"teamlead", "workgroup", "teamlead2"},
        rest=NOT_FOUND,
        # The README and the view's docstring give this page to the organisation's team
        # leads; the app shows it only to those who may confirm now, and a team lead made
        # one less than ACCESS_CONFIRMER_WAIT_DAYS ago may not confirm yet.
        app_gives={"teamlead2": NOT_FOUND},
        finding="A team lead given the role less than 14 days ago does not see the "
        "organisation's access page, which the README gives to all its team leads: the "
        "page follows who may confirm (the waiting period), not who leads a team.",
    ),
    only(COORDINATOR, "coalition:team_edit", "Change team Wonen De Pijp", {"pk": TEAM_WONEN}),
    post_only("coalition:team_delete", "Delete a team", {"pk": TEAM_WONEN}),
    only(COORDINATOR, "coalition:person_list", "People"),
    only(COORDINATOR, "coalition:person_create", "Add a person"),
    only(COORDINATOR, "coalition:person_export", "People as a spreadsheet"),
    only(COORDINATOR, "coalition:person_detail", "Person: employee", {"pk": EMPLOYEE}),
    only(COORDINATOR, "coalition:person_edit", "Change person: employee", {"pk": EMPLOYEE}),
    post_only("coalition:person_unlock", "Unlock a person's login", {"pk": EMPLOYEE}),
    post_only("coalition:person_invite", "Send a person an invitation", {"pk": EMPLOYEE}),
    only(COORDINATOR, "coalition:person_history", "History of person: employee", {"pk": EMPLOYEE}),
    for_all("coalition:grant_list", "Access requests (one's own, about one, to confirm)"),
    row(
        "coalition:grant_detail",
        "Access request making employee2 team lead (waiting): for its subject, the "
        "coordinators and Amstelzorg's confirmers",
        {"pk": PENDING_GRANT},
        ok=COORDINATOR | {"teamlead", "workgroup", "employee2"},
        rest=NOT_FOUND,
    ),
    row(
        "coalition:grant_detail",
        "Access request that made teamlead2 team lead (confirmed)",
        {"pk": APPROVED_GRANT},
        ok=COORDINATOR | {"teamlead", "workgroup", "teamlead2"},
        rest=NOT_FOUND,
    ),
    post_only("coalition:grant_confirm", "Confirm an access request", {"pk": PENDING_GRANT}),
    post_only("coalition:grant_reject", "Refuse an access request", {"pk": PENDING_GRANT}),
    post_only("coalition:grant_withdraw", "Withdraw an access request", {"pk": PENDING_GRANT}),
    public("healthz", "Health check (JSON) for monitoring"),
    public("favicon", "Browser icon (leads to the static file)", outcome=REDIRECT),
    public(
        "set_language",
        "Language switch (a GET changes nothing and goes back)",
        outcome=REDIRECT,
    ),
]

REGIEGROEP = [
    for_all("regiegroep:index", "Steering groups (those one may read)"),
    only(COORDINATOR, "regiegroep:group_create", "New steering group"),
    steering("regiegroep:group_detail", "The steering group", GROUP, "read"),
    steering("regiegroep:group_edit", "Change the steering group", GROUP, "manage"),
    steering("regiegroep:group_history", "History of the steering group", GROUP, "view"),
    steering("regiegroep:vision_edit", "Shared vision and mandate", GROUP, "edit"),
    steering("regiegroep:priority_create", "New priority", GROUP, "edit"),
    steering("regiegroep:priority_edit", "Change a priority", {"pk": PRIORITY}, "edit"),
    post_only("regiegroep:priority_move", "Move a priority", {"pk": PRIORITY}),
    post_only("regiegroep:priority_delete", "Delete a priority", {"pk": PRIORITY}),
    steering("regiegroep:seat_list", "Seats", GROUP, "view"),
    steering("regiegroep:seat_create", "New seat", GROUP, "manage"),
    steering("regiegroep:seat_edit", "Change the seat of steering", {"pk": SEAT}, "manage"),
    steering("regiegroep:seat_end", "End the seat of steering", {"pk": SEAT}, "manage"),
    steering("regiegroep:seat_history", "History of a seat", {"pk": SEAT}, "view"),
    steering("regiegroep:stakeholder_list", "Second and third circles", GROUP, "view"),
    steering("regiegroep:stakeholder_create", "New stakeholder", GROUP, "manage"),
    steering(
        "regiegroep:stakeholder_edit", "Change stakeholder GGD", {"pk": STAKEHOLDER}, "manage"
    ),
    post_only("regiegroep:stakeholder_delete", "Delete a stakeholder", {"pk": STAKEHOLDER}),
    steering("regiegroep:framework", "Decision framework", GROUP, "view"),
    steering("regiegroep:principle_create", "New guiding principle", GROUP, "edit"),
    steering("regiegroep:principle_edit", "Change a principle", {"pk": PRINCIPLE}, "edit"),
    post_only("regiegroep:principle_delete", "Delete a principle", {"pk": PRINCIPLE}),
    steering("regiegroep:principle_history", "History of a principle", {"pk": PRINCIPLE}, "view"),
    steering("regiegroep:lesson_create", "New lesson learned", GROUP, "edit"),
    steering("regiegroep:lesson_edit", "Change a lesson", {"pk": LESSON}, "edit"),
    steering("regiegroep:lesson_history", "History of a lesson", {"pk": LESSON}, "view"),
    steering("regiegroep:scenario_list", "Scenarios", GROUP, "view"),
    steering("regiegroep:scenario_create", "New scenario", GROUP, "edit"),
    steering(
        "regiegroep:scenario_detail", "Scenario with step plan and risks", {"pk": SCENARIO}, "view"
    ),
    steering("regiegroep:scenario_edit", "Change a scenario", {"pk": SCENARIO}, "edit"),
    steering("regiegroep:scenario_copy", "Copy a scenario", {"pk": SCENARIO}, "edit"),
    steering("regiegroep:scenario_history", "History of a scenario", {"pk": SCENARIO}, "view"),
    steering("regiegroep:step_create", "New step in a scenario", {"pk": SCENARIO}, "edit"),
    steering("regiegroep:step_edit", "Change a step", {"pk": STEP}, "edit"),
    post_only("regiegroep:step_move", "Move a step", {"pk": STEP}),
    post_only("regiegroep:step_delete", "Delete a step", {"pk": STEP}),
    steering("regiegroep:risk_create", "New risk in a scenario", {"pk": SCENARIO}, "edit"),
    steering("regiegroep:risk_edit", "Change a risk", {"pk": RISK}, "edit"),
    post_only("regiegroep:risk_delete", "Delete a risk", {"pk": RISK}),
    steering("regiegroep:crisis_list", "Crisis log", GROUP, "view"),
    steering("regiegroep:crisis_create", "Start a crisis", GROUP, "edit"),
    steering("regiegroep:crisis_detail", "A crisis with its events", {"pk": CRISIS}, "view"),
    steering("regiegroep:crisis_history", "History of a crisis", {"pk": CRISIS}, "view"),
    # The demo's crisis is closed: its editor is sent back to it with the reason.
    steering(
        "regiegroep:event_create",
        "New event in a crisis (closed: sent back to it)",
        {"pk": CRISIS},
        "edit",
        ok=(),
        redirect={"steering"},
    ),
    steering(
        "regiegroep:crisis_close",
        "Close a crisis (closed already: sent back to it)",
        {"pk": CRISIS},
        "edit",
        ok=(),
        redirect={"steering"},
    ),
    steering("regiegroep:decision_list", "Decisions (published ones for readers)", GROUP, "read"),
    steering("regiegroep:decision_create", "New decision", GROUP, "edit"),
    steering(
        "regiegroep:decision_export",
        "Decisions as a file (published ones for readers)",
        GROUP,
        "read",
    ),
    steering(
        "regiegroep:decision_detail",
        "A published decision",
        {"pk": PUBLISHED_DECISION},
        "read",
    ),
    steering(
        "regiegroep:decision_detail",
        "A draft decision: unseen by readers",
        {"pk": DRAFT_DECISION},
        "view",
    ),
    steering("regiegroep:decision_edit", "Change a draft decision", {"pk": DRAFT_DECISION}, "edit"),
    post_only("regiegroep:decision_publish", "Publish a decision", {"pk": DRAFT_DECISION}),
    post_only(
        "regiegroep:decision_communicate",
        "Inform circles of a decision",
        {"pk": PUBLISHED_DECISION},
    ),
    post_only("regiegroep:decision_supersede", "Supersede a decision", {"pk": PUBLISHED_DECISION}),
    steering(
        "regiegroep:decision_history",
        "History of a published decision",
        {"pk": PUBLISHED_DECISION},
        "view",
    ),
    steering("regiegroep:playbook_list", "Playbook versions", GROUP, "read"),
    steering("regiegroep:playbook_publish", "Publish a playbook version", GROUP, "edit"),
    steering("regiegroep:playbook_detail", "Playbook version 2", {"pk": PLAYBOOK}, "read"),
    steering(
        "regiegroep:playbook_compare", "Changes in playbook version 2", {"pk": PLAYBOOK}, "read"
    ),
    steering("regiegroep:playbook_pdf", "Playbook version 2 as PDF", {"pk": PLAYBOOK}, "read"),
    steering(
        "regiegroep:playbook_history", "History of playbook version 2", {"pk": PLAYBOOK}, "view"
    ),
]

WG = {"pk": WORKING_GROUP}
# The working group's own pages: its members run them; the rest of its audience sees the
# group but may not run it (403); anyone else does not see it (404).
WG_MEMBERS_ONLY = {
    "ok": {"workgroup"},
    "forbidden": WORKING_GROUP_AUDIENCE - {"workgroup"},
    "rest": NOT_FOUND,
}
WG_AUDIENCE = {"ok": WORKING_GROUP_AUDIENCE, "rest": NOT_FOUND}

DILEMMAS = [
    for_all("dilemmas:index", "Moral deliberation"),
    for_all("dilemmas:group_list", "Working groups (those one may see)"),
    only(COORDINATOR, "dilemmas:group_create", "New working group"),
    row(
        "dilemmas:group_detail",
        "The working group (serves Amstelzorg and Buurtkracht)",
        WG,
        **WG_AUDIENCE,
    ),
    row("dilemmas:group_edit", "Change the working group's composition", WG, **WG_MEMBERS_ONLY),
    row("dilemmas:group_history", "History of the working group", WG, **WG_AUDIENCE),
    post_only("dilemmas:member_add", "Add a member", WG),
    post_only(
        "dilemmas:member_remove",
        "Remove a member",
        {"pk": WORKING_GROUP, "member_pk": EXPERT_MEMBERSHIP},
    ),
    post_only("dilemmas:theme_add", "Add a theme", WG),
    row("dilemmas:form_edit", "Edit the case form (the draft)", WG, **WG_MEMBERS_ONLY),
    post_only("dilemmas:form_publish", "Publish the case form", WG),
    row(
        "dilemmas:form_version_detail",
        "The case form, published version",
        {"pk": WORKING_GROUP, "version_pk": PUBLISHED_FORM},
        **WG_AUDIENCE,
    ),
    row(
        "dilemmas:form_version_detail",
        "The case form, the draft of the next version: members only",
        {"pk": WORKING_GROUP, "version_pk": DRAFT_FORM},
        ok={"workgroup"},
        rest=NOT_FOUND,
    ),
    row("dilemmas:feedback_overview", "Less alone? answers of the sessions", WG, **WG_MEMBERS_ONLY),
    for_all("dilemmas:case_list", "Dilemma cases (those one may see)"),
    for_all("dilemmas:case_create", "Write a dilemma case"),
    # A case is seen by its author, the team leads of the team the author chose, that
    # team's members in a session that discussed it and the working group serving the
    # author's organisation; never by a coordinator (README, dilemmas/services/access.py).
    row(
        "dilemmas:case_detail",
        "Case 'Bezoek beperken…' (submitted, Wonen De Pijp, by employee)",
        {"pk": CASE_SUBMITTED},
        ok={"employee", "teamlead", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_detail",
        "Case 'Camera in de huiskamer' (closed, Wonen De Pijp, by teamlead; discussed in a "
        "session with employee)",
        {"pk": CASE_DISCUSSED_IN_SESSION},
        ok={"teamlead", "employee", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_detail",
        "Case 'Activiteit afzeggen…' (submitted, Dagbesteding Oost, by employee2)",
        {"pk": CASE_OTHER_TEAM},
        ok={"employee2", "teamlead2", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_detail",
        "Case 'Wandelen zonder begeleiding' (draft, by employee): its author only",
        {"pk": CASE_DRAFT},
        ok={"employee"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_detail",
        "Case 'Nachtdienst alleen…' of Het Zonnehuis (submitted, by relations), which the "
        "working group does not serve",
        {"pk": CASE_OTHER_ORGANISATION},
        ok={"relations"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_edit",
        "Change case 'Bezoek beperken…': its author only",
        {"pk": CASE_SUBMITTED},
        ok={"employee"},
        forbidden={"teamlead", "workgroup"},
        rest=NOT_FOUND,
    ),
    post_only("dilemmas:case_close", "Close a case", {"pk": CASE_SUBMITTED}),
    post_only("dilemmas:case_themes", "Tag a case with themes", {"pk": CASE_SUBMITTED}),
    row(
        "dilemmas:case_history",
        "History of case 'Bezoek beperken…'",
        {"pk": CASE_SUBMITTED},
        ok={"employee", "teamlead", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:case_export",
        "Case 'Activiteit afzeggen…' as PDF",
        {"pk": CASE_OTHER_TEAM},
        ok={"employee2", "teamlead2", "workgroup"},
        rest=NOT_FOUND,
    ),
    for_all("dilemmas:session_list", "Sessions (one's own)"),
    only(TEAM_LEADS, "dilemmas:session_create", "Plan a session"),
    # A session is seen by its lead, its participants and the team leads of its team.
    row(
        "dilemmas:session_detail",
        "Session of Wonen De Pijp (lead teamlead, with employee)",
        {"pk": SESSION_WONEN},
        ok={"teamlead", "employee"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:session_detail",
        "Session of Dagbesteding Oost (lead teamlead2, with employee2)",
        {"pk": SESSION_DAG},
        ok={"teamlead2", "employee2"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:session_edit",
        "Change the session of Wonen De Pijp",
        {"pk": SESSION_WONEN},
        ok={"teamlead"},
        forbidden={"employee"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:session_outcomes",
        "Outcomes of the session of Wonen De Pijp",
        {"pk": SESSION_WONEN},
        ok={"teamlead"},
        forbidden={"employee"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:session_history",
        "History of the session of Wonen De Pijp",
        {"pk": SESSION_WONEN},
        ok={"teamlead", "employee"},
        rest=NOT_FOUND,
    ),
    post_only("dilemmas:session_feedback", "Answer 'less alone?'", {"pk": SESSION_WONEN}),
    only(
        TEAM_LEADS | {"workgroup"},
        "dilemmas:reflection",
        "Reflection rhythm (team leads; the working group for the teams it serves)",
    ),
    post_only(
        "dilemmas:reflection_target", "Set a team's reflection target", {"team_pk": TEAM_WONEN}
    ),
    for_all("dilemmas:training_list", "Trainings"),
    only({"workgroup"}, "dilemmas:training_type_create", "New training"),
    row(
        "dilemmas:training_type_edit",
        "Change training 'Basistraining moreel beraad'",
        {"pk": TRAINING},
        **WG_MEMBERS_ONLY,
    ),
    row(
        "dilemmas:training_session_create",
        "Plan a session of 'Basistraining moreel beraad'",
        {"pk": TRAINING},
        **WG_MEMBERS_ONLY,
    ),
    row(
        "dilemmas:training_session_detail",
        "Training session in Buurthuis Noord",
        {"pk": TRAINING_SESSION},
        **WG_AUDIENCE,
    ),
    post_only("dilemmas:training_enrol", "Enrol", {"pk": TRAINING_SESSION}),
    post_only("dilemmas:training_unenrol", "Unenrol", {"pk": TRAINING_SESSION}),
    post_only("dilemmas:training_team_enrol", "Enrol one's team", {"pk": TRAINING_SESSION}),
    post_only("dilemmas:training_attendance", "Record attendance", {"pk": TRAINING_SESSION}),
    only(TEAM_LEADS, "dilemmas:team_training_status", "Trainings due in my team"),
    only(
        COORDINATOR | TEAM_LEADS,
        "dilemmas:training_due_export",
        "Who must follow which training by when, as a file (a team lead: their teams)",
    ),
    for_all("dilemmas:calendar", "My calendar and its subscribe link"),
    post_only("dilemmas:calendar_reset", "New calendar link"),
    public(
        "dilemmas:calendar_feed",
        "Calendar feed of employee (its secret token is the key)",
        {"token": CALENDAR_TOKEN},
    ),
    public(
        "dilemmas:calendar_feed",
        "Calendar feed with an unknown token",
        {"token": "not-a-feed-token"},
        outcome=NOT_FOUND,
    ),
    for_all("dilemmas:consultation_list", "Conversations with the working group (one's own)"),
    for_all("dilemmas:consultation_create", "Ask the working group for a conversation"),
    # A consultation is seen by its requester and the working group serving the requester's
    # organisation; never by the requester's team lead when they asked for that.
    row(
        "dilemmas:consultation_detail",
        "Conversation asked by employee2, hidden from their team lead",
        {"pk": HIDDEN_CONSULTATION},
        ok={"employee2", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:consultation_detail",
        "Conversation asked by employee (held and closed)",
        {"pk": CLOSED_CONSULTATION},
        ok={"employee", "workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:consultation_detail",
        "Conversation asked by relations of Het Zonnehuis, which the working group does not serve",
        {"pk": CONSULTATION_OTHER_ORGANISATION},
        ok={"relations"},
        rest=NOT_FOUND,
    ),
    post_only(
        "dilemmas:consultation_pick_up", "Pick up a conversation", {"pk": HIDDEN_CONSULTATION}
    ),
    post_only(
        "dilemmas:consultation_held", "Mark a conversation held", {"pk": HIDDEN_CONSULTATION}
    ),
    post_only("dilemmas:consultation_close", "Close a conversation", {"pk": HIDDEN_CONSULTATION}),
    row(
        "dilemmas:consultation_withdraw",
        "Withdraw the conversation employee2 asked for: its requester only",
        {"pk": HIDDEN_CONSULTATION},
        ok={"employee2"},
        forbidden={"workgroup"},
        rest=NOT_FOUND,
    ),
    row(
        "dilemmas:consultation_history",
        "History of the conversation employee2 asked for",
        {"pk": HIDDEN_CONSULTATION},
        ok={"employee2", "workgroup"},
        rest=NOT_FOUND,
    ),
]

# Services are kept by the coordinators and by the staff of the organisation providing them.
SERVICE_KEEPERS = {"ok": COORDINATOR | BUURTKRACHT_STAFF, "rest": FORBIDDEN}
CLIENT_PAGE = {"pk": CLIENT}

DIGITAL = [
    for_all("digital:index", "Digital inclusion"),
    for_all("digital:service_list", "The menu of digital services"),
    for_all("digital:service_create", "Add a service (coordinators, or for one's organisation)"),
    only(COORDINATOR, "digital:menu_feedback", "Feedback on the menu"),
    for_all("digital:menu_for_clients", "The menu for a client"),
    for_all(
        "digital:menu_pdf",
        "The menu for older people, in Dutch, as PDF",
        query={"doelgroep": Obj("digital.TargetGroup", name="Ouderen"), "taal": "nl"},
    ),
    for_all("digital:service_detail", "Service 'Wifi-cursus in het buurthuis'", {"pk": SERVICE}),
    row(
        "digital:service_edit",
        "Change the service (provided by Buurtkracht)",
        {"pk": SERVICE},
        **SERVICE_KEEPERS,
    ),
    for_all("digital:service_history", "History of the service", {"pk": SERVICE}),
    post_only("digital:service_retire", "Retire a service", {"pk": SERVICE}),
    post_only("digital:service_feedback", "Give feedback on a service", {"pk": SERVICE}),
    row(
        "digital:service_text_add", "Add a text to the service", {"pk": SERVICE}, **SERVICE_KEEPERS
    ),
    row(
        "digital:service_text_edit",
        "Change the service's Arabic text",
        {"pk": SERVICE, "text_pk": SERVICE_TEXT},
        **SERVICE_KEEPERS,
    ),
    row(
        "digital:service_text_edit",
        "The service with the text of another service",
        {"pk": SERVICE, "text_pk": OTHER_SERVICE_TEXT},
        not_found=SERVICE_KEEPERS["ok"],
        rest=FORBIDDEN,
    ),
    for_all("digital:champion_list", "Digital champions of every organisation"),
    only(COORDINATOR, "digital:champion_create", "Add a digital champion"),
    post_only("digital:champion_remove", "Remove a digital champion", {"pk": ANY_ID}),
    for_all("digital:my_badges", "My badges"),
    row(
        "digital:badge_credential",
        "Open Badges credential of careworker's badge: its owner only",
        {"pk": STAFF_BADGE},
        ok={"careworker"},
        rest=NOT_FOUND,
    ),
    public(
        "digital:achievement_detail",
        "What the badge 'digicoach' stands for (public: credentials point here)",
        {"code": "digicoach"},
    ),
    only(COORDINATOR, "digital:rewards_overview", "Badges earned, per organisation"),
    only(DIGITAL_ROLES, "digital:persona_list", "Digital personas"),
    only(DIGITAL_ROLES, "digital:persona_detail", "Persona 'Op weg'", {"pk": PERSONA}),
    only(COORDINATOR, "digital:persona_edit", "Change persona 'Op weg'", {"pk": PERSONA}),
    only(
        DIGITAL_ROLES,
        "digital:client_list",
        "Clients (of one's organisation; none for coordinators)",
    ),
    only({"intake"}, "digital:client_create", "Record a client"),
    # Clients are seen by the intake staff and care workers of their organisation only,
    # never by a coordinator; intake staff change them (digital/permissions.py).
    row(
        "digital:client_detail",
        "Client BK-1001 of Buurtkracht",
        CLIENT_PAGE,
        ok=CLIENT_STAFF,
        rest=NOT_FOUND,
    ),
    row(
        "digital:client_detail",
        "Client AZ-2001 of Amstelzorg, where nobody here has a client role",
        {"pk": CLIENT_OTHER_ORGANISATION},
        rest=NOT_FOUND,
    ),
    row(
        "digital:client_edit",
        "Change client BK-1001",
        CLIENT_PAGE,
        ok={"intake"},
        forbidden={"careworker"},
        rest=NOT_FOUND,
    ),
    row(
        "digital:client_history",
        "History of client BK-1001",
        CLIENT_PAGE,
        ok=CLIENT_STAFF,
        rest=NOT_FOUND,
    ),
    row(
        "digital:intake_create",
        "Intake of client BK-1001",
        CLIENT_PAGE,
        ok={"intake"},
        forbidden={"careworker"},
        rest=NOT_FOUND,
    ),
    row(
        "digital:intake_persona",
        "Choose the persona of client BK-1006's intake",
        {"pk": WAITING_CLIENT, "intake_pk": WAITING_INTAKE},
        ok={"intake"},
        forbidden={"careworker"},
        rest=NOT_FOUND,
    ),
    row(
        "digital:intake_persona",
        "Client BK-1001 with the intake of another client (BK-1006)",
        {"pk": CLIENT, "intake_pk": WAITING_INTAKE},
        forbidden={"careworker"},
        rest=NOT_FOUND,
    ),
    row(
        "digital:goal_create",
        "New goal in client BK-1001's care plan",
        CLIENT_PAGE,
        ok=CLIENT_STAFF,
        rest=NOT_FOUND,
    ),
    post_only(
        "digital:attempt_log",
        "Log an attempt",
        {"pk": STRUCK_OUT_CLIENT, "goal_pk": STRUCK_OUT_GOAL},
    ),
    post_only(
        "digital:goal_status",
        "Set a goal's status",
        {"pk": STRUCK_OUT_CLIENT, "goal_pk": STRUCK_OUT_GOAL},
    ),
    post_only(
        "digital:switch_undo",
        "Back to digital after a switch",
        {"pk": STRUCK_OUT_CLIENT, "goal_pk": STRUCK_OUT_GOAL},
    ),
]


def relationship(name, what, kwargs=None, **extra):
    """A page of relationship management: coordinators and Het Zonnehuis's relationship
    managers; staff without either role have no business here (403)."""
    return only(RELATIONSHIP_ROLES, name, what, kwargs, **extra)


PARTNER_PAGE = {"pk": PARTNER}
# The RRO series is changed by its chair (relations) or a coordinator; its other members see it.
SERIES_RUNNERS = {"ok": {"coordinator", "relations"}, "rest": FORBIDDEN}

RELATIEBEHEER = [
    relationship("relatiebeheer:index", "Relationship management"),
    relationship("relatiebeheer:partner_list", "Partners"),
    relationship("relatiebeheer:partner_create", "New partner"),
    relationship(
        "relatiebeheer:partner_detail", "Partner OLVG Oost (of Het Zonnehuis)", PARTNER_PAGE
    ),
    row(
        "relatiebeheer:partner_detail",
        "Partner of Amstelzorg, not shared",
        {"pk": PARTNER_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    relationship(
        "relatiebeheer:partner_detail",
        "Partner of Amstelzorg, shared with the coalition",
        {"pk": SHARED_PARTNER_OTHER_ORGANISATION},
    ),
    relationship("relatiebeheer:partner_edit", "Change partner OLVG Oost", PARTNER_PAGE),
    row(
        "relatiebeheer:partner_edit",
        "Change Amstelzorg's shared partner: only Amstelzorg's keepers and coordinators",
        {"pk": SHARED_PARTNER_OTHER_ORGANISATION},
        ok=COORDINATOR,
        rest=FORBIDDEN,
    ),
    relationship("relatiebeheer:partner_history", "History of partner OLVG Oost", PARTNER_PAGE),
    row(
        "relatiebeheer:partner_history",
        "History of Amstelzorg's partner, not shared",
        {"pk": PARTNER_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    post_only("relatiebeheer:contact_log", "Log a contact moment", PARTNER_PAGE),
    post_only("relatiebeheer:role_add", "Add a contact person", PARTNER_PAGE),
    post_only("relatiebeheer:assignment_add", "Assign a relationship manager", PARTNER_PAGE),
    post_only(
        "relatiebeheer:assignment_remove",
        "Remove a relationship manager",
        {"pk": PARTNER, "assignment_pk": ASSIGNMENT},
    ),
    relationship("relatiebeheer:my_partners", "My partners"),
    relationship("relatiebeheer:contact_export", "Contact moments as CSV"),
    relationship("relatiebeheer:yearly_plan", "My yearly plan"),
    post_only("relatiebeheer:plan_item_add", "Add to the yearly plan"),
    post_only("relatiebeheer:plan_item_done", "Mark a plan item done", {"pk": PLAN_ITEM}),
    post_only("relatiebeheer:plan_item_delete", "Delete a plan item", {"pk": PLAN_ITEM}),
    relationship("relatiebeheer:category_list", "Categories and their contact rhythm"),
    relationship("relatiebeheer:category_create", "New category"),
    relationship("relatiebeheer:category_edit", "Change category Ziekenhuizen", {"pk": CATEGORY}),
    row(
        "relatiebeheer:category_edit",
        "Change a category of Amstelzorg",
        {"pk": CATEGORY_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    relationship("relatiebeheer:import_list", "Imports"),
    relationship("relatiebeheer:import_start", "Import partners"),
    relationship("relatiebeheer:import_sample", "Sample import file (CSV)"),
    row(
        "relatiebeheer:import_mapping",
        "Columns of an import in someone else's session",
        {"token": FOREIGN_IMPORT},
        not_found=RELATIONSHIP_ROLES,
        rest=FORBIDDEN,
    ),
    row(
        "relatiebeheer:import_preview",
        "Dry run of an import in someone else's session",
        {"token": FOREIGN_IMPORT},
        not_found=RELATIONSHIP_ROLES,
        rest=FORBIDDEN,
    ),
    post_only("relatiebeheer:import_run", "Run an import", {"token": FOREIGN_IMPORT}),
    post_only("relatiebeheer:import_cancel", "Cancel an import", {"token": FOREIGN_IMPORT}),
    relationship("relatiebeheer:import_batch", "An import of Het Zonnehuis", {"pk": IMPORT_BATCH}),
    row(
        "relatiebeheer:import_batch",
        "An import of Amstelzorg",
        {"pk": IMPORT_BATCH_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    post_only("relatiebeheer:import_undo", "Undo an import", {"pk": IMPORT_BATCH}),
    relationship("relatiebeheer:partner_export_csv", "Partners as CSV"),
    relationship("relatiebeheer:partner_export_xlsx", "Partners as Excel"),
    relationship("relatiebeheer:success_list", "The successes wall"),
    relationship("relatiebeheer:success_create", "Share a success"),
    post_only("relatiebeheer:success_delete", "Delete a success", {"pk": SUCCESS}),
    relationship("relatiebeheer:network", "The network as a picture"),
    relationship(
        "relatiebeheer:partner_merge_choose", "Merge partner OLVG Oost: choose", PARTNER_PAGE
    ),
    relationship(
        "relatiebeheer:partner_merge_compare",
        "Merge OLVG Oost and BovenIJ Ziekenhuis: compare",
        {"pk": PARTNER, "other_pk": OTHER_PARTNER},
    ),
    row(
        "relatiebeheer:partner_merge_compare",
        "Merge OLVG Oost with Amstelzorg's partner: partners of two organisations are "
        "never merged (a coordinator is sent back)",
        {"pk": PARTNER, "other_pk": PARTNER_OTHER_ORGANISATION},
        redirect=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    post_only("relatiebeheer:partner_merge_undo", "Undo a merge", {"pk": ANY_ID}),
    relationship("relatiebeheer:series_list", "RRO meetings"),
    relationship("relatiebeheer:series_create", "New RRO series"),
    relationship("relatiebeheer:decision_log", "RRO decision log"),
    relationship("relatiebeheer:series_detail", "RRO Het Zonnehuis", {"pk": SERIES}),
    row(
        "relatiebeheer:series_detail",
        "The RRO of Amstelzorg",
        {"pk": SERIES_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    row("relatiebeheer:series_edit", "Change RRO Het Zonnehuis", {"pk": SERIES}, **SERIES_RUNNERS),
    post_only("relatiebeheer:series_feed_reset", "New calendar link of an RRO", {"pk": SERIES}),
    public(
        "relatiebeheer:series_feed",
        "Calendar feed of RRO Het Zonnehuis (its secret token is the key)",
        {"token": SERIES_TOKEN},
    ),
    public(
        "relatiebeheer:series_feed",
        "RRO calendar feed with an unknown token",
        {"token": "not-a-feed-token"},
        outcome=NOT_FOUND,
    ),
    relationship(
        "relatiebeheer:meeting_detail", "A recorded RRO meeting", {"pk": RECORDED_MEETING}
    ),
    row(
        "relatiebeheer:meeting_detail",
        "A meeting of Amstelzorg's RRO",
        {"pk": MEETING_OTHER_ORGANISATION},
        ok=COORDINATOR,
        not_found=PARTNER_KEEPERS,
        rest=FORBIDDEN,
    ),
    row(
        "relatiebeheer:meeting_move",
        "Move the next RRO meeting",
        {"pk": NEXT_MEETING},
        **SERIES_RUNNERS,
    ),
    post_only("relatiebeheer:outcome_add", "Add a decision or action", {"pk": RECORDED_MEETING}),
    relationship(
        "relatiebeheer:meeting_minutes_pdf",
        "Minutes of a recorded meeting (PDF)",
        {"pk": RECORDED_MEETING},
    ),
    post_only("relatiebeheer:meeting_finalise", "Make the minutes final", {"pk": RECORDED_MEETING}),
    post_only("relatiebeheer:meeting_reopen", "Reopen the minutes", {"pk": RECORDED_MEETING}),
    post_only("relatiebeheer:outcome_status", "Set an action's status", {"pk": OUTCOME}),
    post_only("relatiebeheer:outcome_delete", "Delete a decision or action", {"pk": OUTCOME}),
]

SECTIONS = [
    ("The core (coalition)", CORE),
    ("Steering group (regiegroep)", REGIEGROEP),
    ("Moral deliberation (dilemmas)", DILEMMAS),
    ("Digital inclusion (digitaal)", DIGITAL),
    ("Relationship management (relatiebeheer)", RELATIEBEHEER),
]
ROWS = [r for _title, rows in SECTIONS for r in rows]

# URLs the matrix leaves out, each for its reason.
EXCLUDED_NAMESPACES = {
    "admin",  # /beheer/: Django's admin, for superusers only (tests/coalition cover it)
}
EXCLUDED_NAMES = {
    # Django's own authentication views (login throttling and the password reset that
    # lifts a lock are tested in tests/coalition); they are the way in, not a resource.
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The second step of logging in and turning it on or off: a person's own account only
    # (tests/coalition/test_two_factor.py).
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_disable",
}
EXCLUDED_PREFIXES = ("static/", "media/")  # files, served outside the views


# --- The URL configuration ----------------------------------------------------------------


def url_patterns():
    """(name, route) of every URL pattern, all namespaces, in the order of the URL
    configuration. A pattern without a name is known by its route."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                route = prefix + str(pattern.pattern)
                name = ":".join(namespaces + (pattern.name,)) if pattern.name else route
                yield name, route, namespaces

    return [
        (name, route, namespaces)
        for name, route, namespaces in walk(get_resolver().url_patterns, "", ())
    ]


def covered_patterns():
    """{name: route} of the patterns the matrix must have a row for."""
    return {
        name: route
        for name, route, namespaces in url_patterns()
        if not set(namespaces) & EXCLUDED_NAMESPACES
        and name not in EXCLUDED_NAMES
        and not route.startswith(EXCLUDED_PREFIXES)
    }


# --- The policy as a document -------------------------------------------------------------

LEGEND = """\
# Access policy

Generated from `tests/security/permission_matrix.py`; do not edit by hand. Regenerate with

    .venv/bin/python -m tests.security.permission_matrix > docs/access-policy.md

`tests/security/test_permission_matrix.py` asks the app for every cell below and fails when
the app answers otherwise, when a URL has no row, or when this file is out of date.

Each row is a page of the app (a URL pattern, with the demo object it is asked for where it
needs one) and what each person gets when they open it:

- **200**: the page (or the file: PDF, CSV, Excel, calendar).
- **302**: sent on to another page (not to the login page).
- **login**: not signed in, sent to the login page.
- **403**: refused: the person may see that this exists but may not do this.
- **404**: not found: the person may not know that this exists.
- **405**: the address only takes a form submission (it changes something), never a visit.

The people are the demo accounts of `python manage.py seed_demo` (see the README), an
outsider and an anonymous visitor. A mark ⚠ means the app does not do this yet: see the
list at the end.
"""


def _route(route):
    return "/" + route.replace("|", "\\|")


def _cell(r, person):
    text = SYMBOLS[r.expect[person]]
    return f"{text} ⚠" if person in r.app_gives else text


def render_policy():
    routes = covered_patterns()
    lines = [LEGEND]
    lines += [f"- **{person}**: {who}" for person, who in WHO.items()] + [""]
    header = "| URL | what it is | " + " | ".join(PEOPLE) + " |"
    rule = "|---|---|" + "---|" * len(PEOPLE)
    findings = []
    for title, rows in SECTIONS:
        lines += [f"## {title}", "", header, rule]
        for r in rows:
            path = _route(routes.get(r.name, "?"))
            if r.query:
                path += "?" + "&".join(
                    f"{key}={'…' if isinstance(value, Obj) else value}"
                    for key, value in r.query.items()
                )
            cells = " | ".join(_cell(r, person) for person in PEOPLE)
            lines.append(f"| `{path}` | {r.what.replace('|', '/')} | {cells} |")
            if r.app_gives:
                findings.append((path, r))
        lines.append("")
    lines += ["## Where the app does not follow this policy yet", ""]
    if not findings:
        lines.append("Nowhere.")
    for path, r in findings:
        gives = ", ".join(
            f"{person} gets {SYMBOLS[outcome]}" for person, outcome in r.app_gives.items()
        )
        lines.append(f"- `{path}` ({r.what}): {gives}. {r.finding}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
    django.setup()
    sys.stdout.write(render_policy())

"""A small menu: three target groups, four languages (Arabic written right to left), a few
"Ik kan…" statements, a service Amstelzorg provides and one of Het Zonnehuis, and an Arabic
text of it. For the badges: the default achievements, clients to make, and a colleague
named digital champion.

Vocabulary rows are fetched or created, so the fixtures hold whether or not a data
migration has filled the tables already."""

import pytest

from digital.defaults import ensure_achievements
from digital.models import (
    Achievement,
    Band,
    Client,
    Language,
    Service,
    ServiceText,
    SkillArea,
    SkillStatement,
    TargetGroup,
)
from digital.services import rewards
from tests.coalition.factories import UserFactory


@pytest.fixture
def target_groups(db):
    return {
        key: TargetGroup.objects.get_or_create(name=name)[0]
        for key, name in [
            ("elderly", "Ouderen thuis"),
            ("lvb", "Mensen met een licht verstandelijke beperking"),
            ("newcomers", "Nieuwkomers"),
        ]
    }


@pytest.fixture
def languages(db):
    rows = {}
    for code, name, rtl in [
        ("nl", "Nederlands", False),
        ("en", "English", False),
        ("ar", "Arabisch", True),
        ("tr", "Turks", False),
    ]:
        language, _ = Language.objects.get_or_create(
            code=code, defaults={"name": name, "right_to_left": rtl}
        )
        rows[code] = language
    return rows


@pytest.fixture
def statements(db):
    return {
        key: SkillStatement.objects.get_or_create(
            text=text, defaults={"area": area, "order": order}
        )[0]
        for order, (key, area, text) in enumerate(
            [
                ("video", SkillArea.COMMUNICATING, "Ik kan beeldbellen met mijn familie."),
                ("digid", SkillArea.TRANSACTING, "Ik kan inloggen met DigiD."),
                ("phishing", SkillArea.SAFETY, "Ik herken een nepbericht."),
            ]
        )
    }


@pytest.fixture
def make_service(target_groups, languages, statements):
    """make_service(name, groups=("elderly",), langs=("nl",), **fields) -> Service."""

    def make(name, *, groups=("elderly",), langs=("nl",), helps=(), **fields):
        fields.setdefault("description", f"{name}: zo werkt het.")
        fields.setdefault("analog_alternative", f"Bel de balie voor {name}.")
        service = Service.objects.create(name=name, **fields)
        service.target_groups.set([target_groups[g] for g in groups])
        service.languages.set([languages[code] for code in langs])
        service.statements.set([statements[s] for s in helps])
        return service

    return make


@pytest.fixture
def service(make_service, organisation):
    """Amstelzorg's video-calling service, for the elderly, in Dutch and Arabic."""
    return make_service(
        "Beeldbellen met de wijkverpleging",
        groups=("elderly", "newcomers"),
        langs=("nl", "ar"),
        helps=("video",),
        provider=organisation,
        url="https://beeldbellen.example.org/",
        level=Band.WITH_HELP,
        description="Met deze app bel je met de wijkverpleging. Je ziet elkaar op het scherm.",
        analog_alternative="Bel de wijkverpleging op 020 123 45 67.",
    )


@pytest.fixture
def other_service(make_service, other_organisation):
    """Het Zonnehuis's DigiD help, for newcomers, in Dutch and Turkish."""
    return make_service(
        "DigiD-spreekuur",
        groups=("newcomers",),
        langs=("nl", "tr"),
        helps=("digid",),
        provider=other_organisation,
        level=Band.INDEPENDENT,
        analog_alternative="Kom op dinsdag naar het spreekuur in de bibliotheek.",
    )


@pytest.fixture
def provider_staff(employee):
    """An employee of Amstelzorg, which provides `service`."""
    return employee


@pytest.fixture
def without_organisation(db):
    """A signed-in account that works for no organisation of the coalition."""
    return UserFactory(username="no-organisation")


@pytest.fixture
def arabic_text(service, languages):
    return ServiceText.objects.create(
        service=service,
        language=languages["ar"],
        title="مكالمة فيديو",
        text="تحدث مع الممرضة عبر الفيديو.",
    )


@pytest.fixture
def achievements(db):
    """The default badges, whether or not the data migration's rows survived a flush."""
    ensure_achievements(Achievement)
    return {a.code: a for a in Achievement.objects.all()}


@pytest.fixture
def make_client(db):
    language, _ = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    group, _ = TargetGroup.objects.get_or_create(name="Ouderen")

    def make(organisation, number):
        return Client.objects.create(
            organisation=organisation, number=number, language=language, target_group=group
        )

    return make


@pytest.fixture
def colleague(make_person, organisation):
    return make_person("employee", organisation, username="colleague", first_name="Sanne")


@pytest.fixture
def champion(coordinator, colleague, organisation):
    return rewards.champion_name(
        user=colleague, organisation=organisation, note="Inloggen met DigiD", actor=coordinator
    )

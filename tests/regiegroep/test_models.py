import datetime

import pytest
from django.db import IntegrityError

from regiegroep.models import Seat
from regiegroep.playbook import compare, risk_matrix, severity
from tests.regiegroep.factories import RiskFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_risk_score_and_severity(group):
    risk = RiskFactory(scenario__group=group, likelihood=4, impact=5)
    assert risk.score == 20
    assert [severity(s) for s in (1, 4, 8, 15, 25)] == [
        "low",
        "medium",
        "high",
        "critical",
        "critical",
    ]


def test_risk_scale_is_enforced_by_the_database(group):
    with pytest.raises(IntegrityError):
        RiskFactory(scenario__group=group, likelihood=7)


def test_seat_dates_are_enforced_by_the_database(group):
    with pytest.raises(IntegrityError):
        SeatFactory(
            group=group, start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1)
        )


def test_seat_is_ended_only_after_its_last_day(group):
    seat = SeatFactory(group=group, end_date=datetime.date(2026, 5, 1))
    assert not seat.is_ended(datetime.date(2026, 5, 1))
    assert seat.is_ended(datetime.date(2026, 5, 2))
    assert list(Seat.objects.not_ended(datetime.date(2026, 5, 2))) == []


def test_risk_matrix_places_labels_by_likelihood_and_impact():
    matrix = risk_matrix(
        [
            {"label": "R1", "likelihood": 5, "impact": 1},
            {"label": "R2", "likelihood": 5, "impact": 1},
            {"label": "R3", "likelihood": 1, "impact": 5},
        ]
    )
    assert [row["likelihood"] for row in matrix] == [5, 4, 3, 2, 1]
    top_left = matrix[0]["cells"][0]
    assert (top_left.likelihood, top_left.impact, top_left.labels) == (5, 1, ["R1", "R2"])
    assert matrix[4]["cells"][4].labels == ["R3"]
    assert sum(cell.count for row in matrix for cell in row["cells"]) == 3


def _snapshot(**changes):
    snapshot = {
        "format": 1,
        "group": {
            "name": "Regiegroep",
            "scope": "sector",
            "max_members": 5,
            "vision": "Samen",
            "urgency": "",
            "relevance": "",
            "client_interest": "",
            "mandate": "Locaties",
            "mandate_domains": ["locations"],
        },
        "interests": [],
        "priorities": [{"title": "Continuïteit", "description": "", "goals": []}],
        "principles": [{"domain": "finances", "text": "Kosten volgen de cliënt", "lesson": ""}],
        "scenarios": [
            {
                "title": "Lockdown",
                "trigger": "Kabinet",
                "description": "",
                "steps": [{"moment": "start", "action": "Bijeenkomen", "role": "Voorzitter"}],
                "risks": [],
            }
        ],
        "lessons": [],
        "members": [],
    }
    snapshot.update(changes)
    return snapshot


def test_compare_names_what_was_added_and_removed():
    old = _snapshot()
    new = _snapshot(
        principles=[{"domain": "finances", "text": "Geen faillissementen", "lesson": ""}],
    )
    sections = {s["title"]: s for s in compare(old, new)}
    framework = sections["Beslissingskader"]
    assert framework["added"] == ["Financiën: Geen faillissementen"]
    assert framework["removed"] == ["Financiën: Kosten volgen de cliënt"]
    assert not sections["Scenario's"]["added"] and not sections["Scenario's"]["removed"]


def test_compare_of_a_first_version_lists_everything_as_added():
    sections = {s["title"]: s for s in compare(None, _snapshot())}
    assert (
        "Lockdown — stap 1 (Bij de start): Bijeenkomen [Voorzitter]"
        in sections["Scenario's"]["added"]
    )


def test_compare_reads_wholly_in_dutch_with_localized_hours():
    new = _snapshot(
        scenarios=[
            {
                "title": "Lockdown",
                "trigger": "Kabinet",
                "description": "",
                "steps": [],
                "risks": [
                    {
                        "organisation": "",
                        "description": "Uitval",
                        "likelihood": 3,
                        "impact": 4,
                        "mitigation": "",
                    }
                ],
            }
        ],
        members=[
            {
                "name": "Anna",
                "organisation": "Zorg BV",
                "role": "Voorzitter",
                "hours_per_week": "2.5",
                "start_date": "2026-01-01",
                "end_date": "",
            },
            {
                "name": "Bram",
                "organisation": "Zorg BV",
                "role": "Lid",
                "hours_per_week": "3.0",
                "start_date": "2026-01-01",
                "end_date": "",
            },
        ],
    )
    sections = {s["title"]: s for s in compare(None, new)}
    assert "Mandaatdomeinen: Locaties" in sections["Visie en mandaat"]["added"]
    assert "Lockdown — risico: Uitval (kans 3, impact 4)" in sections["Scenario's"]["added"]
    assert sections["Leden"]["added"] == [
        "Anna (Zorg BV) — Voorzitter, 2,5 uur/week",
        "Bram (Zorg BV) — Lid, 3 uur/week",
    ]


def test_compare_is_the_same_whatever_the_language_of_the_versions():
    from django.utils import translation

    with translation.override("en"):
        sections = {s["title"]: s for s in compare(_snapshot(), _snapshot())}
    assert all(not s["added"] and not s["removed"] for s in sections.values())


def test_dutch_words_for_risk_level_seat_start_and_communications():
    from regiegroep.models import Communication
    from regiegroep.playbook import severity_label

    assert severity_label("medium") == "gemiddeld"
    assert str(Seat._meta.get_field("start_date").verbose_name) == "vanaf"
    assert str(Communication._meta.verbose_name_plural) == "berichten"

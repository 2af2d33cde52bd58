"""The playbook (draaiboek): the snapshot frozen at publish time, the comparison of two
snapshots, the risk matrix and the PDF.

A snapshot holds the content itself and choice *codes* (domain, moment, scope), never
translated labels, so one version reads in Dutch or English and never changes afterwards.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition import pdf

from .models import Circle, Domain, Moment, PriorityGoal, Risk, Scope, Seat

SNAPSHOT_FORMAT = 1


def _person_name(user):
    return user.get_full_name() or user.get_username()


def build_snapshot(group, today=None):
    """The content of the playbook as plain JSON; a fixed number of queries."""
    today = today or timezone.localdate()
    priorities = group.priorities.prefetch_related(
        Prefetch("goals", queryset=PriorityGoal.objects.select_related("organisation"))
    ).order_by("position", "pk")
    scenarios = (
        group.scenarios.prefetch_related("steps")
        .prefetch_related(
            Prefetch(
                "risks",
                queryset=Risk.objects.select_related("organisation"),
            )
        )
        .order_by("title", "pk")
    )
    seats = (
        Seat.objects.filter(group=group)
        .not_ended(today)
        .select_related("organisation", "person")
        .order_by("organisation__name", "person__last_name", "pk")
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "group": {
            "name": group.name,
            "scope": group.scope,
            "max_members": group.max_members,
            "vision": group.vision,
            "urgency": group.urgency,
            "relevance": group.relevance,
            "client_interest": group.client_interest,
            "mandate": group.mandate,
            "mandate_domains": list(group.mandate_domains),
        },
        "interests": [
            {"organisation": i.organisation.name, "interest": i.interest}
            for i in group.interests.select_related("organisation").order_by("organisation__name")
        ],
        "priorities": [
            {
                "title": p.title,
                "description": p.description,
                "goals": [
                    {"organisation": g.organisation.name, "goal": g.goal} for g in p.goals.all()
                ],
            }
            for p in priorities
        ],
        "principles": [
            {"domain": p.domain, "text": p.text, "lesson": p.lesson.title if p.lesson else ""}
            for p in group.principles.select_related("lesson").order_by("domain", "pk")
        ],
        "scenarios": [
            {
                "title": s.title,
                "trigger": s.trigger,
                "description": s.description,
                "steps": [
                    {"moment": st.moment, "action": st.action, "role": st.responsible_role}
                    for st in s.steps.all()
                ],
                "risks": [
                    {
                        "organisation": r.organisation.name if r.organisation else "",
                        "description": r.description,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "mitigation": r.mitigation,
                    }
                    for r in s.risks.all()
                ],
            }
            for s in scenarios
        ],
        "lessons": [
            {
                "title": lesson.title,
                "description": lesson.description,
                "crisis": lesson.crisis.name if lesson.crisis else "",
                "recorded_on": lesson.recorded_on.isoformat(),
            }
            for lesson in group.lessons.select_related("crisis").order_by("-recorded_on", "-pk")
        ],
        "members": [
            {
                "name": _person_name(seat.person),
                "organisation": seat.organisation.name,
                "role": seat.role,
                "hours_per_week": str(seat.hours_per_week),
                "start_date": seat.start_date.isoformat(),
                "end_date": seat.end_date.isoformat() if seat.end_date else "",
            }
            for seat in seats
        ],
    }


# --- Reading a snapshot -------------------------------------------------------------------


def present(snapshot):
    """The snapshot with labels in the active language, ready for a template."""
    domains = dict(Domain.choices)
    moments = dict(Moment.choices)
    group = dict(snapshot["group"])
    group["scope_label"] = dict(Scope.choices).get(group["scope"], group["scope"])
    group["mandate_domain_labels"] = [domains.get(d, d) for d in group["mandate_domains"]]
    framework = []
    for code, label in Domain.choices:
        items = [p for p in snapshot["principles"] if p["domain"] == code]
        framework.append({"code": code, "label": label, "principles": items})
    scenarios = []
    for index, scenario in enumerate(snapshot["scenarios"], start=1):
        risks = [
            {
                **risk,
                "label": risk_label(index, number),
                "score": risk["likelihood"] * risk["impact"],
            }
            for number, risk in enumerate(scenario["risks"], start=1)
        ]
        scenarios.append(
            {
                **scenario,
                "anchor": f"scenario-{index}",
                "steps": [
                    {**s, "moment_label": moments.get(s["moment"], s["moment"])}
                    for s in scenario["steps"]
                ],
                "risks": risks,
            }
        )
    all_risks = [r for s in scenarios for r in s["risks"]]
    return {
        "pb_group": group,
        "interests": snapshot["interests"],
        "priorities": snapshot["priorities"],
        "framework": framework,
        "scenarios": scenarios,
        "risks": all_risks,
        "matrix": risk_matrix(all_risks),
        "lessons": snapshot["lessons"],
        "members": snapshot["members"],
    }


# --- Risk labels and matrix ---------------------------------------------------------------


def risk_label(scenario_number, risk_number):
    """The name of a risk wherever it appears (scenario page, list of all risks, playbook
    and its PDF): its number within its scenario, after the scenario's number. R2.3 is the
    third risk of the second scenario; scenarios count in the playbook's order (by title),
    risks in their scenario's order (most likely and heaviest first)."""
    return f"R{scenario_number}.{risk_number}"


def scenario_numbers(group):
    """{scenario pk: number} in the order the playbook lists the scenarios; one query."""
    pks = group.scenarios.order_by("title", "pk").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(pks, start=1)}


def label_risks(risks, numbers):
    """Risk models (in the default order), each with its `label`, for the matrix and the
    tables; `numbers` from `scenario_numbers`."""
    counts = Counter()
    rows = []
    for risk in risks:
        counts[risk.scenario_id] += 1
        risk.label = risk_label(numbers[risk.scenario_id], counts[risk.scenario_id])
        rows.append(risk)
    return rows


@dataclass
class MatrixCell:
    likelihood: int
    impact: int
    labels: list

    @property
    def score(self):
        return self.likelihood * self.impact

    @property
    def severity(self):
        return severity(self.score)

    @property
    def count(self):
        return len(self.labels)

    @property
    def description(self):
        """The cell as a screen reader reads it (the matrix shows it as colour and place)."""
        return ngettext(
            "Likelihood %(l)s, impact %(i)s: %(level)s, %(n)s risk",
            "Likelihood %(l)s, impact %(i)s: %(level)s, %(n)s risks",
            self.count,
        ) % {
            "l": self.likelihood,
            "i": self.impact,
            "level": severity_label(self.severity),
            "n": self.count,
        }


def severity(score):
    if score >= 15:
        return "critical"
    if score >= 8:
        return "high"
    if score >= 4:
        return "medium"
    return "low"


def severity_label(code):
    return {
        "critical": _("very high"),
        "high": _("high"),
        "medium": _("medium"),
        "low": _("low"),
    }[code]


def risk_matrix(risks):
    """Rows from likelihood 5 down to 1, columns impact 1 to 5. `risks` are dicts or models
    with likelihood, impact and a label (models use their description)."""
    cells = {}
    for risk in risks:
        get = risk.get if isinstance(risk, dict) else lambda k, r=risk: getattr(r, k, None)
        key = (int(get("likelihood")), int(get("impact")))
        cells.setdefault(key, []).append(get("label") or str(risk))
    return [
        {
            "likelihood": likelihood,
            "cells": [
                MatrixCell(likelihood, impact, cells.get((likelihood, impact), []))
                for impact in range(1, 6)
            ],
        }
        for likelihood in range(5, 0, -1)
    ]


# --- Comparing versions -------------------------------------------------------------------


def hours_label(value):
    """Hours per week as stored in a snapshot ("3.0", "2.5"), localized: "3", "2,5"."""
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    decimals = 0 if hours == hours.to_integral_value() else 1
    return number_format(hours, decimal_pos=decimals)


def _lines(snapshot):
    """Each section of a snapshot as a list of readable lines, in the active language.

    The lines are built from the snapshot data (codes, numbers) each time, so two versions
    compare the same way whatever the language was when they were published."""
    p = present(snapshot)
    g = p["pb_group"]

    def field(label, value):
        return _("%(label)s: %(value)s") % {"label": label, "value": value}

    sections = {}
    sections[_("Vision and mandate")] = [
        field(_("Name"), g["name"]),
        field(_("Scope"), g["scope_label"]),
        field(_("Shared vision"), g["vision"]),
        field(_("Urgency"), g["urgency"]),
        field(_("Relevance"), g["relevance"]),
        field(_("Interest of the clients"), g["client_interest"]),
        field(_("Mandate"), g["mandate"]),
        field(_("Mandate domains"), ", ".join(str(d) for d in g["mandate_domain_labels"])),
    ] + [field(i["organisation"], i["interest"]) for i in p["interests"]]
    priority_lines = []
    for n, pr in enumerate(p["priorities"], start=1):
        if pr["description"]:
            priority_lines.append(
                _("%(number)s. %(title)s — %(description)s")
                % {"number": n, "title": pr["title"], "description": pr["description"]}
            )
        else:
            priority_lines.append(_("%(number)s. %(title)s") % {"number": n, "title": pr["title"]})
    priority_lines += [
        _("%(priority)s → %(organisation)s: %(goal)s")
        % {"priority": pr["title"], "organisation": goal["organisation"], "goal": goal["goal"]}
        for pr in p["priorities"]
        for goal in pr["goals"]
    ]
    sections[_("Priorities")] = priority_lines
    sections[_("Decision framework")] = [
        field(d["label"], pr["text"]) for d in p["framework"] for pr in d["principles"]
    ]
    scenario_lines = []
    for s in p["scenarios"]:
        scenario_lines.append(
            _("%(title)s — trigger: %(trigger)s") % {"title": s["title"], "trigger": s["trigger"]}
        )
        if s["description"]:
            scenario_lines.append(
                _("%(title)s — %(description)s")
                % {"title": s["title"], "description": s["description"]}
            )
        for n, st in enumerate(s["steps"], start=1):
            scenario_lines.append(
                _("%(title)s — step %(number)s (%(moment)s): %(action)s [%(role)s]")
                % {
                    "title": s["title"],
                    "number": n,
                    "moment": st["moment_label"],
                    "action": st["action"],
                    "role": st["role"],
                }
            )
        for r in s["risks"]:
            scenario_lines.append(
                _("%(title)s — risk: %(description)s (likelihood %(l)s, impact %(i)s)")
                % {
                    "title": s["title"],
                    "description": r["description"],
                    "l": r["likelihood"],
                    "i": r["impact"],
                }
            )
    sections[_("Scenarios")] = scenario_lines
    sections[_("Lessons learned")] = [lesson["title"] for lesson in p["lessons"]]
    sections[_("Members")] = [
        _("%(name)s (%(organisation)s) — %(role)s, %(hours)s hours/week")
        % {
            "name": m["name"],
            "organisation": m["organisation"],
            "role": m["role"],
            "hours": hours_label(m["hours_per_week"]),
        }
        for m in p["members"]
    ]
    return sections


def compare(old, new):
    """What changed from snapshot `old` (None for a first version) to `new`, per section."""
    new_sections = _lines(new)
    old_sections = _lines(old) if old else {k: [] for k in new_sections}
    result = []
    for title, new_lines in new_sections.items():
        old_lines = old_sections.get(title, [])
        added = list((Counter(new_lines) - Counter(old_lines)).elements())
        removed = list((Counter(old_lines) - Counter(new_lines)).elements())
        result.append({"title": title, "added": added, "removed": removed})
    return result


# --- PDF ----------------------------------------------------------------------------------


def playbook_pdf_html(*, version, language):
    """The HTML that WeasyPrint typesets into the PDF of a version in a language, built from
    the snapshot alone. `render_playbook` makes the PDF from exactly this string, so timing
    `weasyprint.HTML(string=...).write_pdf()` on it measures what rendering costs."""
    with translation.override(language):
        context = present(version.snapshot)
        context.update({"version": version, "circles": Circle.choices})
        return render_to_string("regiegroep/pdf/playbook.html", context)


def render_playbook(version, language=None):
    """PDF bytes of a version in `language` (by default the active one): the HTML built once,
    then one WeasyPrint pass."""
    html = playbook_pdf_html(version=version, language=language or translation.get_language())
    return pdf.html_to_pdf(html)

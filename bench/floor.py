"""The framework floor: a bare Django view that shows rows in a plain <table>.

A page's time is compared with this view's, measured in the same run through the same
middleware (session, user, the app's own middleware), so the ratio says how much the page
adds to what Django itself costs, whatever the machine.

- A list page named in LIST_MODELS: the floor reads the same number of rows of the list's
  model in one query (every concrete column, newest first) and shows them.
- Any other page: the floor does as many queries as the page did: the rows query (rows of
  the person model) and single-row look-ups for the rest.

The number of rows is what the page lists: the <tr> in its <tbody> elements, the <li> of
the lists in its <main> (item lists, cards of scenarios, successes or services, timelines;
not those of a <nav>: page links, sub-menus) and the choices its forms offer (each <option>,
each checkbox and radio button), since a form that offers 200 teams shows 200 rows of data
and a wall of 20 successes shows 20."""

import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import engines

# List pages and the model of their rows.
LIST_MODELS = {
    "coalition:access_log": "coalition.accesslogentry",
    "coalition:grant_list": "coalition.accessgrant",
    "coalition:notifications": "coalition.notification",
    "coalition:organisation_list": "coalition.organisation",
    "coalition:person_list": "coalition.profile",
    "digital:champion_list": "digital.champion",
    "digital:client_list": "digital.client",
    "digital:persona_list": "digital.persona",
    "digital:service_list": "digital.service",
    "dilemmas:case_list": "dilemmas.dilemmacase",
    "dilemmas:consultation_list": "dilemmas.consultation",
    "dilemmas:group_list": "dilemmas.workinggroup",
    "dilemmas:session_list": "dilemmas.supervisionsession",
    "dilemmas:training_list": "dilemmas.trainingsession",
    "regiegroep:crisis_list": "regiegroep.crisis",
    "regiegroep:decision_list": "regiegroep.decision",
    "regiegroep:playbook_list": "regiegroep.playbookversion",
    "regiegroep:scenario_list": "regiegroep.scenario",
    "regiegroep:seat_list": "regiegroep.seat",
    "regiegroep:stakeholder_list": "regiegroep.stakeholder",
    "relatiebeheer:category_list": "relatiebeheer.category",
    "relatiebeheer:import_list": "relatiebeheer.importbatch",
    "relatiebeheer:my_partners": "relatiebeheer.partner",
    "relatiebeheer:partner_list": "relatiebeheer.partner",
    "relatiebeheer:success_list": "relatiebeheer.success",
}
OTHER_MODEL = "auth.user"
FLOOR_PATH = "/__bench__/floor/"

_TEMPLATE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Floor</title>
</head><body><table><thead><tr>{% for name in names %}<th>{{ name }}</th>{% endfor %}</tr>
</thead><tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}
</tr>{% endfor %}</tbody></table></body></html>"""

TBODY = re.compile(r"<tbody\b.*?</tbody>", re.S | re.I)
TR = re.compile(r"<tr\b", re.I)
MAIN = re.compile(r"<main\b.*?</main>", re.S | re.I)
NAV = re.compile(r"<nav\b.*?</nav>", re.S | re.I)
LI = re.compile(r"<li\b", re.I)
CHOICE = re.compile(r"<option\b|<input\b[^>]*\btype=\"(?:checkbox|radio)\"", re.I)


def table_rows(html):
    """The rows a page lists: <tr> in its <tbody> elements, <li> in the lists of its <main>
    outside a <nav>, and the choices of its forms."""
    main = MAIN.search(html)
    listed = NAV.sub("", main.group(0)) if main else ""
    return (
        sum(len(TR.findall(body)) for body in TBODY.findall(html))
        + len(LI.findall(listed))
        + len(CHOICE.findall(html))
    )


def floor_model(url_name):
    return LIST_MODELS.get(url_name, OTHER_MODEL)


def floor_query(url_name, rows, page_queries, base_queries):
    """The floor's query string for a page: its model, its rows and, for a page that is not
    a known list, the single-row look-ups that bring the floor to the page's query count."""
    extra = 0
    if url_name not in LIST_MODELS:
        extra = max(page_queries - base_queries - 1, 0)
    return f"?model={floor_model(url_name)}&rows={rows}&extra={extra}"


def floor_view(request):
    model = apps.get_model(request.GET.get("model", OTHER_MODEL))
    rows = min(int(request.GET.get("rows", 0)), 500)
    extra = min(int(request.GET.get("extra", 0)), 500)
    names = [f.attname for f in model._meta.concrete_fields]
    data = list(model._default_manager.order_by("-pk").values_list(*names)[:rows])
    User = get_user_model()
    for pk in range(1, extra + 1):
        User.objects.filter(pk=pk).values_list("pk", flat=True).first()
    html = engines["django"].from_string(_TEMPLATE).render({"names": names, "rows": data})
    return HttpResponse(html)

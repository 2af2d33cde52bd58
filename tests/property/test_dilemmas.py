"""The moral-dilemma forms: a case and its answers, a request for a conversation, the
outcomes of a session, a training, and the help texts of the case form's questions (the one
place where a little markup is allowed, through coalition.sanitize). Whatever is typed:
never a server error; accepted means stored as typed and shown as text (or, for a help
text, as the sanitiser's safe subset); refused means an error and every value kept."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from coalition.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, safe_markup
from dilemmas import services
from dilemmas.models import CaseQuestion, Consultation, DilemmaCase, Perspective, TrainingType
from tests.dilemmas.factories import CaseFactory, SessionFactory, WorkingGroupFactory

from .checks import (
    accepted,
    fewer_examples,
    fits_its_column,
    get,
    no_raw_markup,
    page_text,
    post,
    refused_with_input_kept,
    shown_as_text,
    typed,
)
from .strategies import MARKUP, Choice, Either, Text, form, gentle_text


@pytest.fixture
def working_group(organisation, working_group_member):
    group = WorkingGroupFactory(name="Werkgroep Moreel Beraad")
    services.group_save(group=group, organisations=[organisation], actor=None)
    services.member_add(
        group=group, user=working_group_member, perspective=Perspective.EMPLOYEE, actor=None
    )
    return group


# --- Cases ---


@given(
    data=form(title=Text(200, required=True), **{f"answer{i}": Text() for i in range(8)}),
    action=st.sampled_from(["draft", "submit"]),
)
@example(
    data={
        "title": "Bezoek <b>vet</b>",
        **{f"answer{i}": "<script>alert('x')</script>" for i in range(8)},
    },
    action="submit",
)
def test_case_form(browser_for, employee, team, working_group, data, action):
    title, answers = data["title"], [data[f"answer{i}"] for i in range(8)]
    client = browser_for(employee)
    version = services.current_form_for(team.organisation_id)
    questions = list(version.questions.all())
    data = {"title": title, "team": team.pk, "action": action}
    for question, answer in zip(questions, answers, strict=False):
        data[f"answer_{question.pk}"] = answer
    typed_fields = [name for name in data if name == "title" or name.startswith("answer_")]
    before = DilemmaCase.objects.count()
    response = post(client, reverse("dilemmas:case_create"), data)
    if not accepted(response):
        assert DilemmaCase.objects.count() == before
        refused_with_input_kept(response, data, typed_fields)
        return
    case = DilemmaCase.objects.latest("pk")
    assert case.title == typed(title)
    for question in questions:
        assert case.answers[str(question.pk)] == typed(data[f"answer_{question.pk}"])
    fits_its_column(case, "title")
    body = page_text(get(client, case.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, case.title)
    for answer in case.answers.values():
        shown_as_text(body, answer)


# --- Consultations ---


@given(
    data=form(
        topic=Text(required=True),
        urgency=Choice("low", "normal", "high"),
        contact=Text(300, required=True),
    )
)
@example(data={"topic": "<img src=x onerror=alert(1)>", "urgency": "high", "contact": "06-1"})
def test_consultation_form(browser_for, employee, organisation, working_group, data):
    client = browser_for(employee)
    data = {**data, "organisation": organisation.pk}
    before = Consultation.objects.count()
    response = post(client, reverse("dilemmas:consultation_create"), data)
    if not accepted(response):
        assert Consultation.objects.count() == before
        refused_with_input_kept(response, data, ["topic", "contact"])
        return
    consultation = Consultation.objects.latest("pk")
    assert (consultation.topic, consultation.contact) == (
        typed(data["topic"]),
        typed(data["contact"]),
    )
    fits_its_column(consultation, "contact")
    body = page_text(get(client, consultation.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, consultation.topic)
    shown_as_text(body, consultation.contact)


# --- Session outcomes ---


@pytest.fixture
def session_held(organisation, team, team_lead, employee, working_group):
    """A session of yesterday that discussed a case of the employee."""
    case = CaseFactory(author=employee, organisation=organisation, team=team, title="Bezoek")
    services.sync_case_permissions(case)
    session = SessionFactory(
        team=team, lead=team_lead, starts_at=timezone.now() - timedelta(days=1)
    )
    return services.session_save(
        session=session, participants=[team_lead, employee], cases=[case], actor=team_lead
    )


@given(data=form(notes=Text(), outcome=Text(required=True)))
@example(data={"notes": "<script>alert('x')</script>", "outcome": "<b>vet</b>"})
def test_session_outcomes_form(browser_for, team_lead, session_held, data):
    notes, outcome = data["notes"], data["outcome"]
    client = browser_for(team_lead)
    link = session_held.session_cases.get()
    data = {"notes": notes, f"outcome_{link.pk}": outcome}
    response = post(client, reverse("dilemmas:session_outcomes", args=[session_held.pk]), data)
    if not accepted(response):
        refused_with_input_kept(response, data, list(data))
        return
    session_held.refresh_from_db()
    link.refresh_from_db()
    assert (session_held.notes, link.outcome) == (typed(notes), typed(outcome))
    body = page_text(get(client, session_held.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, session_held.notes)
    shown_as_text(body, link.outcome)


# --- Trainings ---


@given(
    data=form(
        name=Text(200, required=True),
        description=Text(),
        audience=Choice("all_staff", "team_leads"),
        repeat_months=Choice("12", "24", "0", ""),
    )
)
@example(
    data={"name": "<b>vet</b>", "description": "", "audience": "all_staff", "repeat_months": "12"}
)
def test_training_form(browser_for, working_group_member, working_group, data):
    client = browser_for(working_group_member)
    data = {**data, "group": working_group.pk, "mandatory": "on"}
    before = TrainingType.objects.count()
    response = post(client, reverse("dilemmas:training_type_create"), data)
    if not accepted(response):
        assert TrainingType.objects.count() == before
        refused_with_input_kept(response, data, ["name", "description", "repeat_months"])
        return
    training = TrainingType.objects.latest("pk")
    assert (training.name, training.description) == (
        typed(data["name"]),
        typed(data["description"]),
    )
    fits_its_column(training, "name")
    body = page_text(get(client, reverse("dilemmas:training_list")))
    no_raw_markup(body)
    shown_as_text(body, training.name)
    shown_as_text(body, training.description)


# --- Help texts of the case form: the sanitiser's rule ---


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _parsed(markup):
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    return parser


def _formset_data(formset):
    """What the editor would send back unchanged: every form's current values."""
    data = {}
    management = formset.management_form
    for name in management.fields:
        data[f"{formset.prefix}-{name}"] = management.initial.get(name, "")
    for row in formset.forms:
        for name, field in row.fields.items():
            value = row.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if value is None or value is False:
                continue
            data[row.add_prefix(name)] = "on" if value is True else value
    return data


@fewer_examples(0.5)
@given(
    data=form(
        title=Text(200, required=True),
        help_text=Either(st.one_of(gentle_text, st.sampled_from(MARKUP))),
    )
)
@example(data={"title": "Wie?", "help_text": 'Zie <a href="https://example.org">de gids</a>'})
@example(data={"title": "Waarden", "help_text": "<script>alert('x')</script><em>nadruk</em>"})
@example(data={"title": "Links", "help_text": '<a href="javascript:alert(1)">klik</a>'})
@example(data={"title": "BOM", "help_text": "\ufeff\ufeff"})
def test_question_help_text_keeps_only_the_safe_subset(
    browser_for, working_group_member, working_group, employee, data
):
    title, help_text = data["title"], data["help_text"]
    client = browser_for(working_group_member)
    services.form_draft_for(group=working_group)
    url = reverse("dilemmas:form_edit", args=[working_group.pk])
    formset = get(client, url).context["formset"]
    data = _formset_data(formset)
    new = len(formset.forms) - len(formset.extra_forms)
    data.update(
        {
            f"form-{new}-order": "99",
            f"form-{new}-title": title,
            f"form-{new}-help_text": help_text,
        }
    )
    before = CaseQuestion.objects.count()
    response = post(client, url, data)
    if not accepted(response):
        refused_with_input_kept(response, data, [f"form-{new}-title", f"form-{new}-help_text"])
        return
    if CaseQuestion.objects.count() == before:
        # An extra row left empty is no question: nothing typed, nothing stored.
        assert not typed(title) and not typed(help_text)
        return
    question = CaseQuestion.objects.latest("pk")
    assert question.title == typed(title)
    fits_its_column(question, "title")
    # The documented rule: links (web and mail addresses only), emphasis and line breaks
    # stay, every other tag and attribute goes; the words themselves stay.
    parsed = _parsed(question.help_text)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, question.help_text
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, question.help_text
            if name == "href":
                assert value.split(":", 1)[0].lower() in ALLOWED_SCHEMES, question.help_text
    if "<" not in help_text and "&" not in help_text:
        # The words stay; only a byte order mark (invisible) may go, as HTML parsing drops it.
        words = "".join(parsed.text).replace("\ufeff", "")
        assert words.split() == typed(help_text).replace("\ufeff", "").split()
    # Published, the question shows its help text on the case form as that subset.
    services.form_publish(group=working_group, actor=working_group_member)
    body = page_text(get(browser_for(employee), reverse("dilemmas:case_create")))
    no_raw_markup(body)
    assert str(safe_markup(question.help_text)) in body
    shown_as_text(body, question.title)

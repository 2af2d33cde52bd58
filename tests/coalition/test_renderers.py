"""The quick form renderer writes exactly what Django's templates write, for every widget
it takes over, with every kind of option, attribute and value that needs escaping, and
it is what the app's forms use."""

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from coalition.renderers import QuickRenderer

NASTY = "<b>\"vet\" & 'zo'</b>"
CHOICES = [
    ("", "---------"),
    (1, "Eén"),
    ("2", NASTY),
    ("<x>", gettext_lazy("Yes")),
    ("Groep <1>", [(3, "Drie"), (4, mark_safe("<i>vier</i>"))]),
]


class Everything(forms.Form):
    select = forms.ChoiceField(choices=CHOICES, required=False)
    select_attrs = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "wide", "aria-describedby": NASTY, "data-x": True}),
    )
    multiple = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    radio_class = forms.ChoiceField(
        choices=CHOICES[1:], widget=forms.RadioSelect(attrs={"class": "inline"})
    )
    checkboxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    disabled = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, disabled=True, required=False
    )
    yes_no = forms.NullBooleanField()
    empty = forms.ChoiceField(choices=[], required=False)
    no_id = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(required=False, max_length=20, help_text=NASTY)
    text_attrs = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": NASTY, "autofocus": True})
    )
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    agree = forms.BooleanField(required=False)
    story = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    search = forms.CharField(required=False, widget=forms.SearchInput)
    link = forms.URLField(required=False, assume_scheme="https")
    upload = forms.FileField(required=False)
    unlabelled = forms.CharField(label="", required=False)
    asked = forms.CharField(label="Waarom?", widget=forms.TextInput(attrs={"id": "eigen"}))
    required_css_class = "verplicht"


DATA = [
    {},
    {
        "select": "2",
        "select_attrs": "<x>",
        "multiple": ["1", "3"],
        "radio": "4",
        "radio_class": "2",
        "checkboxes": ["2", "<x>", "3"],
        "yes_no": "true",
        "no_id": "1",
        "text": NASTY,
        "text_attrs": "gewoon",
        "email": "a@b.nl",
        "number": "7",
        "day": "2026-11-30",
        "moment": "2026-11-30 09:15",
        "hidden": NASTY,
        "secret": "geheim",
        "agree": "on",
        "story": f"Regel 1\n{NASTY}",
        "search": "zoek",
        "link": "https://example.org/?a=1&b=2",
    },
    {"select": "missing", "radio": NASTY, "checkboxes": ["nope"], "number": "x", "story": ""},
]


def rendered(renderer, data, auto_id="id_%s"):
    form = Everything(data or None, auto_id=auto_id, renderer=renderer)
    fields = {name: str(form[name]) for name in form.fields}
    groups = {f"{name} group": str(form[name].as_field_group()) for name in form.fields}
    labels = {f"{name} label": str(form[name].label_tag()) for name in form.fields}
    errors = {f"{name} errors": str(form[name].errors) for name in form.fields}
    return fields | groups | labels | errors | {"whole": form.as_div(), "p": form.as_p()}


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_quick_markup_is_django_markup(data, auto_id):
    quick = rendered(QuickRenderer(), data, auto_id)
    django = rendered(DjangoTemplates(), data, auto_id)
    for name in django:
        assert quick[name] == django[name], name


def test_an_option_template_of_its_own_goes_to_the_template_engine():
    class OwnOption(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    field = forms.ChoiceField(choices=[(1, "Eén")], widget=OwnOption)
    form = forms.Form(renderer=QuickRenderer())
    form.fields["own"] = field
    assert "<label" not in str(form["own"])  # the bare input template, not ours


def test_the_app_uses_it():
    assert settings.FORM_RENDERER == "coalition.renderers.QuickRenderer"


def test_it_is_faster_on_a_long_list():
    """Counted in template renders, not timed: the quick renderer renders none per option."""
    from django.test.signals import template_rendered

    calls = []

    def count(sender, template, **kwargs):
        calls.append(template.name)

    field = forms.MultipleChoiceField(
        choices=[(n, f"Team {n}") for n in range(300)], widget=forms.CheckboxSelectMultiple
    )
    template_rendered.connect(count)
    try:
        for renderer in (DjangoTemplates(), QuickRenderer()):
            calls.clear()
            form = forms.Form(renderer=renderer)
            form.fields["teams"] = field
            str(form["teams"])
            if isinstance(renderer, QuickRenderer):
                assert not any("option" in name for name in calls)
            else:
                assert sum("option" in name for name in calls) >= 300
    finally:
        template_rendered.disconnect(count)

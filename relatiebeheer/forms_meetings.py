"""Forms of the RRO: a series, moving a meeting, recording it, an outcome, the decision log
filter."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateTimeInput, PeopleChoiceField, PersonChoiceField

from .models import Attendance, MeetingSeries, Outcome, Partner


class SeriesForm(forms.ModelForm):
    chair = PersonChoiceField(label=_("Chair"), queryset=None)
    members = PeopleChoiceField(
        label=_("Participants"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Relationship managers of the organisation. The chair always takes part."),
    )

    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=30
    )
    interval = forms.IntegerField(
        label=_("Every"),
        min_value=1,
        max_value=52,
        initial=2,
        help_text=_("Every 2 with 'weekly' is every other week."),
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "organisation",
            "title",
            "first_starts_at",
            "duration_minutes",
            "frequency",
            "interval",
            "until",
            "location",
            "chair",
            "members",
        ]
        widgets = {
            "first_starts_at": DateTimeInput(),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"until": _("Leave empty to keep going.")}

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        self.fields["chair"].queryset = people
        self.fields["members"].queryset = people


class MeetingMoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    cancelled = forms.BooleanField(label=_("This meeting does not take place"), required=False)


class AttendanceForm(forms.ModelForm):
    """One participant's row in the meeting: attendance and the two answers."""

    class Meta:
        model = Attendance
        fields = ["status", "did", "will_do"]
        widgets = {
            "did": forms.Textarea(attrs={"rows": 2}),
            "will_do": forms.Textarea(attrs={"rows": 2}),
        }


class MeetingNotesForm(forms.Form):
    guests = forms.ModelMultipleChoiceField(
        label=_("Partners present"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "A partner who joined the meeting counts as a contact moment on its date. "
            "Hold Ctrl (or Cmd) to choose more than one."
        ),
    )
    notes = forms.CharField(
        label=_("Other notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guests"].queryset = partners


class OutcomeForm(forms.ModelForm):
    owner = PersonChoiceField(label=_("Who"), queryset=None, required=False)

    class Meta:
        model = Outcome
        fields = ["kind", "text", "owner", "due_on", "partner"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"owner": _("Needed for an action item.")}

    def __init__(self, *args, people, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["partner"].queryset = partners
        self.fields["partner"].required = False


class DecisionLogFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    soort = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + list(Outcome.Kind.choices), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(Outcome.Status.choices),
        required=False,
    )
    reeks = forms.ModelChoiceField(
        label=_("RRO"), queryset=MeetingSeries.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reeks"].queryset = series

    def apply(self, outcomes):
        if not self.is_valid():
            return outcomes
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:5]:
                outcomes = outcomes.filter(
                    Q(text__icontains=word)
                    | Q(partner__name__icontains=word)
                    | Q(owner__first_name__icontains=word)
                    | Q(owner__last_name__icontains=word)
                )
        if data["soort"]:
            outcomes = outcomes.filter(kind=data["soort"])
        if data["status"]:
            outcomes = outcomes.filter(kind=Outcome.Kind.ACTION, status=data["status"])
        if data["reeks"]:
            outcomes = outcomes.filter(meeting__series=data["reeks"])
        return outcomes

"""The form a privacy officer fills in for a request of a client or staff member (AVG)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .privacy import subject_kind
from .privacy.requests import COPY, ERASURE

User = get_user_model()


class PrivacyRequestForm(forms.Form):
    request = forms.ChoiceField(
        label=_("What is asked"),
        choices=[
            (COPY, _("A copy of all data (right of access)")),
            (ERASURE, _("Erase the data (right to erasure)")),
        ],
        widget=forms.RadioSelect,
    )
    subject = forms.ChoiceField(
        label=_("Whose data"),
        choices=[("client", _("A client")), ("person", _("A staff member"))],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation of the client"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    client_number = forms.CharField(
        label=_("Client number"),
        max_length=30,
        required=False,
        help_text=_("The number the organisation uses for the client."),
    )
    # A user name, not a list of everyone: a coalition has thousands of staff.
    username = forms.CharField(
        label=_("User name of the staff member"),
        max_length=150,
        required=False,
        help_text=_("As on the person's page, or in the access log."),
    )
    reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=100,
        help_text=_("For example the date or number of the letter or e-mail with the request."),
    )
    note = forms.CharField(
        label=_("Note for the person who confirms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How you checked who asked, for instance."),
    )

    def clean(self):
        data = super().clean()
        if data.get("subject") == "client":
            self._clean_client(data)
        elif data.get("subject") == "person":
            username = (data.get("username") or "").strip()
            person = User.objects.filter(username=username).first() if username else None
            if person is None:
                self.add_error("username", _("Fill in the user name of a staff member."))
            else:
                data["subject_obj"] = person
        return data

    def _clean_client(self, data):
        organisation = data.get("organisation")
        number = (data.get("client_number") or "").strip()
        if organisation is None:
            self.add_error("organisation", _("Choose the organisation of the client."))
        if not number:
            self.add_error("client_number", _("Fill in the client number."))
        if organisation is None or not number:
            return
        kind = subject_kind("client")
        client = kind.find(organisation=organisation, number=number) if kind else None
        if client is None:
            self.add_error("client_number", _("This organisation has no client with this number."))
        else:
            data["subject_obj"] = client

"""Forms of the partner import: the upload with its defaults, the column mapping, and the
choices made on the preview (which duplicates to import anyway, where new categories go)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation

from .models import Priority
from .services.imports import DELIMITERS, ENCODINGS, FIELD_LABELS, FIELDS, MAX_BYTES

ACCEPT = (
    ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file or an Excel workbook (.xlsx), with the column names on line 1."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    organisation = forms.ModelChoiceField(label=_("Import for"), queryset=None, empty_label=None)
    category = forms.ModelChoiceField(
        label=_("Category for rows without one"),
        queryset=None,
        required=False,
        empty_label=_("None (such a row is an error)"),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority for rows without one"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.MEDIUM,
    )

    def __init__(self, *args, organisations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["category"].queryset = categories.select_related("organisation")
        # Someone who keeps the partners of one organisation is not asked which one.
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation:
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
        else:
            self.fields["category"].label_from_instance = lambda c: f"{c.name} ({c.organisation})"

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files."),
                params={"size": MAX_BYTES // (1024 * 1024)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def clean(self):
        data = super().clean()
        organisation, category = data.get("organisation"), data.get("category")
        if organisation and category and category.organisation_id != organisation.pk:
            self.add_error("category", _("Choose a category of the organisation you import for."))
        return data


def _column_choices(headers):
    return [("", _("— not in the file —"))] + [
        (str(index), header) for index, header in enumerate(headers)
    ]


class ImportMappingForm(forms.Form):
    """One choice of column per partner field, and how to read the file if the guess was
    wrong (changing that shows the columns again)."""

    encoding = forms.ChoiceField(label=_("Character set"), choices=list(ENCODINGS.items()))
    delimiter = forms.ChoiceField(
        label=_("Columns separated by"), choices=[(k, v) for k, v in DELIMITERS.items()]
    )

    def __init__(self, *args, headers, is_csv=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_csv:
            del self.fields["encoding"]
            del self.fields["delimiter"]
        choices = _column_choices(headers)
        for name in FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=FIELD_LABELS[name],
                choices=choices,
                coerce=int,
                empty_value=None,
                required=name == "name",
                error_messages={"required": _("Choose the column with the partners' names.")},
            )

    @property
    def column_fields(self):
        return [self[name] for name in FIELDS]

    @property
    def reading_fields(self):
        return [self[name] for name in ("encoding", "delimiter") if name in self.fields]

    def clean(self):
        data = super().clean()
        used = {}
        for name in FIELDS:
            index = data.get(name)
            if index is None:
                continue
            if index in used:
                self.add_error(
                    name,
                    _("This column is already chosen for “%(field)s”.")
                    % {"field": FIELD_LABELS[used[index]]},
                )
            else:
                used[index] = name
        return data

    def mapping(self):
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class ImportChoicesForm(forms.Form):
    """What the user decides on the preview: which likely duplicates to import anyway and,
    for each category the organisation does not have yet, whether to make it or to use an
    existing one."""

    include = forms.TypedMultipleChoiceField(
        label=_("Import anyway"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, duplicate_lines, new_categories, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include"].choices = [(line, str(line)) for line in duplicate_lines]
        self.new_categories = list(new_categories)
        choices = [("", _("Make it as a new category"))] + [(str(c.pk), c.name) for c in categories]
        for index, name in enumerate(self.new_categories):
            self.fields[f"category_{index}"] = forms.TypedChoiceField(
                label=name, choices=choices, coerce=int, empty_value=None, required=False
            )
        self.categories = {c.pk: c for c in categories}

    @property
    def category_fields(self):
        return [self[f"category_{i}"] for i in range(len(self.new_categories))]

    def category_choices(self):
        """{new category name: existing Category or None}."""
        return {
            name: self.categories.get(self.cleaned_data.get(f"category_{i}"))
            for i, name in enumerate(self.new_categories)
        }

"""What the views of this part share: the plain form page and error handling."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def form_page(
    request,
    *,
    form,
    title,
    group,
    back_url,
    back_label="",
    submit=None,
    intro="",
    formset=None,
    status=200,
):
    return render(
        request,
        "regiegroep/form.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "group": group,
            "back_url": back_url,
            "back_label": back_label or (group.name if group else ""),
            "submit": submit or _("Save"),
            "intro": intro,
        },
        status=status,
    )


def apply_errors(form, error):
    """Put a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def call_service(form, func, **kwargs):
    """Run a service; on a ValidationError put it on the form and return None."""
    try:
        return func(**kwargs) or True
    except ValidationError as error:
        apply_errors(form, error)
        return None

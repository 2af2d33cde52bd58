"""What the views of this part share: the plain form page and error handling."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coalition.forms import apply_errors, call_service  # noqa: F401


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

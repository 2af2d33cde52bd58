"""What the views of this part share: the form page in the steering group's frame."""

from django.utils.translation import gettext_lazy as _

from coalition import formpage
from coalition.formpage import refuse  # noqa: F401


def form_page(
    request,
    form,
    *,
    save,
    success_url,
    message,
    title,
    group,
    back_url,
    back_label="",
    submit=None,
    intro="",
    formset=None,
):
    """`coalition.formpage.form_page` on the steering group's form template: a title, a way
    back, and the step plan's formset where there is one."""
    return formpage.form_page(
        request,
        form,
        save=save,
        template="regiegroep/form.html",
        context={
            "formset": formset,
            "title": title,
            "group": group,
            "back_url": back_url,
            "back_label": back_label or (group.name if group else ""),
            "submit": submit or _("Save"),
            "intro": intro,
        },
        success_url=success_url,
        message=message,
        formsets=[formset] if formset is not None else (),
    )

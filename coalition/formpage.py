"""The page of a form that creates or changes something through a service.

    def priority_edit(request, pk):
        priority = get_priority_for_user(request.user, pk, EDIT)
        form = PriorityForm(request.POST or None, instance=priority, group=priority.group)
        return form_page(
            request,
            form,
            save=lambda form: services.priority_save(
                priority=form.save(commit=False), goals=form.goals()
            ),
            template="regiegroep/form.html",
            context={"title": _("Edit priority")},
            success_url=priority.group.get_absolute_url(),
            message=_("Priority saved."),
        )

The service holds the rules and refuses with a `ValidationError`; this page puts each
refusal next to the field it names (or on top of the form), keeps everything that was
entered, and only on success tells so and redirects.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .forms import apply_errors


def form_page(
    request,
    form,
    *,
    save,
    template,
    context=None,
    success_url,
    message="",
    formsets=(),
):
    """Render `form`; on a POST that validates, call `save(form)` and redirect.

    `save` calls the service and returns what it made. `success_url` and `message` may be
    callables that get that result (to go to a new object, or to name its number). Bound
    `formsets` are validated with the form; the template finds them in `context`.
    """
    if request.method == "POST":
        valid = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
        if all(valid):
            try:
                result = save(form)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                text = message(result) if callable(message) else message
                if text:
                    messages.success(request, text)
                return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {"form": form, **(context or {})})


def refuse(request, error, to):
    """A service's refusal of something asked without a form (a button, or a page that is
    no longer on offer): its messages on top of the page at `to`."""
    for text in error.messages:
        messages.error(request, text)
    return redirect(to)

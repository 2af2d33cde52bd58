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

A form that sits inside another page (a member to add on a group's page) passes
`on_error` instead of a template: it shows that page again with the form and its errors.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def apply_errors(form, error):
    """Put a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def call_service(form, func, **kwargs):
    """Run a service for `form`: what it returns (True when that is nothing), or None when
    it refuses, with the refusal then on the form."""
    try:
        return func(**kwargs) or True
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _resolve(value, result):
    return value(result) if callable(value) else value


def form_page(
    request,
    form,
    *,
    save,
    success_url,
    message="",
    then=None,
    template=None,
    context=None,
    formsets=(),
    error_status=200,
    on_error=None,
):
    """Render `form`; on a POST that validates, call `save(form)` and redirect.

    `save` calls the service and returns what it made. `success_url` and `message` may be
    callables that get that result (to go to a new object, or to name its number); `then`
    gets it too, after the message, to tell more (`messages.info`). Bound `formsets` are
    validated with the form; the template finds them in `context`, which may be a callable
    when it costs queries that a successful save does not need.

    A POST that is refused comes back with `error_status`, on `template` or through
    `on_error(form)` (a form inside another page).
    """
    if request.method == "POST":
        valid = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
        # In a list, so that a service that returns nothing still counts as done.
        done = call_service(form, lambda: [save(form)]) if all(valid) else None
        if done is not None:
            result = done[0]
            text = _resolve(message, result)
            if text:
                messages.success(request, text)
            if then is not None:
                then(result)
            return redirect(_resolve(success_url, result))
        if on_error is not None:
            return on_error(form)
    extra = context() if callable(context) else context
    return render(
        request,
        template,
        {"form": form, **(extra or {})},
        status=error_status if request.method == "POST" else 200,
    )


def refuse(request, error, to):
    """A service's refusal of something asked without a form (a button, or a page that is
    no longer on offer): its messages on top of the page at `to`."""
    for text in error.messages:
        messages.error(request, text)
    return redirect(to)

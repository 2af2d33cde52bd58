"""Requests of clients and staff about their data (AVG), for privacy officers, and every
person's own copy of their data.

A request is an access request (coalition.access): the pages here ask, show where a request
stands, and hand out the copy once a second person of the organisation confirmed it. The
copy is made at the moment of download, written to the access log, never kept; a person's
own copy as PDF is made by a worker and kept for a day (coalition.privacy.own_copy)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, roles
from ..formpage import form_page
from ..paging import paginate
from ..permissions import role_required
from ..privacy import own_copy as own_copy_pdf
from ..privacy.requests import (
    COPY,
    copy_available_until,
    copy_for,
    may_download,
    own_copy,
    own_copy_pdf_ask,
    privacy_request,
    privacy_requests,
)
from ..privacy.retention import overview
from ..privacy_forms import PrivacyRequestForm

FORMATS = {"pdf": "application/pdf", "json": "application/json"}


@role_required(roles.PRIVACY_OFFICER)
def privacy_request_list(request):
    page, query = paginate(request, privacy_requests().order_by("-requested_at", "-pk"))
    access.describe_all(page.object_list)
    return render(
        request,
        "coalition/privacy_request_list.html",
        {"page": page, "query": query, "retention": overview()},
    )


@role_required(roles.PRIVACY_OFFICER)
def privacy_request_create(request):
    form = PrivacyRequestForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: privacy_request(
            actor=request.user,
            subject_name=form.cleaned_data["subject"],
            subject=form.cleaned_data.get("subject_obj"),
            request=form.cleaned_data["request"],
            reference=form.cleaned_data["reference"],
            note=form.cleaned_data["note"],
        ),
        template="coalition/privacy_request_form.html",
        success_url=_detail_url,
        message=_("Request saved. A second person of the organisation confirms it."),
    )


def _detail_url(grant):
    return reverse("coalition:privacy_request_detail", args=[grant.pk])


def _request_for(pk):
    grant = get_object_or_404(privacy_requests(), pk=pk)
    access.preload([grant])
    return grant


@role_required(roles.PRIVACY_OFFICER)
def privacy_request_detail(request, pk):
    grant = _request_for(pk)
    return render(
        request,
        "coalition/privacy_request_detail.html",
        {
            "grant": grant,
            "description": access.describe(grant),
            "is_copy": grant.payload.get("request") == COPY,
            "confirmations": grant.confirmations.select_related("organisation", "confirmed_by"),
            "may_download": may_download(request.user, grant),
            "available_until": copy_available_until(grant),
            "erased": grant.payload.get("erased", {}),
        },
    )


@role_required(roles.PRIVACY_OFFICER)
def privacy_request_download(request, pk, file_format):
    grant = _request_for(pk)
    if file_format not in FORMATS:
        raise Http404
    return _download(copy_for(request=request, grant=grant), file_format)


@login_required
def my_data(request, file_format):
    """Everything the app holds about the person asking: the JSON made at once, the PDF as
    a worker made it on the person's request (own_copy_pdf_ask), while it is kept."""
    if file_format not in FORMATS:
        raise Http404
    if file_format == "json":
        return _download(own_copy(request=request), file_format)
    copy = own_copy_pdf.current(request.user)
    if copy is None or not copy.is_ready():
        messages.info(request, _("Ask for your PDF first: it is made for you in a minute or so."))
        return redirect(reverse("coalition:profile") + "#h-my-data")
    label = _("data")  # the file's name begins with it
    name = slugify(f"{label} {request.user.get_username()} {copy.made_at:%Y-%m-%d}")
    return FileResponse(copy.file.open("rb"), as_attachment=True, filename=f"{name}.pdf")


@login_required
@require_POST
def my_data_pdf_ask(request):
    own_copy_pdf_ask(user=request.user, language=translation.get_language())
    messages.success(
        request,
        _("Your PDF is being made. This takes a minute or so; then you can download it here."),
    )
    return redirect(reverse("coalition:profile") + "#h-my-data")


def _download(copy, file_format):
    body = copy.as_pdf() if file_format == "pdf" else copy.as_json()
    label = _("data")  # the file's name begins with it
    name = slugify(f"{label} {copy.subject} {timezone.localdate():%Y-%m-%d}")
    response = HttpResponse(body, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response

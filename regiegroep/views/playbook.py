"""The playbook: published versions, what changed, and the PDF."""

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from coalition.history import render_history

from .. import services
from ..forms import PlaybookPublishForm
from ..permissions import (
    EDIT,
    READ,
    VIEW_ALL,
    access_for,
    get_group_for_user,
    get_playbook_for_user,
)
from ..playbook import compare, present
from .common import form_page


def playbook_list(request, pk):
    group = get_group_for_user(request.user, pk, READ)
    access = access_for(request.user, group)
    versions = list(group.playbooks.select_related("published_by"))
    return render(
        request,
        "regiegroep/playbook_list.html",
        {
            "group": group,
            "access": access,
            "versions": versions,
            "form": PlaybookPublishForm() if access.edit else None,
        },
    )


def playbook_publish(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = PlaybookPublishForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: services.playbook_publish(
            group=group, actor=request.user, change_note=form.cleaned_data["change_note"]
        ),
        success_url=lambda version: version.get_absolute_url(),
        message=lambda version: (
            _("Version %(number)s of the playbook is published.") % {"number": version.number}
        ),
        title=_("Publish a new version of the playbook"),
        group=group,
        back_url=reverse("regiegroep:playbook_list", args=[group.pk]),
        back_label=_("Playbook"),
        submit=_("Publish"),
        intro=_(
            "The current vision, mandate, priorities, framework, scenarios, lessons and members "
            "are frozen into the next version; later edits do not change it."
        ),
    )


def playbook_detail(request, pk):
    version = get_playbook_for_user(request.user, pk, READ)
    previous = version.group.playbooks.filter(number__lt=version.number).order_by("-number").first()
    return render(
        request,
        "regiegroep/playbook_detail.html",
        {
            "group": version.group,
            "version": version,
            "previous": previous,
            "access": access_for(request.user, version.group),
            **present(version.snapshot),
        },
    )


def playbook_compare(request, pk):
    version = get_playbook_for_user(request.user, pk, READ)
    previous = version.group.playbooks.filter(number__lt=version.number).order_by("-number").first()
    sections = compare(previous.snapshot if previous else None, version.snapshot)
    return render(
        request,
        "regiegroep/playbook_compare.html",
        {
            "group": version.group,
            "version": version,
            "previous": previous,
            "sections": sections,
            "changed": any(s["added"] or s["removed"] for s in sections),
            "access": access_for(request.user, version.group),
        },
    )


# How long the page that waits for a PDF waits before it asks again (and Retry-After).
PDF_RETRY_SECONDS = 5


def playbook_pdf(request, pk):
    """The stored PDF, streamed from the storage; never rendered here. While a worker
    prepares it, a page that says so and asks again by itself."""
    version = get_playbook_for_user(request.user, pk, READ)
    language = services.playbook_pdf_language(translation.get_language())
    pdf = services.playbook_pdf_for_download(version=version, language=language)
    if pdf is None:
        response = render(
            request,
            "regiegroep/playbook_pdf_preparing.html",
            {
                "group": version.group,
                "version": version,
                "access": access_for(request.user, version.group),
                "retry_seconds": PDF_RETRY_SECONDS,
            },
        )
        response["Retry-After"] = str(PDF_RETRY_SECONDS)
        add_never_cache_headers(response)
        return response
    filename = f"draaiboek-{version.group.name}-v{version.number}-{language}.pdf"
    return FileResponse(pdf.file.open("rb"), content_type="application/pdf", filename=filename)


def playbook_history(request, pk):
    version = get_playbook_for_user(request.user, pk, VIEW_ALL)
    return render_history(
        request, version, back_url=version.get_absolute_url(), exclude_fields=["snapshot"]
    )

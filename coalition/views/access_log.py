"""The access log: who read (or was refused) which confidential record, its export and its
monthly report of unusual patterns.

Coordinators read the log; privacy officers read it, export it and read its report. Neither
role opens a record: the log names records by kind and number, never by their content."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import exports, roles
from ..filters import AccessLogFilter, AccessReportMonthForm
from ..models import AccessLogEntry
from ..paging import paginate
from ..permissions import role_required
from ..services import access_report, month_bounds


def _entries(request):
    return AccessLogFilter(
        request.GET,
        queryset=AccessLogEntry.objects.select_related("user").order_by("-at", "-pk"),
    )


def _is_privacy_officer(user):
    return user.is_superuser or roles.has_role(user, roles.PRIVACY_OFFICER)


@role_required(roles.COORDINATOR, roles.PRIVACY_OFFICER)
def access_log(request):
    entries = _entries(request)
    page, query = paginate(request, entries.qs)
    return render(
        request,
        "coalition/access_log.html",
        {
            "filter": entries,
            "page": page,
            "query": query,
            "may_export": _is_privacy_officer(request.user),
        },
    )


@role_required(roles.PRIVACY_OFFICER)
def access_log_export(request):
    """The log as a file, with the page's filters, in a fixed number of queries."""
    entries = _entries(request).qs
    headers = [
        _("When"),
        _("User name"),
        _("Name"),
        _("Roles"),
        _("Organisations of the person"),
        _("Action"),
        _("Outcome"),
        _("Kind of record"),
        _("Record number"),
        _("Organisation of the record"),
        _("Outside the person's organisations"),
        _("Client number in the app"),
        _("Page"),
    ]
    actions, outcomes = dict(AccessLogEntry.Action.choices), dict(AccessLogEntry.Outcome.choices)
    rows = (
        [
            entry.at,
            entry.username,
            entry.user.get_full_name() if entry.user else "",
            ", ".join(str(label) for label in entry.role_labels),
            entry.organisations,
            str(actions.get(entry.action, entry.action)),
            str(outcomes.get(entry.outcome, entry.outcome)),
            str(entry.kind_label),
            entry.object_id,
            entry.record_organisation,
            entry.outside_organisation,
            entry.client_id,
            entry.path,
        ]
        for entry in entries.iterator(chunk_size=2000)
    )
    return exports.download(
        name=_("access-log"),
        headers=headers,
        rows=rows,
        file_format=request.GET.get("format", "csv"),
        widths=(17, 16, 22, 26, 30, 12, 10, 16, 10, 24, 10, 10, 30),
    )


@role_required(roles.PRIVACY_OFFICER)
def access_log_report(request):
    """The unusual patterns of one month (the last full month unless another is asked): many
    records in a day, records outside the person's organisations, reads at night, refusals
    in a row. Persons and moments only, never a record's content."""
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    form = AccessReportMonthForm(request.GET or None, initial={"maand": last_month})
    if form.is_bound and not form.is_valid():
        return render(
            request, "coalition/access_log_report.html", {"form": form, "report": None}, status=400
        )
    month = form.cleaned_data["maand"] if form.is_bound else last_month
    report = access_report(month)
    start, end = month_bounds(month)
    return render(
        request,
        "coalition/access_log_report.html",
        {
            "form": form,
            "report": report,
            "since": timezone.localtime(start).date(),
            "until": timezone.localtime(end).date() - timedelta(days=1),
        },
    )

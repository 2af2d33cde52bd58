"""Contact moments as a file a coordinator reports from: those with the partners the person
may see, with the partner list's filters, newest first."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition import exports
from coalition.names import full_name

from ..forms import PartnerFilterForm
from ..models import ContactMoment
from ..permissions import categories_of, partners_visible_to


@require_GET
def contact_export(request):
    user = request.user
    filters = PartnerFilterForm(request.GET or None, categories=categories_of(user))
    partners = filters.apply(partners_visible_to(user), timezone.localdate())
    moments = (
        ContactMoment.objects.filter(partner__in=partners.values("pk"))
        .select_related("partner__organisation", "partner__category", "person", "logged_by")
        .order_by("-on", "-pk")
    )
    rows = (
        [
            m.on,
            m.partner.name,
            m.partner.category.name,
            m.partner.organisation.name,
            m.get_kind_display(),
            m.person.name if m.person else "",
            m.summary,
            m.follow_up,
            full_name(m.logged_by),
        ]
        for m in moments
    )
    headers = [
        _("Date"),
        _("Partner"),
        _("Category"),
        _("Kept by"),
        _("Kind"),
        _("Contact person"),
        _("Short summary"),
        _("Follow-up"),
        _("Logged by"),
    ]
    return exports.download(
        name=_("contact-moments"),
        headers=headers,
        rows=rows,
        file_format=request.GET.get("format", "csv"),
        widths=(12, 32, 20, 24, 16, 22, 50, 40, 22),
    )

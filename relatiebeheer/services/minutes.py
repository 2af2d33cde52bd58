"""The minutes of a meeting: a PDF, mailed once to those present and excused."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.mail import absolute_url, send_templated_mail
from coalition.pdf import render_pdf

from ..models import Attendance, Meeting
from .agenda import Agenda

User = get_user_model()


def minutes_recipients(meeting):
    """Everyone on the list who was present or excused and has an e-mail address."""
    return list(
        User.objects.filter(
            rro_attendance__meeting=meeting,
            rro_attendance__status__in=[Attendance.Status.PRESENT, Attendance.Status.EXCUSED],
            is_active=True,
        )
        .exclude(email="")
        .order_by("last_name", "first_name")
    )


def minutes_pdf(meeting, today=None):
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "relatiebeheer/meeting_minutes_pdf.html",
            {"meeting": meeting, "agenda": Agenda(meeting, today), "today": today},
        )


def send_minutes(meeting_id):
    """Mail the minutes as PDF to those present and excused; claims the meeting first, so
    a second run (or a second worker) sends nothing."""
    claimed = Meeting.objects.filter(
        pk=meeting_id, closed_at__isnull=False, minutes_sent_at__isnull=True
    ).update(minutes_sent_at=timezone.now())
    if not claimed:
        return 0
    meeting = Meeting.objects.select_related("series__organisation").get(pk=meeting_id)
    recipients = minutes_recipients(meeting)
    if not recipients:
        release_claim(meeting_id)  # nobody to send to: the page must not say "sent"
        return 0
    pdf = minutes_pdf(meeting)
    local = timezone.localtime(meeting.starts_at)
    title, date = meeting.series.title, local.strftime("%d-%m-%Y")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Minutes of %(title)s, %(date)s") % {"title": title, "date": date}
    send_templated_mail(
        template="coalition/email/minutes.html",
        context={"title": title, "date": date, "link": absolute_url(meeting.get_absolute_url())},
        to=[user.email for user in recipients],
        subject=subject,
        attachments=[(f"notulen-{local:%Y-%m-%d}.pdf", pdf, "application/pdf")],
        language=settings.LANGUAGE_CODE,
    )
    return len(recipients)


def release_claim(meeting_id):
    """After a failed send, so a retry can claim the meeting again."""
    Meeting.objects.filter(pk=meeting_id).update(minutes_sent_at=None)

from celery import shared_task
from django.utils import timezone

from . import services
from .models import PlaybookVersion, SteeringGroup


@shared_task(bind=True, max_retries=3, retry_backoff=True, retry_backoff_max=300)
def render_playbook_pdf(self, version_id, language):
    """Render and store the PDF of a published playbook version, once per language."""
    version = PlaybookVersion.objects.filter(pk=version_id).first()
    if version is None:
        return False
    try:
        services.playbook_pdf(version=version, language=language)
    except OSError as exc:  # storage trouble: try again later
        raise self.retry(exc=exc) from exc
    return True


@shared_task
def send_playbook_review_reminders():
    """Beat: remind steering members when the last playbook version is a year old or more."""
    return services.send_review_reminders(today=timezone.localdate())


@shared_task
def sync_steering_member_permissions():
    """Beat: grant the steering member's rights to seats that started, take them from seats
    that ended (dates pass without anyone saving the seat)."""
    today = timezone.localdate()
    for group in SteeringGroup.objects.all():
        services.sync_member_permissions(group=group, today=today)

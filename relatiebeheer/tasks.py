from celery import shared_task

from .services import partners


@shared_task
def send_weekly_digests():
    """Beat: one digest of overdue partners per manager and week (idempotent per week)."""
    return partners.send_weekly_digests()

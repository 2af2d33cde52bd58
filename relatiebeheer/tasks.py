from celery import shared_task

from .services import minutes, partners, planning


@shared_task
def send_weekly_digests():
    """Beat: one digest of overdue partners per manager and week (idempotent per week)."""
    return partners.send_weekly_digests()


@shared_task
def plan_rro_meetings():
    """Beat: keep every RRO series' coming meetings planned (idempotent)."""
    return planning.plan_all_series()


@shared_task(bind=True, max_retries=5)
def send_meeting_minutes(self, meeting_id):
    """Mail a meeting's minutes once (the meeting row is claimed before sending)."""
    try:
        return minutes.send_minutes(meeting_id)
    except OSError as exc:  # the mail server: release the claim and try again later
        minutes.release_claim(meeting_id)
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc

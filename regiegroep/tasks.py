"""Background work of the steering group part. A task receives ids, fetches the rows and
calls a function of `jobs`; it never imports the services, which enqueue these tasks."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from django.utils import timezone

from . import jobs
from .models import PlaybookVersion, SteeringGroup


class AfterCommitTask(DjangoTask):
    """`delay_on_commit` that never breaks what was committed: when the broker is down the
    error is logged, and the work is left to whatever asks for it again later (the PDF
    download page asks again for a PDF that was asked for and never stored)."""

    def delay_on_commit(self, *args, **kwargs):
        # A named function, not a partial: Django logs a failed enqueue under its name.
        def enqueue():
            self.delay(*args, **kwargs)

        enqueue.__qualname__ = f"{self.name}.delay"
        transaction.on_commit(enqueue, robust=True)


@shared_task(
    base=AfterCommitTask, bind=True, max_retries=3, retry_backoff=True, retry_backoff_max=300
)
def render_playbook_pdf(self, version_id, language):
    """Render and store the PDF of a published playbook version in one language; when it
    is stored already (a second run, a second worker) this does nothing."""
    version = PlaybookVersion.objects.filter(pk=version_id).first()
    if version is None:
        return False
    try:
        jobs.playbook_pdf_render(version=version, language=language)
    except OSError as exc:  # storage trouble: try again later
        raise self.retry(exc=exc) from exc
    return True


@shared_task
def send_playbook_review_reminders():
    """Beat: remind steering members when the last playbook version is a year old or more."""
    return jobs.send_review_reminders(today=timezone.localdate())


@shared_task
def sync_steering_member_permissions():
    """Beat: grant the steering member's rights to seats that started, take them from seats
    that ended (dates pass without anyone saving the seat)."""
    today = timezone.localdate()
    for group in SteeringGroup.objects.all():
        jobs.sync_member_permissions(group=group, today=today)

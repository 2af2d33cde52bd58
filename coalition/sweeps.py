"""Beat tasks of the core that sweep over many rows and call a service: deactivating unused
accounts, the monthly access-log report and the retention of old records. They live apart
from coalition/tasks.py, which the services import to send mail, so that no two modules
import each other. Registered with Celery by CoalitionConfig.ready()."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from . import accounts
from .privacy import own_copy
from .privacy.retention import apply_retention as run_retention
from .services import access_report_send


@shared_task
def deactivate_inactive_accounts():
    """Beat: deactivate accounts nobody logged in to for ACCOUNT_INACTIVE_DAYS (each once)."""
    return len(accounts.deactivate_inactive_accounts())


@shared_task
def send_access_log_report(month=None):
    """Beat, early in the month: tell the privacy officers the report of last month's access
    log is ready (`month`, "YYYY-MM", asks for another). Once per month and person: a
    second run, or a run on a later day, sends nothing."""
    if month:
        day = date.fromisoformat(f"{month}-01")
    else:
        day = timezone.localdate().replace(day=1) - timedelta(days=1)
    return len(access_report_send(month=day))


@shared_task
def apply_retention():
    """Beat, nightly: anonymise what is older than its retention period (RETENTION_DAYS)."""
    counts = {name: count for name, count in run_retention().items()}
    counts["own-copies"] = own_copy.forget_expired()
    return counts

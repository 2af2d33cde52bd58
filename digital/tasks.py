from celery import shared_task

from .services import plans


@shared_task
def propose_reintakes():
    """Beat: propose re-intakes (idempotent per client and last intake)."""
    return plans.propose_reintakes()

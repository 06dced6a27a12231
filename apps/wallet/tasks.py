"""Celery tasks of the wallet: thin, idempotent, safe to run twice."""

from celery import shared_task

from apps.core.scheduling import queue_overdue
from apps.wallet import selectors, services
from apps.wallet.payouts import TransientPayoutError

PAYOUT_MAX_RETRIES = 8
PAYOUT_MAX_BACKOFF = 480


@shared_task(
    bind=True, name="wallet.payout_process", acks_late=True, reject_on_worker_lost=True, max_retries=PAYOUT_MAX_RETRIES
)
def payout_process_task(self, payout_id: int) -> str:
    """Pay one payout. A worker killed mid-task gets the task redelivered; the provider's
    idempotency key makes the second attempt return the first one's result."""
    try:
        return services.payout_process(payout_id=payout_id).status
    except TransientPayoutError as exc:
        if self.request.retries >= PAYOUT_MAX_RETRIES:
            return services.payout_mark_failed(payout_id=payout_id, reason=f"Provider unavailable: {exc}").status
        # Exponential backoff: 30 s, 60 s, 120 s, ... capped below the broker's visibility timeout,
        # so a waiting retry is never handed to a second worker as if its holder had died.
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, PAYOUT_MAX_BACKOFF)) from exc


@shared_task(name="wallet.payouts_queue_batch")
def payouts_queue_batch_task() -> int:
    return services.payouts_queue_batch()


@shared_task(name="wallet.requeue_overdue_payouts")
def requeue_overdue_payouts_task() -> int:
    """The sweep: a payout whose task was never queued (the broker was down) or was lost gets another."""
    return queue_overdue("wallet.payout_process", selectors.payouts_overdue())

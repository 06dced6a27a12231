"""Payouts whose task never ran (the broker was down or hung when it was queued, or lost it) are
queued again by the overdue sweep and paid once; asking for one never waits on the broker."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.wallet import services
from apps.wallet.accounts import system_account
from apps.wallet.models import AccountKind, Payout, SandboxBankTransfer, Transfer, TransferKind
from apps.wallet.payouts import payout_provider
from apps.wallet.tasks import requeue_overdue_payouts_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance", "own_cache", "payout_settings")]


def _sweep(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return requeue_overdue_payouts_task.delay().get()


def _age(payout, seconds: float) -> None:
    Payout.objects.filter(pk=payout.pk).update(updated_at=timezone.now() - timedelta(seconds=seconds))


def _assert_paid_once(payout) -> None:
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert Transfer.objects.filter(kind=TransferKind.PAYOUT_PAID, reference=f"payout:{payout.pk}").count() == 1
    assert SandboxBankTransfer.objects.filter(idempotency_key=payout.idempotency_key).count() == 1
    assert system_account(AccountKind.PAYOUTS_IN_FLIGHT).balance == 0


def test_an_instant_payout_asked_for_while_the_broker_hangs_is_answered_at_once_and_paid_once_later(
    creator_with_earnings, broker_hung, django_capture_on_commit_callbacks, settings, caplog
):
    client = APIClient()
    client.force_authenticate(creator_with_earnings("PREMIUM_VERIFIED"))
    with broker_hung():
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/v1/payouts", {"coins": 700}, format="json")
        elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.content
    assert elapsed < 3 * settings.REDIS_TIMEOUT_SECONDS  # bounded, not hung
    assert "wallet.payout_process" in caplog.text
    assert "left to the overdue sweep" in caplog.text
    payout = Payout.objects.get()
    assert (payout.status, payout.is_instant, payout.attempts) == ("pending", True, 0)
    assert system_account(AccountKind.PAYOUTS_IN_FLIGHT).balance == 700

    # The broker is back. Not overdue yet: its own task may still come.
    assert _sweep(django_capture_on_commit_callbacks) == 0
    _age(payout, settings.OVERDUE_SWEEP_SECONDS + 1)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    _assert_paid_once(payout)
    _age(payout, settings.OVERDUE_SWEEP_SECONDS + 1)
    assert _sweep(django_capture_on_commit_callbacks) == 0


def test_a_payout_left_processing_by_a_lost_task_is_paid_once(
    creator_with_earnings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # its task never reaches a worker
        payout = services.payout_request(user=creator_with_earnings("PREMIUM_VERIFIED"), coins=500)
    # A worker took it and the bank paid; the worker died before recording it, and the restarted
    # Redis forgot the task.
    Payout.objects.filter(pk=payout.pk).update(status="processing", attempts=1)
    assert payout_provider().send(Payout.objects.get(pk=payout.pk)).paid
    _age(payout, 19 * 60)
    assert _sweep(django_capture_on_commit_callbacks) == 0  # still within a retry's wait
    _age(payout, 21 * 60)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    _assert_paid_once(payout)


def test_a_scheduled_payout_the_daily_batch_missed_is_paid(
    creator_with_earnings, django_capture_on_commit_callbacks, settings
):
    payout = services.payout_request(user=creator_with_earnings("BASIC_VERIFIED"), coins=300)
    assert not payout.is_instant
    _age(payout, 60 * 60 * 23)
    assert _sweep(django_capture_on_commit_callbacks) == 0  # its batch is still to come
    _age(payout, 60 * 60 * 24 + settings.OVERDUE_SWEEP_SECONDS + 1)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    _assert_paid_once(payout)

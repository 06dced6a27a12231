"""Payouts: who may cash out, how much, and that a payout is paid at most once."""

import pytest
from django.core.management import CommandError, call_command

from apps.wallet import services
from apps.wallet.accounts import system_account, user_account
from apps.wallet.errors import PayoutInvalid, PayoutNotAllowed
from apps.wallet.models import AccountKind, Payout, SandboxBankTransfer
from apps.wallet.payouts import TransientPayoutError, payout_provider
from apps.wallet.selectors import earnings_of
from apps.wallet.tasks import PAYOUT_MAX_RETRIES, payout_process_task, payouts_queue_batch_task
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance", "payout_settings")]


def _earnings(user) -> int:
    return user_account(user, AccountKind.CREATOR_EARNINGS).balance


def test_unverified_creators_cannot_cash_out(creator_with_earnings):
    creator = creator_with_earnings(tier=None)
    with pytest.raises(PayoutNotAllowed):
        services.payout_request(user=creator, coins=200)
    assert not Payout.objects.exists()


@pytest.mark.parametrize(("coins", "message"), [(99, "minimum payout is 100"), (701, "up to 700")])
def test_payout_amount_limits(creator_with_earnings, coins, message):
    creator = creator_with_earnings()
    with pytest.raises(PayoutInvalid, match=message):
        services.payout_request(user=creator, coins=coins)
    assert _earnings(creator) == 700


def test_earnings_on_hold_cannot_be_cashed_out(creator_with_earnings, settings):
    settings.WALLET_EARNINGS_HOLD_DAYS = 3
    creator = creator_with_earnings()
    assert earnings_of(user=creator).available == 0
    assert earnings_of(user=creator).on_hold == 700
    with pytest.raises(PayoutInvalid, match="up to 0"):
        services.payout_request(user=creator, coins=100)


def test_basic_creators_wait_for_the_daily_batch(creator_with_earnings, django_capture_on_commit_callbacks):
    creator = creator_with_earnings("BASIC_VERIFIED")
    payout = services.payout_request(user=creator, coins=300)
    payout.refresh_from_db()
    assert payout.status == "pending"
    assert not payout.is_instant
    assert _earnings(creator) == 400
    assert system_account(AccountKind.PAYOUTS_IN_FLIGHT).balance == 300
    assert earnings_of(user=creator).in_payout == 300
    with django_capture_on_commit_callbacks(execute=True):
        assert payouts_queue_batch_task.delay().get() == 1
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert payout.amount_minor == 300
    assert system_account(AccountKind.PAYOUTS_IN_FLIGHT).balance == 0


def test_premium_creators_are_paid_at_once_after_commit(creator_with_earnings, django_capture_on_commit_callbacks):
    creator = creator_with_earnings("PREMIUM_VERIFIED")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        payout = services.payout_request(user=creator, coins=700)
    # The payout's processing; what it queued in turn: payout.paid's delivery, and from that
    # delivery the creator's notification's NC frame and email.
    assert len(callbacks) == 4
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert payout.is_instant
    assert SandboxBankTransfer.objects.get().amount_minor == 700


def test_a_failed_payout_returns_the_coins_and_staff_can_retry(creator_with_earnings, settings, staff):
    creator = creator_with_earnings()
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "failed"
    payout = services.payout_request(user=creator, coins=500)
    payout_process_task.delay(payout.pk)
    payout.refresh_from_db()
    assert payout.status == "failed"
    assert "refused" in payout.failure_reason
    assert _earnings(creator) == 700
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "paid"
    services.payout_retry(payout_id=payout.pk, retried_by=staff)
    payout_process_task.delay(payout.pk)
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert _earnings(creator) == 200


def test_an_unreachable_provider_is_retried_then_the_payout_fails(creator_with_earnings, settings):
    creator = creator_with_earnings()
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "unavailable"
    payout = services.payout_request(user=creator, coins=500)
    # Called directly (no worker), a retry re-raises the provider error; a worker would
    # schedule the next attempt with backoff instead.
    with pytest.raises(TransientPayoutError):
        payout_process_task.run(payout.pk)
    payout.refresh_from_db()
    assert (payout.status, payout.attempts) == ("processing", 1)
    # The last attempt the task allows gives up and returns the coins.
    payout_process_task.push_request(retries=PAYOUT_MAX_RETRIES)
    try:
        assert payout_process_task.run(payout.pk) == "failed"
    finally:
        payout_process_task.pop_request()
    payout.refresh_from_db()
    assert payout.status == "failed"
    assert payout.attempts == 2  # the first try and 8 retries
    assert _earnings(creator) == 700


def test_running_the_task_twice_pays_once(creator_with_earnings):
    creator = creator_with_earnings()
    payout = services.payout_request(user=creator, coins=400)
    payout_process_task.delay(payout.pk)
    payout_process_task.delay(payout.pk)
    assert SandboxBankTransfer.objects.count() == 1
    assert _earnings(creator) == 300


def test_a_worker_killed_after_the_bank_paid_does_not_pay_twice(creator_with_earnings):
    creator = creator_with_earnings()
    payout = services.payout_request(user=creator, coins=400)
    # The first worker reached the bank, then died before recording the result...
    payout_provider().send(payout)
    # ...so the task is redelivered and runs again from the start.
    payout_process_task.delay(payout.pk)
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert SandboxBankTransfer.objects.count() == 1


def test_only_failed_payouts_can_be_retried(creator_with_earnings, staff):
    creator = creator_with_earnings()
    payout = services.payout_request(user=creator, coins=400)
    with pytest.raises(PayoutInvalid):
        services.payout_retry(payout_id=payout.pk, retried_by=staff)


def test_wallet_audit_command_passes_and_fails(creator_with_earnings, capsys):
    creator_with_earnings()
    call_command("wallet_audit")
    assert "passed" in capsys.readouterr().out
    account = user_account(UserFactory())
    account.__class__.objects.filter(pk=account.pk).update(balance=5)
    with pytest.raises(CommandError, match="wallet audit failed"):
        call_command("wallet_audit")
    assert "caches 5" in capsys.readouterr().err
    account.__class__.objects.filter(pk=account.pk).update(balance=0)

"""Staff in admin: ledger rows are read-only; grants and claw-backs need a reason; failed payouts retry."""

import pytest
from django.urls import reverse

from apps.wallet import services
from apps.wallet.accounts import user_account
from apps.wallet.models import Payout, Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_grant_from_the_user_list_needs_a_reason(admin_client):
    user = UserFactory()
    url = reverse("admin:accounts_user_changelist")
    form = {"action": "grant_coins", "_selected_action": [user.pk], "apply": "1", "amount": "250"}
    response = admin_client.post(url, form)
    assert "This field is required" in response.content.decode()
    assert balance_of(user=user) == 0
    admin_client.post(url, {**form, "reason": "Contest winner"})
    assert balance_of(user=user) == 250
    assert Transfer.objects.get(kind="grant").memo == "Contest winner"


def test_claw_back_from_the_account_list_cannot_go_below_zero(admin_client, fund):
    user = fund(UserFactory(), 100)
    url = reverse("admin:wallet_account_changelist")
    form = {"action": "claw_back_coins", "_selected_action": [user_account(user).pk], "apply": "1", "reason": "Fraud"}
    response = admin_client.post(url, {**form, "amount": "150"}, follow=True)
    assert "Not enough coins" in response.content.decode()
    assert balance_of(user=user) == 100
    admin_client.post(url, {**form, "amount": "60"})
    assert balance_of(user=user) == 40


def test_ledger_rows_cannot_be_edited_or_deleted(admin_client, fund):
    fund(UserFactory(), 10)
    transfer = Transfer.objects.get()
    change = reverse("admin:wallet_transfer_change", args=[transfer.pk])
    assert admin_client.get(change).status_code == 200  # staff can read it
    assert admin_client.post(change, {"memo": "edited"}).status_code == 403
    assert admin_client.post(reverse("admin:wallet_transfer_delete", args=[transfer.pk])).status_code == 403
    transfer.refresh_from_db()
    assert transfer.memo == "test funds"


def test_failed_payouts_can_be_retried_from_admin(admin_client, fund, staff, settings):
    from apps.accounts.services import verification_tier_grant

    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "failed"
    fan, creator = fund(UserFactory(), 2000), UserFactory()
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    services.wallet_spend(payer=fan, amount=2000, recipient=creator, kind="gift")
    payout = services.payout_request(user=creator, coins=1000)
    services.payout_process(payout_id=payout.pk)
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "paid"
    admin_client.post(
        reverse("admin:wallet_payout_changelist"), {"action": "retry_payouts", "_selected_action": [payout.pk]}
    )
    payout.refresh_from_db()
    assert payout.status == "pending"
    services.payout_process(payout_id=payout.pk)
    assert Payout.objects.get().status == "paid"

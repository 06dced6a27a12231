"""The ledger and the spend service: exact balances, splits, idempotency, corrections."""

import pytest
from django.db import transaction

from apps.accounts.models import User
from apps.wallet import ledger, services
from apps.wallet.accounts import system_account, user_account
from apps.wallet.audit import audit
from apps.wallet.errors import IdempotencyConflict, InsufficientCoins, InvalidAmount, LedgerError
from apps.wallet.models import Account, AccountKind, Entry, Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def _balance(account: Account) -> int:
    account.refresh_from_db()
    return account.balance


@pytest.mark.parametrize(("amount", "creator", "platform"), [(100, 70, 30), (1, 1, 0), (99, 70, 29), (5, 4, 1)])
def test_split_rounds_down_for_the_platform(amount, creator, platform):
    split = services.split_for(amount)
    assert (split.creator, split.platform) == (creator, platform)


def test_gift_debits_the_sender_and_splits_to_creator_and_platform(fund):
    fan, creator = fund(UserFactory(), 500), UserFactory()
    services.wallet_spend(payer=fan, amount=99, recipient=creator, kind="gift", reference="gift:1")
    assert balance_of(user=fan) == 401
    assert _balance(user_account(creator, AccountKind.CREATOR_EARNINGS)) == 70
    assert _balance(system_account(AccountKind.PLATFORM_REVENUE)) == 29
    transfer = Transfer.objects.get(kind="gift")
    assert sorted(transfer.entries.values_list("amount", flat=True)) == [-99, 29, 70]
    assert transfer.initiated_by == fan
    assert transfer.reference == "gift:1"


def test_split_is_a_setting(fund, settings):
    settings.WALLET_CREATOR_SHARE_PERCENT = 50
    fan, creator = fund(UserFactory(), 100), UserFactory()
    services.wallet_spend(payer=fan, amount=11, recipient=creator, kind="gift")
    assert _balance(user_account(creator, AccountKind.CREATOR_EARNINGS)) == 6
    assert _balance(system_account(AccountKind.PLATFORM_REVENUE)) == 5


def test_spending_more_than_the_balance_writes_nothing(fund):
    fan, creator = fund(UserFactory(), 50), UserFactory()
    transfers = Transfer.objects.count()
    with pytest.raises(InsufficientCoins) as error:
        services.wallet_spend(payer=fan, amount=51, recipient=creator, kind="gift")
    assert error.value.code == "insufficient_coins"
    assert balance_of(user=fan) == 50
    assert Transfer.objects.count() == transfers
    assert not Account.objects.filter(kind=AccountKind.CREATOR_EARNINGS, balance__gt=0).exists()


@pytest.mark.parametrize("amount", [0, -5, 2.5, "10", True, None])
def test_amounts_are_positive_whole_coins(fund, amount):
    fan = fund(UserFactory(), 50)
    with pytest.raises(InvalidAmount):
        services.wallet_spend(payer=fan, amount=amount)
    assert balance_of(user=fan) == 50


def test_spend_without_recipient_is_platform_revenue_or_escrow(fund):
    fan = fund(UserFactory(), 100)
    services.wallet_spend(payer=fan, amount=10, kind="spend", reference="ppv:1")
    services.wallet_spend(payer=fan, amount=25, kind="escrow", to_escrow=True, reference="tournament:3")
    assert _balance(system_account(AccountKind.PLATFORM_REVENUE)) == 10
    assert _balance(system_account(AccountKind.ESCROW)) == 25
    assert balance_of(user=fan) == 65


def test_same_idempotency_key_spends_once(fund):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    first = services.wallet_spend(payer=fan, amount=10, recipient=creator, kind="gift", idempotency_key="gift-abc")
    again = services.wallet_spend(payer=fan, amount=10, recipient=creator, kind="gift", idempotency_key="gift-abc")
    assert again.pk == first.pk
    assert balance_of(user=fan) == 90


def test_same_idempotency_key_with_other_parameters_is_refused(fund):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    services.wallet_spend(payer=fan, amount=10, recipient=creator, kind="gift", idempotency_key="gift-abc")
    with pytest.raises(IdempotencyConflict):
        services.wallet_spend(payer=fan, amount=20, recipient=creator, kind="gift", idempotency_key="gift-abc")
    assert balance_of(user=fan) == 90


def test_a_record_is_written_after_the_transfer_row_and_before_any_balance_moves(fund):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    seen = []

    def record(transfer):
        seen.append((Transfer.objects.filter(pk=transfer.pk).exists(), transfer.entries.count(), balance_of(user=fan)))

    transfer = services.wallet_spend(payer=fan, amount=10, recipient=creator, kind="gift", record=record)
    assert seen == [(True, 0, 100)]
    assert transfer.entries.count() == 3
    assert (balance_of(user=fan), _balance(user_account(creator, AccountKind.CREATOR_EARNINGS))) == (90, 7)


def test_insufficient_coins_undo_the_record_with_the_transfer(fund):
    fan, creator = fund(UserFactory(), 5), UserFactory()
    transfers = Transfer.objects.count()
    with pytest.raises(InsufficientCoins), transaction.atomic():
        services.wallet_spend(
            payer=fan, amount=10, recipient=creator, kind="gift", record=lambda _: UserFactory(username="recorded")
        )
    assert not User.objects.filter(username="recorded").exists()
    assert Transfer.objects.count() == transfers
    assert balance_of(user=fan) == 5


def test_a_replayed_key_does_not_record_again(fund):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    records = []
    for _ in range(2):
        services.wallet_spend(
            payer=fan, amount=10, recipient=creator, kind="gift", idempotency_key="gift-rec", record=records.append
        )
    assert len(records) == 1
    assert balance_of(user=fan) == 90


def test_unbalanced_transfers_never_reach_the_database():
    wallet = user_account(UserFactory())
    mint = system_account(AccountKind.MINT)
    for legs in ([(mint, -10), (wallet, 9)], [(wallet, 0), (mint, 0)], [], [(mint, -1.5), (wallet, 1.5)]):
        with pytest.raises(LedgerError):
            ledger.post_transfer(kind="grant", legs=legs)
    assert not Entry.objects.exists()


def test_grant_and_clawback_need_a_reason_and_respect_the_balance(staff):
    user = UserFactory()
    with pytest.raises(InvalidAmount):
        services.wallet_grant(user=user, amount=10, reason="  ", granted_by=staff)
    services.wallet_grant(user=user, amount=10, reason="Contest prize", granted_by=staff)
    with pytest.raises(InsufficientCoins):
        services.wallet_clawback(user=user, amount=11, reason="Fraud", taken_by=staff)
    services.wallet_clawback(user=user, amount=4, reason="Mistaken grant", taken_by=staff)
    assert balance_of(user=user) == 6
    assert Transfer.objects.get(kind="clawback").memo == "Mistaken grant"


def test_reversing_a_gift_refunds_the_sender(fund, staff):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    gift = services.wallet_spend(payer=fan, amount=40, recipient=creator, kind="gift")
    refund = services.transfer_reverse(transfer=gift, reason="Charged twice", reversed_by=staff)
    assert refund.kind == "refund"
    assert refund.reverses == gift
    assert balance_of(user=fan) == 100
    assert _balance(user_account(creator, AccountKind.CREATOR_EARNINGS)) == 0
    with pytest.raises(InvalidAmount):
        services.transfer_reverse(transfer=gift, reason="again", reversed_by=staff)


def test_audit_names_a_drifted_balance(fund):
    fan = fund(UserFactory(), 100)
    Account.objects.filter(pk=user_account(fan).pk).update(balance=99)
    problems = audit()
    assert any("caches 99 but its entries sum to 100" in problem for problem in problems)
    Account.objects.filter(pk=user_account(fan).pk).update(balance=100)  # restore for the books fixture

"""Money races on a real database: threads with their own connections, no mocks.

The race tests make 20 calls at once (each thread connects, then waits at a barrier) and then
assert exact balances and a clean audit; the guard tests write around the services and expect
the database to refuse. They need PostgreSQL: SQLite serialises writers, so it cannot show a
race, and the ledger's database guards (triggers) exist only on PostgreSQL.
"""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client

from apps.wallet import services
from apps.wallet.accounts import user_account
from apps.wallet.audit import audit
from apps.wallet.errors import InsufficientCoins, PayoutInvalid
from apps.wallet.models import (
    Account,
    AccountKind,
    Entry,
    PaymentEvent,
    Payout,
    PurchaseStatus,
    Transfer,
    TransferKind,
)
from tests.factories import UserFactory
from tests.wallet.helpers import (
    WEBHOOK_SECRET,
    balance,
    earnings,
    fund,
    in_threads,
    make_creator,
    make_package,
    make_staff,
    make_stripe_purchase,
    post_webhook,
    stripe_event,
    stripe_header,
    system_balance,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


@pytest.fixture(autouse=True)
def _money_settings(settings):
    settings.WALLET_CREATOR_SHARE_PERCENT = 70
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def staff():
    return make_staff()


def _outcomes(results):
    return sorted(type(result).__name__ if isinstance(result, Exception) else "ok" for result in results)


def test_one_wallet_racing_itself_never_overspends(staff):
    fan, creator = UserFactory(), UserFactory()
    fund(fan, 1000, staff=staff)

    def gift(_):
        try:
            return services.wallet_spend(payer=fan, amount=75, recipient=creator, kind="gift")
        except InsufficientCoins as refused:
            return refused

    results = in_threads(gift, THREADS)

    # 1000 // 75 = 13 gifts fit; the other 7 are refused and write nothing.
    assert _outcomes(results) == ["InsufficientCoins"] * 7 + ["ok"] * 13
    assert balance(fan) == 1000 - 13 * 75 == 25
    assert earnings(creator) == 13 * (75 - 75 * 30 // 100) == 689
    assert system_balance(AccountKind.PLATFORM_REVENUE) == 13 * (75 * 30 // 100) == 286
    assert Transfer.objects.filter(kind=TransferKind.GIFT).count() == 13
    assert Entry.objects.filter(transfer__kind=TransferKind.GIFT).count() == 13 * 3
    assert audit() == []


@pytest.mark.parametrize("recorded", [False, True], ids=["whole", "recorded"])
@pytest.mark.parametrize(("funds", "floor"), [(1000, 250), (800, -200)], ids=["reserve", "credit"])
def test_one_wallet_racing_itself_stops_at_its_min_balance(staff, funds, floor, recorded):
    fan, creator = UserFactory(), UserFactory()
    fund(fan, funds, staff=staff)
    Account.objects.filter(owner=fan, kind=AccountKind.USER_WALLET).update(min_balance=floor)
    record = (lambda transfer: None) if recorded else None  # with one, the gift's path

    def gift(_):
        try:
            return services.wallet_spend(payer=fan, amount=75, recipient=creator, kind="gift", record=record)
        except InsufficientCoins as refused:
            return refused

    results = in_threads(gift, THREADS)

    fits = (funds - floor) // 75  # 10 above a floor of 250; 13 with 200 coins of credit
    assert _outcomes(results) == ["InsufficientCoins"] * (THREADS - fits) + ["ok"] * fits
    assert balance(fan) == funds - fits * 75 >= floor
    assert Transfer.objects.filter(kind=TransferKind.GIFT).count() == fits
    assert audit() == []


def test_grants_at_once_take_the_mint_as_far_below_zero_as_they_issue(staff):
    users = [UserFactory() for _ in range(THREADS)]

    in_threads(lambda i: fund(users[i], 10**9, staff=staff), THREADS)

    assert [balance(user) for user in users] == [10**9] * THREADS
    assert system_balance(AccountKind.MINT) == -THREADS * 10**9
    assert audit() == []


def test_many_senders_gifting_one_creator_at_once_are_all_counted(staff):
    creator = UserFactory()
    senders = [UserFactory() for _ in range(THREADS)]
    for sender in senders:
        fund(sender, 100, staff=staff)

    in_threads(lambda i: services.wallet_spend(payer=senders[i], amount=99, recipient=creator, kind="gift"), THREADS)

    assert [balance(sender) for sender in senders] == [1] * THREADS
    assert earnings(creator) == THREADS * (99 - 99 * 30 // 100) == 1400
    assert system_balance(AccountKind.PLATFORM_REVENUE) == THREADS * (99 * 30 // 100) == 580
    assert Transfer.objects.filter(kind=TransferKind.GIFT).count() == THREADS
    assert audit() == []


def test_a_retried_spend_with_one_idempotency_key_moves_coins_once(staff):
    fan, creator = UserFactory(), UserFactory()
    fund(fan, 1000, staff=staff)

    transfers = in_threads(
        lambda _: services.wallet_spend(
            payer=fan, amount=40, recipient=creator, kind="gift", idempotency_key="gift-retry-1"
        ),
        THREADS,
    )

    assert {transfer.pk for transfer in transfers} == {Transfer.objects.get(kind=TransferKind.GIFT).pk}
    assert balance(fan) == 960
    assert earnings(creator) == 28
    assert audit() == []


def test_the_same_signed_stripe_webhook_delivered_20_times_at_once_credits_once():
    buyer = UserFactory()
    purchase = make_stripe_purchase(buyer, make_package(coins=1000, bonus=200, price_minor=999))
    payload = stripe_event(purchase_id=purchase.pk, event_id="evt_parallel_1")
    header = stripe_header(payload)

    statuses = in_threads(lambda _: post_webhook(Client(), payload, header).status_code, THREADS)

    assert statuses == [200] * THREADS
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert balance(buyer) == 1200
    assert system_balance(AccountKind.MINT) == -1200
    assert PaymentEvent.objects.count() == 1
    assert Transfer.objects.filter(kind=TransferKind.PURCHASE).count() == 1
    assert audit() == []


def test_different_paid_events_for_one_purchase_at_once_credit_once():
    # Stripe may send checkout.session.completed and async_payment_succeeded close together.
    buyer = UserFactory()
    purchase = make_stripe_purchase(buyer, make_package(coins=500))
    kinds = ["checkout.session.completed", "checkout.session.async_payment_succeeded"]
    payloads = [stripe_event(kinds[i % 2], purchase_id=purchase.pk) for i in range(THREADS)]
    headers = [stripe_header(payload) for payload in payloads]

    statuses = in_threads(lambda i: post_webhook(Client(), payloads[i], headers[i]).status_code, THREADS)

    assert statuses == [200] * THREADS
    assert balance(buyer) == 500
    assert PaymentEvent.objects.count() == THREADS
    assert Transfer.objects.filter(kind=TransferKind.PURCHASE).count() == 1
    assert audit() == []


def test_concurrent_payout_requests_cannot_cash_out_the_same_earnings_twice(settings, staff):
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_PAYOUT_MINIMUM_COINS = 10
    creator, fan = make_creator("BASIC_VERIFIED"), UserFactory()
    fund(fan, 1000, staff=staff)
    services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    assert earnings(creator) == 700

    def request(_):
        try:
            return services.payout_request(user=creator, coins=400)
        except PayoutInvalid as refused:
            return refused

    results = in_threads(request, THREADS)

    assert _outcomes(results) == ["PayoutInvalid"] * (THREADS - 1) + ["ok"]
    assert Payout.objects.get().coins == 400
    assert earnings(creator) == 300
    assert system_balance(AccountKind.PAYOUTS_IN_FLIGHT) == 400
    assert audit() == []


def test_a_gift_refunded_by_two_staff_at_once_is_refunded_once(staff):
    fan, creator = UserFactory(), UserFactory()
    fund(fan, 100, staff=staff)
    gift = services.wallet_spend(payer=fan, amount=100, recipient=creator, kind="gift")

    def refund(_):
        try:
            return services.transfer_reverse(
                transfer=Transfer.objects.get(pk=gift.pk), reason="chargeback", reversed_by=staff
            )
        except Exception as refused:  # which error the losers get is asserted below
            return refused

    results = in_threads(refund, 10)

    assert Transfer.objects.filter(kind=TransferKind.REFUND).count() == 1
    assert balance(fan) == 100
    assert earnings(creator) == 0
    assert audit() == []
    # The losers must hear what a late refund hears ("already reversed", a 400), not a raw
    # IntegrityError from the unique `reverses` column (a 500 in the API and admin).
    assert _outcomes(results) == ["InvalidAmount"] * 9 + ["ok"]


# --- The database's own guards ------------------------------------------------------------------
@pytest.fixture
def posted_gift(staff):
    fan, creator = UserFactory(), UserFactory()
    fund(fan, 100, staff=staff)
    return services.wallet_spend(payer=fan, amount=100, recipient=creator, kind="gift")


def test_the_database_refuses_to_change_a_posted_entry(posted_gift):
    entry = posted_gift.entries.order_by("amount").first()
    with pytest.raises(DatabaseError, match="append-only"):
        Entry.objects.filter(pk=entry.pk).update(amount=-1)
    with pytest.raises(DatabaseError, match="append-only"):
        Entry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.amount == -100
    assert posted_gift.entries.count() == 3
    assert audit() == []


def test_the_database_refuses_to_change_or_delete_a_posted_transfer(posted_gift):
    with pytest.raises(DatabaseError, match="append-only"):
        Transfer.objects.filter(pk=posted_gift.pk).update(kind=TransferKind.GRANT)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        # Raw SQL: Django's own delete stops earlier, at the entries' PROTECT foreign key.
        cursor.execute("DELETE FROM wallet_transfer WHERE id = %s", [posted_gift.pk])
    assert Transfer.objects.get(pk=posted_gift.pk).kind == TransferKind.GIFT
    assert audit() == []


def _commit(*entries_of, written=None):
    """Write one Transfer and the given (account, amount) entries straight to the tables, commit.

    `written` gets True once the rows are in, before COMMIT: proof that the COMMIT refused them."""
    with transaction.atomic():
        transfer = Transfer.objects.create(kind=TransferKind.GRANT, memo="written around the services")
        Entry.objects.bulk_create(
            [Entry(transfer=transfer, account=account, amount=amount) for account, amount in entries_of]
        )
        if written is not None:
            written.append(True)
    return transfer


def test_the_database_refuses_to_commit_a_transfer_that_does_not_balance(staff):
    fan = UserFactory()
    fund(fan, 100, staff=staff)
    wallet, other = user_account(fan), user_account(fan, AccountKind.CREATOR_EARNINGS)
    before, written = Transfer.objects.count(), []

    with pytest.raises(IntegrityError, match="does not balance"):
        _commit((wallet, 5), written=written)  # coins from nowhere
    with pytest.raises(IntegrityError, match="does not balance"):
        _commit((wallet, -5), (other, 4), written=written)
    with pytest.raises(IntegrityError, match="does not balance"):
        _commit(written=written)  # a transfer with no entries at all

    assert written == [True] * 3  # every INSERT went through; each COMMIT was refused
    assert Transfer.objects.count() == before
    assert audit() == []


def _add_entry(transfer, account, amount):
    with transaction.atomic():
        Entry.objects.create(transfer=transfer, account=account, amount=amount)


def test_the_database_refuses_an_entry_added_later_to_a_posted_transfer(posted_gift):
    wallet = user_account(posted_gift.initiated_by)
    with pytest.raises(IntegrityError, match="does not balance"):
        _add_entry(posted_gift, wallet, 1)
    assert posted_gift.entries.count() == 3
    assert audit() == []


def test_a_balanced_transfer_written_directly_does_commit(staff):
    # The control for the tests above: the guard refuses what is wrong, not everything.
    fan = UserFactory()
    transfer = _commit((user_account(fan), -5), (user_account(fan, AccountKind.CREATOR_EARNINGS), 5))
    assert sorted(Transfer.objects.get(pk=transfer.pk).entries.values_list("amount", flat=True)) == [-5, 5]

"""The ledger and the spend service: exact balances, splits, idempotency, corrections."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from apps.accounts.models import User
from apps.wallet import accounts, ledger, services
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


# --- Floors: how low each account may go is its own min_balance -------------------------------
def _set_floor(user, floor):
    Account.objects.filter(pk=user_account(user).pk).update(min_balance=floor)


def _spend(fan, amount, *, recorded: bool):
    # With a record, PostgreSQL takes the gift's path (row, record, then legs), without it one call.
    record = (lambda transfer: None) if recorded else None
    with transaction.atomic():  # a refused recorded spend leaves its transaction to roll back
        return services.wallet_spend(payer=fan, amount=amount, recipient=UserFactory(), kind="gift", record=record)


@pytest.mark.parametrize("recorded", [False, True], ids=["whole", "recorded"])
@pytest.mark.parametrize(("funds", "floor"), [(200, 50), (100, 0), (100, -100)], ids=["reserve", "zero", "credit"])
def test_a_debit_stops_at_the_accounts_min_balance(fund, funds, floor, recorded):
    fan = fund(UserFactory(), funds)
    _set_floor(fan, floor)
    transfers = Transfer.objects.count()
    with pytest.raises(InsufficientCoins):
        _spend(fan, funds - floor + 1, recorded=recorded)
    assert (balance_of(user=fan), Transfer.objects.count()) == (funds, transfers)
    _spend(fan, funds - floor - 1, recorded=recorded)
    with pytest.raises(InsufficientCoins):
        _spend(fan, 2, recorded=recorded)
    _spend(fan, 1, recorded=recorded)
    assert balance_of(user=fan) == floor


def test_accounts_open_with_their_kinds_floor_and_only_the_mint_has_none(fund, staff):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    services.wallet_spend(payer=fan, amount=10, recipient=creator, kind="gift")
    services.wallet_spend(payer=fan, amount=10, to_escrow=True, kind="escrow")
    assert set(Account.objects.values_list("kind", "min_balance")) == {
        (AccountKind.MINT, None),
        (AccountKind.USER_WALLET, 0),
        (AccountKind.CREATOR_EARNINGS, 0),
        (AccountKind.PLATFORM_REVENUE, 0),
        (AccountKind.ESCROW, 0),
    }


def test_the_mint_goes_as_far_below_zero_as_the_coins_it_issues(staff):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.wallet_grant(user=user, amount=10**12, reason="test funds", granted_by=staff)
    assert _balance(system_account(AccountKind.MINT)) == -3 * 10**12
    assert [balance_of(user=user) for user in users] == [10**12] * 3


def test_a_new_kind_of_floor_is_data_the_posting_rule_reads(monkeypatch, fund):
    # An account kind that may owe (a liability, a points mint) is a row with its floor: the
    # ledger (the database function on PostgreSQL) has no list of kinds that may go negative.
    monkeypatch.setitem(accounts.OPENING_MIN_BALANCE, AccountKind.ESCROW, -500)
    fan = fund(UserFactory(), 100)
    escrow, wallet = accounts.system(AccountKind.ESCROW), accounts.wallet_of(fan)
    ledger.post_transfer(kind="escrow", legs=[(escrow, -500), (wallet, 500)])
    with pytest.raises(InsufficientCoins), transaction.atomic():
        ledger.post_transfer(kind="escrow", legs=[(escrow, -1), (wallet, 1)])
    assert (_balance(system_account(AccountKind.ESCROW)), balance_of(user=fan)) == (-500, 600)
    assert system_account(AccountKind.ESCROW).min_balance == -500


@pytest.mark.postgres
def test_one_database_function_posts_and_it_names_no_kind_of_account():
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'wallet_post%'")
        functions = dict(cursor.fetchall())
    assert list(functions) == ["wallet_post"]
    assert not any(f"'{kind}'" in functions["wallet_post"] for kind in AccountKind.values)


@contextmanager
def _floor_check_off():
    """The database's own CHECK off, to write what the ledger never would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # undone with the test's transaction
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
            cursor.execute("ALTER TABLE wallet_account DROP CONSTRAINT balance_not_below_floor")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


def test_the_audit_proves_books_with_an_account_below_zero_within_its_floor(fund, staff):
    fan = fund(UserFactory(), 100)
    _set_floor(fan, -100)
    _spend(fan, 200, recorded=False)
    assert balance_of(user=fan) == -100
    assert audit() == []
    call_command("wallet_audit", stdout=StringIO())

    with _floor_check_off():  # an account below its floor is named
        _set_floor(fan, -99)
        assert audit() == [f"account #{user_account(fan).pk} (user_wallet) is below its floor: -100 < -99"]
        with pytest.raises(CommandError):
            call_command("wallet_audit", stderr=StringIO())
        _set_floor(fan, -100)  # restored for the books fixture

"""Channel points in the ledger: a unit of their own, per channel, posted by the same rule as coins.

Every test but the races runs on both posting paths (SQLite through the ORM, PostgreSQL through
wallet_post) and ends with the audit clean.
"""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.wallet import ledger, services
from apps.wallet.accounts import AccountRef, points_escrow_of, points_mint_of, points_wallet_of, system, wallet_of
from apps.wallet.audit import audit
from apps.wallet.errors import IdempotencyConflict, InsufficientCoins, InsufficientPoints, InvalidAmount, LedgerError
from apps.wallet.models import Account, AccountKind, Entry, Transfer, TransferKind
from apps.wallet.selectors import balance_of, history_of, points_balance, points_escrow_balance
from tests.factories import UserFactory
from tests.wallet.helpers import in_threads

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


@contextmanager
def _rolled_back():
    """What a test writes around the ledger, undone once it has looked (a savepoint rolled back)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _credit(user, channel, amount, key=None):
    key = key or f"test:{user.pk}:{channel.pk}:{Transfer.objects.count()}"
    return services.points_credit(user=user, channel=channel, amount=amount, reference="test", idempotency_key=key)


def _written() -> tuple[int, int]:
    # Not accounts: on PostgreSQL a refused transfer may leave an account it opened, empty.
    return Transfer.objects.count(), Entry.objects.count()


def test_points_are_earned_staked_won_and_refunded_to_the_point():
    channel, ann, bob = UserFactory(), UserFactory(), UserFactory()
    _credit(ann, channel, 500)
    _credit(bob, channel, 100)
    services.points_stake(user=ann, channel=channel, amount=200, reference="prediction:1")
    services.points_stake(user=bob, channel=channel, amount=100, reference="prediction:1", idempotency_key="s:bob")
    assert points_escrow_balance(channel) == 300
    won = services.points_award(user=ann, channel=channel, amount=250, reference="prediction:1", idempotency_key="w")
    services.points_refund(user=bob, channel=channel, amount=50, reference="prediction:1", idempotency_key="r")

    assert (points_balance(ann, channel), points_balance(bob, channel), points_escrow_balance(channel)) == (550, 50, 0)
    assert Account.objects.get(kind=AccountKind.POINTS_MINT, channel=channel).balance == -600
    assert sorted(won.entries.values_list("account__kind", "account__owner_id", "account__channel_id", "amount")) == [
        (AccountKind.POINTS_ESCROW, None, channel.pk, -250),
        (AccountKind.POINTS_WALLET, ann.pk, channel.pk, 250),
    ]
    assert sorted(Transfer.objects.values_list("kind", flat=True)) == sorted(
        [TransferKind.POINTS_EARNED] * 2
        + [TransferKind.POINTS_STAKED] * 2
        + [TransferKind.POINTS_WON, TransferKind.POINTS_REFUNDED]
    )
    # Points are never coins: no coin account opened, the wallet page's history shows none.
    assert balance_of(user=ann) == 0
    assert not Account.objects.filter(kind__in=[AccountKind.USER_WALLET, AccountKind.MINT]).exists()
    assert not history_of(user=ann).exists()


def test_each_channel_has_its_own_points():
    first, second, fan = UserFactory(), UserFactory(), UserFactory()
    _credit(fan, first, 100)
    _credit(fan, second, 30)
    with pytest.raises(InsufficientPoints):
        services.points_stake(user=fan, channel=second, amount=31, reference="prediction:2")
    services.points_stake(user=fan, channel=second, amount=30, reference="prediction:2")
    assert (points_balance(fan, first), points_balance(fan, second)) == (100, 0)
    assert (points_escrow_balance(first), points_escrow_balance(second)) == (0, 30)
    assert points_balance(UserFactory(), first) == 0  # no account yet


def test_a_stake_beyond_the_balance_is_refused_in_points_and_writes_nothing():
    channel, fan = UserFactory(), UserFactory()
    _credit(fan, channel, 100)
    written = _written()
    with pytest.raises(InsufficientPoints) as refused:
        services.points_stake(user=fan, channel=channel, amount=101, reference="prediction:3")
    assert (refused.value.code, refused.value.status, refused.value.detail) == (
        "insufficient_points",
        400,
        "Not enough points for this.",
    )
    assert _written() == written
    assert points_balance(fan, channel) == 100


def test_the_escrow_pays_out_no_more_than_it_holds():
    channel, fan = UserFactory(), UserFactory()
    _credit(fan, channel, 10)
    services.points_stake(user=fan, channel=channel, amount=10, reference="prediction:4")
    with pytest.raises(InsufficientPoints):
        services.points_award(user=fan, channel=channel, amount=11, reference="prediction:4", idempotency_key="w:4")
    assert (points_balance(fan, channel), points_escrow_balance(channel)) == (0, 10)


@pytest.mark.parametrize("amount", [0, -5, True, 2.5, "10", None])
@pytest.mark.parametrize("service", ["points_credit", "points_stake", "points_award", "points_refund"])
def test_points_amounts_are_whole_points_above_zero(service, amount):
    channel, fan = UserFactory(), UserFactory()
    with pytest.raises(InvalidAmount, match="whole number of points"):
        getattr(services, service)(user=fan, channel=channel, amount=amount, reference="x", idempotency_key="k")
    assert (*_written(), Account.objects.count()) == (0, 0, 0)


def test_a_repeated_key_credits_once_and_a_different_credit_under_it_is_refused():
    channel, other, fan = UserFactory(), UserFactory(), UserFactory()
    first = _credit(fan, channel, 10, key="watch:1")
    assert _credit(fan, channel, 10, key="watch:1").pk == first.pk
    assert points_balance(fan, channel) == 10
    for amount, in_channel in [(11, channel), (10, other)]:  # the channel is part of what the key names
        with pytest.raises(IdempotencyConflict):
            _credit(fan, in_channel, amount, key="watch:1")
    assert (Transfer.objects.count(), points_balance(fan, other)) == (1, 0)


@pytest.mark.parametrize(
    "legs",
    [
        pytest.param(lambda fan, a, b: [(points_wallet_of(fan, a), -5), (wallet_of(fan), 5)], id="points-to-coins"),
        pytest.param(lambda fan, a, b: [(system(AccountKind.MINT), -5), (points_wallet_of(fan, a), 5)], id="coins-in"),
        pytest.param(lambda fan, a, b: [(points_mint_of(a), -5), (points_wallet_of(fan, b), 5)], id="two-channels"),
        pytest.param(
            lambda fan, a, b: [(points_mint_of(a), -5), (points_escrow_of(a), 3), (points_escrow_of(b), 2)],
            id="three-legs",
        ),
    ],
)
def test_the_ledger_refuses_a_transfer_that_mixes_units_or_channels(legs, fund):
    fan, first, second = fund(UserFactory(), 100), UserFactory(), UserFactory()
    _credit(fan, first, 100)
    written = (*_written(), Account.objects.count())
    with pytest.raises(LedgerError, match="one unit of one channel"):
        ledger.post_transfer(kind=TransferKind.POINTS_EARNED, legs=legs(fan, first, second))
    assert (*_written(), Account.objects.count()) == written


def test_points_kinds_name_a_channel_and_coin_kinds_none():
    channel, fan = UserFactory(), UserFactory()
    with pytest.raises(ValueError, match="channel None"):
        AccountRef(AccountKind.POINTS_WALLET, fan.pk)
    with pytest.raises(ValueError, match=f"channel {channel.pk}"):
        AccountRef(AccountKind.USER_WALLET, fan.pk, channel.pk)
    with pytest.raises(ValueError, match="owner None"):
        AccountRef(AccountKind.POINTS_WALLET, channel_id=channel.pk)


def _refused_by_database(**row):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(**row)


def test_the_database_holds_each_kind_to_its_channel_and_one_account_per_name(fund):
    channel, fan = UserFactory(), fund(UserFactory(), 10)
    _credit(fan, channel, 10)
    _refused_by_database(kind=AccountKind.POINTS_WALLET, owner=fan)  # no channel
    _refused_by_database(kind=AccountKind.USER_WALLET, owner=fan, channel=channel)
    _refused_by_database(kind=AccountKind.POINTS_MINT, channel=channel, owner=fan)
    # One account per (kind, owner) for coins, per (kind, owner, channel) and (kind, channel) for points.
    _refused_by_database(kind=AccountKind.USER_WALLET, owner=fan)
    _refused_by_database(kind=AccountKind.MINT)
    _refused_by_database(kind=AccountKind.POINTS_WALLET, owner=fan, channel=channel)
    _refused_by_database(kind=AccountKind.POINTS_MINT, channel=channel)
    Account.objects.create(kind=AccountKind.POINTS_WALLET, owner=fan, channel=UserFactory())  # another channel's
    assert set(Account.objects.values_list("kind", "min_balance")) == {
        (AccountKind.MINT, None),
        (AccountKind.USER_WALLET, 0),
        (AccountKind.POINTS_MINT, None),
        (AccountKind.POINTS_WALLET, 0),
    }


def test_the_audit_catches_a_hand_broken_points_balance():
    channel, fan = UserFactory(), UserFactory()
    _credit(fan, channel, 100)
    wallet = Account.objects.filter(kind=AccountKind.POINTS_WALLET, owner=fan, channel=channel)
    with _rolled_back():
        wallet.update(balance=101)
        assert audit() == [
            f"account #{wallet.get().pk} (points_wallet) caches 101 but its entries sum to 100",
            f"points of channel #{channel.pk} minted (100) differ from points outstanding (101)",
        ]


def test_the_audit_catches_a_transfer_that_mixes_units_or_channels(fund):
    fan, first, second = fund(UserFactory(), 100), UserFactory(), UserFactory()
    _credit(fan, first, 100)
    _credit(fan, second, 100)
    accounts = {(a.kind, a.channel_id): a for a in Account.objects.all()}
    for one, other in [
        (accounts[AccountKind.POINTS_MINT, first.pk], accounts[AccountKind.USER_WALLET, None]),
        (accounts[AccountKind.POINTS_MINT, first.pk], accounts[AccountKind.POINTS_WALLET, second.pk]),
    ]:
        with _rolled_back():  # written around the ledger, which refuses it
            mixed = Transfer.objects.create(kind=TransferKind.POINTS_EARNED)
            Entry.objects.bulk_create(
                [Entry(transfer=mixed, account=one, amount=-5), Entry(transfer=mixed, account=other, amount=5)]
            )
            assert f"transfer #{mixed.pk} mixes units or channels" in audit()


def test_a_reversed_points_transfer_stays_in_its_channel(staff):
    channel, fan = UserFactory(), UserFactory()
    _credit(fan, channel, 50)
    stake = services.points_stake(user=fan, channel=channel, amount=20, reference="prediction:5")
    services.transfer_reverse(transfer=stake, reason="test", reversed_by=staff)
    assert (points_balance(fan, channel), points_escrow_balance(channel)) == (50, 0)


def test_the_account_list_shows_each_accounts_channel_and_grants_no_coins_to_points_wallets(client):
    channel, fan = UserFactory(username="hoopschannel"), UserFactory(username="courtsidefan")
    _credit(fan, channel, 10)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:wallet_account_changelist")
    page = client.get(url).content.decode()
    assert '<td class="field-channel nowrap">hoopschannel</td>' in page
    points_wallet = Account.objects.get(kind=AccountKind.POINTS_WALLET)
    form = {"action": "grant_coins", "_selected_action": [points_wallet.pk], "apply": "1", "reason": "x", "amount": "5"}
    client.post(url, form)
    assert (balance_of(user=fan), points_balance(fan, channel), Transfer.objects.count()) == (0, 10, 1)


# --- Races (PostgreSQL: SQLite serialises writers) -------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_stakes_at_once_never_overdraw_a_points_wallet():
    channel, fan = UserFactory(), UserFactory()
    _credit(fan, channel, 1000)

    def stake(index):
        try:
            return services.points_stake(user=fan, channel=channel, amount=75, reference=f"prediction:{index}")
        except (InsufficientPoints, InsufficientCoins) as refused:
            return refused

    results = in_threads(stake, 20)

    # 1000 // 75 = 13 stakes fit; the other 7 are refused in points and write nothing.
    assert sorted(type(result).__name__ for result in results) == ["InsufficientPoints"] * 7 + ["Transfer"] * 13
    assert (points_balance(fan, channel), points_escrow_balance(channel)) == (25, 975)
    assert Transfer.objects.filter(kind=TransferKind.POINTS_STAKED).count() == 13


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_first_credits_at_once_open_one_points_mint_per_channel():
    channel, fans = UserFactory(), [UserFactory() for _ in range(20)]

    in_threads(lambda index: _credit(fans[index], channel, index + 1, key=f"welcome:{index}"), 20)

    assert Account.objects.filter(kind=AccountKind.POINTS_MINT, channel=channel).get().balance == -sum(range(1, 21))
    assert [points_balance(fan, channel) for fan in fans] == list(range(1, 21))

"""Random sequences of everything that moves coins, checked against a plain Python model.

After every step the books must prove (audit), no coin may appear or vanish (what the mint
issued equals what is outstanding, which equals purchases + grants - claw-backs - payouts
paid) and every balance must equal the model's. A step the services refuse must change nothing.

WALLET_PROPERTY_EXAMPLES=300 runs a deeper search than the default (30 on SQLite, 10 on PostgreSQL).
"""

import os
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import override_settings
from hypothesis import HealthCheck, event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from apps.wallet import services
from apps.wallet.audit import audit
from apps.wallet.errors import InsufficientCoins, InvalidAmount, PayoutInvalid, PayoutNotAllowed
from apps.wallet.models import (
    Account,
    AccountKind,
    Entry,
    Payout,
    PayoutStatus,
    Purchase,
    PurchaseStatus,
    SandboxBankTransfer,
    Transfer,
)
from apps.wallet.payments import SandboxProvider
from tests.factories import UserFactory
from tests.wallet.helpers import balance, earnings, make_creator, make_package, system_balance

pytestmark = pytest.mark.django_db

FANS = 3
# (tier, paid out at once) for each creator; Basic creators wait for the daily batch.
CREATOR_TIERS = [("BASIC_VERIFIED", False), ("PREMIUM_VERIFIED", True)]
USERS = FANS + len(CREATOR_TIERS)
CREATORS = range(FANS, USERS)
PAYOUT_MINIMUM = 10
PACKAGES = [(100, 0, 99), (500, 120, 499)]
# Fewer on PostgreSQL, where every query is a network round trip; the logic under test is the same.
EXAMPLES = {"sqlite": "30", "postgresql": "10"}

users = st.integers(0, USERS - 1)
fans = st.integers(0, FANS - 1)
creators = st.sampled_from(list(CREATORS))
# Mostly affordable amounts, some that are not, a few that are not amounts at all.
amounts = st.one_of(st.integers(1, 120), st.integers(-2, 700))
outcomes = st.sampled_from(["paid", "failed"])


@dataclass
class Gift:
    transfer_id: int
    payer: int
    creator: int
    creator_share: int
    platform_share: int
    reversed: bool = False


@dataclass
class Books:
    """What the ledger should say, kept by hand."""

    wallets: Counter = field(default_factory=Counter)
    earnings: Counter = field(default_factory=Counter)
    platform: int = 0
    escrow: int = 0
    in_flight: int = 0
    # Coins in circulation: purchases + grants - claw-backs - payouts paid.
    outstanding: int = 0
    paid_out: int = 0


class WalletMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint that teardown rolls back: a clean ledger every time.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.staff = UserFactory(is_staff=True)
        self.users = [UserFactory() for _ in range(FANS)] + [make_creator(tier) for tier, _ in CREATOR_TIERS]
        self.instant = [False] * FANS + [instant for _, instant in CREATOR_TIERS]
        self.packages = [make_package(coins=c, bonus=b, price_minor=p) for c, b, p in PACKAGES]
        self.books = Books()
        self.gifts: list[Gift] = []
        # payout id -> [creator index, coins, status]
        self.payouts: dict[int, list] = {}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _expect(self, step: str, refusal, call):
        """Run a step the model predicts will succeed (refusal None) or be refused with `refusal`.

        A refused step must change nothing: the invariants check that right after."""
        if refusal is None:
            result = call()
            event(f"{step}: done")
            return result
        with pytest.raises(refusal):
            call()
        event(f"{step}: refused ({refusal.__name__})")
        return None

    @initialize(opening=st.lists(st.integers(0, 600), min_size=USERS, max_size=USERS))
    def open_wallets(self, opening):
        """Start most users with some coins, so more of the steps that follow can go through."""
        for user, coins in enumerate(opening):
            if coins:
                services.wallet_grant(user=self.users[user], amount=coins, reason="welcome", granted_by=self.staff)
                self.books.wallets[user] += coins
                self.books.outstanding += coins

    # --- Buying -------------------------------------------------------------------------------
    @rule(
        buyer=users,
        package=st.integers(0, len(PACKAGES) - 1),
        outcome=st.sampled_from(["paid", "paid", "cancelled", "failed"]),
        deliveries=st.integers(1, 2),
    )
    def buy(self, buyer, package, outcome, deliveries):
        purchase = services.purchase_create(
            user=self.users[buyer], package_id=self.packages[package].pk, payment_method="card"
        )
        assert balance(self.users[buyer]) == self.books.wallets[buyer]  # nothing until paid
        for _ in range(deliveries):  # a second delivery is the same event again
            services.payment_event_handle(provider="sandbox", event=SandboxProvider.event(purchase.pk, outcome))
        purchase.refresh_from_db()
        assert purchase.status == outcome
        event(f"buy: {outcome}")
        if outcome == "paid":
            coins = self.packages[package].total_coins
            self.books.wallets[buyer] += coins
            self.books.outstanding += coins

    # --- Spending -----------------------------------------------------------------------------
    def _spend_refusal(self, payer, amount):
        if amount <= 0:
            return InvalidAmount
        return InsufficientCoins if self.books.wallets[payer] < amount else None

    @rule(payer=users, creator=creators, amount=amounts)
    def gift(self, payer, creator, amount):
        transfer = self._expect(
            "gift",
            self._spend_refusal(payer, amount),
            lambda: services.wallet_spend(
                payer=self.users[payer], amount=amount, recipient=self.users[creator], kind="gift"
            ),
        )
        if transfer is None:
            return
        platform = amount * 30 // 100
        self.books.wallets[payer] -= amount
        self.books.earnings[creator] += amount - platform
        self.books.platform += platform
        self.gifts.append(Gift(transfer.pk, payer, creator, amount - platform, platform))

    @rule(payer=users, amount=amounts, to_escrow=st.booleans())
    def spend(self, payer, amount, to_escrow):
        refusal = self._spend_refusal(payer, amount)
        self._expect(
            "spend to escrow" if to_escrow else "spend",
            refusal,
            lambda: services.wallet_spend(payer=self.users[payer], amount=amount, to_escrow=to_escrow),
        )
        if refusal is None:
            self.books.wallets[payer] -= amount
            if to_escrow:
                self.books.escrow += amount
            else:
                self.books.platform += amount

    @precondition(lambda self: self.gifts)
    @rule(pick=st.integers(0, 1000))
    def refund(self, pick):
        gift = self.gifts[pick % len(self.gifts)]
        if gift.reversed:
            refusal = InvalidAmount
        elif self.books.earnings[gift.creator] < gift.creator_share or self.books.platform < gift.platform_share:
            refusal = InsufficientCoins  # the creator cashed out or was refunded already
        else:
            refusal = None
        refund = self._expect(
            "refund",
            refusal,
            lambda: services.transfer_reverse(
                transfer=Transfer.objects.get(pk=gift.transfer_id), reason="chargeback", reversed_by=self.staff
            ),
        )
        if refund is None:
            return
        assert refund.reverses_id == gift.transfer_id
        gift.reversed = True
        self.books.wallets[gift.payer] += gift.creator_share + gift.platform_share
        self.books.earnings[gift.creator] -= gift.creator_share
        self.books.platform -= gift.platform_share

    # --- Staff corrections --------------------------------------------------------------------
    @rule(user=users, amount=st.integers(1, 500))
    def grant(self, user, amount):
        self._expect(
            "grant",
            None,
            lambda: services.wallet_grant(user=self.users[user], amount=amount, reason="prize", granted_by=self.staff),
        )
        self.books.wallets[user] += amount
        self.books.outstanding += amount

    @rule(user=users, amount=st.integers(1, 500))
    def clawback(self, user, amount):
        refusal = InsufficientCoins if self.books.wallets[user] < amount else None
        self._expect(
            "clawback",
            refusal,
            lambda: services.wallet_clawback(user=self.users[user], amount=amount, reason="fraud", taken_by=self.staff),
        )
        if refusal is None:
            self.books.wallets[user] -= amount
            self.books.outstanding -= amount

    # --- Payouts ------------------------------------------------------------------------------
    def _settle(self, payout_id: int, outcome: str) -> None:
        creator, coins, _ = self.payouts[payout_id]
        self.books.in_flight -= coins
        if outcome == "paid":
            self.books.outstanding -= coins
            self.books.paid_out += coins
        else:
            self.books.earnings[creator] += coins
        self.payouts[payout_id][2] = outcome
        event(f"payout settled: {outcome}")

    @staticmethod
    def _with_provider(outcome: str, call):
        """Run `call` with the sandbox bank answering `outcome`, its on-commit tasks run eagerly."""
        with override_settings(WALLET_SANDBOX_PAYOUT_OUTCOME=outcome), TestCase.captureOnCommitCallbacks(execute=True):
            return call()

    @rule(creator=creators, coins=st.one_of(st.sampled_from(["all", "half"]), st.integers(1, 150)), outcome=outcomes)
    def payout(self, creator, coins, outcome):
        if isinstance(coins, str):  # what the model says the creator has, or half of it
            coins = max(self.books.earnings[creator] // (1 if coins == "all" else 2), 1)
        refusal = PayoutInvalid if not PAYOUT_MINIMUM <= coins <= self.books.earnings[creator] else None
        payout = self._expect(
            "payout",
            refusal,
            lambda: self._with_provider(
                outcome, lambda: services.payout_request(user=self.users[creator], coins=coins)
            ),
        )
        if payout is None:
            return
        self.books.earnings[creator] -= coins
        self.books.in_flight += coins
        self.payouts[payout.pk] = [creator, coins, PayoutStatus.PENDING]
        if self.instant[creator]:
            self._settle(payout.pk, outcome)

    @rule(fan=fans, coins=st.integers(1, 150))
    def payout_unverified(self, fan, coins):
        self._expect(
            "payout by the unverified",
            PayoutNotAllowed,
            lambda: services.payout_request(user=self.users[fan], coins=coins),
        )

    @rule(outcome=outcomes)
    def daily_batch(self, outcome):
        queued = self._with_provider(outcome, services.payouts_queue_batch)
        waiting = [pk for pk, (c, _, status) in self.payouts.items() if status == "pending" and not self.instant[c]]
        assert queued == len(waiting)
        for pk in waiting:
            self._settle(pk, outcome)

    @precondition(lambda self: self.payouts)
    @rule(pick=st.integers(0, 1000), outcome=outcomes)
    def retry_payout(self, pick, outcome):
        payout_id = sorted(self.payouts)[pick % len(self.payouts)]
        creator, coins, status = self.payouts[payout_id]
        if status != PayoutStatus.FAILED:
            refusal = PayoutInvalid
        elif self.books.earnings[creator] < coins:
            refusal = InsufficientCoins
        else:
            refusal = None
        self._expect(
            "payout retry",
            refusal,
            lambda: self._with_provider(
                outcome, lambda: services.payout_retry(payout_id=payout_id, retried_by=self.staff)
            ),
        )
        if refusal is None:
            self.books.earnings[creator] -= coins
            self.books.in_flight += coins
            self._settle(payout_id, outcome)

    # --- What must always hold ----------------------------------------------------------------
    @invariant()
    def books_prove(self):
        assert audit() == []

    @invariant()
    def balances_match_the_model(self):
        books = self.books
        assert [balance(u) for u in self.users] == [books.wallets[i] for i in range(USERS)]
        assert [earnings(u) for u in self.users] == [books.earnings[i] for i in range(USERS)]
        assert system_balance(AccountKind.PLATFORM_REVENUE) == books.platform
        assert system_balance(AccountKind.ESCROW) == books.escrow
        assert system_balance(AccountKind.PAYOUTS_IN_FLIGHT) == books.in_flight

    @invariant()
    def no_coin_appears_or_vanishes(self):
        mint = system_balance(AccountKind.MINT)
        held = Account.objects.exclude(kind=AccountKind.MINT).aggregate(total=Sum("balance"))["total"] or 0
        assert held == -mint == self.books.outstanding
        bought = Purchase.objects.filter(status=PurchaseStatus.PAID).aggregate(total=Sum("coins"))["total"] or 0
        paid_out = Payout.objects.filter(status=PayoutStatus.PAID).aggregate(total=Sum("coins"))["total"] or 0
        assert paid_out == self.books.paid_out
        assert bought + _wallet_side("grant") + _wallet_side("clawback") - paid_out == self.books.outstanding
        bank = SandboxBankTransfer.objects.aggregate(total=Sum("amount_minor"))["total"] or 0
        assert bank == self.books.paid_out  # one coin pays one minor unit in these tests

    @invariant()
    def payouts_match_the_model(self):
        statuses = dict(Payout.objects.values_list("pk", "status"))
        assert statuses == {pk: status for pk, (_, _, status) in self.payouts.items()}


def _wallet_side(kind: str) -> int:
    """What transfers of one kind did to users' wallets (grants add, claw-backs take away)."""
    entries = Entry.objects.filter(transfer__kind=kind, account__kind=AccountKind.USER_WALLET)
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def test_random_money_movements_keep_the_books_exact(settings):
    settings.WALLET_PAYMENT_PROVIDER = "sandbox"
    settings.WALLET_PAYOUT_PROVIDER = "sandbox"
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = "paid"
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_PAYOUT_MINIMUM_COINS = PAYOUT_MINIMUM
    settings.WALLET_CREATOR_SHARE_PERCENT = 70
    settings.WALLET_COIN_PAYOUT_VALUE_MINOR = 1
    run_state_machine_as_test(
        WalletMachine,
        settings=hypothesis_settings(
            max_examples=int(os.environ.get("WALLET_PROPERTY_EXAMPLES", EXAMPLES[connection.vendor])),
            stateful_step_count=50,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# --- The oracle itself --------------------------------------------------------------------------
def test_the_audit_notices_a_balance_that_drifted_from_its_entries():
    # The property test trusts audit(); this shows audit() would say so if the books were wrong.
    staff, fan = UserFactory(is_staff=True), UserFactory()
    services.wallet_grant(user=fan, amount=50, reason="prize", granted_by=staff)
    assert audit() == []
    Account.objects.filter(owner=fan, kind=AccountKind.USER_WALLET).update(balance=49)
    problems = audit()
    assert any("caches 49 but its entries sum to 50" in problem for problem in problems)
    assert any("differ from coins outstanding" in problem for problem in problems)


def test_the_audit_notices_an_account_with_a_balance_but_no_entries():
    fan = UserFactory()
    Account.objects.create(kind=AccountKind.USER_WALLET, owner=fan, balance=7)
    assert any("caches 7 but its entries sum to 0" in problem for problem in audit())

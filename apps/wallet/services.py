"""Every movement of coins on the platform. Other apps spend through `wallet_spend`."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import AthleteProfile
from apps.accounts.tiers import TIERS, Tier
from apps.core.scheduling import run_after
from apps.wallet import ledger
from apps.wallet.accounts import AccountRef, earnings_of, system, user_account, wallet_of
from apps.wallet.domain_events import PAYOUT_FAILED, PAYOUT_PAID
from apps.wallet.errors import (
    InvalidAmount,
    PaymentRejected,
    PayoutInvalid,
    PayoutNotAllowed,
    PurchaseNotFound,
    UnknownPackage,
)
from apps.wallet.models import (
    Account,
    AccountKind,
    CoinPackage,
    PaymentEvent,
    Payout,
    PayoutStatus,
    Purchase,
    PurchaseStatus,
    Transfer,
    TransferKind,
)
from apps.wallet.payments import ProviderEvent, payment_provider
from apps.wallet.payouts import payout_provider
from apps.wallet.selectors import earnings_on_hold


def _check_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidAmount("The amount must be a whole number of coins above zero.", field="amount")
    return amount


# --- Spending ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    creator: int
    platform: int


def split_for(amount: int, *, creator_share_percent: int | None = None) -> Split:
    """The creator's share of `amount`; the platform's part is rounded down, so no coin is lost."""
    percent = settings.WALLET_CREATOR_SHARE_PERCENT if creator_share_percent is None else creator_share_percent
    platform = amount * (100 - percent) // 100
    return Split(creator=amount - platform, platform=platform)


def wallet_spend(
    *,
    payer,
    amount: int,
    kind: str = TransferKind.SPEND,
    recipient=None,
    to_escrow: bool = False,
    creator_share_percent: int | None = None,
    reference: str = "",
    idempotency_key: str | None = None,
    memo: str = "",
    record: Callable[[Transfer], None] | None = None,
) -> Transfer:
    """Debit the payer's wallet by `amount` coins.

    With a `recipient` (a creator) the coins are split between their earnings and platform
    revenue; with `to_escrow` they are held in escrow; otherwise they are platform revenue.
    Raises InsufficientCoins (and writes nothing) when the wallet cannot cover it.
    `record(transfer)` writes the caller's own record of the payment (a gift), once the
    transfer has its id and before any balance moves; a replayed idempotency key skips it.
    """
    amount = _check_amount(amount)
    legs = [(wallet_of(payer), -amount)]
    if recipient is not None:
        share = split_for(amount, creator_share_percent=creator_share_percent)
        legs.append((earnings_of(recipient), share.creator))
        if share.platform:
            legs.append((system(AccountKind.PLATFORM_REVENUE), share.platform))
    elif to_escrow:
        legs.append((system(AccountKind.ESCROW), amount))
    else:
        legs.append((system(AccountKind.PLATFORM_REVENUE), amount))
    return ledger.post_transfer(
        kind=kind,
        legs=legs,
        reference=reference,
        initiated_by=payer,
        idempotency_key=idempotency_key,
        memo=memo,
        record=record,
    )


# --- Escrow: coins held for a contest until it is decided ------------------------------------
def escrow_hold(*, payer, amount: int, reference: str, idempotency_key: str | None = None, memo: str = "") -> Transfer:
    """Take `amount` from the payer's wallet into escrow (an entry fee, a stake, a sponsorship)."""
    return wallet_spend(
        payer=payer,
        amount=amount,
        kind=TransferKind.ESCROW,
        to_escrow=True,
        reference=reference,
        idempotency_key=idempotency_key,
        memo=memo,
    )


def escrow_refund(
    *, to, amount: int, reference: str, idempotency_key: str, initiated_by=None, memo: str = ""
) -> Transfer:
    """Give held coins back to the wallet that paid them."""
    return _escrow_release(TransferKind.REFUND, wallet_of(to), amount, reference, idempotency_key, initiated_by, memo)


def escrow_award(
    *, to, amount: int, reference: str, idempotency_key: str, initiated_by=None, memo: str = ""
) -> Transfer:
    """Pay a prize from escrow into the winner's earnings, which are paid out like a creator's."""
    return _escrow_release(TransferKind.PRIZE, earnings_of(to), amount, reference, idempotency_key, initiated_by, memo)


def escrow_collect_cut(*, amount: int, reference: str, idempotency_key: str, initiated_by=None) -> Transfer:
    """Move the platform's cut of a decided contest from escrow to platform revenue."""
    revenue = system(AccountKind.PLATFORM_REVENUE)
    return _escrow_release(TransferKind.PLATFORM_CUT, revenue, amount, reference, idempotency_key, initiated_by, "")


def _escrow_release(kind, recipient: AccountRef, amount, reference, idempotency_key, initiated_by, memo) -> Transfer:
    amount = _check_amount(amount)
    return ledger.post_transfer(
        kind=kind,
        legs=[(system(AccountKind.ESCROW), -amount), (recipient, amount)],
        reference=reference,
        initiated_by=initiated_by,
        idempotency_key=idempotency_key,
        memo=memo,
    )


# --- Staff corrections -----------------------------------------------------------------------
def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidAmount("A reason is required; it stays on the record.", field="reason")
    return reason.strip()


def wallet_grant(*, user, amount: int, reason: str, granted_by) -> Transfer:
    """Staff give coins (goodwill, contest prizes): newly minted into the user's wallet."""
    amount, reason = _check_amount(amount), _require_reason(reason)
    legs = [(system(AccountKind.MINT), -amount), (wallet_of(user), amount)]
    return ledger.post_transfer(
        kind=TransferKind.GRANT, legs=legs, reference=f"user:{user.pk}", initiated_by=granted_by, memo=reason
    )


def wallet_clawback(*, user, amount: int, reason: str, taken_by) -> Transfer:
    """Staff take coins back from a wallet (fraud, mistaken grant); never below its floor (zero)."""
    amount, reason = _check_amount(amount), _require_reason(reason)
    legs = [(wallet_of(user), -amount), (system(AccountKind.MINT), amount)]
    return ledger.post_transfer(
        kind=TransferKind.CLAWBACK, legs=legs, reference=f"user:{user.pk}", initiated_by=taken_by, memo=reason
    )


@transaction.atomic
def transfer_reverse(*, transfer: Transfer, reason: str, reversed_by) -> Transfer:
    """Undo a transfer with its mirror image (a refund). Fails if the coins are already gone."""
    reason = _require_reason(reason)
    # Locked (a read lock; the row itself never changes) so two refunds cannot both pass the check.
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.reverses_id or Transfer.objects.filter(reverses=transfer).exists():
        raise InvalidAmount("This transfer is a reversal or was already reversed.")
    legs = [
        (AccountRef(kind, owner_id), -amount)
        for kind, owner_id, amount in transfer.entries.values_list("account__kind", "account__owner_id", "amount")
    ]
    return ledger.post_transfer(
        kind=TransferKind.REFUND,
        legs=legs,
        reference=transfer.reference,
        initiated_by=reversed_by,
        memo=reason,
        reverses=transfer,
    )


# --- Buying coins ----------------------------------------------------------------------------
@transaction.atomic
def purchase_create(*, user, package_id, payment_method: str, callback_url: str = "") -> Purchase:
    """Start a purchase: nothing is credited until the payment provider confirms it."""
    package = CoinPackage.objects.filter(pk=package_id, is_active=True).first() if _is_uuid(package_id) else None
    if package is None:
        raise UnknownPackage("That coin package is not on sale.", field="package_id")
    provider = payment_provider()
    purchase = Purchase.objects.create(
        user=user,
        package=package,
        coins=package.total_coins,
        price_minor=package.price_minor,
        currency=package.currency,
        payment_method=payment_method,
        provider=provider.name,
        callback_url=callback_url,
    )
    checkout = provider.start_checkout(purchase)
    purchase.checkout_url, purchase.provider_reference = checkout.url, checkout.reference
    purchase.save(update_fields=["checkout_url", "provider_reference"])
    return purchase


def _lock_purchase(purchase_id) -> Purchase:
    try:
        return Purchase.objects.select_for_update().get(pk=purchase_id)
    except (Purchase.DoesNotExist, ValueError, TypeError):
        raise PurchaseNotFound("No such purchase.") from None


@transaction.atomic
def purchase_confirm(*, purchase_id, provider: str) -> Purchase:
    """The provider says the buyer paid: mint the coins into their wallet, exactly once."""
    purchase = _lock_purchase(purchase_id)
    if purchase.provider != provider:
        raise PaymentRejected("This purchase belongs to another payment provider.")
    if purchase.status == PurchaseStatus.PAID:
        return purchase
    # A cancelled or failed purchase that the provider later reports paid is credited all the
    # same: the buyer was charged, and the coins are what they paid for.
    legs = [(system(AccountKind.MINT), -purchase.coins), (wallet_of(purchase.user), purchase.coins)]
    purchase.transfer = ledger.post_transfer(
        kind=TransferKind.PURCHASE,
        legs=legs,
        reference=f"purchase:{purchase.pk}",
        initiated_by=purchase.user,
        idempotency_key=f"purchase:{purchase.pk}",
    )
    purchase.status, purchase.completed_at = PurchaseStatus.PAID, timezone.now()
    purchase.save(update_fields=["transfer", "status", "completed_at"])
    return purchase


@transaction.atomic
def purchase_abandon(*, purchase_id, provider: str, status: str = PurchaseStatus.CANCELLED) -> Purchase:
    """The buyer cancelled, or the payment failed. A paid purchase stays paid."""
    purchase = _lock_purchase(purchase_id)
    if purchase.provider != provider:
        raise PaymentRejected("This purchase belongs to another payment provider.")
    if purchase.status == PurchaseStatus.PENDING:
        purchase.status, purchase.completed_at = status, timezone.now()
        purchase.save(update_fields=["status", "completed_at"])
    return purchase


@transaction.atomic
def payment_event_handle(*, provider: str, event: ProviderEvent) -> Purchase | None:
    """The one confirmation path, for webhooks and the sandbox page alike.

    Each event id is handled once (a redelivery changes nothing); an event for a purchase we
    do not know is acknowledged and ignored.
    """
    purchase = Purchase.objects.filter(pk=event.purchase_id).first() if _is_uuid(event.purchase_id) else None
    if purchase is None:
        return None
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(
                provider=provider, event_id=event.event_id, event_type=event.event_type, purchase=purchase
            )
    except IntegrityError:  # seen before: change nothing, answer with the purchase as it is now
        return Purchase.objects.get(pk=purchase.pk)
    if event.outcome == "paid":
        return purchase_confirm(purchase_id=purchase.pk, provider=provider)
    if event.outcome in (PurchaseStatus.CANCELLED, PurchaseStatus.FAILED):
        return purchase_abandon(purchase_id=purchase.pk, provider=provider, status=event.outcome)
    return purchase


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- Payouts ---------------------------------------------------------------------------------
@transaction.atomic
def payout_request(*, user, coins: int) -> Payout:
    """A creator cashes out earnings: coins move to payouts-in-flight until the provider pays."""
    coins = _check_amount(coins)
    tier = TIERS[AthleteProfile.objects.values_list("verification_tier", flat=True).get(user=user)]
    if not tier.is_verified:
        raise PayoutNotAllowed("Get verified (Basic or above) before requesting a payout.")
    if coins < settings.WALLET_PAYOUT_MINIMUM_COINS:
        raise PayoutInvalid(f"The minimum payout is {settings.WALLET_PAYOUT_MINIMUM_COINS:,} coins.", field="coins")
    # Locked, so two payout requests cannot both spend the same available earnings.
    earnings = Account.objects.select_for_update().get(pk=user_account(user, AccountKind.CREATOR_EARNINGS).pk)
    available = earnings.balance - earnings_on_hold(user)
    if coins > available:
        raise PayoutInvalid(f"You can cash out up to {max(available, 0):,} coins now.", field="coins")
    payout = Payout.objects.create(
        user=user,
        coins=coins,
        amount_minor=coins * settings.WALLET_COIN_PAYOUT_VALUE_MINOR,
        currency=settings.CURRENCY,
        provider=payout_provider().name,
        is_instant=tier.rank >= TIERS[Tier.PREMIUM_VERIFIED].rank,
    )
    legs = [(earnings_of(user), -coins), (system(AccountKind.PAYOUTS_IN_FLIGHT), coins)]
    ledger.post_transfer(kind=TransferKind.PAYOUT, legs=legs, reference=f"payout:{payout.pk}", initiated_by=user)
    if payout.is_instant:
        _queue_payout(payout.pk)
    return payout


def _queue_payout(payout_id: int) -> None:
    # After the commit, and never failing the request: not with the broker down (the overdue sweep
    # queues it later), nor with eager tasks (the embedded default) when the provider errs.
    run_after("wallet.payout_process", args=[payout_id])


def payout_process(*, payout_id: int) -> Payout:
    """Send one payout to the provider. Safe to run twice, or after a worker died mid-way:
    the provider gets the payout's idempotency key, so it pays at most once.
    Raises TransientPayoutError when the provider is unreachable (the task retries)."""
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        if payout.status not in (PayoutStatus.PENDING, PayoutStatus.PROCESSING):
            return payout
        payout.status, payout.attempts = PayoutStatus.PROCESSING, payout.attempts + 1
        payout.save(update_fields=["status", "attempts", "updated_at"])
    # Outside any transaction: the provider is a network call, and its answer must not be lost
    # to a rollback of ours.
    result = payout_provider().send(payout)
    if result.paid:
        return payout_mark_paid(payout_id=payout_id, provider_reference=result.reference)
    return payout_mark_failed(payout_id=payout_id, reason=result.failure_reason)


@transaction.atomic
def payout_mark_paid(*, payout_id: int, provider_reference: str) -> Payout:
    """The money left: the coins in flight are retired (back to the mint)."""
    payout = Payout.objects.select_for_update().get(pk=payout_id)
    if payout.status == PayoutStatus.PAID:
        return payout
    legs = [
        (system(AccountKind.PAYOUTS_IN_FLIGHT), -payout.coins),
        (system(AccountKind.MINT), payout.coins),
    ]
    ledger.post_transfer(kind=TransferKind.PAYOUT_PAID, legs=legs, reference=f"payout:{payout.pk}")
    payout.status, payout.provider_reference, payout.completed_at = (
        PayoutStatus.PAID,
        provider_reference,
        timezone.now(),
    )
    payout.failure_reason = ""
    payout.save(update_fields=["status", "provider_reference", "completed_at", "failure_reason", "updated_at"])
    PAYOUT_PAID.publish(payout_id=payout.pk, user_id=payout.user_id)
    return payout


@transaction.atomic
def payout_mark_failed(*, payout_id: int, reason: str) -> Payout:
    """The provider refused: the coins go back to the creator's earnings."""
    payout = Payout.objects.select_for_update().get(pk=payout_id)
    if payout.status not in (PayoutStatus.PENDING, PayoutStatus.PROCESSING):
        return payout
    legs = [
        (system(AccountKind.PAYOUTS_IN_FLIGHT), -payout.coins),
        (earnings_of(payout.user), payout.coins),
    ]
    ledger.post_transfer(kind=TransferKind.PAYOUT_FAILED, legs=legs, reference=f"payout:{payout.pk}")
    payout.status, payout.failure_reason, payout.completed_at = PayoutStatus.FAILED, reason[:300], timezone.now()
    payout.save(update_fields=["status", "failure_reason", "completed_at", "updated_at"])
    PAYOUT_FAILED.publish(payout_id=payout.pk, user_id=payout.user_id)
    return payout


@transaction.atomic
def payout_retry(*, payout_id: int, retried_by) -> Payout:
    """Staff try a failed payout again, as a new attempt with a new provider idempotency key."""
    payout = Payout.objects.select_for_update().get(pk=payout_id)
    if payout.status != PayoutStatus.FAILED:
        raise PayoutInvalid("Only a failed payout can be retried.")
    legs = [
        (earnings_of(payout.user), -payout.coins),
        (system(AccountKind.PAYOUTS_IN_FLIGHT), payout.coins),
    ]
    ledger.post_transfer(kind=TransferKind.PAYOUT, legs=legs, reference=f"payout:{payout.pk}", initiated_by=retried_by)
    payout.status, payout.idempotency_key, payout.completed_at = PayoutStatus.PENDING, uuid.uuid4(), None
    payout.save(update_fields=["status", "idempotency_key", "completed_at", "updated_at"])
    _queue_payout(payout.pk)
    return payout


def payouts_queue_batch() -> int:
    """The daily batch: queue every pending payout of creators who are not paid instantly."""
    ids = list(Payout.objects.filter(status=PayoutStatus.PENDING, is_instant=False).values_list("pk", flat=True))
    for payout_id in ids:
        _queue_payout(payout_id)
    return len(ids)

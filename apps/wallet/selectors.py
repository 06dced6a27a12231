"""Reads of the wallet: balances, history, earnings. Pages and API share them."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, CharField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from apps.wallet.models import (
    Account,
    AccountKind,
    CoinPackage,
    Entry,
    Payout,
    PayoutStatus,
    Purchase,
    Transfer,
    TransferKind,
)

# History types a user can filter by, and the entries each one covers.
HISTORY_TYPES = {
    "purchase": Q(transfer__kind=TransferKind.PURCHASE),
    "gift": Q(transfer__kind=TransferKind.GIFT, account__kind=AccountKind.USER_WALLET),
    "earn": Q(account__kind=AccountKind.CREATOR_EARNINGS, amount__gt=0)
    & ~Q(transfer__kind__in=[TransferKind.PAYOUT_FAILED, TransferKind.REFUND]),
    "spend": Q(transfer__kind__in=[TransferKind.SPEND, TransferKind.ESCROW], account__kind=AccountKind.USER_WALLET),
    "refund": Q(transfer__kind=TransferKind.REFUND),
    "payout": Q(transfer__kind__in=[TransferKind.PAYOUT, TransferKind.PAYOUT_FAILED]),
    "grant": Q(transfer__kind__in=[TransferKind.GRANT, TransferKind.CLAWBACK]),
}


def balance_of(*, user) -> int:
    """Coins in the user's wallet (0 before their first coin)."""
    return (
        Account.objects.filter(owner=user, kind=AccountKind.USER_WALLET).values_list("balance", flat=True).first() or 0
    )


def history_of(*, user, type: str | None = None) -> QuerySet[Entry]:
    """The user's ledger lines, newest first, each with a `history_type` for display."""
    entries = Entry.objects.filter(account__owner=user)
    if type:
        entries = entries.filter(HISTORY_TYPES[type])
    return (
        entries.select_related("transfer", "account")
        .annotate(
            history_type=Case(
                *(When(condition, then=Value(name)) for name, condition in HISTORY_TYPES.items()),
                default=Value("other"),
                output_field=CharField(),
            )
        )
        .order_by("-id")
    )


def active_packages() -> QuerySet[CoinPackage]:
    return CoinPackage.objects.filter(is_active=True)


def earnings_on_hold(user) -> int:
    """Earnings credited within the hold period (refunds and chargebacks may still claim them)."""
    since = timezone.now() - timedelta(days=settings.WALLET_EARNINGS_HOLD_DAYS)
    return (
        Entry.objects.filter(
            account__owner=user,
            account__kind=AccountKind.CREATOR_EARNINGS,
            amount__gt=0,
            created_at__gte=since,
            transfer__kind__in=[TransferKind.GIFT, TransferKind.SPEND],
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


@dataclass(frozen=True)
class Earnings:
    total: int
    available: int
    on_hold: int
    in_payout: int


def earnings_of(*, user) -> Earnings:
    balance = (
        Account.objects.filter(owner=user, kind=AccountKind.CREATOR_EARNINGS).values_list("balance", flat=True).first()
        or 0
    )
    on_hold = min(earnings_on_hold(user), balance)
    in_payout = (
        Payout.objects.filter(user=user, status__in=[PayoutStatus.PENDING, PayoutStatus.PROCESSING]).aggregate(
            total=Sum("coins")
        )["total"]
        or 0
    )
    return Earnings(total=balance, available=balance - on_hold, on_hold=on_hold, in_payout=in_payout)


def payouts_of(*, user) -> QuerySet[Payout]:
    return Payout.objects.filter(user=user)


# A payout processing for longer than this lost its task: a retry waits at most 8 minutes, and the
# broker hands a dead worker's task to another after its visibility timeout (10 minutes).
PAYOUT_PROCESSING_STALE_AFTER = timedelta(minutes=20)


def payouts_overdue(*, now=None) -> list[int]:
    """Payouts still to pay whose task should have run by now: an instant one requested more than a
    sweep ago, a scheduled one older than its daily batch, or one processing with its task lost."""
    now = now or timezone.now()
    late = now - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS)
    overdue = (
        Q(status=PayoutStatus.PENDING, is_instant=True, updated_at__lt=late)
        | Q(status=PayoutStatus.PENDING, is_instant=False, updated_at__lt=late - timedelta(days=1))
        | Q(status=PayoutStatus.PROCESSING, updated_at__lt=now - PAYOUT_PROCESSING_STALE_AFTER)
    )
    return list(Payout.objects.filter(overdue).order_by("pk").values_list("pk", flat=True))


def purchase_of(*, user, purchase_id, provider: str) -> Purchase | None:
    """One of the user's own purchases through `provider`, or None."""
    return Purchase.objects.select_related("package").filter(pk=purchase_id, user=user, provider=provider).first()


def transfer_id_for_key(*, idempotency_key: str) -> int | None:
    """The transfer an idempotency key already paid for, if any (to replay a request before redoing it)."""
    return Transfer.objects.filter(idempotency_key=idempotency_key).values_list("pk", flat=True).first()

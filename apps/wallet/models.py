"""The coin ledger: accounts, transfers and their entries; coin packages, purchases, payouts.

Every movement of coins is one Transfer whose Entries sum to zero. Rows here are written
only by apps.wallet.services. Coins are integers; fiat is integer minor units.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class AccountKind(models.TextChoices):
    USER_WALLET = "user_wallet", "User wallet"
    CREATOR_EARNINGS = "creator_earnings", "Creator earnings"
    PLATFORM_REVENUE = "platform_revenue", "Platform revenue"
    MINT = "mint", "Mint"
    ESCROW = "escrow", "Escrow"
    PAYOUTS_IN_FLIGHT = "payouts_in_flight", "Payouts in flight"


# Kinds that belong to one user; the others are the platform's single system accounts.
USER_ACCOUNT_KINDS = (AccountKind.USER_WALLET, AccountKind.CREATOR_EARNINGS)


class Account(models.Model):
    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="wallet_accounts"
    )
    # Cached sum of this account's entries, changed in the same transaction as they are written.
    balance = models.BigIntegerField(default=0)
    # The lowest balance a debit may leave, read by both posting paths (apps/wallet/ledger.py);
    # NULL: no floor (the mint). The database default is the safe one for any row written by hand.
    min_balance = models.BigIntegerField(null=True, blank=True, default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner"], name="one_account_per_kind_and_owner"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(owner__isnull=True), name="one_system_account_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(min_balance__isnull=True) | Q(balance__gte=F("min_balance")), name="balance_not_below_floor"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False, kind__in=USER_ACCOUNT_KINDS)
                | Q(owner__isnull=True) & ~Q(kind__in=USER_ACCOUNT_KINDS),
                name="owner_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.owner}" if self.owner_id else self.get_kind_display()


class TransferKind(models.TextChoices):
    PURCHASE = "purchase", "Purchase"
    GIFT = "gift", "Gift"
    SPEND = "spend", "Spend"
    REFUND = "refund", "Refund"
    PAYOUT = "payout", "Payout requested"
    PAYOUT_PAID = "payout_paid", "Payout paid"
    PAYOUT_FAILED = "payout_failed", "Payout returned"
    GRANT = "grant", "Grant"
    CLAWBACK = "clawback", "Claw-back"
    ESCROW = "escrow", "Escrow"
    PRIZE = "prize", "Prize"
    PLATFORM_CUT = "platform_cut", "Platform cut"
    TIP = "tip", "Tip"
    SHOT_CHALLENGE = "shot_challenge", "Shot challenge"


class Transfer(models.Model):
    kind = models.CharField(max_length=20, choices=TransferKind.choices)
    # What caused it, as "<type>:<id>" (e.g. "purchase:12", "gift:7"), for the audit trail.
    reference = models.CharField(max_length=100, blank=True)
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A retried call with the same key returns this transfer instead of moving coins again.
    idempotency_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    memo = models.CharField(max_length=300, blank=True)
    # The transfer this one reverses, if it is a correction.
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.reference}".strip()


class Entry(models.Model):
    """One leg of a transfer: a signed amount on one account. Never updated or deleted."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "entries"
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_not_zero")]
        indexes = [models.Index(fields=["account", "-id"])]

    def __str__(self) -> str:
        return f"{self.amount:+} on {self.account}"


class CoinPackage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=60)
    coins = models.PositiveIntegerField()
    bonus_coins = models.PositiveIntegerField(default=0)
    price_minor = models.PositiveIntegerField(help_text="Price in minor units (cents).")
    currency = models.CharField(max_length=3, default="USD")
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "coins"]
        constraints = [
            models.CheckConstraint(condition=Q(coins__gt=0), name="package_has_coins"),
            models.CheckConstraint(condition=Q(price_minor__gt=0), name="package_has_price"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total_coins(self) -> int:
        return self.coins + self.bonus_coins


class PurchaseStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"


class PaymentMethod(models.TextChoices):
    CARD = "card", "Card"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    WALLET = "wallet", "Wallet"


class Purchase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coin_purchases")
    package = models.ForeignKey(CoinPackage, on_delete=models.PROTECT, related_name="purchases")
    # Copied from the package at purchase time, so later price changes do not rewrite history.
    coins = models.PositiveIntegerField()
    price_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.CARD)
    provider = models.CharField(max_length=20)
    provider_reference = models.CharField(max_length=200, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=500, blank=True)
    callback_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=PurchaseStatus.choices, default=PurchaseStatus.PENDING)
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.coins} coins for {self.user} ({self.status})"


class PaymentEvent(models.Model):
    """Each provider event handled once: a redelivered event id is a no-op."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=100)
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"


class Payout(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts")
    coins = models.PositiveBigIntegerField()
    amount_minor = models.PositiveBigIntegerField(help_text="What the creator receives, in minor units.")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    # Sent to the payout provider with every attempt, so a retried attempt never pays twice.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.CharField(max_length=20)
    provider_reference = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.CharField(max_length=300, blank=True)
    is_instant = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(coins__gt=0), name="payout_has_coins")]

    def __str__(self) -> str:
        return f"Payout #{self.pk} of {self.coins} coins to {self.user} ({self.status})"


class IdempotentResponse(models.Model):
    """The first answer to a money-moving API request, replayed for the same Idempotency-Key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    endpoint = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key} → {self.status_code}"


class SandboxBankTransfer(models.Model):
    """The sandbox payout provider's own books: one row per paid idempotency key."""

    idempotency_key = models.UUIDField(unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount_minor = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} to {self.recipient_id}"

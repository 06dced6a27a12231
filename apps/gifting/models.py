"""Virtual gifts: the catalog, each gift sent, and each stream's gifter leaderboard; tips."""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.upload_fields import ImageUploadField, SoundUploadField


class Rarity(models.TextChoices):
    COMMON = "common", "Common"
    RARE = "rare", "Rare"
    EPIC = "epic", "Epic"
    LEGENDARY = "legendary", "Legendary"


class GiftCategory(models.TextChoices):
    BASKETBALL = "basketball", "Basketball"
    CLASSIC = "classic", "Classic"
    PREMIUM = "premium", "Premium"
    SEASONAL = "seasonal", "Seasonal"


class Animation(models.TextChoices):
    FLOAT = "float", "Float"
    BURST = "burst", "Burst"
    CONFETTI = "confetti", "Confetti"
    FIREWORKS = "fireworks", "Fireworks"
    BASKETBALL_BOUNCE = "basketball_bounce", "Basketball bounce"
    TROPHY_CONFETTI = "trophy_confetti", "Golden trophy with confetti"
    BALL_ON_FIRE = "ball_on_fire", "Ball on fire"
    CROWN_DESCENDS = "crown_descends", "Crown descends"
    LEGEND_CELEBRATION = "legend_celebration", "Full-screen legend celebration"


class ScreenEffect(models.TextChoices):
    CORNER = "corner", "Corner"
    BANNER = "banner", "Banner"
    HALF = "half", "Half screen"
    FULL = "full", "Full screen"


class GiftQuerySet(models.QuerySet):
    def on_sale(self, now=None):
        """Active gifts inside their availability window (if they have one)."""
        now = now or timezone.now()
        return self.filter(
            Q(is_active=True),
            Q(available_from__isnull=True) | Q(available_from__lte=now),
            Q(available_until__isnull=True) | Q(available_until__gt=now),
        )


class Gift(models.Model):
    name = models.CharField(max_length=50, unique=True)
    emoji = models.CharField(max_length=16)
    icon = ImageUploadField(upload_to="gifts/", blank=True)
    coin_cost = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    animation = models.CharField(max_length=24, choices=Animation.choices, default=Animation.FLOAT)
    screen_effect = models.CharField(max_length=8, choices=ScreenEffect.choices, default=ScreenEffect.CORNER)
    duration_ms = models.PositiveIntegerField(default=2500, validators=[MaxValueValidator(15000)])
    sound = SoundUploadField(upload_to="gifts/sounds/", blank=True)
    rarity = models.CharField(max_length=10, choices=Rarity.choices, default=Rarity.COMMON)
    category = models.CharField(max_length=12, choices=GiftCategory.choices, default=GiftCategory.CLASSIC)
    is_active = models.BooleanField(default=True)
    available_from = models.DateTimeField(null=True, blank=True, help_text="Limited-time gifts: on sale from...")
    available_until = models.DateTimeField(null=True, blank=True, help_text="...until.")
    special_occasion = models.CharField(max_length=50, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = GiftQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "coin_cost"]
        constraints = [
            models.CheckConstraint(condition=Q(coin_cost__gt=0), name="gift_costs_coins"),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gt=models.F("available_from")),
                name="gift_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} {self.name}"


class GiftSend(models.Model):
    """One send of a gift (any quantity) to one stream."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.PROTECT, related_name="gift_sends")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gifts_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gifts_received")
    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="sends")
    quantity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100)])
    # The price at the moment of sending; the catalog may change later.
    unit_cost = models.PositiveIntegerField()
    total_coins = models.PositiveIntegerField()
    message = models.CharField(max_length=200, blank=True)
    is_anonymous = models.BooleanField(default=False)
    transfer_id = models.BigIntegerField(unique=True, help_text="The wallet transfer that paid for it.")
    # Sends of the same gift by the same sender in quick succession share a combo.
    combo_id = models.BigIntegerField(null=True, blank=True)
    combo_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["stream", "-id"]),
            models.Index(fields=["sender", "-id"]),
            models.Index(fields=["recipient", "-id"]),
            models.Index(fields=["stream", "sender", "gift", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1, quantity__lte=100), name="gift_quantity_1_to_100"),
            models.CheckConstraint(
                condition=Q(total_coins=models.F("unit_cost") * models.F("quantity")),
                name="gift_total_is_price_times_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gift} x{self.quantity} to {self.stream_id}"


class StreamGifter(models.Model):
    """A sender's total on one stream, for the live leaderboard. Anonymous gifts pool in one row."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="gifters")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    coins = models.PositiveBigIntegerField(default=0)
    gifts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "sender"], name="one_gifter_row_per_sender"),
            models.UniqueConstraint(fields=["stream"], condition=Q(sender__isnull=True), name="one_anonymous_row"),
        ]
        indexes = [models.Index(fields=["stream", "-coins"])]

    def __str__(self) -> str:
        return f"{self.sender_id or 'anonymous'}: {self.coins} on {self.stream_id}"


class StreamGiftTotals(models.Model):
    """A stream's gifts so far and its donation goal. Made by the stream's first gift or goal (a
    stream without one has none of either); every gift into the stream updates it in one statement."""

    stream = models.OneToOneField(
        "streaming.Stream", on_delete=models.CASCADE, primary_key=True, related_name="gift_totals"
    )
    gifts_count = models.PositiveIntegerField(default=0)
    gift_coins = models.PositiveBigIntegerField(default=0)
    donation_goal_title = models.CharField(max_length=100, blank=True)
    donation_goal_target = models.PositiveIntegerField(default=0)
    donation_goal_progress = models.PositiveIntegerField(default=0)
    donation_goal_reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "stream gift totals"

    def __str__(self) -> str:
        return f"{self.gifts_count} gifts, {self.gift_coins} coins on {self.stream_id}"


class Tip(models.Model):
    """A chat message paid in coins (settings.TIP_TIERS: its tier by amount sets its colour and how
    long it stays pinned at the top of chat). It counts toward the stream's gift totals, goal and
    leaderboard as one gift of its coins."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.PROTECT, related_name="tips")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tips_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tips_received")
    coins = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1_000_000)])
    message = models.CharField(max_length=200)
    tier = models.CharField(max_length=16)
    # None: its tier is not pinned.
    pinned_until = models.DateTimeField(null=True, blank=True)
    transfer_id = models.BigIntegerField(unique=True, help_text="The wallet transfer that paid for it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["stream", "-pinned_until"]),
            models.Index(fields=["sender", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(coins__gt=0), name="tip_costs_coins"),
            models.CheckConstraint(condition=~Q(message=""), name="tip_has_a_message"),
        ]

    def __str__(self) -> str:
        return f"{self.coins}-coin tip to {self.stream_id}"


@dataclass(frozen=True)
class TipTier:
    name: str
    coins: int
    pin_seconds: int
    color: str


def tip_tiers() -> list[TipTier]:
    """settings.TIP_TIERS, lowest first."""
    return sorted((TipTier(**tier) for tier in settings.TIP_TIERS), key=lambda tier: tier.coins)


def tip_tier_for(coins: int) -> TipTier | None:
    """The highest tier `coins` reaches, or None below the lowest (the smallest tip)."""
    return next((tier for tier in reversed(tip_tiers()) if coins >= tier.coins), None)


def tip_tier_named(name: str) -> TipTier:
    """A recorded tip's tier; the lowest if the settings no longer name it."""
    tiers = tip_tiers()
    return next((tier for tier in tiers if tier.name == name), tiers[0])

"""Live streams, their chat and their viewers."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.upload_fields import ImageUploadField


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: listed for everyone"
    UNLISTED = "unlisted", "Unlisted: anyone with the link"
    PRIVATE = "private", "Private: only me"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


# What the creator may set, beyond the fields' own lengths (read by forms, serializers and services).
TAGS_MAX = 10
TAG_MAX_LENGTH = 30
SLOW_MODE_MAX_SECONDS = 600

# Streams not over yet: they take chat, viewers, cameras and changes to their settings.
OPEN_STATUSES = (Status.SCHEDULED, Status.LIVE)


class Category(models.Model):
    """What a stream is about (the /live/ filter). Staff add them in the admin; the slug is what the
    API and /live/?category= name, so it does not change once streams use it."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first in menus and filters.")
    active = models.BooleanField(default=True, help_text="Offered to creators and in the filters.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


# A stream created without a category is in this one (migration 0006 creates it).
DEFAULT_CATEGORY = "PRACTICE"


def thumbnail_path(instance, filename: str) -> str:
    return f"streams/{instance.pk}/{filename}"


class Stream(models.Model):
    # A UUID, so unlisted streams cannot be found by counting.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="streams")
    title = models.CharField(max_length=140)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    # Keyed by the slug, so the column holds what the API shows and /live/ filters by.
    category = models.ForeignKey(
        Category,
        to_field="slug",
        db_column="category",
        on_delete=models.PROTECT,
        related_name="streams",
        default=DEFAULT_CATEGORY,
    )
    tags = models.JSONField(default=list, blank=True)
    thumbnail = ImageUploadField(upload_to=thumbnail_path, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    scheduled_for = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    # When the creator's studio or the ingest last said the stream is alive (for the watchdog).
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)

    current_viewers = models.PositiveIntegerField(default=0)
    peak_viewers = models.PositiveIntegerField(default=0)
    total_viewers = models.PositiveIntegerField(default=0, help_text="Unique viewers over the whole stream.")
    total_watch_seconds = models.PositiveBigIntegerField(default=0)

    is_premium = models.BooleanField(default=False)
    subscription_required = models.BooleanField(default=False)
    pay_per_view_cost = models.PositiveIntegerField(default=0, help_text="Coins, once per viewer; 0 for free.")

    chat_enabled = models.BooleanField(default=True)
    gifts_enabled = models.BooleanField(default=True)
    slow_mode_seconds = models.PositiveSmallIntegerField(default=0)
    emote_only = models.BooleanField(default=False)
    followers_only = models.BooleanField(default=False)

    # Stream-end summary, written once by the stats task.
    unique_chatters = models.PositiveIntegerField(default=0)
    messages_count = models.PositiveIntegerField(default=0)
    stats_computed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-current_viewers"]),
            models.Index(fields=["status", "-started_at"]),
            models.Index(fields=["creator", "-created_at"]),
        ]
        constraints = [
            # A creator broadcasts one stream at a time.
            models.UniqueConstraint(fields=["creator"], condition=Q(status="live"), name="one_live_stream_per_creator"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.status == Status.LIVE


class MessageKind(models.TextChoices):
    CHAT = "chat", "Chat"
    GIFT = "gift", "Gift"
    SYSTEM = "system", "System"


class Review(models.TextChoices):
    """Where a message AutoMod held stands. A message never held has no review ("")."""

    NONE = "", "Not held"
    HELD = "held", "Held for review"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    EXPIRED = "expired", "Expired"


# A held message nobody approved by then is expired (the five minutes).
HELD_MESSAGE_TTL = timedelta(minutes=5)


class ChatMessage(models.Model):
    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="messages")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.CHAT)
    content = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # AutoMod: a held message reaches the channel's moderators only, until approved.
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.NONE, blank=True)
    held_rule = models.CharField(max_length=120, blank=True, help_text="What AutoMod matched, for moderators.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written while its author was shadow-hidden: it reaches only them and the moderators.
    shadow = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["stream", "-id"]),
            models.Index(fields=["stream", "user", "-id"]),
            models.Index(fields=["created_at"], condition=Q(review="held"), name="held_messages"),
        ]

    def __str__(self) -> str:
        return self.content[:50]


class StreamViewerQuerySet(models.QuerySet):
    def present(self):
        """Viewers who count now: a socket is open, or (REST clients) their last ping is fresh."""
        fresh = timezone.now() - timedelta(seconds=settings.STREAM_VIEWER_TTL_SECONDS)
        return self.filter(Q(left_at__isnull=True) & (Q(connections__gt=0) | Q(last_seen_at__gte=fresh)))


class StreamViewer(models.Model):
    """One viewer of one stream (a user, or an anonymous browser session), however many tabs."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="viewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # "u<user id>" or "s<session key>": who this row counts.
    viewer_key = models.CharField(max_length=64)
    # Open sockets of this viewer; REST joins count as presence until they expire.
    connections = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    joined_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    # When the current stretch of watching began (None while away); closed stretches add to watch_seconds.
    present_since = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    watch_seconds = models.PositiveBigIntegerField(default=0)

    objects = StreamViewerQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "viewer_key"], name="one_viewer_row_per_viewer")]
        indexes = [models.Index(fields=["stream", "left_at", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.viewer_key} on {self.stream_id}"


class PayPerViewAccess(models.Model):
    """A viewer paid for one pay-per-view stream."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="paid_viewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    coins = models.PositiveIntegerField()
    transfer_id = models.BigIntegerField(help_text="The wallet transfer that paid for it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "user"], name="pay_per_view_once")]

    def __str__(self) -> str:
        return f"{self.user_id} paid for {self.stream_id}"

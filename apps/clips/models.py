"""Clips (a viewer's or the creator's cut of a stream, live or from its recording) and automatic
highlights (candidate moments found from chat, gifts, the shot tracker and PK battles, cut into
clips the creator publishes or discards)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.core.private_files import private_storage

CLIP_MIN_SECONDS = 5
CLIP_MAX_SECONDS = 60
CLIP_DEFAULT_SECONDS = 30
# How far back a live clip may reach; nginx-rtmp keeps at least this much HLS.
CLIP_WINDOW_SECONDS = 90
# The furthest into a recording a clip may start (a day of video).
RECORDING_MAX_SECONDS = 24 * 3600
# Live clips one viewer may ask for per CLIP_RATE_SECONDS (each costs an ffmpeg run).
CLIP_RATE_LIMIT = 5
CLIP_RATE_SECONDS = 300


class ClipSource(models.TextChoices):
    LIVE = "live", "Live (HLS segments)"
    RECORDING = "recording", "Recording"


class ClipStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be cut"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Clip(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="clips")
    # The stream's creator, kept on the row for their profile's list.
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clips")
    # Null: cut by the highlight finder.
    clipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=100)
    # The camera cut from (a stream may have several), and for a clip of a finished stream its recording.
    angle = models.ForeignKey("devices.Angle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recording = models.ForeignKey(
        "devices.Recording", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ClipSource.choices, default=ClipSource.LIVE)
    # Milliseconds from the start of the stream's picture (its first publish); a recording's clip:
    # from the start of that recording.
    start_ms = models.PositiveBigIntegerField()
    duration_ms = models.PositiveIntegerField(
        validators=[MinValueValidator(CLIP_MIN_SECONDS * 1000), MaxValueValidator(CLIP_MAX_SECONDS * 1000)]
    )
    status = models.CharField(max_length=8, choices=ClipStatus.choices, default=ClipStatus.PENDING)
    error = models.CharField(max_length=300, blank=True)
    video = models.FileField(storage=private_storage, upload_to="clips/", blank=True)
    thumbnail = models.FileField(storage=private_storage, upload_to="clips/", blank=True)
    # A highlight's clip is listed only once the creator publishes it.
    published = models.BooleanField(default=True)
    views = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["creator", "-created_at"]),
            models.Index(fields=["stream", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class HighlightKind(models.TextChoices):
    CHAT_BURST = "chat_burst", "Chat burst"
    GIFT_SPIKE = "gift_spike", "Gift spike"
    MAKE_STREAK = "make_streak", "Make streak"
    CHALLENGE_MADE = "challenge_made", "Shot challenge made"
    PK_FINISH = "pk_finish", "PK battle finish"


class HighlightReview(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    PUBLISHED = "published", "Published"
    DISCARDED = "discarded", "Discarded"


class Highlight(models.Model):
    """The product spec's stream-highlights table: a candidate moment, scored, then cut."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="highlights")
    kind = models.CharField(max_length=16, choices=HighlightKind.choices)
    # Seconds from the start of the stream's picture, pre-roll included.
    start_offset_seconds = models.PositiveIntegerField()
    duration_seconds = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(CLIP_MIN_SECONDS), MaxValueValidator(CLIP_MAX_SECONDS)]
    )
    confidence = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    excitement = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    # What the finder saw (a z-score, coins per 10 s, a streak's length...), for the review queue.
    evidence = models.JSONField(default=dict, blank=True)
    processed = models.BooleanField(default=False)
    clip = models.OneToOneField(Clip, on_delete=models.SET_NULL, null=True, blank=True, related_name="highlight")
    review = models.CharField(max_length=10, choices=HighlightReview.choices, default=HighlightReview.PENDING)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["stream", "review"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.start_clock}"

    @property
    def start_clock(self) -> str:
        return offset_clock(self.start_offset_seconds)


def offset_clock(seconds: int) -> str:
    """A time in the stream as its player shows it: 1:05, 1:02:03."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"

"""The shot tracker (every attempt the creator or their scorekeeper records on a stream) and paid
shot challenges (a viewer's coins in escrow until the creator attempts the shot, declines it or
lets it lapse)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

# A spot on the half-court diagram, in thousandths of its width (x) and height (y).
COURT_SCALE = 1000
# Make streaks the overlay celebrates (an ML frame for everyone).
MAKE_STREAK_MILESTONES = (3, 5, 10)


class ShotType(models.Model):
    """Data, not code: staff add kinds of shot in the admin."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=40)
    short_name = models.CharField(max_length=8, help_text='On the overlay, e.g. "3PT".')
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Shot(models.Model):
    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="shots")
    # The stream's creator, kept on the row so career numbers are one indexed read.
    shooter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shots")
    shot_type = models.ForeignKey(ShotType, on_delete=models.PROTECT, related_name="shots")
    made = models.BooleanField()
    x = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(COURT_SCALE)])
    y = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(COURT_SCALE)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Undo keeps the row (predictions and highlights may have read it); counts skip it.
    undone_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["stream", "-id"]), models.Index(fields=["shooter", "shot_type"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(x__isnull=True, y__isnull=True) | Q(x__isnull=False, y__isnull=False),
                name="shot_spot_both_or_neither",
            )
        ]

    def __str__(self) -> str:
        return f"{self.shot_type} {'made' if self.made else 'missed'}"


class ShotChallengeSettings(models.Model):
    """A creator's terms for paid shot challenges."""

    creator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shot_challenge_settings"
    )
    enabled = models.BooleanField(default=True)
    min_coins = models.PositiveIntegerField(default=50, validators=[MinValueValidator(1), MaxValueValidator(100_000)])

    def __str__(self) -> str:
        return f"Shot challenges of {self.creator}"


class ShotChallengeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the creator"
    ACCEPTED = "accepted", "Accepted"
    ATTEMPTED = "attempted", "Attempted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Not attempted in time"


class ShotChallenge(models.Model):
    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="shot_challenges")
    challenger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=100)
    coins = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=10, choices=ShotChallengeStatus.choices, default=ShotChallengeStatus.PENDING)
    made = models.BooleanField(null=True, blank=True)
    shot = models.OneToOneField(Shot, on_delete=models.PROTECT, null=True, blank=True, related_name="challenge")
    # Declined or not attempted by then: refunded in full.
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["stream", "status"]), models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.text} ({self.coins} coins)"

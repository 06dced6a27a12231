"""Channel points earned by watching (held in the ledger as their own unit: apps.wallet) and
predictions staked with them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

PREDICTION_MIN_WINDOW_SECONDS = 30
PREDICTION_MAX_WINDOW_SECONDS = 1800
PREDICTION_MIN_OUTCOMES = 2
PREDICTION_MAX_OUTCOMES = 10
# A locked prediction nobody resolved is cancelled (and refunded) this long after it locked.
PREDICTION_UNRESOLVED_HOURS = 24
# A settled prediction stays on the stream (its results card) this long.
PREDICTION_RESULTS_SECONDS = 600
# How many predictors a results card lists.
PREDICTION_TOP_PREDICTORS = 5
# "Makes K of the next N": the largest N a shot prediction may ask about.
SHOT_PREDICTION_MAX_ATTEMPTS = 50


class ViewerPoints(models.Model):
    """What a viewer has been given in one channel besides watching: their last claim (and so the
    welcome bonus, on the first) and the one-off bonus for following."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_claimed_at = models.DateTimeField(null=True, blank=True)
    follow_bonus_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="one_points_row_per_viewer_channel")]

    def __str__(self) -> str:
        return f"{self.user_id} in channel {self.channel_id}"


class WatchReward(models.Model):
    """How many whole watch periods of one stream a viewer has been credited for."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    periods = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "user"], name="one_watch_reward_per_viewer")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.stream_id}: {self.periods}"


class PredictionStatus(models.TextChoices):
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked"
    RESOLVED = "resolved", "Resolved"
    CANCELLED = "cancelled", "Cancelled"


UNSETTLED_STATUSES = (PredictionStatus.OPEN, PredictionStatus.LOCKED)


class Prediction(models.Model):
    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="predictions")
    # The channel whose points are staked (the stream's creator).
    channel = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=45)
    status = models.CharField(max_length=10, choices=PredictionStatus.choices, default=PredictionStatus.OPEN)
    window_seconds = models.PositiveIntegerField(
        validators=[MinValueValidator(PREDICTION_MIN_WINDOW_SECONDS), MaxValueValidator(PREDICTION_MAX_WINDOW_SECONDS)]
    )
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    locked_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    winner = models.ForeignKey("Outcome", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A shot prediction: "makes `shot_makes` of the next `shot_attempts` <shot_type>", counting the
    # shots recorded after `shot_after_id` (the stream's last shot when it opened).
    shot_type = models.ForeignKey("shots.ShotType", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    shot_makes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(SHOT_PREDICTION_MAX_ATTEMPTS)]
    )
    shot_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(SHOT_PREDICTION_MAX_ATTEMPTS)]
    )
    shot_after_id = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["status", "closes_at"]), models.Index(fields=["stream", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["stream"],
                condition=Q(status__in=UNSETTLED_STATUSES),
                name="one_unsettled_prediction_per_stream",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shot_prediction(self) -> bool:
        return self.shot_type_id is not None


class Outcome(models.Model):
    prediction = models.ForeignKey(Prediction, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=25)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["prediction", "position"], name="outcome_position_once")]

    def __str__(self) -> str:
        return self.title


class Stake(models.Model):
    """One viewer's points on one outcome of a prediction (adding more raises `points`)."""

    prediction = models.ForeignKey(Prediction, on_delete=models.CASCADE, related_name="stakes")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="stakes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveBigIntegerField(validators=[MinValueValidator(1)])
    # What settlement paid back (winnings or refund), for the results card.
    paid_out = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prediction", "user"], name="one_stake_per_predictor")]

    def __str__(self) -> str:
        return f"{self.points} on {self.outcome_id} by {self.user_id}"

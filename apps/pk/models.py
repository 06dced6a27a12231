"""PK battles: two live hosts (solo) or two teams of hosts (team) go head to head for a fixed
time, and every gift a viewer sends to a host in the battle scores for that host's side."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

MINUTE = 60


class Mode(models.TextChoices):
    SOLO = "solo", "Solo (host vs host)"
    TEAM = "team", "Team (team A vs team B)"


class BattleStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class Duration(models.IntegerChoices):
    THREE = 3 * MINUTE, "3 minutes"
    FIVE = 5 * MINUTE, "5 minutes"
    TEN = 10 * MINUTE, "10 minutes"


class TieRule(models.TextChoices):
    DRAW = "draw", "A draw"
    SUDDEN_DEATH = "sudden_death", "One sudden-death minute, then a draw"


class EndReason(models.TextChoices):
    TIME = "time", "Time ran out"
    FORFEIT = "forfeit", "A side left"
    DECLINED = "declined", "An invitation was declined"
    EXPIRED = "expired", "An invitation lapsed"
    WITHDRAWN = "withdrawn", "The inviter called it off"


class Result(models.TextChoices):
    WIN = "win", "Win"
    LOSS = "loss", "Loss"
    DRAW = "draw", "Draw"


class Battle(models.Model):
    mode = models.CharField(max_length=4, choices=Mode.choices)
    status = models.CharField(max_length=9, choices=BattleStatus.choices, default=BattleStatus.INVITED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    duration_seconds = models.PositiveSmallIntegerField(choices=Duration.choices, default=Duration.FIVE)
    counted_gift = models.ForeignKey(
        "gifting.Gift",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only this gift scores; empty: every gift does.",
    )
    tie_rule = models.CharField(max_length=12, choices=TieRule.choices, default=TieRule.DRAW)
    boosters_enabled = models.BooleanField(
        default=False, help_text="Double points in the last 30 seconds, and staff-scheduled event boosters."
    )
    invite_expires_at = models.DateTimeField()
    # Set when the last invitee accepts: the regular time is starts_at + duration; a tie under
    # the sudden-death rule moves ends_at a minute past overtime_starts_at.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    overtime_starts_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=9, choices=EndReason.choices, blank=True)
    winner = models.ForeignKey("Side", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Moves with every scored gift, so clients can drop a score frame older than one they have.
    score_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "ends_at"]),
            models.Index(fields=["status", "invite_expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="battle_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} battle #{self.pk} ({self.status})"

    @property
    def deadline(self):
        """When the clock settles the battle next: the invitation lapses, or the time is up."""
        if self.status == BattleStatus.INVITED:
            return self.invite_expires_at
        return self.ends_at if self.status == BattleStatus.ACTIVE else None

    @property
    def regular_end(self):
        return self.starts_at + timedelta(seconds=self.duration_seconds) if self.starts_at else None

    def is_counting_at(self, at) -> bool:
        """Whether a gift sent at `at` scores: in the battle's window, except, after a tie, in
        the gap between the regular end and the start of the sudden-death minute."""
        if self.status != BattleStatus.ACTIVE or not self.starts_at <= at < self.ends_at:
            return False
        return self.overtime_starts_at is None or at < self.regular_end or at >= self.overtime_starts_at


class Side(models.Model):
    """One side of a battle: a host (solo) or a team of hosts."""

    battle = models.ForeignKey(Battle, on_delete=models.CASCADE, related_name="sides")
    position = models.PositiveSmallIntegerField(help_text="1 (the inviter's side) or 2.")
    # The running total, written under the battle's lock; the result recounts Contribution rows.
    points = models.PositiveBigIntegerField(default=0)
    result = models.CharField(max_length=4, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["battle", "position"], name="one_side_per_position"),
            models.CheckConstraint(condition=Q(position__in=(1, 2)), name="two_sides"),
        ]

    def __str__(self) -> str:
        return f"{self.label} of battle #{self.battle_id}"

    @property
    def label(self) -> str:
        return "Team A" if self.position == 1 else "Team B"


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


class Participant(models.Model):
    """A host in a battle, on one side, broadcasting from one stream."""

    battle = models.ForeignKey(Battle, on_delete=models.CASCADE, related_name="participants")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="participants")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pk_participations")
    stream = models.ForeignKey("streaming.Stream", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=ParticipantStatus.choices, default=ParticipantStatus.INVITED)
    # True while the host is in this battle (invited or fighting): a host is in one battle at a time.
    is_current = models.BooleanField(default=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=4, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["battle", "host"], name="a_host_once_per_battle"),
            models.UniqueConstraint(fields=["host"], condition=Q(is_current=True), name="one_battle_at_a_time"),
        ]
        indexes = [
            models.Index(fields=["stream", "is_current"]),
            models.Index(fields=["host", "result"]),
        ]

    def __str__(self) -> str:
        return f"{self.host_id} in battle #{self.battle_id}"


class Contribution(models.Model):
    """A gift that scored in a battle: the side it scored for, and how many points."""

    battle = models.ForeignKey(Battle, on_delete=models.CASCADE, related_name="contributions")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contributions")
    gift_send = models.OneToOneField("gifting.GiftSend", on_delete=models.PROTECT, related_name="pk_contribution")
    # Null for anonymous gifts: they pool as one "Anonymous" gifter, as on the stream's leaderboard.
    gifter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    coins = models.PositiveIntegerField(help_text="The gift's coin value × quantity.")
    multiplier = models.PositiveSmallIntegerField(default=1)
    points = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(help_text="When the gift was sent.")

    class Meta:
        indexes = [models.Index(fields=["battle", "side", "gifter"])]
        constraints = [
            models.CheckConstraint(condition=Q(points=F("coins") * F("multiplier")), name="points_are_coins_times_x"),
        ]

    def __str__(self) -> str:
        return f"{self.points} points for side {self.side_id}"


class BoosterKind(models.TextChoices):
    # Other kinds (TikTok's glove, time extensions) get their own kind and the fields they need.
    MULTIPLIER = "multiplier", "Points multiplier"


class Booster(models.Model):
    """A window in which points count `factor` times: one battle's (its last 30 seconds), or, with no
    battle, a staff-scheduled event for every battle that has boosters on. They do not stack:
    the biggest factor in force applies."""

    battle = models.ForeignKey(Battle, on_delete=models.CASCADE, null=True, blank=True, related_name="boosters")
    kind = models.CharField(max_length=10, choices=BoosterKind.choices, default=BoosterKind.MULTIPLIER)
    label = models.CharField(max_length=40, default="Double points")
    factor = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["battle", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booster_window_in_order"),
            models.CheckConstraint(condition=Q(factor__gte=1), name="booster_factor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ×{self.factor}"

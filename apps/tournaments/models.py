"""Tournaments, their entries and matches; 1v1 challenges; Glicko-2 ratings per game type.

The bracket's shape comes from the pure engine (brackets.py, swiss.py): each Match row is one of its
matches, with the engine's id as `code` and its slots' sources kept, so advancing a player, a
correction's dependants and the "Loser of W2-M3" hints are all read from the rows themselves.
Rows here are written only by this app's services.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least

from apps.tournaments import glicko2

MIN_CAPACITY, MAX_CAPACITY = 2, 256
NAME_MAX_LENGTH = 60
# A rating counts on leaderboards once its deviation is below glicko2.ESTABLISHED_DEVIATION after this many.
ESTABLISHED_MATCHES = 5


class GameType(models.Model):
    """A kind of contest players are rated in (1v1, free-throw contest...): data, so staff add more."""

    code = models.CharField(max_length=20, unique=True, help_text="As the API names it, e.g. 1V1.")
    name = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Format(models.TextChoices):
    SINGLE_ELIMINATION = "SINGLE_ELIMINATION", "Single elimination"
    DOUBLE_ELIMINATION = "DOUBLE_ELIMINATION", "Double elimination"
    ROUND_ROBIN = "ROUND_ROBIN", "Round robin"
    SWISS = "SWISS", "Swiss"


class GrandFinal(models.TextChoices):
    NONE = "none", "No grand final"
    SINGLE = "single", "One grand final"
    RESET = "reset", "Grand final with a reset if needed"


class Seeding(models.TextChoices):
    RATING = "rating", "By rating"
    RANDOM = "random", "Random"
    MANUAL = "manual", "Set by the organizer"


class TournamentStatus(models.TextChoices):
    REGISTRATION = "registration", "Registration open"
    LIVE = "live", "Live"
    PAUSED = "paused", "Paused"
    FINALIZED = "finalized", "Finished"
    CANCELLED = "cancelled", "Cancelled"


BEST_OF_CHOICES = [(1, "Best of 1"), (3, "Best of 3"), (5, "Best of 5")]


def default_prize_split() -> list[int]:
    return [60, 30, 10]


class Tournament(models.Model):
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organized_tournaments"
    )
    game_type = models.ForeignKey(GameType, on_delete=models.PROTECT, related_name="tournaments")
    description = models.TextField(max_length=2000, blank=True, help_text="Rules and anything players should know.")
    format = models.CharField(max_length=20, choices=Format.choices)
    third_place = models.BooleanField(default=False, help_text="Single elimination: a match for third place.")
    grand_final = models.CharField(max_length=6, choices=GrandFinal.choices, default=GrandFinal.RESET)
    groups = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(16)], help_text="Round robin: groups."
    )
    swiss_rounds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    best_of = models.PositiveSmallIntegerField(choices=BEST_OF_CHOICES, default=1)
    final_best_of = models.PositiveSmallIntegerField(choices=BEST_OF_CHOICES, default=1)
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)]
    )
    start_at = models.DateTimeField()
    check_in_minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(24 * 60)], help_text="0: no check-in."
    )
    # What a player pays to enter, before the verified-only uplift (see `entry_price`).
    entry_fee = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(1_000_000)])
    platform_cut_percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    prize_split = models.JSONField(default=default_prize_split)
    verified_only = models.BooleanField(default=False)
    seeding = models.CharField(max_length=6, choices=Seeding.choices, default=Seeding.RATING)
    report_timeout_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    status = models.CharField(max_length=12, choices=TournamentStatus.choices, default=TournamentStatus.REGISTRATION)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Moves with every bracket change, so a client drops a BU frame older than the page it has.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_at", "id"]
        indexes = [models.Index(fields=["status", "start_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY, capacity__lte=MAX_CAPACITY), name="tournament_capacity_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def entry_price(self) -> int:
        """The fee a player pays: verified-only events cost 1.25 times the fee (the spec), rounded up."""
        return -(-self.entry_fee * 5 // 4) if self.verified_only else self.entry_fee

    @property
    def check_in_opens_at(self):
        return self.start_at - timedelta(minutes=self.check_in_minutes)


class EntryStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WAITING = "waiting", "On the waiting list"
    WITHDRAWN = "withdrawn", "Withdrew"
    DROPPED = "dropped", "Did not check in"
    REFUNDED = "refunded", "Refunded (tournament cancelled)"


ACTIVE_ENTRY_STATUSES = (EntryStatus.REGISTERED, EntryStatus.WAITING)


class Entry(models.Model):
    """A player's place in a tournament (or on its waiting list), and who paid for it."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="entries")
    player = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tournament_entries")
    # Someone else when the entry was a gift; the fee comes back to them on a refund.
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.REGISTERED)
    # Coins held in escrow for this entry (0 while waiting: the fee is taken on moving up).
    fee_paid = models.PositiveIntegerField(default=0)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    seed = models.PositiveSmallIntegerField(null=True, blank=True)
    # The organizer's manual seed, used when the tournament seeds manually.
    requested_seed = models.PositiveSmallIntegerField(null=True, blank=True)
    disqualified = models.BooleanField(default=False)
    final_place = models.PositiveSmallIntegerField(null=True, blank=True)
    prize = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["tournament", "seed", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "player"],
                condition=Q(status__in=ACTIVE_ENTRY_STATUSES),
                name="one_active_entry_per_player",
            ),
        ]
        indexes = [models.Index(fields=["tournament", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.player} in {self.tournament} ({self.status})"


class Sponsorship(models.Model):
    """Coins someone added to a tournament's prize pool; held in escrow until it is finalized."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="sponsorships")
    sponsor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coins = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    refunded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.coins} coins from {self.sponsor} to {self.tournament}"


class MatchStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for players"
    READY = "ready", "Ready"
    LIVE = "live", "Live"
    DONE = "done", "Done"
    DISPUTED = "disputed", "Disputed"
    # A grand-final reset that was not needed.
    VOID = "void", "Not needed"


class Bracket(models.TextChoices):
    WINNERS = "winners", "Winners' bracket"
    LOSERS = "losers", "Losers' bracket"
    GRAND_FINAL = "grand_final", "Grand final"
    THIRD_PLACE = "third_place", "Third place"
    ROUND_ROBIN = "round_robin", "Round robin"
    SWISS = "swiss", "Swiss"
    CHALLENGE = "challenge", "Challenge"


class Outcome(models.TextChoices):
    WINNER = "winner", "Winner"
    LOSER = "loser", "Loser"


class Decision(models.TextChoices):
    """How a completed match was decided."""

    AGREED = "agreed", "Both players reported the same"
    SETTLED = "settled", "Settled by the organizer"
    CORRECTED = "corrected", "Corrected by the organizer"
    FORFEIT = "forfeit", "Forfeit"
    DISQUALIFIED = "disqualified", "Disqualification"


class Match(models.Model):
    """One match of a bracket (tournament set) or of a 1v1 challenge (tournament empty)."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, null=True, blank=True, related_name="matches")
    code = models.CharField(max_length=20, help_text="The engine's id, e.g. W2-M3.")
    bracket = models.CharField(max_length=12, choices=Bracket.choices)
    group = models.PositiveSmallIntegerField(default=0, help_text="Round robin groups: 1, 2...; 0 for none.")
    round = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    round_name = models.CharField(max_length=40)
    best_of = models.PositiveSmallIntegerField(choices=BEST_OF_CHOICES, default=1)
    # Where each side's player comes from: a seed, or the winner/loser of another match of this tournament.
    seed1 = models.PositiveSmallIntegerField(null=True, blank=True)
    seed2 = models.PositiveSmallIntegerField(null=True, blank=True)
    source1 = models.CharField(max_length=20, blank=True)
    source2 = models.CharField(max_length=20, blank=True)
    outcome1 = models.CharField(max_length=6, choices=Outcome.choices, blank=True)
    outcome2 = models.CharField(max_length=6, choices=Outcome.choices, blank=True)
    conditional = models.BooleanField(default=False, help_text="The grand-final reset: played only if needed.")
    player1 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    player2 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=MatchStatus.choices, default=MatchStatus.WAITING)
    # Game scores from player1's side: [[p1, p2], ...].
    games = models.JSONField(default=list, blank=True)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    stream = models.ForeignKey(
        "streaming.Stream", on_delete=models.SET_NULL, null=True, blank=True, related_name="tournament_matches"
    )
    # When the other player's report is overdue and the match goes to the organizer.
    report_deadline = models.DateTimeField(null=True, blank=True)
    # Counts result changes, so a rating is applied once per result and re-applied after a correction.
    result_version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "matches"
        ordering = ["tournament", "group", "bracket", "round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tournament", "code"], name="one_match_per_code"),
            models.CheckConstraint(
                condition=Q(winner__isnull=True) | Q(winner=F("player1")) | Q(winner=F("player2")),
                name="match_winner_is_a_player",
            ),
        ]
        indexes = [
            models.Index(fields=["tournament", "source1"]),
            models.Index(fields=["tournament", "source2"]),
            models.Index(fields=["status", "report_deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} of {self.tournament}" if self.tournament_id else f"Challenge match #{self.pk}"

    @property
    def players(self) -> tuple:
        return (self.player1_id, self.player2_id)


class MatchReport(models.Model):
    """A player's own account of a match's games, scores from the reporter's side."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    games = models.JSONField()
    # Reports of a result that was later corrected or reopened stay, no longer current.
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["match", "reporter"], condition=Q(current=True), name="one_current_report_per_player"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} on {self.match}: {self.games}"


class MatchEventKind(models.TextChoices):
    READY = "ready", "Players known"
    REPORTED = "reported", "Reported"
    COMPLETED = "completed", "Completed"
    DISPUTED = "disputed", "Disputed"
    SETTLED = "settled", "Settled"
    CORRECTED = "corrected", "Corrected"
    REOPENED = "reopened", "Reopened"
    FORFEITED = "forfeited", "Forfeited"
    DISQUALIFIED = "disqualified", "Disqualified"
    STREAM_ATTACHED = "stream_attached", "Stream attached"


class MatchEvent(models.Model):
    """The match's history: every report, result and change, never edited."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=16, choices=MatchEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.match})"


class ChallengeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_CHALLENGE_STATUSES = (ChallengeStatus.PENDING, ChallengeStatus.ACCEPTED)


class Challenge(models.Model):
    """'I challenge you': a 1v1 with both stakes in escrow; the winner takes the pot less the cut."""

    challenger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_made")
    opponent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_received")
    game_type = models.ForeignKey(GameType, on_delete=models.PROTECT, related_name="challenges")
    best_of = models.PositiveSmallIntegerField(choices=BEST_OF_CHOICES, default=1)
    stake = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(1_000_000)])
    message = models.CharField(max_length=200, blank=True)
    # Who paid each side's stake: the player, or a friend who sponsored it. Empty: not paid yet.
    challenger_stake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opponent_stake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    platform_cut_percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    status = models.CharField(max_length=9, choices=ChallengeStatus.choices, default=ChallengeStatus.PENDING)
    expires_at = models.DateTimeField()
    match = models.OneToOneField(Match, on_delete=models.PROTECT, null=True, blank=True, related_name="challenge")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(challenger=F("opponent")), name="challenge_not_yourself"),
            # One open challenge between two players, whoever challenged whom.
            models.UniqueConstraint(
                Least("challenger", "opponent"),
                Greatest("challenger", "opponent"),
                condition=Q(status__in=OPEN_CHALLENGE_STATUSES),
                name="one_open_challenge_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenger} challenges {self.opponent} ({self.status})"


class Rating(models.Model):
    """A player's Glicko-2 rating in one game type, and the record the profile shows with it."""

    player = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings")
    game_type = models.ForeignKey(GameType, on_delete=models.PROTECT, related_name="ratings")
    rating = models.FloatField(default=1500.0)
    deviation = models.FloatField(default=350.0)
    volatility = models.FloatField(default=0.06)
    rated_matches = models.PositiveIntegerField(default=0)
    wins = models.PositiveIntegerField(default=0)
    losses = models.PositiveIntegerField(default=0)
    current_streak = models.IntegerField(default=0, help_text="Wins in a row (negative: losses in a row).")
    longest_win_streak = models.PositiveIntegerField(default=0)
    highest_rating = models.FloatField(default=1500.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["player", "game_type"], name="one_rating_per_game_type")]
        indexes = [models.Index(fields=["game_type", "-rating"])]

    def __str__(self) -> str:
        return f"{self.player} {self.game_type}: {self.rating:.0f}"

    def as_glicko2(self) -> glicko2.Rating:
        return glicko2.Rating(self.rating, self.deviation, self.volatility)

    @property
    def display(self) -> str:
        """Rating ± 2 deviations, e.g. "1720 ± 180"; "1500? ± 700" while provisional."""
        return glicko2.display(self.as_glicko2())

    @property
    def is_established(self) -> bool:
        """Shown on leaderboards: a settled deviation and enough matches behind it."""
        return self.deviation < glicko2.ESTABLISHED_DEVIATION and self.rated_matches >= ESTABLISHED_MATCHES


class RatingChange(models.Model):
    """One applied result: the history the profile charts, and the key that makes rating idempotent."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="changes")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="rating_changes")
    result_version = models.PositiveIntegerField()
    won = models.BooleanField()
    # Before and after of all three, so a corrected result can be taken back (see services.ratings).
    rating_before = models.FloatField()
    rating_after = models.FloatField()
    deviation_before = models.FloatField()
    deviation_after = models.FloatField()
    volatility_before = models.FloatField()
    volatility_after = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "match", "result_version"], name="one_rating_change_per_result"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}: {self.rating_before:.0f} to {self.rating_after:.0f}"

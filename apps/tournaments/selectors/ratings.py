"""Reads of ratings: a game type's leaderboard, a player's ratings and record, and the rating history the
profile charts. Shared by the pages, the API and the profile's rating card."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from apps.accounts.models import User
from apps.tournaments import glicko2
from apps.tournaments.errors import GameTypeNotFound
from apps.tournaments.models import ESTABLISHED_MATCHES, Entry, EntryStatus, GameType, Rating, RatingChange

# The profile's chart draws at most this many of the latest results per game type.
HISTORY_POINTS = 50


def game_types() -> QuerySet[GameType]:
    return GameType.objects.filter(active=True)


def game_type_by_code(code: str) -> GameType:
    """An active game type by its code, as the API names it (any case: URLs show it in lower case)."""
    game_type = game_types().filter(code__iexact=code).first()
    if game_type is None:
        raise GameTypeNotFound(f"No game type {code!r}.")
    return game_type


def _established() -> QuerySet[Rating]:
    return Rating.objects.filter(
        deviation__lt=glicko2.ESTABLISHED_DEVIATION, rated_matches__gte=ESTABLISHED_MATCHES, player__is_active=True
    )


def first_ranked(kinds: list[GameType]) -> GameType:
    """The first of `kinds` whose leaderboard has anyone on it (the first of all when none has)."""
    ranked = set(_established().filter(game_type__in=kinds).values_list("game_type_id", flat=True).distinct())
    return next((kind for kind in kinds if kind.pk in ranked), kinds[0])


def leaderboard(*, game_type: GameType) -> QuerySet[Rating]:
    """Established ratings in `game_type`, best first, each with its `place` (ties broken by who joined first)."""
    order = [F("rating").desc(), F("player_id").asc()]
    return (
        _established()
        .filter(game_type=game_type)
        .select_related("player__profile")
        .annotate(place=Window(RowNumber(), order_by=order))
        .order_by(*order)
    )


def player_ratings(*, user: User) -> list[Rating]:
    """`user`'s rating in each active game type; one never played is a newcomer's 1500 ± 350 (not saved)."""
    kinds = list(game_types())
    rows = Rating.objects.filter(player=user, game_type__in=kinds).select_related("game_type")
    played = {rating.game_type_id: rating for rating in rows}
    return [played.get(kind.pk) or Rating(player=user, game_type=kind) for kind in kinds]


@dataclass(frozen=True)
class HistoryPoint:
    rating: float
    deviation: float
    won: bool


def rating_histories(*, user: User, limit: int = HISTORY_POINTS) -> dict[int, list[HistoryPoint]]:
    """The rating after each of `user`'s latest `limit` rated matches, oldest first, by game type id:
    one query, however many game types."""
    return _histories(RatingChange.objects.filter(rating__player=user), limit)


def rating_history(*, user: User, game_type: GameType, limit: int = HISTORY_POINTS) -> list[HistoryPoint]:
    changes = RatingChange.objects.filter(rating__player=user, rating__game_type=game_type)
    return _histories(changes, limit).get(game_type.pk, [])


def _histories(changes: QuerySet[RatingChange], limit: int) -> dict[int, list[HistoryPoint]]:
    latest_first = [F("match__completed_at").desc(nulls_first=True), F("id").desc()]
    rows = (
        changes.annotate(recent=Window(RowNumber(), partition_by=F("rating__game_type_id"), order_by=latest_first))
        .filter(recent__lte=limit)
        .order_by(*latest_first)
        .values_list("rating__game_type_id", "rating_after", "deviation_after", "won")
    )
    histories = defaultdict(list)
    for game_type_id, *point in rows:
        histories[game_type_id].append(HistoryPoint(*point))
    return {game_type_id: points[::-1] for game_type_id, points in histories.items()}


@dataclass(frozen=True)
class RatingStats:
    """A profile's ratings and record across game types."""

    ratings: list[Rating]
    histories: dict[int, list[HistoryPoint]]  # by game type id, for the game types played
    events_entered: int
    events_won: int
    career_prize_money_cents: int
    current_streak: int

    @property
    def played(self) -> list[Rating]:
        return [rating for rating in self.ratings if rating.rated_matches]

    @property
    def wins(self) -> int:
        return sum(rating.wins for rating in self.ratings)

    @property
    def losses(self) -> int:
        return sum(rating.losses for rating in self.ratings)

    @property
    def win_rate(self) -> int | None:
        """Wins in percent of rated matches; None before the first."""
        total = self.wins + self.losses
        return round(100 * self.wins / total) if total else None

    @property
    def highest_rating(self) -> int | None:
        return max((round(rating.highest_rating) for rating in self.played), default=None)

    @property
    def longest_win_streak(self) -> int:
        return max((rating.longest_win_streak for rating in self.ratings), default=0)


def rating_stats(*, user: User) -> RatingStats:
    """`user` must have its profile loaded."""
    ratings = player_ratings(user=user)
    events = Entry.objects.filter(
        player=user, status=EntryStatus.REGISTERED, tournament__started_at__isnull=False
    ).aggregate(entered=Count("pk"), won=Count("pk", filter=Q(final_place=1)))
    return RatingStats(
        ratings=ratings,
        histories=rating_histories(user=user),
        events_entered=events["entered"],
        events_won=events["won"],
        career_prize_money_cents=user.profile.career_prize_money_cents,
        current_streak=user.profile.current_streak,
    )

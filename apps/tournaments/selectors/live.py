"""Reads behind the tournament socket and its frames: who a socket belongs with, how many players
are in, and whether an entrant is a superstar (the product spec's entry announcement)."""

from enum import StrEnum

from django.db.models import Max, Q

from apps.accounts.models import Follow
from apps.accounts.tiers import TIERS, Tier
from apps.tournaments.models import Entry, EntryStatus, Rating, Tournament

# The spec's superstar criteria (real-time document, "Superstar detection algorithm"), each "above".
SUPERSTAR_RATING = 1500
SUPERSTAR_TIER = Tier.PREMIUM_VERIFIED  # or any tier ranked above it
SUPERSTAR_STREAK = 10
# The spec's `career_prize_money > 5000` is dollars (its column is DECIMAL(12,2), shown with "$");
# AthleteProfile keeps it in cents.
SUPERSTAR_PRIZE_MONEY_CENTS = 5000 * 100
SUPERSTAR_FOLLOWERS = 1000
ELITE_CRITERIA, LEGENDARY_CRITERIA = 3, 4


class SuperstarLevel(StrEnum):
    ELITE = "ELITE"
    LEGENDARY = "LEGENDARY"


def is_player(*, tournament_id: int, user) -> bool:
    """Whether `user` gets the whole bracket on every change: the organizer or a registered player."""
    if not (user and user.is_authenticated):
        return False
    playing = Q(organizer=user) | Q(entries__player=user, entries__status=EntryStatus.REGISTERED)
    return Tournament.objects.filter(playing, pk=tournament_id).exists()


def registered_count(*, tournament: Tournament) -> int:
    return Entry.objects.filter(tournament=tournament, status=EntryStatus.REGISTERED).count()


def superstar_criteria(user) -> list[str]:
    """The names of the spec's five criteria `user` meets: rating (above 1500 in any game type), tier
    (PREMIUM_VERIFIED or above), streak (a current win streak above 10 in any game type), prize (career
    prize money above $5,000), followers (above 1,000). Two queries besides the profile."""
    profile = user.profile
    best = Rating.objects.filter(player=user).aggregate(rating=Max("rating"), streak=Max("current_streak"))
    streak = max(best["streak"] or 0, profile.current_streak)
    met = {
        "rating": (best["rating"] or 0) > SUPERSTAR_RATING,
        "tier": profile.tier.rank >= TIERS[SUPERSTAR_TIER].rank,
        "streak": streak > SUPERSTAR_STREAK,
        "prize": profile.career_prize_money_cents > SUPERSTAR_PRIZE_MONEY_CENTS,
        # Only counted past the threshold: a star's followers can run to millions.
        "followers": Follow.objects.filter(creator=user)[: SUPERSTAR_FOLLOWERS + 1].count() > SUPERSTAR_FOLLOWERS,
    }
    return [name for name, ok in met.items() if ok]


def superstar_level(user, criteria: list[str] | None = None) -> SuperstarLevel | None:
    """ELITE when `user` meets 3 of the 5 criteria, LEGENDARY at 4 or more, else None."""
    met = len(superstar_criteria(user) if criteria is None else criteria)
    if met >= LEGENDARY_CRITERIA:
        return SuperstarLevel.LEGENDARY
    if met >= ELITE_CRITERIA:
        return SuperstarLevel.ELITE
    return None


def rating_display(*, player, game_type_id: int) -> str:
    """The player's rating as the page shows it beside their name ("1500? ± 700" before any match)."""
    rating = Rating.objects.filter(player=player, game_type_id=game_type_id).first()
    return (rating or Rating()).display

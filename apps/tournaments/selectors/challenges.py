"""Reads of 1v1 challenges: a player's own, the open one between two players, who won its pot."""

from django.db.models import Q, QuerySet

from apps.tournaments.models import Challenge, ChallengeStatus
from apps.wallet.models import Entry, TransferKind


def challenge_reference(challenge: Challenge) -> str:
    """What every movement of the challenge's coins names as its reference."""
    return f"challenge:{challenge.pk}"


def prize_paid_to(challenge: Challenge) -> int | None:
    """The user id the challenge's pot was paid to; None before (or for a friendly, which pays nothing)."""
    prize = Entry.objects.filter(
        transfer__reference=challenge_reference(challenge), transfer__kind=TransferKind.PRIZE, amount__gt=0
    )
    return prize.values_list("account__owner_id", flat=True).first()


def _open(now) -> Q:
    """Accepted and not yet played, or waiting for an answer that may still come."""
    return Q(status=ChallengeStatus.ACCEPTED) | Q(status=ChallengeStatus.PENDING, expires_at__gt=now)


def open_challenge_between(first, second, *, now) -> Challenge | None:
    pair = Q(challenger=first, opponent=second) | Q(challenger=second, opponent=first)
    return Challenge.objects.filter(pair & _open(now)).first()


def challenges_of(*, user, status: str | None = None) -> QuerySet[Challenge]:
    """The challenges `user` made, received or paid a stake of, newest first."""
    mine = Q(challenger=user) | Q(opponent=user) | Q(challenger_stake_by=user) | Q(opponent_stake_by=user)
    challenges = _shown(Challenge.objects.filter(mine))
    if status:
        challenges = challenges.filter(status=status)
    return challenges.order_by("-created_at", "-id")


def challenge_detail(*, challenge_id: int) -> Challenge | None:
    return _shown(Challenge.objects.filter(pk=challenge_id)).first()


def _shown(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """With what a challenge is shown with: both players, its game type, its match."""
    return challenges.select_related("challenger__profile", "opponent__profile", "game_type", "match")

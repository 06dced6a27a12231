"""Reads of 1v1 challenges: a player's own, and the open one between two players."""

from django.db.models import Q, QuerySet

from apps.tournaments.models import Challenge, ChallengeStatus


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

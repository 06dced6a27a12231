"""Who may earn, claim, open, stake on and settle predictions, and when (docs/predictions.md)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from apps.core.exceptions import ApplicationError
from apps.predictions.errors import ClaimNotReady, PointsUnavailable, PredictionClosed, StakeInvalid
from apps.predictions.models import Prediction, PredictionStatus, ViewerPoints
from apps.restrictions.rules import is_channel_moderator, moderate_problem, restriction_problem
from apps.streaming.errors import LoginRequired
from apps.streaming.rules import watch_problem


def points_problem(stream, user) -> ApplicationError | None:
    """Points are the channel's, claimed and staked signed in while watching it live, by someone the
    channel has not banned, timed out or warned (unacknowledged) there."""
    if not (user and user.is_authenticated):
        return LoginRequired("Sign in to earn channel points.")
    if problem := watch_problem(stream, user) or restriction_problem(user, stream.creator_id):
        return problem
    if not stream.is_live:
        return PointsUnavailable("Channel points are earned while the stream is live.")
    return None


def next_claim_at(last_claimed_at: datetime | None) -> datetime | None:
    """When the next bonus opens (None: claimable now, or never claimed)."""
    if last_claimed_at is None:
        return None
    opens = last_claimed_at + timedelta(seconds=settings.POINTS_CLAIM_INTERVAL_SECONDS)
    return opens if opens > timezone.now() else None


def claim_problem(stream, user, *, last_claimed_at: datetime | None = ...) -> ApplicationError | None:
    """May `user` claim the bonus on `stream` now? `last_claimed_at` when the caller holds it."""
    if problem := points_problem(stream, user):
        return problem
    if last_claimed_at is ...:
        last_claimed_at = (
            ViewerPoints.objects.filter(user=user, channel_id=stream.creator_id)
            .values_list("last_claimed_at", flat=True)
            .first()
        )
    if (opens := next_claim_at(last_claimed_at)) is not None:
        return ClaimNotReady(
            f"The next bonus opens at {timezone.localtime(opens):%H:%M:%S}.", claim_at=int(opens.timestamp() * 1000)
        )
    return None


def open_problem(stream, user) -> ApplicationError | None:
    """The channel's creator or its moderators open predictions, while the stream is live."""
    if problem := moderate_problem(user, stream.creator_id):
        return problem
    if not stream.is_live:
        return PointsUnavailable("Predictions open while the stream is live.")
    return None


def settle_problem(prediction: Prediction, user) -> ApplicationError | None:
    """Locking, resolving and cancelling: the channel's team, on a prediction not settled yet."""
    if problem := moderate_problem(user, prediction.channel_id):
        return problem
    if prediction.status not in (PredictionStatus.OPEN, PredictionStatus.LOCKED):
        return PredictionClosed(f"This prediction is {prediction.get_status_display().lower()} already.")
    return None


def takes_stakes(prediction: Prediction) -> bool:
    """Open and its window not over (the beat task locks it soon after; until then it reads locked)."""
    return prediction.status == PredictionStatus.OPEN and timezone.now() < prediction.closes_at


def stake_problem(prediction: Prediction, user) -> ApplicationError | None:
    """Viewers stake while it is open; the channel's team, who settle it, do not."""
    if problem := points_problem(prediction.stream, user):
        return problem
    if is_channel_moderator(user, prediction.channel_id):
        return StakeInvalid("The channel's team settles predictions; it does not stake on them.")
    if not takes_stakes(prediction):
        return PredictionClosed("Predictions are closed.")
    return None

"""Reads of channel points and predictions, shared by pages, the API and the socket."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.predictions.models import (
    PREDICTION_RESULTS_SECONDS,
    PREDICTION_TOP_PREDICTORS,
    UNSETTLED_STATUSES,
    Outcome,
    Prediction,
    Stake,
    ViewerPoints,
)
from apps.predictions.rules import next_claim_at
from apps.wallet.selectors import points_balance


@dataclass(frozen=True)
class PointsState:
    channel_id: int
    points: int
    claim_at: datetime | None  # None: claimable now
    last_claimed_at: datetime | None = None


def points_state(*, user, channel) -> PointsState:
    """The user's balance in `channel` (a creator) and when they may claim next."""
    last = ViewerPoints.objects.filter(user=user, channel=channel).values_list("last_claimed_at", flat=True).first()
    return PointsState(channel.pk, points_balance(user, channel), next_claim_at(last), last)


def _with_pools(predictions):
    pools = Outcome.objects.annotate(pool=Coalesce(Sum("stakes__points"), 0), backers=Count("stakes")).order_by(
        "position"
    )
    return predictions.select_related("shot_type").prefetch_related(Prefetch("outcomes", queryset=pools))


def prediction_detail(prediction_id) -> Prediction | None:
    return _with_pools(Prediction.objects.select_related("stream")).filter(pk=prediction_id).first()


def current_prediction(stream) -> Prediction | None:
    """The stream's prediction to show: the unsettled one, else one settled in the last few minutes."""
    recent = timezone.now() - timedelta(seconds=PREDICTION_RESULTS_SECONDS)
    shown = Q(status__in=UNSETTLED_STATUSES) | Q(settled_at__gte=recent)
    return _with_pools(Prediction.objects.filter(stream=stream).filter(shown)).order_by("-id").first()


def top_predictors(prediction: Prediction) -> list[Stake]:
    """The biggest winners of a resolved prediction (nobody before it is resolved)."""
    if prediction.winner_id is None:
        return []
    stakes = Stake.objects.filter(prediction=prediction, outcome_id=prediction.winner_id)
    return list(stakes.select_related("user__profile").order_by("-paid_out", "created_at")[:PREDICTION_TOP_PREDICTORS])


def my_stake(prediction: Prediction, user) -> Stake | None:
    if not (user and user.is_authenticated):
        return None
    return Stake.objects.filter(prediction=prediction, user=user).first()

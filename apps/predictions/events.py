"""Realtime payloads of channel points and predictions: PT (a user's balance, to their own sockets
on the stream) and PR (a prediction's whole state, to the stream, coalesced)."""

from django.utils import timezone

from apps.predictions import selectors
from apps.predictions.models import PredictionStatus
from apps.predictions.rules import takes_stakes
from apps.realtime.broadcast import broadcast
from apps.realtime.protocol import Code
from apps.streaming.events import author_payload, stream_group, stream_user_group


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def points_payload(state: selectors.PointsState) -> dict:
    return {"channel": state.channel_id, "points": state.points, "claim_at": _ms(state.claim_at)}


def send_points(*, stream_id, user, channel) -> None:
    """The user's balance in the channel changed: PT to their sockets on the stream."""
    state = selectors.points_state(user=user, channel=channel)
    broadcast(stream_user_group(stream_id, user.pk), Code.POINTS, points_payload(state))


def shown_status(prediction) -> str:
    """Open until its window ends, whether or not the beat task has locked it yet."""
    if prediction.status == PredictionStatus.OPEN and not takes_stakes(prediction):
        return PredictionStatus.LOCKED
    return prediction.status


def prediction_payload(prediction) -> dict:
    """`prediction` as read by the selectors (outcomes with `pool` and `backers`)."""
    outcomes = list(prediction.outcomes.all())
    pool = sum(outcome.pool for outcome in outcomes)
    return {
        "id": prediction.pk,
        "title": prediction.title,
        "s": shown_status(prediction),
        "closes": _ms(prediction.closes_at),
        "outcomes": [
            {
                "id": outcome.pk,
                "title": outcome.title,
                "points": outcome.pool,
                "users": outcome.backers,
                "share": round(100 * outcome.pool / pool) if pool else 0,
                # What one point staked here returns if it wins (the whole pool over this outcome's).
                "ratio": round(pool / outcome.pool, 2) if outcome.pool else None,
            }
            for outcome in outcomes
        ],
        "pool": pool,
        "winner": prediction.winner_id,
        "top": [
            {"who": author_payload(stake.user), "won": stake.paid_out, "staked": stake.points}
            for stake in selectors.top_predictors(prediction)
        ],
        "now": _ms(timezone.now()),
    }


def send_prediction(prediction_id) -> None:
    """PR with the prediction as the current transaction leaves it, coalesced (stakes come in bursts)."""
    prediction = selectors.prediction_detail(prediction_id)
    broadcast(stream_group(prediction.stream_id), Code.PREDICTION, prediction_payload(prediction), coalesce=True)

"""Celery tasks of channel points and predictions: thin and idempotent."""

from celery import shared_task

from apps.predictions.services.points import points_reward_watching
from apps.predictions.services.predictions import predictions_settle_due, shot_predictions_check


@shared_task(name="predictions.reward_watching")
def reward_watching_task() -> int:
    return points_reward_watching()


@shared_task(name="predictions.settle_due")
def settle_due_task() -> tuple[int, int]:
    return predictions_settle_due()


@shared_task(name="predictions.shot_recorded")
def shot_recorded_task(*, shot_id, stream_id, shooter_id, shot_type, made, streak) -> None:
    """shot.recorded: a shot prediction on the stream may be answered now."""
    shot_predictions_check(stream_id=stream_id)

import importlib

import pytest
from django.apps import apps
from django.db.models import Sum

from apps.predictions.models import UNSETTLED_STATUSES, Stake
from apps.predictions.services.predictions import prediction_open, prediction_stake
from apps.wallet.audit import audit
from apps.wallet.selectors import points_balance, points_escrow_balance
from apps.wallet.services import points_credit
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture
def stream(db):
    return LiveStreamFactory()


@pytest.fixture
def shot_types(db):
    """The shot types migration 0002 seeds (a transactional test elsewhere may have flushed them)."""
    importlib.import_module("apps.shots.migrations.0002_shot_types").add_shot_types(apps, None)


def give_points(user, channel, amount: int) -> None:
    points_credit(user=user, channel=channel, amount=amount, reference="test", idempotency_key=None)


@pytest.fixture
def make_fan(stream):
    """A viewer holding `points` in the stream's channel."""

    def make(points: int = 1000):
        fan = UserFactory()
        give_points(fan, stream.creator, points)
        return fan

    return make


def open_prediction(stream, outcomes=("Make", "Miss"), **kwargs):
    kwargs.setdefault("window_seconds", 120)
    return prediction_open(stream=stream, by=stream.creator, title="Next three?", outcomes=list(outcomes), **kwargs)


def stake(prediction, user, position: int, points: int):
    outcome = prediction.outcomes.get(position=position)
    return prediction_stake(prediction_id=prediction.pk, user=user, outcome_id=outcome.pk, points=points)


def escrow_matches_stakes(channel) -> bool:
    """The channel's points escrow holds exactly the stakes of its unsettled predictions."""
    staked = Stake.objects.filter(prediction__channel=channel, prediction__status__in=UNSETTLED_STATUSES)
    return points_escrow_balance(channel) == (staked.aggregate(total=Sum("points"))["total"] or 0)


@pytest.fixture
def books_balance():
    yield
    assert audit() == []


def balance(user, channel) -> int:
    return points_balance(user, channel)

"""Settlement races on PostgreSQL (threads with their own connections): a prediction is settled
once, and stakes racing its settlement are either in the pool it paid out or refused."""

import pytest

from apps.core.exceptions import ApplicationError
from apps.predictions.models import PredictionStatus
from apps.predictions.services.predictions import prediction_cancel, prediction_resolve
from apps.wallet.audit import audit
from apps.wallet.selectors import points_escrow_balance
from tests.factories import UserFactory
from tests.predictions.conftest import balance, give_points, open_prediction, stake
from tests.streaming.factories import LiveStreamFactory
from tests.wallet.helpers import in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_settling_twice_at_once_pays_once():
    stream = LiveStreamFactory()
    channel = stream.creator
    fans = UserFactory.create_batch(4)
    for fan in fans:
        give_points(fan, channel, 100)
    prediction = open_prediction(stream)
    for index, fan in enumerate(fans):
        stake(prediction, fan, index % 2, 10 + index)
    winner = prediction.outcomes.get(position=0).pk

    def settle(index):
        try:
            if index % 2:
                return prediction_cancel(prediction_id=prediction.pk, by=channel)
            return prediction_resolve(prediction_id=prediction.pk, by=channel, outcome_id=winner)
        except ApplicationError as refused:
            return refused

    results = in_threads(settle, 8)
    assert sum(not isinstance(result, Exception) for result in results) == 1
    prediction.refresh_from_db()
    balances = [balance(fan, channel) for fan in fans]
    if prediction.status == PredictionStatus.CANCELLED:
        assert balances == [100] * 4
    else:  # 10 + 12 won the pool of 10 + 11 + 12 + 13 = 46: 20.9... and 25.0... -> 20 and 25, +1 to the first
        assert balances == [100 - 10 + 21, 100 - 11, 100 - 12 + 25, 100 - 13]
    assert points_escrow_balance(channel) == 0
    assert audit() == []


def test_stakes_racing_the_resolution_are_paid_or_refused():
    stream = LiveStreamFactory()
    channel = stream.creator
    fans = UserFactory.create_batch(10)
    for fan in fans:
        give_points(fan, channel, 50)
    prediction = open_prediction(stream)
    winner = prediction.outcomes.get(position=0).pk

    def act(index):
        try:
            if index == len(fans):
                return prediction_resolve(prediction_id=prediction.pk, by=channel, outcome_id=winner)
            return stake(prediction, fans[index], index % 2, 50)
        except ApplicationError as refused:
            return refused

    in_threads(act, len(fans) + 1)
    total = sum(balance(fan, channel) for fan in fans)
    assert total == 50 * len(fans)  # every point staked came back out, to winners or as refunds
    assert points_escrow_balance(channel) == 0
    assert audit() == []

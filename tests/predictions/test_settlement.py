"""Settlement pays out every staked point: to the winners in proportion (remainders by largest
remainder, ties to the earliest stake), or back to everyone on a cancel, a winnerless resolve and
the 24 h expiry. The books and the channel's escrow are checked after each."""

import pytest

from apps.predictions.errors import OutcomeInvalid, PredictionClosed
from apps.predictions.models import PredictionStatus
from apps.predictions.services.predictions import (
    prediction_cancel,
    prediction_lock,
    prediction_resolve,
    predictions_settle_due,
)
from apps.predictions.settlement import share_pool
from apps.wallet.selectors import points_escrow_balance
from tests.predictions.conftest import balance, escrow_matches_stakes, open_prediction, stake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def test_share_pool_rounds_down_then_gives_the_largest_remainders():
    # 100 shared 1:1:1 -> 33 each, the one point left to the first (equal remainders, earliest first).
    assert share_pool(100, [("a", 1), ("b", 1), ("c", 1)]) == {"a": 34, "b": 33, "c": 33}
    # 17 shared 3:7: 5.1 and 11.9 -> 5 and 11, the point left to the .9.
    assert share_pool(17, [("a", 3), ("b", 7)]) == {"a": 5, "b": 12}
    # Ties go to the earliest stake, whatever the key.
    assert share_pool(5, [("z", 1), ("y", 1)]) == {"z": 3, "y": 2}


@pytest.mark.parametrize("pool", [1, 7, 100, 999, 10**12 + 3])
def test_share_pool_accounts_for_every_point(pool):
    stakes = [(i, points) for i, points in enumerate([1, 2, 3, 5, 8, 13, 21])]
    awards = share_pool(pool, stakes)
    assert sum(awards.values()) == pool
    assert all(awards[i] >= pool * points // 53 for i, points in stakes)


def test_resolve_shares_the_whole_pool_among_the_winners(stream, make_fan):
    channel = stream.creator
    ana, ben, cat, dan = (make_fan(1000) for _ in range(4))
    prediction = open_prediction(stream)
    stake(prediction, ana, 0, 100)
    stake(prediction, ben, 0, 200)
    stake(prediction, cat, 1, 401)
    stake(prediction, dan, 1, 99)
    stake(prediction, ana, 0, 1)  # adds to ana's stake: 101
    assert points_escrow_balance(channel) == 801
    assert escrow_matches_stakes(channel)

    prediction_resolve(prediction_id=prediction.pk, by=channel, outcome_id=prediction.outcomes.get(position=0).pk)

    # 801 shared 101:200: 268.77... and 532.22... -> 268 and 532, the point left to ana (.77).
    assert balance(ana, channel) == 1000 - 101 + 269
    assert balance(ben, channel) == 1000 - 200 + 532
    assert balance(cat, channel) == 1000 - 401
    assert balance(dan, channel) == 1000 - 99
    assert points_escrow_balance(channel) == 0
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.RESOLVED
    assert prediction.locked_at is not None
    assert sorted(prediction.stakes.values_list("paid_out", flat=True)) == [0, 0, 269, 532]


def test_resolving_an_outcome_nobody_backed_refunds_everyone(stream, make_fan):
    channel = stream.creator
    ana, ben = make_fan(500), make_fan(500)
    prediction = open_prediction(stream, outcomes=("A", "B", "C"))
    stake(prediction, ana, 0, 120)
    stake(prediction, ben, 1, 80)
    prediction_lock(prediction_id=prediction.pk, by=channel)
    prediction_resolve(prediction_id=prediction.pk, by=channel, outcome_id=prediction.outcomes.get(position=2).pk)
    assert (balance(ana, channel), balance(ben, channel), points_escrow_balance(channel)) == (500, 500, 0)


def test_cancel_refunds_every_stake(stream, make_fan):
    channel = stream.creator
    ana, ben = make_fan(300), make_fan(300)
    prediction = open_prediction(stream)
    stake(prediction, ana, 0, 300)
    stake(prediction, ben, 1, 1)
    prediction_cancel(prediction_id=prediction.pk, by=channel)
    assert (balance(ana, channel), balance(ben, channel), points_escrow_balance(channel)) == (300, 300, 0)
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.CANCELLED
    with pytest.raises(PredictionClosed):
        prediction_cancel(prediction_id=prediction.pk, by=channel)
    assert balance(ana, channel) == 300  # refunded once


def test_resolve_refuses_another_predictions_outcome(stream, make_fan):
    prediction = open_prediction(stream)
    stake(prediction, make_fan(), 0, 10)
    prediction_cancel(prediction_id=prediction.pk, by=stream.creator)
    other = open_prediction(stream)
    with pytest.raises(OutcomeInvalid):
        prediction_resolve(prediction_id=other.pk, by=stream.creator, outcome_id=prediction.outcomes.get(position=0).pk)
    other.refresh_from_db()
    assert other.status == PredictionStatus.OPEN


def test_the_window_locks_it_and_24_hours_unresolved_cancels_and_refunds(stream, make_fan, clock):
    channel = stream.creator
    ana, ben = make_fan(1000), make_fan(1000)
    prediction = open_prediction(stream, window_seconds=60)
    stake(prediction, ana, 0, 250)
    stake(prediction, ben, 1, 750)

    clock.advance(seconds=61)
    assert predictions_settle_due() == (1, 0)
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.LOCKED
    assert escrow_matches_stakes(channel)
    assert points_escrow_balance(channel) == 1000

    clock.advance(hours=23, minutes=58)
    assert predictions_settle_due() == (0, 0)
    clock.advance(minutes=2)
    assert predictions_settle_due() == (0, 1)
    assert predictions_settle_due() == (0, 0)  # a second round changes nothing
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.CANCELLED
    assert (balance(ana, channel), balance(ben, channel), points_escrow_balance(channel)) == (1000, 1000, 0)

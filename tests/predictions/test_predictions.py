"""Opening and staking: who may, the bounds, and bad input refused with nothing written."""

import pytest
from django.db.models import Sum

from apps.core.exceptions import ApplicationError
from apps.predictions.errors import (
    OutcomeInvalid,
    PredictionClosed,
    PredictionExists,
    PredictionInvalid,
    StakeInvalid,
)
from apps.predictions.models import Prediction, PredictionStatus, Stake
from apps.predictions.services.predictions import (
    prediction_lock,
    prediction_open,
    prediction_resolve,
    prediction_stake,
)
from apps.restrictions.errors import NotChannelModerator
from apps.shots.services.tracker import shot_record, shot_undo_last
from apps.wallet.errors import InsufficientPoints
from apps.wallet.selectors import points_escrow_balance
from tests.factories import UserFactory
from tests.predictions.conftest import balance, escrow_matches_stakes, open_prediction, stake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


@pytest.fixture
def record(stream, django_capture_on_commit_callbacks):
    """Record a shot on the stream as its creator, in its own commit (shot.recorded is delivered after it)."""

    def record(shot_type: str, made: bool):
        with django_capture_on_commit_callbacks(execute=True):
            shot_record(stream=stream, by=stream.creator, shot_type=shot_type, made=made)

    return record


@pytest.mark.parametrize(
    ("title", "outcomes", "window"),
    [
        ("Q", ["Only one"], 60),
        ("Q", [f"O{i}" for i in range(11)], 60),
        ("Q", ["A", "a"], 60),
        ("Q", ["A", "x" * 26], 60),
        ("Q", ["A", "  "], 60),
        ("x" * 46, ["A", "B"], 60),
        ("", ["A", "B"], 60),
        ("Q", ["A", "B"], 29),
        ("Q", ["A", "B"], 1801),
        ("Q", ["A", "B"], True),
        ("Q", ["A", "B"], "60"),
        ("Q", "AB", 60),
    ],
)
def test_bad_predictions_are_refused(stream, title, outcomes, window):
    with pytest.raises(PredictionInvalid):
        prediction_open(stream=stream, by=stream.creator, title=title, outcomes=outcomes, window_seconds=window)
    assert not Prediction.objects.exists()


def test_the_bounds_themselves_are_allowed(stream):
    prediction = prediction_open(
        stream=stream, by=stream.creator, title="x" * 45, outcomes=[f"{i}" * 25 for i in range(10)], window_seconds=1800
    )
    assert prediction.outcomes.count() == 10


def test_only_the_channel_team_opens_and_one_at_a_time(stream):
    viewer = UserFactory()
    with pytest.raises(NotChannelModerator):
        prediction_open(stream=stream, by=viewer, title="Q", outcomes=["A", "B"], window_seconds=60)
    first = open_prediction(stream)
    with pytest.raises(PredictionExists):
        open_prediction(stream)
    prediction_lock(prediction_id=first.pk, by=stream.creator)
    with pytest.raises(PredictionExists):  # locked but not resolved still counts
        open_prediction(stream)
    assert Prediction.objects.count() == 1


def test_stakes_are_checked_and_nothing_moves_on_a_refusal(stream, make_fan, clock):
    channel = stream.creator
    ana = make_fan(100)
    prediction = open_prediction(stream, window_seconds=30)
    other = prediction.outcomes.get(position=1)
    for points, error in ((0, StakeInvalid), (-5, StakeInvalid), (True, StakeInvalid), ("5", StakeInvalid)):
        with pytest.raises(error):
            stake(prediction, ana, 0, points)
    with pytest.raises(InsufficientPoints):
        stake(prediction, ana, 0, 101)
    with pytest.raises(OutcomeInvalid):
        prediction_stake(prediction_id=prediction.pk, user=ana, outcome_id=other.pk + 1000, points=1)
    stake(prediction, ana, 0, 60)
    with pytest.raises(StakeInvalid):  # never a second outcome
        stake(prediction, ana, 1, 10)
    with pytest.raises(InsufficientPoints):  # adding more than is left
        stake(prediction, ana, 0, 41)
    clock.advance(seconds=30)
    with pytest.raises(PredictionClosed):  # the window is over, locked by the beat task or not
        stake(prediction, ana, 0, 1)
    assert Stake.objects.get().points == 60
    assert other.stakes.count() == 0
    assert balance(ana, channel) == 40
    assert points_escrow_balance(channel) == 60
    assert escrow_matches_stakes(channel)


def test_staking_needs_a_signed_in_viewer(stream):
    from django.contrib.auth.models import AnonymousUser

    from apps.streaming.errors import LoginRequired

    prediction = open_prediction(stream)
    with pytest.raises(LoginRequired):
        stake(prediction, AnonymousUser(), 0, 1)


def test_viewers_cannot_settle(stream, make_fan):
    prediction = open_prediction(stream)
    ana = make_fan()
    with pytest.raises(NotChannelModerator):
        prediction_resolve(prediction_id=prediction.pk, by=ana, outcome_id=prediction.outcomes.first().pk)
    with pytest.raises(NotChannelModerator):
        prediction_lock(prediction_id=prediction.pk, by=ana)


@pytest.mark.usefixtures("shot_types")
def test_a_shot_prediction_resolves_on_the_nth_attempt(stream, make_fan, record, django_capture_on_commit_callbacks):
    channel = stream.creator
    ana, ben = make_fan(100), make_fan(100)
    record("free_throw", True)  # before it opened: not counted
    prediction = prediction_open(
        stream=stream, by=channel, shot={"type": "free_throw", "makes": 2, "attempts": 3}, window_seconds=60
    )
    assert prediction.title == "Makes 2 of the next 3 FT?"
    assert list(prediction.outcomes.values_list("title", flat=True)) == ["Yes", "No"]
    stake(prediction, ana, 0, 30)  # yes
    stake(prediction, ben, 1, 70)  # no

    record("free_throw", True)
    record("three", False)  # another type: not counted
    record("free_throw", False)
    with django_capture_on_commit_callbacks(execute=True):
        shot_undo_last(stream=stream, by=channel)  # undone: not counted
    record("free_throw", False)
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.OPEN  # 1 of 2 so far: either answer still possible

    record("free_throw", False)  # the third: 1 of 3
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.RESOLVED
    assert prediction.winner.title == "No"
    assert (balance(ana, channel), balance(ben, channel), points_escrow_balance(channel)) == (70, 130, 0)


@pytest.mark.usefixtures("shot_types")
def test_a_shot_prediction_resolves_as_soon_as_the_answer_is_certain(stream, make_fan, record):
    channel = stream.creator
    ana = make_fan(100)
    prediction = prediction_open(
        stream=stream, by=channel, shot={"type": "three", "makes": 2, "attempts": 10}, window_seconds=60
    )
    stake(prediction, ana, 0, 100)
    record("three", True)
    record("three", True)
    prediction.refresh_from_db()
    assert prediction.winner.title == "Yes"
    assert balance(ana, channel) == 100
    total = Stake.objects.aggregate(total=Sum("paid_out"))["total"]
    assert total == 100


@pytest.mark.usefixtures("shot_types")
@pytest.mark.parametrize(
    "shot",
    [
        {"type": "free_throw", "makes": 0, "attempts": 3},
        {"type": "free_throw", "makes": 4, "attempts": 3},
        {"type": "free_throw", "makes": 1, "attempts": 51},
        {"type": "nope", "makes": 1, "attempts": 3},
        {"type": "free_throw", "makes": "1", "attempts": 3},
        "free_throw",
    ],
)
def test_bad_shot_conditions_are_refused(stream, shot):
    with pytest.raises(PredictionInvalid):
        prediction_open(stream=stream, by=stream.creator, shot=shot, window_seconds=60)
    assert not Prediction.objects.exists()


def test_a_viewer_banned_from_the_channel_cannot_stake(stream, make_fan):
    from apps.restrictions.services.actions import ban

    ana = make_fan(100)
    prediction = open_prediction(stream)
    ban(actor=stream.creator, channel=stream.creator, user=ana, reason="spam")
    with pytest.raises(ApplicationError) as refused:
        stake(prediction, ana, 0, 10)
    assert refused.value.code == "banned"
    assert balance(ana, stream.creator) == 100
    assert not Stake.objects.exists()


def test_the_channel_team_does_not_stake(stream):
    from tests.predictions.conftest import give_points

    prediction = open_prediction(stream)
    give_points(stream.creator, stream.creator, 100)
    with pytest.raises(StakeInvalid):
        stake(prediction, stream.creator, 0, 10)
    assert balance(stream.creator, stream.creator) == 100

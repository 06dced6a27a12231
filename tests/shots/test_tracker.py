"""Recording and undoing shots: who may, what is refused (nothing written), the numbers that follow."""

from decimal import Decimal

import pytest

from apps.shots.errors import InvalidSpot, NothingToUndo, NotScorekeeper, StreamNotLive, UnknownShotType
from apps.shots.models import Shot, ShotType
from apps.shots.selectors.tracker import career_shooting, make_streak, shot_summary
from apps.shots.services.tracker import shot_record, shot_undo_last
from apps.streaming import services as streaming
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def record(stream, *results, shot_type="free_throw", by=None):
    return [shot_record(stream=stream, by=by or stream.creator, shot_type=shot_type, made=made) for made in results]


def type_row(summary, code):
    return next(t for t in summary["types"] if t["code"] == code)


def test_the_creator_and_a_channel_moderator_keep_score(stream, scorekeeper):
    record(stream, True)
    record(stream, False, by=scorekeeper)
    shot = Shot.objects.latest("id")
    assert (shot.shooter, shot.recorded_by, shot.made) == (stream.creator, scorekeeper, False)
    assert shot_summary(stream)["att"] == 2


@pytest.mark.parametrize("who", ["viewer", "other_creator"])
def test_anyone_else_is_refused_and_nothing_is_written(stream, who):
    user = UserFactory() if who == "viewer" else LiveStreamFactory().creator
    with pytest.raises(NotScorekeeper):
        record(stream, True, by=user)
    with pytest.raises(NotScorekeeper):
        shot_undo_last(stream=stream, by=user)
    assert not Shot.objects.exists()


def test_an_ended_stream_takes_no_shots(stream):
    record(stream, True)
    streaming.stream_end(stream=stream, by=stream.creator)
    with pytest.raises(StreamNotLive):
        record(stream, True)
    with pytest.raises(StreamNotLive):
        shot_undo_last(stream=stream, by=stream.creator)
    assert Shot.objects.filter(undone_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("kind", "x", "y", "error"),
    [
        ("half_court", None, None, UnknownShotType),
        ("three", 10, None, InvalidSpot),
        ("three", None, 10, InvalidSpot),
        ("three", -1, 10, InvalidSpot),
        ("three", 1001, 10, InvalidSpot),
        ("three", "5", 10, InvalidSpot),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(stream, kind, x, y, error):
    with pytest.raises(error):
        shot_record(stream=stream, by=stream.creator, shot_type=kind, made=True, x=x, y=y)
    assert not Shot.objects.exists()


def test_a_retired_shot_type_takes_no_new_shots(stream):
    ShotType.objects.filter(code="layup_dunk").update(active=False)
    with pytest.raises(UnknownShotType):
        record(stream, True, shot_type="layup_dunk")


def test_a_spot_is_kept(stream):
    shot = shot_record(stream=stream, by=stream.creator, shot_type="three", made=True, x=0, y=1000)
    assert (shot.x, shot.y) == (0, 1000)


def test_the_summary_per_type_with_the_career_beside_it(shot_types):
    earlier = LiveStreamFactory()
    record(earlier, True, False, False, False, shot_type="three")  # 1 of 4 before
    streaming.stream_end(stream=earlier, by=earlier.creator)
    stream = LiveStreamFactory(creator=earlier.creator)
    record(stream, True, True, False, shot_type="three")  # 2 of 3 now
    record(stream, True, shot_type="free_throw")
    summary = shot_summary(stream)
    three = type_row(summary, "three")
    assert (three["made"], three["att"], three["pct"], three["career"]) == (2, 3, 67, 43)  # 3 of 7
    assert (three["short"], three["name"]) == ("3PT", "Three")
    assert type_row(summary, "mid_range")["pct"] is None
    assert (summary["made"], summary["att"], summary["pct"]) == (3, 4, 75)
    assert summary["last"]["type"] == "free_throw"
    assert summary["last"]["made"] is True


def test_the_make_streak_counts_makes_since_the_last_miss(stream):
    assert make_streak(stream) == 0
    record(stream, True, False, True, True)
    assert make_streak(stream) == 2
    record(stream, True, shot_type="three")
    assert make_streak(stream) == 3
    record(stream, False)
    assert make_streak(stream) == 0


def test_undo_takes_back_the_last_counted_shot_only(stream, scorekeeper):
    record(stream, True, False)
    undone = shot_undo_last(stream=stream, by=scorekeeper)
    assert undone.undone_at is not None
    assert undone.made is False
    assert make_streak(stream) == 1
    again = shot_undo_last(stream=stream, by=stream.creator)
    assert again.made is True
    assert again.pk != undone.pk
    with pytest.raises(NothingToUndo):
        shot_undo_last(stream=stream, by=stream.creator)
    summary = shot_summary(stream)
    assert (summary["att"], summary["last"]) == (0, None)
    assert Shot.objects.count() == 2  # kept, marked undone


def test_the_version_orders_every_change(stream, clock):
    record(stream, True)
    first = shot_summary(stream)["v"]
    clock.advance(seconds=1)
    shot_undo_last(stream=stream, by=stream.creator)
    assert shot_summary(stream)["v"] > first


def test_the_profile_keeps_the_career_numbers(stream):
    record(stream, True, True, False, shot_type="three")
    record(stream, True, shot_type="free_throw")
    profile = stream.creator.profile
    profile.refresh_from_db()
    assert profile.career_shooting_percentage == Decimal("75.00")
    assert profile.career_shooting_by_type["three"] == {"name": "Three", "short": "3PT", "made": 2, "att": 3, "pct": 67}
    shot_undo_last(stream=stream, by=stream.creator)
    profile.refresh_from_db()
    assert profile.career_shooting_percentage == Decimal("66.67")
    assert "free_throw" not in profile.career_shooting_by_type
    assert career_shooting(stream.creator)["att"] == 3

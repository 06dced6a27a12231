"""What a shot tells the stream's sockets (ST, ML on a make streak) and higher apps (shot.recorded,
shot.undone), after the commit; and the ST in a socket's welcome."""

import json

import pytest

from apps.realtime.sections import welcome_batch
from apps.shots.errors import UnknownShotType
from apps.shots.services.tracker import shot_record, shot_undo_last
from apps.streaming.sockets import STREAM
from tests.event_probe import tasks as probe
from tests.realtime.helpers import GroupListener

pytestmark = pytest.mark.django_db


def record(stream, made, shot_type="three"):
    return shot_record(stream=stream, by=stream.creator, shot_type=shot_type, made=made)


def test_each_shot_sends_the_numbers_and_a_streak_of_three_celebrates(stream, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        record(stream, True)
        record(stream, True)
        shot = record(stream, True, shot_type="free_throw")
    frames = [listener.next_frame() for _ in range(4)]
    assert [f["t"] for f in frames] == ["ST", "ST", "ST", "ML"]
    stats = frames[2]["d"]
    assert (stats["made"], stats["att"], stats["streak"]) == (3, 3, 3)
    assert stats["last"] == {"type": "free_throw", "made": True, "id": shot.pk}
    three = next(t for t in stats["types"] if t["code"] == "three")
    assert three == {"code": "three", "short": "3PT", "name": "Three", "made": 2, "att": 2, "pct": 100, "career": 100}
    assert frames[0]["d"]["v"] <= frames[2]["d"]["v"]
    assert frames[3]["d"] == {"kind": "make_streak", "n": 3}


def test_a_streak_of_four_does_not_celebrate_and_undo_sends_the_numbers(stream, django_capture_on_commit_callbacks):
    for _ in range(3):
        record(stream, True)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        record(stream, True)
        shot_undo_last(stream=stream, by=stream.creator)
    frames = [listener.next_frame() for _ in range(2)]
    assert [(f["t"], f["d"]["streak"]) for f in frames] == [("ST", 4), ("ST", 3)]


@pytest.fixture
def probe_heard(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.event_probe"]
    probe.heard.clear()
    yield probe.heard
    probe.heard.clear()


def test_higher_apps_hear_recorded_and_undone_shots(stream, probe_heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = record(stream, True)
        second = record(stream, False, shot_type="free_throw")
        shot_undo_last(stream=stream, by=stream.creator)
    assert probe_heard[("shot.recorded", first.pk)] == {
        "shot_id": first.pk,
        "stream_id": str(stream.pk),
        "shooter_id": stream.creator_id,
        "shot_type": "three",
        "made": True,
        "streak": 1,
    }
    assert probe_heard[("shot.recorded", second.pk)]["streak"] == 0
    assert probe_heard[("shot.undone", second.pk)] == {"shot_id": second.pk, "stream_id": str(stream.pk)}


def test_a_refused_shot_sends_nothing(stream, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(UnknownShotType):
        record(stream, True, shot_type="hook")
    assert callbacks == []


def test_the_welcome_carries_the_numbers(stream):
    record(stream, True)
    frames = json.loads(welcome_batch(STREAM, stream))["d"]
    stats = next(f["d"] for f in frames if f["t"] == "ST")
    assert (stats["made"], stats["att"], stats["streak"]) == (1, 1, 1)

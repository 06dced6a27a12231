"""The stream lifecycle: create, schedule, start, end, cancel; legal moves only."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts.services import follow_create
from apps.streaming import services
from apps.streaming.errors import IllegalTransition, NotStreamOwner, StreamInvalid
from apps.streaming.models import ChatMessage, Stream
from apps.streaming.tasks import end_silent_streams_task
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


def test_create_scheduled_stream_with_clean_tags():
    creator = UserFactory()
    stream = services.stream_create(
        creator=creator,
        title="  Crossover clinic  ",
        category="COACHING",
        tags=["#Handles", "handles", " Crossover "],
        scheduled_for=timezone.now() + timedelta(hours=2),
    )
    assert (stream.status, stream.title, stream.tags) == ("scheduled", "Crossover clinic", ["handles", "crossover"])


def test_go_live_at_once():
    stream = services.stream_create(creator=UserFactory(), title="Pickup run", category="COMMUNITY", go_live=True)
    assert stream.status == "live"
    assert stream.started_at is not None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"category": "DANCE"}, "category"),
        ({"visibility": "secret"}, "visibility"),
        ({"tags": ["x" * 31]}, "tags"),
        ({"tags": [str(n) for n in range(11)]}, "tags"),
        ({"scheduled_for": timezone.now() - timedelta(minutes=1)}, "scheduled_for"),
        ({"stream_key": "mine"}, "stream_key"),
    ],
)
def test_bad_stream_input_is_refused_and_nothing_is_written(fields, field):
    with pytest.raises(StreamInvalid) as error:
        services.stream_create(creator=UserFactory(), **{"title": "Ok", "category": "PRACTICE", **fields})
    assert error.value.field == field
    assert not Stream.objects.exists()


def test_only_legal_transitions():
    stream = StreamFactory()
    creator = stream.creator
    services.stream_start(stream=stream, by=creator)
    with pytest.raises(IllegalTransition):
        services.stream_start(stream=stream, by=creator)
    with pytest.raises(IllegalTransition):
        services.stream_cancel(stream=stream, by=creator)
    ended = services.stream_end(stream=stream, by=creator)
    assert ended.status == "ended"
    assert ended.duration_seconds >= 0
    with pytest.raises(IllegalTransition):
        services.stream_start(stream=stream, by=creator)


def test_nobody_else_starts_or_ends_my_stream():
    stream = StreamFactory()
    with pytest.raises(NotStreamOwner):
        services.stream_start(stream=stream, by=UserFactory())
    stream.refresh_from_db()
    assert stream.status == "scheduled"


def test_one_live_stream_per_creator():
    first = LiveStreamFactory()
    second = StreamFactory(creator=first.creator)
    with pytest.raises(IllegalTransition, match="already live"):
        services.stream_start(stream=second, by=first.creator)
    second.refresh_from_db()
    assert second.status == "scheduled"


def test_status_changes_are_broadcast_after_commit(django_capture_on_commit_callbacks):
    stream = StreamFactory()
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.stream_start(stream=stream, by=stream.creator)
    frame = listener.next_frame()
    listener.close()
    assert frame["t"] == "ES"
    assert frame["d"]["s"] == "live"


def test_followers_hear_when_a_stream_goes_live(django_capture_on_commit_callbacks):
    stream = StreamFactory()
    fan, quiet = UserFactory(), UserFactory()
    follow_create(follower=fan, creator=stream.creator)
    follow_create(follower=quiet, creator=stream.creator, notify=False)
    listener = GroupListener(f"user.{fan.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.stream_start(stream=stream, by=stream.creator)
    frame = listener.next_frame()
    listener.close()
    assert frame["t"] == "FS"
    assert frame["d"]["stream"] == str(stream.pk)
    assert [message.to for message in mail.outbox] == [[fan.email]]
    assert "is live" in mail.outbox[0].subject


def test_silent_streams_are_ended_by_the_watchdog(settings):
    settings.STREAM_SILENT_END_SECONDS = 60
    silent = LiveStreamFactory(last_heartbeat_at=timezone.now() - timedelta(minutes=5))
    alive = LiveStreamFactory()
    assert end_silent_streams_task.delay().get() == 1
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert (silent.status, alive.status) == ("ended", "live")


def test_end_stats_are_computed_once_and_idempotent():
    stream = LiveStreamFactory()
    fans = UserFactory.create_batch(3)
    for fan in fans:
        services.chat_post(stream=stream, user=fan, content="let's go")
    services.chat_post(stream=stream, user=fans[0], content="again")
    services.viewer_join(stream=stream, viewer_key="u1", socket=True)
    services.stream_end(stream=stream, by=stream.creator)
    first = services.stream_stats_compute(stream_id=stream.pk)
    assert (first.messages_count, first.unique_chatters) == (4, 3)
    again = services.stream_stats_compute(stream_id=stream.pk)
    assert (again.messages_count, again.unique_chatters, again.total_watch_seconds) == (
        4,
        3,
        first.total_watch_seconds,
    )
    assert ChatMessage.objects.count() == 4


def test_a_scheduled_stream_is_emailed_in_each_followers_time_zone(django_capture_on_commit_callbacks):
    creator, in_paris, zone_unknown = UserFactory(), UserFactory(), UserFactory()
    in_paris.profile.time_zone = "Europe/Paris"
    in_paris.profile.save(update_fields=["time_zone"])
    for fan in (in_paris, zone_unknown):
        follow_create(follower=fan, creator=creator)
    start = datetime(timezone.now().year + 1, 1, 15, 18, 30, tzinfo=UTC)  # Paris is UTC+1 in January
    with django_capture_on_commit_callbacks(execute=True):
        services.stream_create(creator=creator, title="Clinic", category="COACHING", scheduled_for=start)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Jan 15, 19:30 CET" in bodies[in_paris.email]
    assert "Jan 15, 18:30 UTC" in bodies[zone_unknown.email]

"""Who may clip what, within which bounds and how often; a cut that cannot be made fails plainly and
tells the clipper; who may see and delete a clip."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.clips.errors import ClipInvalid, ClipNotFound, ClipRefused, NotClipOwner
from apps.clips.models import CLIP_RATE_LIMIT, CLIP_RATE_SECONDS, CLIP_WINDOW_SECONDS, Clip, ClipStatus
from apps.clips.rules import clip_view_problem
from apps.clips.selectors import clips_overdue, picture_offset_ms
from apps.clips.services.clips import clip_create, clip_create_from_recording, clip_cut, clip_cut_moment, clip_delete
from apps.clips.tasks import requeue_overdue_clips_task
from apps.core.exceptions import Throttled
from apps.devices.media_server import HLS_PLAYLIST_SECONDS
from apps.realtime.groups import user_group
from apps.streaming.errors import LoginRequired, PaymentRequired, StreamPrivate
from apps.streaming.models import Status, Visibility
from tests.clips.factories import ClipFactory
from tests.clips.helpers import publishing_angle
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def test_nginx_keeps_the_whole_live_clip_window():
    assert HLS_PLAYLIST_SECONDS >= CLIP_WINDOW_SECONDS + 10


@pytest.mark.parametrize(
    ("stream_fields", "who", "error"),
    [
        ({}, "anonymous", LoginRequired),
        ({"visibility": Visibility.PRIVATE}, "viewer", StreamPrivate),
        ({"pay_per_view_cost": 50}, "viewer", PaymentRequired),
    ],
)
def test_only_signed_in_viewers_who_may_watch_clip(stream_fields, who, error):
    stream = LiveStreamFactory(**stream_fields)
    user = AnonymousUser() if who == "anonymous" else UserFactory()
    with pytest.raises(error):
        clip_create(stream=stream, user=user, seconds=30, title="Mine")
    assert not Clip.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"seconds": 4}, "seconds"),
        ({"seconds": 61}, "seconds"),
        ({"seconds": "30"}, "seconds"),
        ({"title": " "}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"seconds": 30, "ends_seconds_ago": CLIP_WINDOW_SECONDS - 29}, "ends_seconds_ago"),
        ({"ends_seconds_ago": -1}, "ends_seconds_ago"),
    ],
)
def test_a_live_clip_is_bounded(user, fields, field):
    arguments = {"seconds": 30, "title": "Crossover", **fields}
    with pytest.raises(ClipInvalid) as refused:
        clip_create(stream=LiveStreamFactory(), user=user, **arguments)
    assert refused.value.field == field
    assert not Clip.objects.exists()


def test_a_live_clip_needs_a_live_stream_with_video(user):
    """An ended stream is clipped from its recording; with none, there is nothing to clip."""
    with pytest.raises(ClipRefused, match="not live and has no recording"):
        clip_create(stream=LiveStreamFactory(status=Status.ENDED), user=user, title="Late", start_seconds=0)
    with pytest.raises(ClipRefused, match="no live video"):
        clip_create(stream=LiveStreamFactory(), user=user, title="Too soon")
    assert not Clip.objects.exists()


def test_a_recording_clip_needs_a_recording(user):
    with pytest.raises(ClipRefused, match="no recording"):
        clip_create_from_recording(
            stream=LiveStreamFactory(status=Status.ENDED), user=user, title="VOD", start_seconds=0
        )


def test_clipping_is_rate_limited_per_viewer(user, clock):
    stream = LiveStreamFactory()
    ClipFactory.create_batch(CLIP_RATE_LIMIT, stream=stream, clipped_by=user)
    with pytest.raises(Throttled) as refused:
        clip_create(stream=stream, user=user, title="One more")
    assert 0 < refused.value.retry_after <= CLIP_RATE_SECONDS
    clock.advance(seconds=CLIP_RATE_SECONDS + 1)
    with pytest.raises(ClipRefused, match="no live video"):  # past the limit: on to the video
        clip_create(stream=stream, user=user, title="One more")


def test_a_cut_that_cannot_be_made_fails_and_tells_the_clipper(user, django_capture_on_commit_callbacks):
    """The moment's segments are gone (no HLS at all here): the clip fails with the reason."""
    stream = LiveStreamFactory()
    publishing_angle(stream)
    with django_capture_on_commit_callbacks(execute=True):
        moment = clip_cut_moment(stream=stream, start_ms=0, duration_ms=20_000, title="Gone", published=False)
    moment.refresh_from_db()
    assert moment.status == ClipStatus.FAILED
    assert "no live video" in moment.error
    assert (moment.clipped_by, moment.published, moment.creator) == (None, False, stream.creator)

    clip = ClipFactory(stream=stream, clipped_by=user, status=ClipStatus.PENDING, angle=moment.angle)
    listener = GroupListener(user_group(user.pk))
    with django_capture_on_commit_callbacks(execute=True):
        clip_cut(clip_id=clip.pk)
    frame = listener.next_frame()
    listener.close()
    assert frame["t"] == "CL"
    assert frame["d"] == {"id": str(clip.pk), "s": "failed", "title": clip.title, "url": f"/clips/{clip.pk}/",
                          "error": "this camera has no live video on the media server"}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"start_ms": -1}, "start_ms"),
        ({"duration_ms": 4_999}, "duration_ms"),
        ({"duration_ms": 60_001}, "duration_ms"),
    ],
)
def test_a_moment_is_bounded(fields, error):
    stream = LiveStreamFactory()
    publishing_angle(stream)
    arguments = {"start_ms": 1_000, "duration_ms": 20_000, "title": "Moment", "published": False, **fields}
    with pytest.raises(ClipInvalid) as refused:
        clip_cut_moment(stream=stream, **arguments)
    assert refused.value.field == error


def test_a_clip_is_seen_by_those_who_may_watch_its_stream_and_an_unpublished_one_by_the_creator_only():
    viewer = UserFactory()
    clip = ClipFactory(stream=LiveStreamFactory(pay_per_view_cost=50))
    assert isinstance(clip_view_problem(clip, viewer), ClipNotFound)
    assert clip_view_problem(clip, clip.creator) is None
    public = ClipFactory()
    assert clip_view_problem(public, viewer) is None
    public.published = False
    assert isinstance(clip_view_problem(public, viewer), ClipNotFound)
    assert clip_view_problem(public, public.creator) is None


def test_only_the_creator_deletes_a_clip_of_their_stream(django_capture_on_commit_callbacks):
    clipper = UserFactory()
    clip = ClipFactory(clipped_by=clipper)
    with pytest.raises(NotClipOwner):
        clip_delete(clip=clip, by=clipper)
    with django_capture_on_commit_callbacks(execute=True):
        clip_delete(clip=clip, by=clip.creator)
    assert not Clip.objects.exists()


def test_a_moment_in_time_maps_to_the_picture_clock_of_the_newest_connection():
    stream = LiveStreamFactory()
    assert picture_offset_ms(stream=stream, at=timezone.now()) is None
    angle = publishing_angle(stream)
    started = angle.publishes.get().started_at
    assert picture_offset_ms(stream=stream, at=started + timedelta(seconds=42, milliseconds=250)) == 42_250
    assert picture_offset_ms(stream=stream, at=started - timedelta(seconds=1)) is None


def test_a_clip_whose_cut_never_came_is_cut_by_the_overdue_sweep(settings, clock):
    assert (
        settings.CELERY_BEAT_SCHEDULE["overdue-clips.requeue_overdue_clips"]["task"] == requeue_overdue_clips_task.name
    )
    pending = ClipFactory(status=ClipStatus.PENDING)
    assert clips_overdue() == []
    clock.advance(seconds=settings.OVERDUE_SWEEP_SECONDS + 1)
    assert clips_overdue() == [str(pending.pk)]
    requeue_overdue_clips_task()  # eager: the cut runs, and fails plainly (no camera here)
    pending.refresh_from_db()
    assert (pending.status, pending.error) == (ClipStatus.FAILED, "the camera is gone")
    assert clips_overdue() == []

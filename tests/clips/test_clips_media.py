"""Clips cut from real live video: a test pattern published into nginx-rtmp, cut from its HLS.
The pattern shows each frame's number, so the first frame of a clip tells where it starts."""

from pathlib import Path

import pytest

from apps.clips.models import ClipStatus
from apps.clips.services.clips import clip_create, clip_create_from_recording, clip_cut_moment
from apps.core.private_files import private_storage
from apps.devices.media import duration_of
from apps.devices.media_server import MediaServer
from apps.devices.models import Recording, RecordingStatus
from apps.streaming.models import Status
from tests.clips.helpers import first_frame_ms, publish_numbered_frames, publishing_angle, write_numbered_frames
from tests.realtime.servers import free_port
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.media]

STREAM_SECONDS = 30
TOLERANCE_MS = 500


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media-server")


@pytest.fixture
def live_hls(settings, media_root):
    """nginx-rtmp, and a function that publishes the numbered pattern as `angle` (straight to its
    loopback HLS application, as the ingest pushes it once the hooks renamed it)."""
    settings.MEDIA_SERVER_ROOT = media_root
    server = MediaServer(root=media_root, listen=f"127.0.0.1:{free_port()}", hook_site="http://127.0.0.1:1")
    server.start()
    port = server.listen.rsplit(":", 1)[-1]
    yield lambda angle: publish_numbered_frames(
        f"rtmp://127.0.0.1:{port}/hls/{angle.playback_name}", seconds=STREAM_SECONDS
    )
    server.stop()


def cut(make_clip, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clip = make_clip()
    clip.refresh_from_db()
    assert (clip.status, clip.error) == (ClipStatus.READY, "")
    return clip


def test_a_clip_lasts_what_was_asked_and_starts_on_the_asked_frame(live_hls, user, django_capture_on_commit_callbacks):
    stream = LiveStreamFactory()
    live_hls(publishing_angle(stream))

    # A moment that starts and ends mid-segment: both ends are re-encoded, the middle copied.
    moment = cut(
        lambda: clip_cut_moment(stream=stream, start_ms=4_520, duration_ms=20_000, title="Moment", published=False),
        django_capture_on_commit_callbacks,
    )
    assert abs(duration_of(moment.video.path) - 20) <= TOLERANCE_MS / 1000
    assert abs(first_frame_ms(moment.video.path) - 4_520) <= TOLERANCE_MS
    assert moment.thumbnail.open("rb").read(3) == b"\xff\xd8\xff"  # a JPEG

    # A moment that starts a millisecond before a segment does (nginx-rtmp's start here at n s + 23 ms).
    sliver = cut(
        lambda: clip_cut_moment(stream=stream, start_ms=6_022, duration_ms=5_000, title="Sliver", published=True),
        django_capture_on_commit_callbacks,
    )
    assert abs(duration_of(sliver.video.path) - 5) <= TOLERANCE_MS / 1000
    assert abs(first_frame_ms(sliver.video.path) - 6_022) <= TOLERANCE_MS

    # A viewer's 20 s ending 3 s before the live edge (the end of the 30 s published).
    viewer_clip = cut(
        lambda: clip_create(stream=stream, user=user, seconds=20, title="Three!", ends_seconds_ago=3),
        django_capture_on_commit_callbacks,
    )
    assert abs(viewer_clip.start_ms - (STREAM_SECONDS - 3 - 20) * 1000) <= 100
    assert abs(duration_of(viewer_clip.video.path) - 20) <= TOLERANCE_MS / 1000
    assert abs(first_frame_ms(viewer_clip.video.path) - viewer_clip.start_ms) <= TOLERANCE_MS


def test_a_clip_of_a_recording_starts_on_the_asked_frame(user, django_capture_on_commit_callbacks):
    stream = StreamFactory(status=Status.ENDED)
    angle = publishing_angle(stream)
    name = f"vod/{stream.pk}/{angle.playback_name}-1.mp4"
    write_numbered_frames(Path(private_storage().path(name)), seconds=12)
    Recording.objects.create(
        angle=angle, source_path=f"/nowhere/{angle.playback_name}.flv", video=name, duration_seconds=12,
        status=RecordingStatus.READY,
    )  # fmt: skip
    clip = cut(
        lambda: clip_create_from_recording(stream=stream, user=user, title="Replay", start_seconds=3, seconds=5),
        django_capture_on_commit_callbacks,
    )
    assert abs(duration_of(clip.video.path) - 5) <= TOLERANCE_MS / 1000
    assert abs(first_frame_ms(clip.video.path) - 3_000) <= TOLERANCE_MS

"""A live stream whose creator uploaded no picture takes one from its feed, however the tasks
that cut it overlap and whatever nginx-rtmp is doing to the HLS folder meanwhile."""

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from apps.devices import services
from apps.devices.models import Angle
from apps.streaming.models import Stream
from tests.devices.helpers import register, write_live_feed
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.media]


def live_angle() -> tuple[Angle, list[Path]]:
    """An angle of a live stream, and the HLS segments its feed has written so far."""
    device, _key = register()
    angle = Angle.objects.create(stream=LiveStreamFactory(creator=device.owner), device=device)
    return angle, write_live_feed(settings.MEDIA_SERVER_ROOT / "hls", angle.playback_name)


def assert_has_its_own_picture(angle: Angle) -> None:
    thumbnail = Stream.objects.get(pk=angle.stream_id).thumbnail
    assert re.fullmatch(rf"streams/{angle.stream_id}/[0-9a-f]{{32}}\.jpg", thumbnail.name)
    with thumbnail.open("rb") as picture, Image.open(io.BytesIO(picture.read())) as image:
        assert (image.format, image.width) == ("JPEG", 640)


def test_two_streams_publishing_at_once_both_get_their_thumbnail(monkeypatch):
    """Every on_update queues a task until the stream has a picture, so with a busy worker the
    tasks of two streams, and two of the same stream, run side by side. Here, exactly: when the
    first task's ffmpeg has cut its frame, the other stream's task and a second task of the first
    stream run to the end before the first goes on."""
    (first, _), (second, _) = live_angle(), live_angle()
    overlapping = [
        lambda: services.stream_thumbnail_from_feed(angle_id=second.pk),
        lambda: services.stream_thumbnail_from_feed(angle_id=first.pk),
    ]
    results = []
    run = subprocess.run

    def ffmpeg_then_the_overlapping_tasks(*args, **kwargs):
        done = run(*args, **kwargs)
        while overlapping:
            results.append(overlapping.pop(0)())
        return done

    monkeypatch.setattr(subprocess, "run", ffmpeg_then_the_overlapping_tasks)
    results.append(services.stream_thumbnail_from_feed(angle_id=first.pk))

    assert results == [True, True, False]  # the first task found its stream pictured already
    assert_has_its_own_picture(first)
    assert_has_its_own_picture(second)


def test_a_segment_still_being_written_does_not_keep_the_stream_from_its_thumbnail():
    """The newest .ts on disk is the one nginx-rtmp is still writing; the playlist names only
    finished ones."""
    angle, segments = live_angle()
    writing = segments[-1].with_name(f"{angle.playback_name}-{len(segments)}.ts")
    writing.write_bytes(segments[-1].read_bytes()[:564])  # three TS packets: no picture in them yet
    newest = segments[-1].stat().st_mtime + 5
    os.utime(writing, (newest, newest))

    assert services.stream_thumbnail_from_feed(angle_id=angle.pk)
    assert_has_its_own_picture(angle)

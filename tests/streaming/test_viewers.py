"""Viewer tracking: one count per viewer however many tabs; peaks; expiry; watch time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.streaming import services
from apps.streaming.models import Stream, StreamViewer
from apps.streaming.tasks import expire_stale_viewers_task
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def _counts(stream):
    stream.refresh_from_db()
    return stream.current_viewers, stream.peak_viewers, stream.total_viewers


def test_a_viewer_with_many_tabs_counts_once():
    stream = LiveStreamFactory()
    services.viewer_join(stream=stream, viewer_key="u1", socket=True)
    services.viewer_join(stream=stream, viewer_key="u1", socket=True)
    assert _counts(stream) == (1, 1, 1)
    services.viewer_leave(stream=stream, viewer_key="u1", socket=True)
    assert _counts(stream) == (1, 1, 1)  # one tab is still open
    services.viewer_leave(stream=stream, viewer_key="u1", socket=True)
    assert _counts(stream) == (0, 1, 1)


def test_peak_and_total_unique_viewers():
    stream = LiveStreamFactory()
    for key in ("u1", "u2", "s-abc"):
        services.viewer_join(stream=stream, viewer_key=key, socket=True)
    services.viewer_leave(stream=stream, viewer_key="u2", socket=True)
    services.viewer_join(stream=stream, viewer_key="u2", socket=True)
    assert _counts(stream) == (3, 3, 3)


def test_rest_viewers_expire_without_pings(settings):
    settings.STREAM_VIEWER_TTL_SECONDS = 60
    stream = LiveStreamFactory()
    services.viewer_join(stream=stream, viewer_key="u9")
    assert _counts(stream)[0] == 1
    StreamViewer.objects.update(last_seen_at=timezone.now() - timedelta(seconds=61))
    assert expire_stale_viewers_task.delay().get() == 1
    assert _counts(stream)[0] == 0
    assert StreamViewer.objects.get().left_at is not None


def test_sockets_of_a_dead_process_expire_too(settings):
    settings.STREAM_VIEWER_TTL_SECONDS = 60
    stream = LiveStreamFactory()
    services.viewer_join(stream=stream, viewer_key="u9", socket=True)
    StreamViewer.objects.update(last_seen_at=timezone.now() - timedelta(seconds=181))
    services.viewers_expire_stale()
    assert _counts(stream)[0] == 0


def test_watch_time_adds_up_stretches():
    stream = LiveStreamFactory()
    services.viewer_join(stream=stream, viewer_key="u1", socket=True)
    StreamViewer.objects.update(present_since=timezone.now() - timedelta(seconds=100))
    services.viewer_leave(stream=stream, viewer_key="u1", socket=True)
    services.viewer_join(stream=stream, viewer_key="u1", socket=True)
    StreamViewer.objects.update(present_since=timezone.now() - timedelta(seconds=20))
    services.stream_end(stream=stream, by=stream.creator)
    computed = services.stream_stats_compute(stream_id=stream.pk)
    assert 119 <= computed.total_watch_seconds <= 122
    assert Stream.objects.get().current_viewers == 0

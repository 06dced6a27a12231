"""An ended stream whose summary task never ran (the broker was down, or lost it) gets its summary
from the overdue sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.streaming import services
from apps.streaming.models import Stream
from apps.streaming.tasks import requeue_overdue_stats_task
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]


def test_a_stream_whose_summary_task_was_lost_gets_its_summary_from_the_sweep(
    django_capture_on_commit_callbacks, settings
):
    stream = LiveStreamFactory()
    services.chat_post(stream=stream, user=UserFactory(), content="buckets")
    with django_capture_on_commit_callbacks(execute=False):  # the stats task never reaches a worker
        services.stream_end(stream=stream, by=stream.creator)
    assert requeue_overdue_stats_task.delay().get() == 0  # just ended: its own task may still come
    Stream.objects.filter(pk=stream.pk).update(
        ended_at=timezone.now() - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS + 1)
    )
    assert requeue_overdue_stats_task.delay().get() == 1
    stream.refresh_from_db()
    assert stream.stats_computed_at is not None
    assert (stream.messages_count, stream.unique_chatters) == (1, 1)
    assert requeue_overdue_stats_task.delay().get() == 0

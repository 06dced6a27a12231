"""Celery tasks of the streaming app: thin and idempotent."""

from celery import shared_task

from apps.core.scheduling import queue_overdue
from apps.streaming import notifications, selectors, services
from apps.streaming.models import Stream


@shared_task(name="streaming.stream_stats")
def stream_stats_task(stream_id: str) -> None:
    services.stream_stats_compute(stream_id=stream_id)


@shared_task(name="streaming.notify_followers")
def notify_followers_task(stream_id: str, status: str) -> int:
    stream = Stream.objects.select_related("creator__profile").get(pk=stream_id)
    if stream.status != status:  # it changed again before we got here; that change notifies itself
        return 0
    return notifications.notify_followers(stream=stream)


@shared_task(name="streaming.end_silent_streams")
def end_silent_streams_task() -> int:
    return services.streams_end_silent()


@shared_task(name="streaming.expire_stale_viewers")
def expire_stale_viewers_task() -> int:
    return services.viewers_expire_stale()


@shared_task(name="streaming.requeue_overdue_stats")
def requeue_overdue_stats_task() -> int:
    return queue_overdue("streaming.stream_stats", selectors.streams_missing_stats())


@shared_task(name="streaming.expire_held_messages")
def expire_held_messages_task() -> int:
    return services.held_expire_overdue()

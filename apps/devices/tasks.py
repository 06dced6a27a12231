"""Celery tasks of the devices app: thin and idempotent."""

from celery import shared_task
from django.conf import settings

from apps.core.scheduling import queue_overdue
from apps.devices import selectors, services


@shared_task(name="devices.stream_end_if_abandoned")
def stream_end_if_abandoned_task(stream_id: str) -> bool:
    return services.stream_end_if_abandoned(stream_id=stream_id)


# ffmpeg's tasks: longer limits than the rest.
MEDIA_LIMITS = {"soft_time_limit": settings.MEDIA_TASK_SOFT_TIME_LIMIT, "time_limit": settings.MEDIA_TASK_TIME_LIMIT}


@shared_task(name="devices.recording_process", acks_late=True, **MEDIA_LIMITS)
def recording_process_task(recording_id: int) -> str:
    return services.recording_process(recording_id=recording_id).status


@shared_task(name="devices.stream_thumbnail_from_feed", **MEDIA_LIMITS)
def stream_thumbnail_from_feed_task(angle_id: int) -> bool:
    return services.stream_thumbnail_from_feed(angle_id=angle_id)


@shared_task(name="devices.requeue_overdue_recordings")
def requeue_overdue_recordings_task() -> int:
    return queue_overdue("devices.recording_process", selectors.recordings_overdue())


@shared_task(name="devices.requeue_abandoned_streams")
def requeue_abandoned_streams_task() -> int:
    return queue_overdue("devices.stream_end_if_abandoned", selectors.streams_abandoned())

"""Celery tasks of the clips app: thin and idempotent."""

from celery import shared_task

from apps.clips import selectors
from apps.clips.services import clips
from apps.core.scheduling import queue_overdue
from apps.devices.tasks import MEDIA_LIMITS


@shared_task(name="clips.cut", acks_late=True, **MEDIA_LIMITS)
def clip_cut_task(clip_id: str) -> str:
    return clips.clip_cut(clip_id=clip_id).status


@shared_task(name="clips.requeue_overdue_clips")
def requeue_overdue_clips_task() -> int:
    return queue_overdue("clips.cut", selectors.clips_overdue())

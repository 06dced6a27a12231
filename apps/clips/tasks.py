"""Celery tasks of the clips app: thin and idempotent."""

from celery import shared_task

from apps.clips import selectors
from apps.clips.services import clips
from apps.clips.services import highlights as highlight_services
from apps.core.scheduling import pending_run_started, queue_overdue
from apps.devices.tasks import MEDIA_LIMITS


@shared_task(name="clips.cut", acks_late=True, **MEDIA_LIMITS)
def clip_cut_task(clip_id: str) -> str:
    return clips.clip_cut(clip_id=clip_id).status


@shared_task(name="clips.requeue_overdue_clips")
def requeue_overdue_clips_task() -> int:
    return queue_overdue("clips.cut", selectors.clips_overdue())


# --- Highlights ------------------------------------------------------------------------------


@shared_task(name="clips.detect_highlights")
def detect_highlights_task(stream_id: str) -> int:
    pending_run_started(f"clips.highlights:{stream_id}")
    return len(highlight_services.highlights_detect(stream_id=stream_id))


@shared_task(name="clips.detect_live_highlights")
def detect_live_highlights_task() -> int:
    return highlight_services.highlights_detect_live()


@shared_task(name="clips.highlights_after_shot")
def highlights_after_shot_task(*, shot_id, stream_id, shooter_id, shot_type, made, streak) -> None:
    highlight_services.highlights_after_shot(shot_id=shot_id, stream_id=stream_id, made=made, streak=streak)


@shared_task(name="clips.highlights_after_battle")
def highlights_after_battle_task(*, battle_id) -> None:
    highlight_services.highlights_after_battle(battle_id=battle_id)


@shared_task(name="clips.highlights_at_stream_end")
def highlights_at_stream_end_task(*, stream_id, creator_id) -> int:
    return len(highlight_services.highlights_detect(stream_id=stream_id))

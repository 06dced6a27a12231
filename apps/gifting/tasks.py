"""Celery tasks of gifting: thin."""

from celery import shared_task

from apps.gifting import services


@shared_task(name="gifting.leaderboard_publish")
def leaderboard_publish_task(stream_id: str) -> None:
    services.leaderboard_publish(stream_id=stream_id)

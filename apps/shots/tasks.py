"""Celery tasks of the shots app: thin; the services judge the clock."""

from celery import shared_task

from apps.shots.services import challenges


@shared_task(name="shots.expire_challenges")
def expire_challenges_task() -> int:
    """Beat's sweep: shot challenges not attempted within their window are expired and refunded."""
    return challenges.shot_challenges_expire()

"""Celery tasks of tournaments and challenges: thin, idempotent, reading the clock themselves."""

from celery import shared_task

from apps.tournaments.services import challenges


# --- Challenges ------------------------------------------------------------------------------
@shared_task(name="tournaments.expire_challenges")
def expire_challenges_task() -> int:
    """Beat's sweep: challenges left unanswered past their time are expired and their stakes refunded."""
    return challenges.challenges_expire()

"""Celery tasks of tournaments and challenges: thin; the services judge the clock."""

from celery import shared_task

from apps.tournaments.services import challenges, matches


@shared_task(name="tournaments.expire_overdue_reports")
def expire_overdue_reports_task() -> int:
    return matches.reports_expire_overdue()


# --- Challenges ------------------------------------------------------------------------------
@shared_task(name="tournaments.expire_challenges")
def expire_challenges_task() -> int:
    """Beat's sweep: challenges left unanswered past their time are expired and their stakes refunded."""
    return challenges.challenges_expire()

"""Celery tasks of tournaments and challenges: thin; the services judge the clock."""

from celery import shared_task

from apps.tournaments.services import matches


@shared_task(name="tournaments.expire_overdue_reports")
def expire_overdue_reports_task() -> int:
    return matches.reports_expire_overdue()

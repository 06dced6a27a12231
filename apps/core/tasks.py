"""Celery tasks of the core: thin."""

from celery import shared_task

from apps.core import domain_events


@shared_task(name="core.redeliver_events")
def redeliver_events_task() -> int:
    return domain_events.redeliver_events()

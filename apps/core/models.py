"""Rows the core keeps for every app: event deliveries a down broker refused."""

from django.db import models


class UndeliveredEvent(models.Model):
    """A subscriber's task the broker would not take when its event was published (apps.core.domain_events):
    the sweep `core.redeliver_events` queues it again once the broker is back."""

    event = models.CharField(max_length=100)
    task = models.CharField(max_length=200)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.event} for {self.task}"

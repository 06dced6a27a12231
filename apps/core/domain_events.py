"""Domain events: how a lower app tells the apps above it that something happened, without
importing them. Two kinds (docs/events.md):

- `Event`, after commit (almost everything): the publisher names the moment and a small payload;
  each subscriber is a Celery task, queued by name once the publisher's transaction commits.
- `AppHooks`, in the transaction (rare, explicit): a list the publisher owns and runs inside its
  own transaction, for a higher app that must write in that same commit.

Higher apps subscribe and register in their AppConfig.ready, passing their AppConfig: only apps
that are installed are called, in INSTALLED_APPS order, and registering twice changes nothing.
"""

import logging

from django.apps import apps
from django.db import transaction

from apps.core.models import UndeliveredEvent
from apps.core.scheduling import queue_now, task_named

logger = logging.getLogger(__name__)

# How many parked events one round of the sweep queues again.
REDELIVER_BATCH = 500


class AppHooks:
    """What higher apps registered with a lower one (a callable, a small dataclass of them), one
    per app. Iterating gives the installed apps' entries in INSTALLED_APPS order."""

    def __init__(self, name: str):
        self.name = name
        self._by_app: dict[str, object] = {}

    def register(self, app_config, hook) -> None:
        self._by_app[app_config.label] = hook

    def __iter__(self):
        return (self._by_app[label] for label in apps.app_configs if label in self._by_app)


_EVENTS: dict[str, "Event"] = {}


class Event:
    """A named moment a lower app publishes after its transaction commits (`gift.sent`).

    Each subscriber is a Celery task called with the payload as keyword arguments: eager in the
    embedded default, on a worker otherwise. Subscribers are idempotent and safe to retry (a
    delivery may come twice, and late). When the broker refuses a subscriber's task (it is down),
    the commit stands and the delivery is parked in its own row (UndeliveredEvent), which the
    sweep `core.redeliver_events` queues again once the broker is back."""

    def __init__(self, name: str, *, fields: tuple[str, ...]):
        if name in _EVENTS:
            raise ValueError(f"the event {name!r} is declared twice")
        self.name, self.fields = name, frozenset(fields)
        self._subscribers = AppHooks(name)
        _EVENTS[name] = self

    def __repr__(self) -> str:
        return f"Event({self.name!r})"

    def subscribe(self, app_config, task_name: str) -> None:
        """Called from `app_config.ready()`: run the task named `task_name` after each publish."""
        self._subscribers.register(app_config, task_name)

    @property
    def subscribers(self) -> list[str]:
        return list(self._subscribers)

    def publish(self, **payload) -> None:
        """Queue every subscriber once the current transaction commits (nothing if it rolls back).
        The payload is small and JSON: ids and numbers; subscribers read the rest themselves."""
        if set(payload) != self.fields:
            raise TypeError(f"{self.name} carries {sorted(self.fields)}, not {sorted(payload)}")
        if subscribers := self.subscribers:
            transaction.on_commit(lambda: _deliver(self.name, subscribers, payload), robust=True)


def _deliver(event: str, subscribers: list[str], payload: dict) -> None:
    for task_name in subscribers:
        if not queue_now(task_name, kwargs=payload):
            UndeliveredEvent.objects.create(event=event, task=task_name, payload=payload)


def redeliver_events() -> int:
    """The sweep: queue again the deliveries a down broker refused, oldest first; stops at the first
    refusal (the broker is still down). A parked delivery whose task no longer exists (its app was
    removed) is dropped. Returns how many it queued."""
    queued = 0
    for parked in UndeliveredEvent.objects.order_by("pk")[:REDELIVER_BATCH]:
        try:
            task_named(parked.task)
        except LookupError:
            logger.warning("dropped %s for %s: no such task any more", parked.event, parked.task)
            parked.delete()
            continue
        if not queue_now(parked.task, kwargs=parked.payload):
            break
        parked.delete()
        queued += 1
    return queued

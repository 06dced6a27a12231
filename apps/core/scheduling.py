"""Queue Celery work by task name, to run once the current transaction commits.

A caller names the task ("streaming.stream_stats"); the task itself is looked up when the
transaction commits, so no service imports a tasks module (tasks import services, never the
reverse). Options: a countdown (`seconds`), and `once_key` for work that sums up many changes.

Queuing never fails the request, nor holds it long, when the broker is down (the timeouts are in
config.settings.base): the failure is logged, and whatever the task was to do stays recorded as
still to do in its own rows, where an overdue sweep (`queue_overdue`, on Celery beat) finds it.
"""

import logging
import threading

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# A pending run whose task never came (a worker lost it) frees its key after this many periods.
_PENDING_PERIODS = 30
# Work the overdue sweep queued is not queued again for this many of its rounds.
_REQUEUE_ROUNDS = 5


def task_named(name: str):
    """The Celery task registered as `name`. A process that has not imported every app's tasks
    module yet (a web process) imports them on its first miss."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.autodiscover_tasks(force=True)
    if name not in tasks:
        raise LookupError(f"no Celery task is named {name!r}")
    return tasks[name]


def _run_in_thread(task, args, kwargs) -> None:
    close_old_connections()
    try:
        task.delay(*args, **kwargs)
    finally:
        connections.close_all()


def queue_now(name: str, *, seconds: float = 0, args=(), kwargs=None) -> bool:
    """Queue the task at once (no transaction to wait for). False when the broker refused it."""
    task, args, kwargs = task_named(name), list(args), kwargs or {}
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.EAGER_COUNTDOWN_TIMERS and seconds > 0:
        timer = threading.Timer(seconds, _run_in_thread, (task, args, kwargs))
        timer.daemon = True
        timer.start()
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=seconds)
    except OperationalError as exc:  # the broker is unreachable
        logger.warning("could not queue %s%s, left to the overdue sweep: %s", name, tuple(args), exc)
        return False
    return True


def _pending_key(key: str) -> str:
    return f"run-once-soon:{key}"


def run_after(name: str, *, seconds: float = 0, args=(), kwargs=None, once_key: str | None = None) -> None:
    """Queue the task named `name` to run `seconds` after the current transaction commits.

    Eager Celery (the embedded default) ignores countdowns, as there is no broker to hold the task:
    a timer thread stands in for it there (not in tests, which run such tasks at once and move the
    clock themselves).

    With `once_key`, nothing is queued while a run for that key is already pending: that run will do.
    For work that sums up many changes (a leaderboard after a burst of gifts), done at most once per
    `seconds` across every process (the cache is shared). The task calls `pending_run_started(key)`
    before it reads, so that a change committed after its read queues the next run."""
    task_named(name)  # a misspelt name fails in its caller (and its tests), not in a commit hook's log
    if once_key is None:
        transaction.on_commit(lambda: queue_now(name, seconds=seconds, args=args, kwargs=kwargs), robust=True)
        return

    def queue_once() -> None:
        if not cache.add(_pending_key(once_key), 1, timeout=max(60, seconds * _PENDING_PERIODS)):
            return
        if not queue_now(name, seconds=seconds, args=args, kwargs=kwargs):
            pending_run_started(once_key)  # the broker refused it: nothing is pending, the next change tries again

    transaction.on_commit(queue_once, robust=True)


def pending_run_started(key: str) -> None:
    cache.delete(_pending_key(key))


def queue_overdue(name: str, ids) -> int:
    """The overdue sweep's half: queue the task named `name` with each id whose work is overdue (a
    selector says which), unless the sweep queued it in its last few rounds (it may just be waiting
    behind other tasks). The tasks are idempotent: a run that finds its work done does nothing.
    Returns how many it queued."""
    queued = 0
    for item in ids:
        key = f"overdue:{name}:{item}"
        if not cache.add(key, 1, timeout=settings.OVERDUE_SWEEP_SECONDS * _REQUEUE_ROUNDS):
            continue
        if queue_now(name, args=[item]):
            queued += 1
        else:
            cache.delete(key)
    return queued

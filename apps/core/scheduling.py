"""Run a Celery task some seconds from now, once the current transaction commits.

Queuing never fails the request, nor holds it long, when the broker is down (the timeouts are in
config.settings.base): the failure is logged, and whatever the task was to do stays recorded as
still to do in its own rows, where an overdue sweep (`queue_overdue`, on Celery beat) finds it.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# A pending run whose task never came (a worker lost it) frees its key after this many periods.
_PENDING_PERIODS = 30
# Work the overdue sweep queued is not queued again for this many of its rounds.
_REQUEUE_ROUNDS = 5


def _run_in_thread(task, args) -> None:
    close_old_connections()
    try:
        task.delay(*args)
    finally:
        connections.close_all()


def _queue(task, seconds: float, args) -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.EAGER_COUNTDOWN_TIMERS and seconds > 0:
        timer = threading.Timer(seconds, _run_in_thread, (task, list(args)))
        timer.daemon = True
        timer.start()
        return True
    try:
        task.apply_async(args=list(args), countdown=seconds)
    except OperationalError as exc:  # the broker is unreachable
        logger.warning("could not queue %s%s, left to the overdue sweep: %s", task.name, tuple(args), exc)
        return False
    return True


def run_after(task, *, seconds: float = 0, args=()) -> None:
    """Queue `task(*args)` to run `seconds` after the current transaction commits. Eager Celery (the
    embedded default) ignores countdowns, as there is no broker to hold the task: a timer thread
    stands in for it there (not in tests, which run such tasks at once and move the clock themselves)."""
    transaction.on_commit(lambda: _queue(task, seconds, args), robust=True)


def _pending_key(key: str) -> str:
    return f"run-once-soon:{key}"


def run_once_soon(task, *, key: str, seconds: float, args=()) -> None:
    """Like run_after, unless a run for `key` is already pending: then that run will do. For work
    that sums up many changes (a leaderboard after a burst of gifts), done once per `seconds`
    across every process (the cache is shared). The task calls `pending_run_started(key)` before
    it reads, so that a change committed after its read queues the next run."""

    def queue() -> None:
        if not cache.add(_pending_key(key), 1, timeout=max(60, seconds * _PENDING_PERIODS)):
            return
        if not _queue(task, seconds, args):
            pending_run_started(key)  # the broker refused it: nothing is pending, the next change tries again

    transaction.on_commit(queue, robust=True)


def pending_run_started(key: str) -> None:
    cache.delete(_pending_key(key))


def queue_overdue(task, ids) -> int:
    """The overdue sweep's half: queue `task(id)` for each id whose work is overdue (a selector says
    which), unless the sweep queued it in its last few rounds (it may just be waiting behind other
    tasks). The tasks are idempotent: a run that finds its work done does nothing.
    Returns how many it queued."""
    queued = 0
    for item in ids:
        key = f"overdue:{task.name}:{item}"
        if not cache.add(key, 1, timeout=settings.OVERDUE_SWEEP_SECONDS * _REQUEUE_ROUNDS):
            continue
        if _queue(task, 0, [item]):
            queued += 1
        else:
            cache.delete(key)
    return queued

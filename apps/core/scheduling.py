"""Run a Celery task some seconds from now, once the current transaction commits."""

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction

# A pending run whose task never came (a worker lost it) frees its key after this many periods.
_PENDING_PERIODS = 30


def _run_in_thread(task, args) -> None:
    close_old_connections()
    try:
        task.delay(*args)
    finally:
        connections.close_all()


def _queue(task, seconds: float, args) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.EAGER_COUNTDOWN_TIMERS and seconds > 0:
        timer = threading.Timer(seconds, _run_in_thread, (task, list(args)))
        timer.daemon = True
        timer.start()
    else:
        task.apply_async(args=list(args), countdown=seconds)


def run_after(task, *, seconds: float, args=()) -> None:
    """Queue `task(*args)` to run in `seconds`. Eager Celery (the embedded default) ignores
    countdowns, as there is no broker to hold the task: a timer thread stands in for it there
    (not in tests, which run such tasks at once and move the clock themselves)."""
    transaction.on_commit(lambda: _queue(task, seconds, args), robust=True)


def _pending_key(key: str) -> str:
    return f"run-once-soon:{key}"


def run_once_soon(task, *, key: str, seconds: float, args=()) -> None:
    """Like run_after, unless a run for `key` is already pending: then that run will do. For work
    that sums up many changes (a leaderboard after a burst of gifts), done once per `seconds`
    across every process (the cache is shared). The task calls `pending_run_started(key)` before
    it reads, so that a change committed after its read queues the next run."""

    def queue() -> None:
        if cache.add(_pending_key(key), 1, timeout=max(60, seconds * _PENDING_PERIODS)):
            _queue(task, seconds, args)

    transaction.on_commit(queue, robust=True)


def pending_run_started(key: str) -> None:
    cache.delete(_pending_key(key))

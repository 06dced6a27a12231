"""Run a Celery task some seconds from now, once the current transaction commits."""

import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction


def _run_in_thread(task, args) -> None:
    close_old_connections()
    try:
        task.delay(*args)
    finally:
        connections.close_all()


def run_after(task, *, seconds: float, args=()) -> None:
    """Queue `task(*args)` to run in `seconds`. Eager Celery (the embedded default) ignores
    countdowns, as there is no broker to hold the task: a timer thread stands in for it there
    (not in tests, which run such tasks at once and move the clock themselves)."""

    def queue() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and settings.EAGER_COUNTDOWN_TIMERS and seconds > 0:
            timer = threading.Timer(seconds, _run_in_thread, (task, list(args)))
            timer.daemon = True
            timer.start()
        else:
            task.apply_async(args=list(args), countdown=seconds)

    transaction.on_commit(queue, robust=True)

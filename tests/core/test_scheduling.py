"""run_after: a task some seconds after the commit; a timer thread stands in for the broker when Celery is eager."""

import threading

import pytest
from django.db import transaction

from apps.core.scheduling import run_after


class Recorder:
    """A stand-in task: records the arguments it was queued with, and how."""

    def __init__(self):
        self.ran = threading.Event()
        self.calls = []

    def delay(self, *args):
        self.calls.append(("delay", args))
        self.ran.set()

    def apply_async(self, *, args, countdown):
        self.calls.append(("apply_async", tuple(args), countdown))
        self.ran.set()


@pytest.mark.django_db(transaction=True)
def test_eager_countdowns_run_later_on_a_timer_after_the_commit(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EAGER_COUNTDOWN_TIMERS = True
    task = Recorder()
    with transaction.atomic():
        run_after(task, seconds=0.05, args=["stream-1"])
        assert not task.calls  # nothing before the commit
    assert task.ran.wait(5)
    assert task.calls == [("delay", ("stream-1",))]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing(settings):
    settings.EAGER_COUNTDOWN_TIMERS = True
    task = Recorder()

    def queue_then_fail():
        with transaction.atomic():
            run_after(task, seconds=0, args=[1])
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        queue_then_fail()
    assert task.calls == []


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_countdown_goes_to_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = Recorder()
    run_after(task, seconds=10, args=[7])
    assert task.calls == [("apply_async", (7,), 10)]

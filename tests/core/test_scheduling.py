"""run_after: a task some seconds after the commit; a timer thread stands in for the broker when Celery is eager.
run_once_soon: the same, at most one pending run per key."""

import threading
import uuid

import pytest
from django.db import transaction

from apps.core.scheduling import pending_run_started, run_after, run_once_soon


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


@pytest.mark.django_db(transaction=True)
def test_run_once_soon_queues_one_run_per_key_until_that_run_starts(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = Recorder()
    one, two = f"lb:{uuid.uuid4()}", f"lb:{uuid.uuid4()}"  # the cache may be a Redis shared with other runs
    for _ in range(3):
        run_once_soon(task, key=one, seconds=1, args=["stream-1"])
    run_once_soon(task, key=two, seconds=1, args=["stream-2"])
    assert task.calls == [("apply_async", ("stream-1",), 1), ("apply_async", ("stream-2",), 1)]
    # The run starts (and reads): a change committed after that needs a run of its own.
    pending_run_started(one)
    run_once_soon(task, key=one, seconds=1, args=["stream-1"])
    run_once_soon(task, key=two, seconds=1, args=["stream-2"])
    assert task.calls[2:] == [("apply_async", ("stream-1",), 1)]
    pending_run_started(one)
    pending_run_started(two)


@pytest.mark.django_db(transaction=True)
def test_run_once_soon_in_a_rolled_back_transaction_leaves_no_pending_run(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = Recorder()
    key = f"lb:{uuid.uuid4()}"

    def queue_then_fail():
        with transaction.atomic():
            run_once_soon(task, key=key, seconds=1)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        queue_then_fail()
    run_once_soon(task, key=key, seconds=1)
    assert task.calls == [("apply_async", (), 1)]
    pending_run_started(key)

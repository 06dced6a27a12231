"""run_after: a task, by name, some seconds after the commit; a timer thread stands in for the broker
when Celery is eager. With once_key: the same, at most one pending run per key.
queue_overdue: the overdue sweeps' queuing, at most once in a few of their rounds."""

import threading
import uuid

import pytest
from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

from apps.core.scheduling import pending_run_started, queue_overdue, run_after


class Recorder:
    """A stand-in task: records the arguments it was queued with, and how."""

    name = "test.recorder"

    def __init__(self):
        self.ran = threading.Event()
        self.calls = []

    def delay(self, *args, **kwargs):
        self.calls.append(("delay", args))
        self.ran.set()

    def apply_async(self, *, args, kwargs, countdown):
        self.calls.append(("apply_async", tuple(args), countdown))
        self.ran.set()


@pytest.fixture(autouse=True)
def registered():
    """`registered(task)`: the stand-in is Celery's task of its name, for this test only."""
    names = []

    def register(task):
        current_app.tasks[task.name] = task
        names.append(task.name)
        return task

    yield register
    for name in names:
        current_app.tasks.pop(name, None)


@pytest.mark.django_db(transaction=True)
def test_eager_countdowns_run_later_on_a_timer_after_the_commit(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EAGER_COUNTDOWN_TIMERS = True
    task = registered(Recorder())
    with transaction.atomic():
        run_after(task.name, seconds=0.05, args=["stream-1"])
        assert not task.calls  # nothing before the commit
    assert task.ran.wait(5)
    assert task.calls == [("delay", ("stream-1",))]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing(registered, settings):
    settings.EAGER_COUNTDOWN_TIMERS = True
    task = registered(Recorder())

    def queue_then_fail():
        with transaction.atomic():
            run_after(task.name, seconds=0, args=[1])
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        queue_then_fail()
    assert task.calls == []


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_countdown_goes_to_celery(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = registered(Recorder())
    run_after(task.name, seconds=10, args=[7])
    assert task.calls == [("apply_async", (7,), 10)]


@pytest.mark.django_db(transaction=True)
def test_once_key_queues_one_run_per_key_until_that_run_starts(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = registered(Recorder())
    one, two = f"lb:{uuid.uuid4()}", f"lb:{uuid.uuid4()}"  # the cache may be a Redis shared with other runs
    for _ in range(3):
        run_after(task.name, once_key=one, seconds=1, args=["stream-1"])
    run_after(task.name, once_key=two, seconds=1, args=["stream-2"])
    assert task.calls == [("apply_async", ("stream-1",), 1), ("apply_async", ("stream-2",), 1)]
    # The run starts (and reads): a change committed after that needs a run of its own.
    pending_run_started(one)
    run_after(task.name, once_key=one, seconds=1, args=["stream-1"])
    run_after(task.name, once_key=two, seconds=1, args=["stream-2"])
    assert task.calls[2:] == [("apply_async", ("stream-1",), 1)]
    pending_run_started(one)
    pending_run_started(two)


@pytest.mark.django_db(transaction=True)
def test_once_key_in_a_rolled_back_transaction_leaves_no_pending_run(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = registered(Recorder())
    key = f"lb:{uuid.uuid4()}"

    def queue_then_fail():
        with transaction.atomic():
            run_after(task.name, once_key=key, seconds=1)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        queue_then_fail()
    run_after(task.name, once_key=key, seconds=1)
    assert task.calls == [("apply_async", (), 1)]
    pending_run_started(key)


class BrokerDown(Recorder):
    """A task whose broker refuses connections, as Celery reports it."""

    def apply_async(self, *, args, kwargs, countdown):
        self.calls.append(("apply_async", tuple(args), countdown))
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db(transaction=True)
def test_queuing_to_a_broker_that_is_down_is_logged_and_the_commit_stands(registered, settings, caplog):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = registered(BrokerDown())
    with transaction.atomic():
        run_after(task.name, args=["payout-7"])
    assert task.calls == [("apply_async", ("payout-7",), 0)]
    (record,) = [r for r in caplog.records if r.name == "apps.core.scheduling"]
    assert record.levelname == "WARNING"
    assert record.getMessage().startswith("could not queue test.recorder('payout-7',), left to the overdue sweep")


@pytest.mark.usefixtures("own_cache")
def test_the_sweep_queues_overdue_work_once_in_a_few_rounds(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    task = registered(Recorder())
    assert queue_overdue(task.name, [1, 2]) == 2
    assert queue_overdue(task.name, [1, 2, 3]) == 1  # 1 and 2 may still be waiting behind other tasks
    assert task.calls == [("apply_async", (1,), 0), ("apply_async", (2,), 0), ("apply_async", (3,), 0)]


@pytest.mark.usefixtures("own_cache")
def test_the_sweep_tries_again_next_round_what_the_broker_refused(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    refused = registered(BrokerDown())
    assert queue_overdue(refused.name, [1]) == 0
    task = registered(Recorder())  # the same name: the broker is back
    assert queue_overdue(task.name, [1]) == 1
    assert task.calls == [("apply_async", (1,), 0)]


@pytest.mark.usefixtures("own_cache")
@pytest.mark.django_db(transaction=True)
def test_once_key_leaves_no_pending_run_when_the_broker_refused_it(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    refused = registered(BrokerDown())
    run_after(refused.name, once_key="lb:stream-1", seconds=1, args=["stream-1"])
    task = registered(Recorder())
    run_after(task.name, once_key="lb:stream-1", seconds=1, args=["stream-1"])
    assert task.calls == [("apply_async", ("stream-1",), 1)]


@pytest.mark.django_db(transaction=True)
def test_the_task_is_looked_up_by_its_name_when_the_transaction_commits(registered, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    before = registered(Recorder())
    with transaction.atomic():
        run_after("test.recorder", args=[1])
        after = registered(Recorder())  # the name now means another task (say, a deploy changed it)
    assert (before.calls, after.calls) == ([], [("apply_async", (1,), 0)])


def test_a_name_no_task_has_fails_in_its_caller(registered):
    with pytest.raises(LookupError, match=r"no Celery task is named 'streaming\.no_such_task'"):
        run_after("streaming.no_such_task")

"""Domain events (apps.core.domain_events): a new app hears `gift.sent` and `stream.ended` with no
change to gifting or streaming; only installed apps hear; nothing is heard before the commit; a
delivery the broker refuses waits in its own row until the sweep queues it; in-transaction hooks
run once per app, in INSTALLED_APPS order."""

from types import SimpleNamespace

import pytest
from celery import current_app
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from kombu.exceptions import OperationalError

from apps.core.domain_events import AppHooks, redeliver_events
from apps.core.models import UndeliveredEvent
from apps.gifting import services as gifting
from apps.gifting.domain_events import GIFT_SENT
from apps.gifting.models import Gift
from apps.streaming import services as streaming
from apps.streaming.domain_events import STREAM_ENDED
from apps.wallet import services as wallet
from tests.event_probe import tasks as probe
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

PROBE = "tests.event_probe"


@pytest.fixture
def probe_heard(settings):
    """The probe app installed (its AppConfig.ready subscribes it), and what it heard."""
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, PROBE]
    probe.heard.clear()
    yield probe.heard
    probe.heard.clear()


def _fan():
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=100, reason="test", granted_by=UserFactory(is_staff=True))
    return fan


def test_a_new_app_hears_gifts_and_stream_ends_without_a_change_to_gifting_or_streaming(
    probe_heard, django_capture_on_commit_callbacks
):
    stream, fan = LiveStreamFactory(), _fan()
    rose = Gift.objects.create(name="Probe rose", emoji="🌹", coin_cost=2)
    with django_capture_on_commit_callbacks(execute=True):
        send = gifting.gift_send(stream=stream, sender=fan, gift_id=rose.pk, quantity=3)
        assert probe_heard == {}  # not before the commit
    with django_capture_on_commit_callbacks(execute=True):
        streaming.stream_end(stream=stream, by=stream.creator)
    assert probe_heard == {
        ("gift.sent", send.pk): {
            "gift_send_id": send.pk,
            "stream_id": str(stream.pk),
            "sender_id": fan.pk,
            "recipient_id": stream.creator_id,
            "coins": 6,
        },
        ("stream.ended", str(stream.pk)): {"stream_id": str(stream.pk), "creator_id": stream.creator_id},
    }


def test_only_installed_apps_hear():
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, PROBE]):
        assert "event_probe.gift_sent" in GIFT_SENT.subscribers
    assert "event_probe.gift_sent" not in GIFT_SENT.subscribers


def test_a_rolled_back_transaction_publishes_nothing(probe_heard, django_capture_on_commit_callbacks):
    def publish_then_fail():
        with transaction.atomic():
            STREAM_ENDED.publish(stream_id="a-stream", creator_id=1)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        publish_then_fail()
    assert callbacks == []


def test_an_event_carries_exactly_its_declared_payload():
    with pytest.raises(TypeError, match=r"stream\.ended carries \['creator_id', 'stream_id'\]"):
        STREAM_ENDED.publish(stream_id="a-stream")


class Broker:
    """Stands in for a subscriber's task, with a broker that is up or down."""

    def __init__(self, *, up: bool):
        self.up, self.queued = up, []

    def apply_async(self, *, args, kwargs, countdown):
        if not self.up:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.queued.append(kwargs)


@pytest.fixture
def subscriber_task():
    """`subscriber_task(stand_in)`: the probe's stream.ended task is `stand_in` for this test."""
    name = "event_probe.stream_ended"
    real = current_app.tasks.get(name)

    def replace(stand_in):
        current_app.tasks[name] = stand_in
        return stand_in

    yield replace
    if real is None:
        current_app.tasks.pop(name, None)
    else:
        current_app.tasks[name] = real


def test_a_delivery_the_broker_refuses_waits_in_its_row_until_the_sweep_queues_it(
    probe_heard, settings, subscriber_task, caplog, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    down = subscriber_task(Broker(up=False))
    with django_capture_on_commit_callbacks(execute=True):
        STREAM_ENDED.publish(stream_id="a-stream", creator_id=7)
    payload = {"stream_id": "a-stream", "creator_id": 7}
    parked = UndeliveredEvent.objects.get()  # the commit stood; the delivery waits
    assert (parked.event, parked.task, parked.payload) == ("stream.ended", "event_probe.stream_ended", payload)
    assert any(r.getMessage().startswith("could not queue event_probe.stream_ended") for r in caplog.records)

    assert redeliver_events() == 0  # the sweep, while the broker is still down: it waits on
    assert UndeliveredEvent.objects.count() == 1
    up = subscriber_task(Broker(up=True))
    assert redeliver_events() == 1
    assert (down.queued, up.queued) == ([], [payload])
    assert not UndeliveredEvent.objects.exists()


def test_the_sweep_drops_a_delivery_whose_task_is_gone():
    UndeliveredEvent.objects.create(event="stream.ended", task="removed_app.on_stream_ended", payload={})
    assert redeliver_events() == 0
    assert not UndeliveredEvent.objects.exists()


def test_hooks_run_once_per_installed_app_in_installed_apps_order():
    hooks = AppHooks("test")
    hooks.register(apps.get_app_config("pk"), "pk's")
    hooks.register(apps.get_app_config("core"), "core's")
    hooks.register(SimpleNamespace(label="uninstalled"), "nobody's")
    hooks.register(apps.get_app_config("pk"), "pk's, registered again (ready() ran twice)")
    assert list(hooks) == ["core's", "pk's, registered again (ready() ran twice)"]

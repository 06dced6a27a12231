import pytest

from apps.devices import services as devices
from apps.wallet import services as wallet
from tests.devices.helpers import register
from tests.factories import UserFactory
from tests.gifting.conftest import gift_catalog  # noqa: F401  (the gift catalog a transactional test may have flushed)
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture
def creator(db):
    return UserFactory()


@pytest.fixture
def camera_and_key(creator):
    """The creator's gimbal, with "Cut highlights automatically" on (the default), and its ingest key."""
    return register(owner=creator)


@pytest.fixture
def camera(camera_and_key):
    return camera_and_key[0]


@pytest.fixture
def live(creator, camera_and_key, clock):
    """A stream that went live now (the controlled clock's now), its camera publishing from now on."""
    device, key = camera_and_key
    stream = LiveStreamFactory(creator=creator, started_at=clock.now, last_heartbeat_at=clock.now)
    devices.angle_attach(stream=stream, device=device, by=creator)
    devices.ingest_publish(name=key, client_id="highlights-test")
    return stream


@pytest.fixture
def fan(db):
    """A viewer with 2,000 coins."""
    user = UserFactory()
    wallet.wallet_grant(user=user, amount=2000, reason="test", granted_by=UserFactory(is_staff=True))
    return user

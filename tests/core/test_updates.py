"""The three hand-written updates are one (apps.core.updates.model_update): a field the service does
not allow is refused with the app's own application error, on that field, and nothing is saved."""

import pytest

from apps.accounts import services as accounts
from apps.accounts.models import AthleteProfile
from apps.core.exceptions import ApplicationError
from apps.devices import services as devices
from apps.devices.models import Device
from apps.streaming import services as streaming
from apps.streaming.models import Stream
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.django_db


def _refused(update) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        update()
    return refused.value


def test_each_update_refuses_a_field_it_does_not_allow():
    user = UserFactory()
    stream = StreamFactory(creator=user, title="Before")
    device, _ = devices.device_register(owner=user, name="Before")
    updates = {
        "profile": lambda: accounts.profile_update(profile=user.profile, data={"bio": "new", "highest_rating": 1}),
        "stream": lambda: streaming.stream_update(stream=stream, by=user, data={"title": "new", "status": "live"}),
        "device": lambda: devices.device_update(device=device, by=user, data={"name": "new", "owner_id": 1}),
    }
    refusals = {name: _refused(update) for name, update in updates.items()}
    assert {name: error.field for name, error in refusals.items()} == {
        "profile": "highest_rating",
        "stream": "status",
        "device": "owner_id",
    }
    assert {error.code for error in refusals.values()} == {"invalid", "stream_invalid", "device_invalid"}
    assert AthleteProfile.objects.get(user=user).bio == ""
    assert Stream.objects.get(pk=stream.pk).title == "Before"
    assert Device.objects.get(pk=device.pk).name == "Before"

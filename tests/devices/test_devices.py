"""Registering encoders and their ingest keys: random, shown once, kept only as a hash."""

import pytest

from apps.devices import keys, services
from apps.devices.errors import DeviceInvalid, NotDeviceOwner
from apps.devices.models import Device, IngestKey
from tests.devices.helpers import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_device_gets_a_random_key_that_is_stored_only_as_its_hash():
    device, key = register(name="Baseline XBot", serial="XB-1001", angle_label="Baseline")
    _, other = register()
    assert key.startswith("bsl_")
    assert key != other
    assert len(key) - len("bsl_") >= 32  # 24 random bytes, base64url: 192 bits
    stored = IngestKey.objects.get(device=device)
    assert stored.key_hash == keys.key_hash(key)
    assert stored.hint == key[:8]
    assert key not in str(list(IngestKey.objects.values_list()))
    assert (device.model, device.quality, device.label) == ("xbot_go_chameleon", "720p_60fps", "Baseline")


def test_a_serial_belongs_to_one_account():
    register(serial="XB-42")
    with pytest.raises(DeviceInvalid) as refused:
        register(serial="XB-42")
    assert refused.value.field == "serial"
    assert Device.objects.count() == 1
    assert IngestKey.objects.count() == 1
    register(serial="")  # software encoders have none; many may
    register(serial="")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"model": "gopro"}, "model"),
        ({"quality": "4k"}, "quality"),
        ({"connection_method": "carrier_pigeon"}, "connection_method"),
        ({"angle_label": "y" * 41}, "angle_label"),
    ],
)
def test_bad_device_fields_are_refused_and_nothing_is_written(fields, field):
    with pytest.raises(DeviceInvalid) as refused:
        register(**fields)
    assert refused.value.field == field
    assert not Device.objects.exists()


def test_rotating_replaces_the_key_and_revoking_leaves_none():
    device, first = register()
    second = services.ingest_key_rotate(device=device, by=device.owner)
    assert second != first
    live = IngestKey.objects.get(device=device, revoked_at__isnull=True)
    assert live.key_hash == keys.key_hash(second)
    services.ingest_key_revoke(device=device, by=device.owner)
    assert not IngestKey.objects.filter(device=device, revoked_at__isnull=True).exists()


def test_only_the_owner_manages_a_device():
    device, _ = register()
    stranger = UserFactory()
    with pytest.raises(NotDeviceOwner):
        services.ingest_key_rotate(device=device, by=stranger)
    with pytest.raises(NotDeviceOwner):
        services.device_update(device=device, by=stranger, data={"name": "mine now"})
    assert IngestKey.objects.filter(device=device, revoked_at__isnull=True).count() == 1

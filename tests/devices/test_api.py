"""`/api/v1/devices` and `/api/v1/streams/{id}/angles`: the same services as the pages."""

import pytest

from apps.devices import keys
from apps.devices.models import Angle, Device, IngestKey
from tests.devices.helpers import Nginx, register
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.django_db


def test_register_returns_the_key_once_then_only_its_hint(auth_api_client):
    response = auth_api_client.post(
        "/api/v1/devices", {"name": "Half court", "model": "obs", "quality": "480p_30fps"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    stored = IngestKey.objects.get()
    assert keys.key_hash(body["ingest_key"]) == stored.key_hash
    assert (body["model"], body["quality"], body["key_hint"]) == ("obs", "480p_30fps", stored.hint)
    listed = auth_api_client.get("/api/v1/devices").json()
    assert [device["id"] for device in listed] == [body["id"]]
    assert "ingest_key" not in listed[0]


@pytest.mark.parametrize(
    ("body", "code"),
    [({"name": ""}, "invalid"), ({"name": "x", "quality": "8k"}, "invalid"), ({"name": "x" * 61}, "invalid")],
)
def test_bad_devices_get_a_clear_error(auth_api_client, body, code):
    response = auth_api_client.post("/api/v1/devices", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Device.objects.exists()


def test_rotate_and_revoke(auth_api_client):
    device, old = register(owner=auth_api_client.user)
    response = auth_api_client.post(f"/api/v1/devices/{device.pk}/key")
    assert response.status_code == 201
    new = response.json()["ingest_key"]
    assert new != old
    assert Nginx().publish(old).status_code == 403
    assert auth_api_client.delete(f"/api/v1/devices/{device.pk}/key").status_code == 204
    assert Nginx().publish(new).status_code == 403


def test_someone_elses_device_is_not_found(auth_api_client):
    device, _ = register()
    for response in (
        auth_api_client.get(f"/api/v1/devices/{device.pk}"),
        auth_api_client.post(f"/api/v1/devices/{device.pk}/key"),
        auth_api_client.patch(f"/api/v1/devices/{device.pk}", {"name": "mine"}, format="json"),
    ):
        assert (response.status_code, response.json()["code"]) == (404, "device_not_found")


def test_angles_are_attached_by_the_creator_and_listed_for_viewers(auth_api_client, api_client):
    stream = StreamFactory(creator=auth_api_client.user)
    device, _ = register(owner=auth_api_client.user, angle_label="Baseline")
    response = auth_api_client.post(f"/api/v1/streams/{stream.pk}/angles", {"device_id": device.pk}, format="json")
    assert response.status_code == 201
    angle = Angle.objects.get()
    listed = api_client.get(f"/api/v1/streams/{stream.pk}/angles").json()
    assert listed == [
        {"id": angle.pk, "label": "Baseline", "hls_url": f"/hls/{angle.playback_name}.m3u8", "publishing": False}
    ]
    assert auth_api_client.delete(f"/api/v1/streams/{stream.pk}/angles/{device.pk}").status_code == 204
    assert not Angle.objects.exists()


def test_nobody_attaches_cameras_to_someone_elses_stream(auth_api_client):
    stream = StreamFactory(creator=UserFactory())
    device, _ = register(owner=auth_api_client.user)
    response = auth_api_client.post(f"/api/v1/streams/{stream.pk}/angles", {"device_id": device.pk}, format="json")
    assert response.status_code == 403
    assert not Angle.objects.exists()

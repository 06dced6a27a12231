"""Device pages, the studio's cameras, and the player's data on the watch page."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.devices import services
from apps.devices.models import Angle, Device, IngestKey, Recording, RecordingStatus
from tests.devices.helpers import Nginx, register
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db

DEVICE_FORM = {
    "name": "Baseline XBot",
    "model": "xbot_go_chameleon",
    "serial": "XB-7",
    "connection_method": "wifi_direct",
    "quality": "1080p_60fps",
    "angle_label": "Baseline",
    "ai_tracking": "on",
}


@pytest.fixture
def creator(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _shown_key(response) -> str:
    return re.search(r"data-ingest-key>(bsl_[A-Za-z0-9_-]+)<", response.content.decode()).group(1)


def test_a_creator_adds_a_device_and_sees_its_key_once(client, creator, settings):
    settings.RTMP_INGEST_URL = "rtmp://ingest.example/live"
    response = client.post(reverse("devices:list"), DEVICE_FORM)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = _shown_key(response)
    html = response.content.decode()
    assert "rtmp://ingest.example/live" in html
    assert "shown only once" in html
    device = Device.objects.get(owner=creator)
    assert (device.name, device.quality, device.ai_tracking, device.auto_highlights) == (
        "Baseline XBot", "1080p_60fps", True, False,
    )  # fmt: skip
    for page in (reverse("devices:list"), reverse("devices:detail", args=[device.pk])):
        html = client.get(page).content.decode()
        assert key not in html
        assert key[:8] in html  # the hint, to tell keys apart


def test_a_taken_serial_is_a_form_error(client, creator):
    register(serial="XB-7")
    response = client.post(reverse("devices:list"), DEVICE_FORM)
    assert response.status_code == 400
    assert "already registered to another account" in response.content.decode()
    assert not Device.objects.filter(owner=creator).exists()


def test_rotate_shows_the_new_key_and_revoke_removes_it(client, creator):
    device, old = register(owner=creator)
    response = client.post(reverse("devices:key_rotate", args=[device.pk]))
    new = _shown_key(response)
    assert new != old
    client.post(reverse("devices:key_revoke", args=[device.pk]))
    assert not IngestKey.objects.filter(revoked_at__isnull=True).exists()
    assert "Revoked: nothing can publish" in client.get(reverse("devices:detail", args=[device.pk])).content.decode()


def test_other_peoples_devices_are_not_found(client, creator):
    device, _ = register()
    assert client.get(reverse("devices:detail", args=[device.pk])).status_code == 404
    assert client.post(reverse("devices:key_rotate", args=[device.pk])).status_code == 404


def test_the_studio_attaches_and_detaches_cameras(client, creator):
    stream = StreamFactory(creator=creator)
    device, _ = register(owner=creator, name="Half court")
    studio = reverse("streaming:studio", args=[stream.pk])
    assert "No camera films this stream yet." in client.get(studio).content.decode()
    client.post(reverse("devices:angle_attach", args=[stream.pk]), {"device": device.pk})
    assert Angle.objects.filter(stream=stream, device=device).exists()
    assert "Half court" in client.get(studio).content.decode()
    client.post(reverse("devices:angle_detach", args=[stream.pk, device.pk]))
    assert not Angle.objects.exists()


def test_the_watch_page_gives_the_player_public_names_only():
    _device, key = register()
    Nginx().publish(key)
    angle = Angle.objects.get()
    html = Client().get(reverse("streaming:watch", args=[angle.stream_id])).content.decode()
    assert key not in html
    angles = json.loads(re.search(r'<script id="stream-angles" type="application/json">(.*?)</script>', html).group(1))
    assert angles == {
        "angles": [{"id": angle.pk, "label": "Gimbal", "src": f"/hls/{angle.playback_name}.m3u8", "on": True}]
    }
    assert '<script type="module" src="/static/js/player.js"></script>' in html  # it imports hls.js


def test_an_ended_stream_with_a_recording_plays_it():
    stream = LiveStreamFactory()
    device, _ = register(owner=stream.creator)
    angle = services.angle_attach(stream=stream, device=device, by=stream.creator)
    Recording.objects.create(
        angle=angle, source_path="/x.flv", video="vod/x.mp4", thumbnail="vod/x.jpg", status=RecordingStatus.READY
    )
    from apps.streaming import services as streaming

    streaming.stream_end(stream=stream, by=stream.creator)
    html = Client().get(reverse("streaming:watch", args=[stream.pk])).content.decode()
    recording = Recording.objects.get()
    # Through the views that apply the stream's rules: recordings are private files.
    assert f'src="/streams/{stream.pk}/recordings/{recording.pk}.mp4"' in html
    assert f'poster="/streams/{stream.pk}/recordings/{recording.pk}.jpg"' in html
    assert "/media/" not in html
    assert "stream-angles" not in html  # nothing live to play


def test_the_profile_lists_past_broadcasts_with_recordings(client):
    stream = LiveStreamFactory(title="Dawn shootaround")
    StreamFactory(creator=stream.creator, title="Never recorded", status="ended", ended_at=timezone.now())
    device, _ = register(owner=stream.creator)
    angle = services.angle_attach(stream=stream, device=device, by=stream.creator)
    Recording.objects.create(
        angle=angle, source_path="/y.flv", video="vod/y.mp4", thumbnail="vod/y.jpg", status=RecordingStatus.READY
    )
    from apps.streaming import services as streaming

    streaming.stream_end(stream=stream, by=stream.creator)
    html = client.get(reverse("accounts:profile", args=[stream.creator.username])).content.decode()
    assert "Past broadcasts" in html
    assert "Dawn shootaround" in html
    assert f'src="/streams/{stream.pk}/recordings/{Recording.objects.get().pk}.jpg"' in html
    assert "Never recorded" not in html


def test_past_broadcasts_show_the_recordings_length_not_the_streams(client):
    from apps.streaming import services as streaming

    stream = LiveStreamFactory(title="Late start", started_at=timezone.now() - timezone.timedelta(hours=1))
    device, _ = register(owner=stream.creator)
    angle = services.angle_attach(stream=stream, device=device, by=stream.creator)
    Recording.objects.create(
        angle=angle, source_path="/late.flv", video="vod/late.mp4", duration_seconds=754, status=RecordingStatus.READY
    )
    streaming.stream_end(stream=stream, by=stream.creator)
    stream.refresh_from_db()
    assert stream.duration_seconds >= 3600  # the stream ran an hour; its picture was recorded for 12:34

    html = client.get(reverse("accounts:profile", args=[stream.creator.username])).content.decode()
    assert "· 12:34</span>" in html
    assert "1:00:0" not in html


def test_past_broadcasts_cost_the_same_queries_however_many(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.streaming import services as streaming

    creator = UserFactory()
    device, _ = register(owner=creator)

    def broadcast_once(n):
        stream = LiveStreamFactory(creator=creator, title=f"Session {n}")
        angle = services.angle_attach(stream=stream, device=device, by=creator)
        Recording.objects.create(
            angle=angle, source_path=f"/{n}.flv", video=f"vod/{n}.mp4", status=RecordingStatus.READY
        )
        streaming.stream_end(stream=stream, by=creator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("accounts:profile", args=[creator.username]))
        return len(captured)

    broadcast_once(1)
    one = queries()
    for n in range(2, 5):
        broadcast_once(n)
    assert queries() == one

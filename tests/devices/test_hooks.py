"""nginx-rtmp's callbacks: who may publish, under which name, and what stopping does."""

import logging
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from apps.devices import services
from apps.devices.models import Angle, Publish, Recording
from apps.streaming.models import Status, Stream
from tests.devices.helpers import Nginx, register, write_live_feed
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nginx():
    return Nginx()


def test_a_good_key_goes_live_under_a_public_name_never_the_key(nginx):
    device, key = register(name="Court cam")
    response = nginx.publish(key, client_id=7)
    assert response.status_code == 302
    angle = Angle.objects.get(device=device)
    assert response["Location"] == angle.playback_name
    assert key not in angle.playback_name
    stream = angle.stream
    assert (stream.status, stream.title, stream.creator_id) == (Status.LIVE, "Court cam — live", device.owner_id)
    publish = Publish.objects.get()
    assert (publish.client_id, publish.address, publish.ended_at) == ("7", "192.0.2.7", None)


def test_a_publish_goes_to_the_scheduled_stream_the_device_is_attached_to(nginx):
    device, key = register()
    scheduled = StreamFactory(creator=device.owner, scheduled_for=timezone.now() + timedelta(hours=1))
    services.angle_attach(stream=scheduled, device=device, by=device.owner)
    nginx.publish(key)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.LIVE
    assert Stream.objects.count() == 1


def test_a_publish_joins_the_creators_live_stream_as_another_angle(nginx):
    first, first_key = register(name="Baseline")
    _second, second_key = register(owner=first.owner, name="Half court")
    live = LiveStreamFactory(creator=first.owner)
    nginx.publish(first_key)
    nginx.publish(second_key)
    assert Stream.objects.count() == 1
    assert sorted(Angle.objects.filter(stream=live).values_list("device__name", flat=True)) == [
        "Baseline",
        "Half court",
    ]


@pytest.mark.parametrize(
    ("change", "status", "reason"),
    [
        (lambda device, key: "bsl_" + "x" * 32, 403, "unknown_key"),
        (lambda device, key: "../../etc/passwd", 403, "malformed_key"),
        (lambda device, key: "", 403, "malformed_key"),
        (lambda device, key: services.ingest_key_rotate(device=device, by=device.owner) and key, 403, "key_revoked"),
        (lambda device, key: services.ingest_key_revoke(device=device, by=device.owner) or key, 403, "key_revoked"),
    ],
)
def test_bad_keys_are_refused_and_nothing_goes_live(nginx, change, status, reason):
    device, key = register()
    response = nginx.publish(change(device, key))
    assert response.status_code == status
    assert response.content.decode().startswith(reason)
    assert not Stream.objects.exists()
    assert not Publish.objects.exists()


def test_a_banned_owners_device_cannot_publish(nginx):
    device, key = register()
    device.owner.is_active = False
    device.owner.save()
    response = nginx.publish(key)
    assert (response.status_code, response.content.decode().split(":")[0]) == (403, "owner_banned")
    assert not Stream.objects.exists()


def test_a_second_encoder_on_the_same_device_is_refused(nginx):
    _, key = register()
    assert nginx.publish(key, client_id=1).status_code == 302
    response = nginx.publish(key, client_id=2)
    assert response.status_code == 409
    assert Publish.objects.count() == 1


@pytest.mark.parametrize(
    ("secret", "address"),
    [("wrong", "127.0.0.1"), (None, "203.0.113.9")],
)
def test_only_the_media_server_may_call_the_hooks(secret, address):
    _, key = register()
    response = Nginx(secret=secret, address=address).publish(key)
    assert response.status_code == 403
    assert not Stream.objects.exists()


def test_junk_in_the_form_is_refused(nginx):
    _, key = register()
    response = nginx.call("on_publish", name=key, clientid="DROP TABLE")
    assert response.status_code == 400
    assert nginx.call("on_teleport", name=key, clientid=1).status_code == 404
    assert nginx.client.get(f"/hooks/rtmp/{nginx.secret}/on_publish").status_code == 405
    assert not Stream.objects.exists()


def test_updates_keep_the_publisher_until_its_key_is_rotated(nginx):
    device, key = register()
    nginx.publish(key, client_id=5)
    angle = Angle.objects.get()
    assert nginx.update(key, 5).status_code == 200
    # The loopback relay to the HLS application is checked by the public name.
    assert nginx.update(angle.playback_name, 6, call="update_play").status_code == 200
    services.ingest_key_rotate(device=device, by=device.owner)
    assert nginx.update(key, 5).status_code == 403
    assert nginx.update(angle.playback_name, 6, call="update_play").status_code == 403
    assert nginx.update("bsl_nobody", 77).status_code == 403


def test_an_ended_stream_drops_its_encoder(nginx):
    _, key = register()
    nginx.publish(key, client_id=5)
    stream = Stream.objects.get()
    from apps.streaming import services as streaming

    streaming.stream_end(stream=stream, by=stream.creator)
    response = nginx.update(key, 5)
    assert (response.status_code, response.content.decode().split(":")[0]) == (403, "stream_ended")


def test_stopping_the_encoder_ends_the_stream(nginx, django_capture_on_commit_callbacks):
    _, key = register()
    nginx.publish(key, client_id=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert nginx.publish_done(key, 3).status_code == 200
    assert Stream.objects.get().status == Status.ENDED  # no grace period in the test settings
    assert Publish.objects.get().ended_at is not None
    assert nginx.publish_done(key, 3).status_code == 200  # told twice: nothing more happens


def test_a_reconnect_within_the_grace_period_continues_the_same_stream(nginx, settings):
    settings.RTMP_RECONNECT_GRACE_SECONDS = 10
    _, key = register()
    nginx.publish(key, client_id=3)
    stream = Stream.objects.get()
    nginx.publish_done(key, 3)
    assert services.stream_end_if_abandoned(stream_id=stream.pk) is False  # still within the grace
    assert nginx.publish(key, client_id=4).status_code == 302
    assert Stream.objects.get().pk == stream.pk
    assert Stream.objects.get().status == Status.LIVE
    nginx.publish_done(key, 4)
    # The grace runs out with no encoder back: the task (or any later run of it) ends the stream.
    Publish.objects.update(ended_at=timezone.now() - timedelta(seconds=11))
    assert services.stream_end_if_abandoned(stream_id=stream.pk) is True
    assert services.stream_end_if_abandoned(stream_id=stream.pk) is False
    assert Stream.objects.get().status == Status.ENDED


def test_no_key_reaches_the_logs(nginx, caplog):
    device, key = register()
    caplog.set_level(logging.DEBUG)
    nginx.publish(key, client_id=1)
    nginx.publish(key, client_id=2)  # refused: already publishing
    nginx.update(key, 1)
    services.ingest_key_rotate(device=device, by=device.owner)
    nginx.update(key, 1)
    nginx.publish_done(key, 1)
    nginx.publish(key, client_id=3)  # refused: rotated
    assert caplog.records
    assert not [record for record in caplog.records if key in record.getMessage()]


def test_a_recording_outside_the_media_folder_is_refused(nginx):
    _, key = register()
    nginx.publish(key)
    angle = Angle.objects.get()
    response = nginx.record_done(angle.playback_name, "/etc/passwd")
    assert response.status_code == 400
    response = nginx.record_done("not-a-name", str(settings.MEDIA_SERVER_ROOT / "recordings" / "x.flv"))
    assert response.status_code == 400
    assert not Recording.objects.exists()


@pytest.mark.media
def test_a_recording_becomes_an_mp4_with_a_thumbnail_once(nginx, django_capture_on_commit_callbacks):
    _, key = register()
    nginx.publish(key)
    angle = Angle.objects.get()
    folder = settings.MEDIA_SERVER_ROOT / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    flv = folder / f"{angle.playback_name}-1.flv"
    subprocess.run(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30",
         "-f", "lavfi", "-i", "sine", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "30", "-c:a", "aac",
         "-f", "flv", str(flv)],
        check=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert nginx.record_done(angle.playback_name, str(flv)).status_code == 200
        assert nginx.record_done(angle.playback_name, str(flv)).status_code == 200  # redelivered
    recording = Recording.objects.get()
    assert recording.status == "ready", recording.error
    assert recording.video.name.endswith(".mp4")
    assert recording.thumbnail.name.endswith(".jpg")
    assert 1 <= recording.duration_seconds <= 3
    assert recording.video.storage.exists(recording.video.name)
    assert Stream.objects.get().thumbnail  # the stream had none: it takes the recording's
    assert services.recording_process(recording_id=recording.pk).video.name == recording.video.name


def test_no_picture_yet_means_no_live_thumbnail_and_no_error(nginx, django_capture_on_commit_callbacks):
    _, key = register()
    nginx.publish(key, client_id=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert nginx.update(key, 5).status_code == 200
    assert not Stream.objects.get().thumbnail


@pytest.mark.media
def test_a_live_stream_without_a_thumbnail_takes_one_from_its_feed(nginx, django_capture_on_commit_callbacks):
    _, key = register()
    nginx.publish(key, client_id=5)
    angle = Angle.objects.get()
    write_live_feed(settings.MEDIA_SERVER_ROOT / "hls", angle.playback_name)
    with django_capture_on_commit_callbacks(execute=True):
        assert nginx.update(key, 5).status_code == 200
    first = Stream.objects.get().thumbnail.name
    assert first
    with django_capture_on_commit_callbacks(execute=True):
        nginx.update(key, 5)
    assert Stream.objects.get().thumbnail.name == first  # taken once

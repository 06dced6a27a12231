"""Every write of the devices app: registering encoders, their keys, the angles they film,
and what nginx-rtmp tells us about publishing and recording."""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from apps.core.bounds import text_limit
from apps.core.scheduling import run_after
from apps.core.updates import model_update
from apps.devices import events, keys
from apps.devices.errors import AlreadyPublishing, DeviceInvalid, IngestRefused, NotDeviceOwner
from apps.devices.models import (
    SERIAL_TAKEN,
    Angle,
    ConnectionMethod,
    Device,
    DeviceModel,
    IngestKey,
    Publish,
    Quality,
    Recording,
    RecordingStatus,
)
from apps.streaming import services as streaming
from apps.streaming.errors import IllegalTransition, StreamInvalid
from apps.streaming.models import OPEN_STATUSES, Status, Stream

logger = logging.getLogger(__name__)

DEVICE_FIELDS = (
    "name",
    "model",
    "serial",
    "connection_method",
    "quality",
    "angle_label",
    "ai_tracking",
    "auto_highlights",
)
CHOICES = {"model": DeviceModel, "connection_method": ConnectionMethod, "quality": Quality}


# --- Devices and keys ----------------------------------------------------------------------
def _require_owner(device: Device, user) -> None:
    if not (user and user.is_authenticated and user.pk == device.owner_id):
        raise NotDeviceOwner("That device is not yours.")


def _validate(device: Device) -> None:
    for name in ("name", "serial", "angle_label"):
        setattr(device, name, (getattr(device, name) or "").strip())
        limit = text_limit(Device, name)
        if len(getattr(device, name)) > limit:
            raise DeviceInvalid(f"The {name.replace('_', ' ')} is at most {limit} characters.", field=name)
    if not device.name:
        raise DeviceInvalid("Give the device a name.", field="name")
    for field, choices in CHOICES.items():
        if getattr(device, field) not in choices.values:
            raise DeviceInvalid(f"Unknown {field.replace('_', ' ')} {getattr(device, field)!r}.", field=field)
    taken = Device.objects.filter(serial=device.serial).exclude(pk=device.pk) if device.serial else None
    if taken is not None and taken.exists():
        raise DeviceInvalid(SERIAL_TAKEN, field="serial")


def _save(device: Device) -> Device:
    _validate(device)
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:  # the same serial, registered at the same moment
        raise DeviceInvalid(SERIAL_TAKEN, field="serial") from None
    return device


def _issue_key(device: Device) -> str:
    key = keys.new_key()
    IngestKey.objects.create(device=device, key_hash=keys.key_hash(key), hint=keys.hint(key))
    return key


@transaction.atomic
def device_register(*, owner, **fields) -> tuple[Device, str]:
    """A creator adds an encoder. Returns the device and its ingest key, the only time the key is shown."""
    device = Device(owner=owner)
    model_update(device, fields, fields=DEVICE_FIELDS, error=DeviceInvalid)
    device = _save(device)
    return device, _issue_key(device)


@transaction.atomic
def device_update(*, device: Device, by, data: dict) -> Device:
    _require_owner(device, by)
    model_update(device, data, fields=DEVICE_FIELDS, error=DeviceInvalid)
    return _save(device)


def _revoke_keys(device: Device) -> None:
    # A publisher using a revoked key is dropped at nginx's next on_update.
    IngestKey.objects.filter(device=device, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def ingest_key_rotate(*, device: Device, by) -> str:
    """A new key; the old one stops working at once. Returns the new key (shown once)."""
    _require_owner(device, by)
    Device.objects.select_for_update().get(pk=device.pk)
    _revoke_keys(device)
    return _issue_key(device)


@transaction.atomic
def ingest_key_revoke(*, device: Device, by) -> None:
    _require_owner(device, by)
    _revoke_keys(device)


# --- Angles --------------------------------------------------------------------------------
def _check_stream(stream: Stream, device: Device, by) -> None:
    _require_owner(device, by)
    if stream.creator_id != device.owner_id:
        raise NotDeviceOwner("Attach your devices to your own streams.")
    if stream.status not in OPEN_STATUSES:
        raise IllegalTransition("Cameras can only be attached to scheduled or live streams.")


@transaction.atomic
def angle_attach(*, stream: Stream, device: Device, by) -> Angle:
    _check_stream(stream, device, by)
    angle, _ = Angle.objects.get_or_create(stream=stream, device=device)
    events.send_angles(stream)
    return angle


@transaction.atomic
def angle_detach(*, stream: Stream, device: Device, by) -> None:
    _check_stream(stream, device, by)
    angle = Angle.objects.filter(stream=stream, device=device).first()
    if angle is None:
        return
    if angle.publishes.filter(ended_at__isnull=True).exists():
        raise AlreadyPublishing("This camera is live right now; stop its encoder first.")
    if angle.recordings.exists():
        raise DeviceInvalid("This camera recorded part of the stream; it stays attached.")
    angle.delete()
    events.send_angles(stream)


# --- What nginx-rtmp reports ---------------------------------------------------------------
def _key_for(name: str) -> IngestKey:
    if not isinstance(name, str) or not keys.NAME_PATTERN.match(name):
        raise IngestRefused("The stream key is malformed.", code="malformed_key")
    key = IngestKey.objects.select_related("device__owner").filter(key_hash=keys.key_hash(name)).first()
    if key is None or not keys.matches(name, key.key_hash):
        raise IngestRefused("Unknown stream key.", code="unknown_key")
    return key


def _refusal(key: IngestKey) -> IngestRefused | None:
    if key.revoked_at is not None:
        return IngestRefused("This stream key was rotated or revoked.", code="key_revoked")
    if not key.device.owner.is_active:
        return IngestRefused("The owner of this device is banned.", code="owner_banned")
    return None


def _stream_to_publish_on(device: Device) -> Stream:
    """The stream this device's picture goes to: one it is attached to (live first), else the
    creator's live stream, else a new live stream named after the device."""
    mine = Stream.objects.filter(creator_id=device.owner_id)
    attached = mine.filter(angles__device=device)
    stream = (
        attached.filter(status=Status.LIVE).first()
        or mine.filter(status=Status.LIVE).first()
        or attached.filter(status=Status.SCHEDULED).order_by("scheduled_for", "created_at").first()
    )
    if stream is None:
        return streaming.stream_create(creator=device.owner, go_live=True, title=f"{device.name} — live")
    if stream.status == Status.SCHEDULED:
        return streaming.stream_start(stream=stream, by=device.owner)
    return stream


@transaction.atomic
def ingest_publish(*, name, client_id, address=None) -> Publish:
    """An encoder connects with `name` as its key. Refused (nothing written) unless the key is
    live, its owner in good standing and the device not already publishing."""
    key = _key_for(name)
    if refusal := _refusal(key):
        raise refusal
    device = Device.objects.select_for_update().get(pk=key.device_id)  # one publish decision per device at a time
    if Publish.objects.filter(angle__device=device, ended_at__isnull=True).exists():
        raise AlreadyPublishing("This device is already publishing; stop the other encoder first.")
    stream = _stream_to_publish_on(device)
    angle, _ = Angle.objects.get_or_create(stream=stream, device=device)
    now = timezone.now()
    publish = Publish.objects.create(
        angle=angle, key=key, client_id=str(client_id)[:20], address=address, started_at=now, last_update_at=now
    )
    streaming.stream_heartbeat(stream=stream)
    events.send_angles(stream)
    return publish


def _open_publish(client_id, name) -> Publish | None:
    """The open publish an nginx callback is about. The encoder's own connection is named by
    its client id and its key; the loopback relay that carries its picture to the HLS
    application, by the angle's public name (nginx gives it a client id of its own)."""
    if not isinstance(name, str) or not keys.NAME_PATTERN.match(name):
        return None
    encoder = Q(client_id=str(client_id)[:20], key__key_hash=keys.key_hash(name))
    return (
        Publish.objects.select_related("key__device__owner", "angle__stream")
        .filter(ended_at__isnull=True)
        .filter(encoder | Q(angle__playback_name=name))
        .first()
    )


@transaction.atomic
def ingest_update(*, name, client_id) -> Publish:
    """nginx's periodic check on a publisher: refused when its key was rotated or revoked, its
    owner banned, or its stream ended, and nginx then drops the connection."""
    publish = _open_publish(client_id, name)
    if publish is None:
        raise IngestRefused("No such publishing session.", code="unknown_session")
    if refusal := _refusal(publish.key):
        raise refusal
    if publish.angle.stream.status != Status.LIVE:
        raise IngestRefused("The stream has ended.", code="stream_ended")
    Publish.objects.filter(pk=publish.pk).update(last_update_at=timezone.now())
    streaming.stream_heartbeat(stream=publish.angle.stream)
    if not publish.angle.stream.thumbnail:
        run_after("devices.stream_thumbnail_from_feed", args=[publish.angle_id])
    return publish


def stream_thumbnail_from_feed(*, angle_id: int) -> bool:
    """Give a live stream whose creator uploaded no thumbnail a picture from its feed. Safe to
    run again: a stream that has a thumbnail keeps it. False while no segment is written yet."""
    from apps.devices import media

    angle = Angle.objects.select_related("stream").get(pk=angle_id)
    if angle.stream.thumbnail:
        return False
    # Tasks for the same angle may run at once (on_update queues one every few seconds until the
    # stream has a picture): the frame comes back in memory, never through a shared file.
    try:
        frame = media.frame_from_live(Path(settings.MEDIA_SERVER_ROOT) / "hls", angle.playback_name)
        return streaming.stream_thumbnail_set(stream=angle.stream, picture=ContentFile(frame))
    except (media.MediaError, StreamInvalid) as exc:
        logger.info("no live thumbnail for angle %s yet: %s", angle.pk, exc)
        return False


@transaction.atomic
def ingest_publish_done(*, name, client_id) -> Publish | None:
    """The encoder stopped. Its stream ends after the reconnect grace unless a device publishes again."""
    publish = _open_publish(client_id, name)
    if publish is None:
        return None
    publish.ended_at = timezone.now()
    publish.save(update_fields=["ended_at"])
    stream = publish.angle.stream
    events.send_angles(stream)
    run_after("devices.stream_end_if_abandoned", seconds=settings.RTMP_RECONNECT_GRACE_SECONDS, args=[str(stream.pk)])
    return publish


@transaction.atomic
def stream_end_if_abandoned(*, stream_id) -> bool:
    """End a live stream whose encoders all stopped more than the reconnect grace ago.
    Safe to run any number of times: it ends a stream once, and only an abandoned one."""
    stream = Stream.objects.filter(pk=stream_id, status=Status.LIVE).first()
    if stream is None:
        return False
    publishes = Publish.objects.filter(angle__stream=stream)
    if publishes.filter(ended_at__isnull=True).exists():
        return False
    last_end = publishes.aggregate(last=Max("ended_at"))["last"]
    grace = timedelta(seconds=settings.RTMP_RECONNECT_GRACE_SECONDS)
    if last_end is None or timezone.now() < last_end + grace:
        return False
    try:
        streaming.stream_end(stream=stream)
    except IllegalTransition:  # ended meanwhile
        return False
    return True


# --- Recordings ----------------------------------------------------------------------------
@transaction.atomic
def recording_add(*, name, path) -> Recording:
    """nginx finished writing a recording of the angle published as `name`. Idempotent per file."""
    angle = Angle.objects.filter(playback_name=name).first() if isinstance(name, str) else None
    if angle is None:
        raise DeviceInvalid("No angle is published under that name.", code="unknown_name")
    source = Path(str(path)).resolve()
    root = Path(settings.MEDIA_SERVER_ROOT).resolve() / "recordings"
    if not source.is_relative_to(root) or source.suffix != ".flv":
        raise DeviceInvalid("Recordings are FLV files in the media server's recordings folder.", code="bad_path")
    recording, created = Recording.objects.get_or_create(angle=angle, source_path=str(source))
    if created:
        run_after("devices.recording_process", args=[recording.pk])
    return recording


def recording_process(*, recording_id) -> Recording:
    """Remux the FLV to MP4 and cut a thumbnail with ffmpeg. Idempotent: a ready recording is left
    alone, and one that another run of the task is processing is skipped (its row stays locked
    meanwhile), so a task queued twice never writes the same files twice at once."""
    with transaction.atomic():
        locked = Recording.objects.select_for_update(skip_locked=True, of=("self",))
        recording = locked.select_related("angle__stream").filter(pk=recording_id).first()
        if recording is None:
            return Recording.objects.get(pk=recording_id)
        return _recording_process(recording)


def _recording_process(recording: Recording) -> Recording:
    from apps.devices import media

    if recording.status == RecordingStatus.READY:
        return recording
    stream = recording.angle.stream
    base = f"vod/{stream.pk}/{recording.angle.playback_name}-{recording.pk}"
    storage = recording.video.storage
    try:
        duration = media.remux_to_mp4(Path(recording.source_path), Path(storage.path(f"{base}.mp4")))
        media.cut_thumbnail(Path(storage.path(f"{base}.mp4")), Path(storage.path(f"{base}.jpg")), duration)
    except media.MediaError as exc:
        logger.warning("recording %s could not be processed: %s", recording.pk, exc)
        Recording.objects.filter(pk=recording.pk).update(status=RecordingStatus.FAILED, error=str(exc)[:300])
        recording.refresh_from_db()
        return recording
    recording.video.name, recording.thumbnail.name = f"{base}.mp4", f"{base}.jpg"
    recording.duration_seconds, recording.status, recording.error = int(duration), RecordingStatus.READY, ""
    recording.save(update_fields=["video", "thumbnail", "duration_seconds", "status", "error"])
    if not stream.thumbnail:
        with storage.open(recording.thumbnail.name) as picture:
            try:
                streaming.stream_thumbnail_set(stream=stream, picture=picture)
            except StreamInvalid as exc:
                logger.warning("recording %s gave no stream thumbnail: %s", recording.pk, exc)
    return recording

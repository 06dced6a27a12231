"""Reads of the devices app, shared by pages, API, hooks and sockets."""

import re

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch

from apps.core.bounds import parse_id
from apps.devices.errors import RecordingNotFound
from apps.devices.models import Angle, Device, IngestKey, Publish, Recording, RecordingStatus

# nginx-rtmp names an angle's HLS files `<playback name>.m3u8` and `<playback name>-<n>.ts`.
HLS_FILE_NAME = re.compile(r"(?P<name>[A-Za-z0-9_]+)(?:-\d+)?\.(?:m3u8|ts)")


def devices_of(*, owner):
    live_keys = IngestKey.objects.filter(revoked_at__isnull=True)
    return Device.objects.filter(owner=owner).prefetch_related(Prefetch("keys", live_keys, to_attr="live_keys"))


def device_of(*, owner, device_id) -> Device | None:
    device_id = parse_id(device_id)
    return devices_of(owner=owner).filter(pk=device_id).first() if device_id else None


def stream_angles(*, stream) -> list[Angle]:
    """The stream's cameras, each marked `publishing` when its encoder is connected now."""
    publishing = Publish.objects.filter(angle=OuterRef("pk"), ended_at__isnull=True)
    return list(Angle.objects.filter(stream=stream).select_related("device").annotate(publishing=Exists(publishing)))


def hls_url(angle: Angle) -> str:
    return f"{settings.HLS_URL}{angle.playback_name}.m3u8"


def hls_angle(*, file_name: str) -> Angle | None:
    """The angle (with its stream) whose HLS output `file_name` is, if any."""
    match = HLS_FILE_NAME.fullmatch(file_name)
    if match is None:
        return None
    return Angle.objects.select_related("stream").filter(playback_name=match["name"]).first()


def stream_recordings(*, stream) -> list[Recording]:
    return list(
        Recording.objects.filter(angle__stream=stream, status=RecordingStatus.READY).select_related("angle__device")
    )


def stream_recording(*, stream, recording_id, part: str) -> Recording:
    """One ready recording of the stream that has its `part` ("video" or "thumbnail"); RecordingNotFound otherwise."""
    recording = Recording.objects.filter(angle__stream=stream, pk=recording_id, status=RecordingStatus.READY).first()
    if recording is None or not getattr(recording, part):
        raise RecordingNotFound("No such recording.")
    return recording


def past_broadcasts(*, creator, limit: int = 6):
    """The creator's ended public streams that left a recording, newest first, each with its first one."""
    from apps.streaming.models import Status, Stream, Visibility

    ready = Recording.objects.filter(status=RecordingStatus.READY).order_by("created_at")
    return (
        Stream.objects.filter(creator=creator, status=Status.ENDED, visibility=Visibility.PUBLIC)
        .filter(Exists(ready.filter(angle__stream=OuterRef("pk"))))
        .prefetch_related(Prefetch("angles__recordings", ready, to_attr="ready_recordings"))
        .order_by("-ended_at")[:limit]
    )

"""Reads of the devices app, shared by pages, API, hooks and sockets."""

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils import timezone

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


def _overdue_since(now, *, extra_seconds: int = 0):
    return (now or timezone.now()) - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS + extra_seconds)


def recordings_overdue(*, now=None) -> list[int]:
    """Recordings still waiting a sweep after nginx finished them: their task was never queued, or was lost."""
    pending = Recording.objects.filter(status=RecordingStatus.PENDING, created_at__lt=_overdue_since(now))
    return list(pending.order_by("pk").values_list("pk", flat=True))


def streams_abandoned(*, now=None) -> list[str]:
    """Live streams whose encoders all stopped more than the reconnect grace and a sweep ago (the task
    that was to end them was never queued, or was lost)."""
    from apps.streaming.models import Status, Stream

    publishing = Publish.objects.filter(angle__stream=OuterRef("pk"), ended_at__isnull=True)
    late = _overdue_since(now, extra_seconds=settings.RTMP_RECONNECT_GRACE_SECONDS)
    streams = (
        Stream.objects.filter(status=Status.LIVE)
        .annotate(last_publish_end=Max("angles__publishes__ended_at"))
        .filter(last_publish_end__lt=late)
        .exclude(Exists(publishing))
    )
    return [str(pk) for pk in streams.values_list("pk", flat=True)]

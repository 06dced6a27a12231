"""The camera parts of the stream pages: `{% stream_video stream %}` (the live player or the
recording) and `{% studio_cameras stream %}` (the studio's list of devices filming the stream)."""

from django import template
from django.conf import settings

from apps.devices import events, selectors
from apps.streaming.models import OPEN_STATUSES

register = template.Library()


@register.inclusion_tag("devices/_video.html")
def stream_video(stream):
    angles = selectors.stream_angles(stream=stream)
    return {
        "stream": stream,
        "angles_payload": events.angles_payload(angles),
        "recordings": selectors.stream_recordings(stream=stream) if stream.status == "ended" else [],
    }


@register.inclusion_tag("devices/_studio_cameras.html", takes_context=True)
def studio_cameras(context, stream):
    user = context["user"]
    angles = selectors.stream_angles(stream=stream)
    attached = {angle.device_id for angle in angles}
    return {
        "stream": stream,
        "angles": angles,
        "spare_devices": [device for device in selectors.devices_of(owner=user) if device.pk not in attached],
        "rtmp_url": settings.RTMP_INGEST_URL,
        "csrf_token": context.get("csrf_token"),
        "is_open": stream.status in OPEN_STATUSES,
    }


@register.inclusion_tag("devices/_past_broadcasts.html")
def past_broadcasts(user):
    """Each stream with the recording it plays first (its length is the one shown: the stream may have
    run longer than its picture was recorded) and the first thumbnail any of its recordings has."""
    streams = list(selectors.past_broadcasts(creator=user))
    for stream in streams:
        recordings = [recording for angle in stream.angles.all() for recording in angle.ready_recordings]
        stream.recording = recordings[0]
        stream.poster = next(
            (recording for recording in recordings if recording.thumbnail),
            None,
        )
    return {"streams": streams}

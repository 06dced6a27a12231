"""Realtime vocabulary of devices: the stream's cameras (`AV`), sent to the stream's group."""

from apps.devices import selectors
from apps.realtime.broadcast import broadcast
from apps.realtime.protocol import Code
from apps.streaming.events import stream_group


def angles_payload(angles) -> dict:
    return {
        "angles": [
            {"id": angle.pk, "label": angle.device.label, "src": selectors.hls_url(angle), "on": angle.publishing}
            for angle in angles
        ]
    }


def send_angles(stream) -> None:
    broadcast(stream_group(stream.pk), Code.ANGLES, angles_payload(selectors.stream_angles(stream=stream)))

"""The one way frames leave the server: after the database commit that caused them.

A frame is encoded once, here, and the text travels through the channel layer; consumers
forward it as-is, so no viewer's connection re-encodes it.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from apps.realtime.protocol import Code, encode_frame

# Channel-layer message type that FrameConsumer.frame_send handles.
FRAME_MESSAGE = "frame.send"


def _group_send(group: str, text: str) -> None:
    async_to_sync(get_channel_layer().group_send)(group, {"type": FRAME_MESSAGE, "text": text})


def broadcast(group: str, code: Code, data: dict | list) -> None:
    """Send a frame to every socket in `group` once the current transaction commits."""
    text = encode_frame(code, data)
    transaction.on_commit(lambda: _group_send(group, text), robust=True)

"""The one way frames leave the server: after the database commit that caused them.

A frame is encoded once, here, and the text travels through the channel layer; consumers
forward it as-is, so no viewer's connection re-encodes it.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from apps.realtime.protocol import Code, encode_frame

# The channel-layer message type of a frame (read by apps.realtime.hub).
FRAME_MESSAGE = "frame.send"


def _group_send(group: str, message: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(group, message)


def broadcast(group: str, code: Code, data: dict | list, *, coalesce: bool = False) -> None:
    """Send a frame to every socket in `group` once the current transaction commits.

    `coalesce` marks an aggregate (a count, a leaderboard): sockets get at most one per
    second of each such code, always the latest.
    """
    message = {"type": FRAME_MESSAGE, "text": encode_frame(code, data)}
    if coalesce:
        message["coalesce"] = str(code)
    transaction.on_commit(lambda: _group_send(group, message), robust=True)

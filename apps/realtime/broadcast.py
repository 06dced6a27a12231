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


def _after_commit(group: str, message: dict) -> None:
    transaction.on_commit(lambda: _group_send(group, message), robust=True)


def broadcast(group: str, code: Code, data: dict | list, *, coalesce: bool = False, refresh: bool = False) -> None:
    """Send a frame to every socket in `group` once the current transaction commits.

    `coalesce` marks an aggregate (a count, a leaderboard): sockets get at most one per
    second of each such code, always the latest.
    `refresh` marks a change to what each socket's user may do there (a stream's status): ahead of
    the frame, which stays one shared frame, each socket gets its own again (`MY`, see
    apps.realtime.sections), computed in one go for all of a process's sockets.
    """
    message = {"type": FRAME_MESSAGE, "texts": [encode_frame(code, data)]}
    if coalesce:
        message["coalesce"] = str(code)
    if refresh:
        message["refresh"] = True
    _after_commit(group, message)


def broadcast_together(group: str, frames: list[tuple[Code, dict | list]]) -> None:
    """Send frames that one action caused (a gift and its chat line) in one channel-layer
    message: one publish and one hop to the event loop instead of one per frame."""
    _after_commit(group, {"type": FRAME_MESSAGE, "texts": [encode_frame(code, data) for code, data in frames]})


def recheck_members(group: str) -> None:
    """Once the current transaction commits, make every socket in `group` check again whether its
    user may stay there (who may has changed): those who may not are told why and closed."""
    _after_commit(group, {"type": FRAME_MESSAGE, "recheck": True})


def refresh_members(group: str) -> None:
    """Once the current transaction commits, send every socket in `group` its own `MY` again (what
    its user may do there changed, with nothing else to say: a timeout lifted)."""
    _after_commit(group, {"type": FRAME_MESSAGE, "refresh": True})


def close_members(group: str, code: Code, data: dict, *, close_code: int) -> None:
    """Once the current transaction commits, send every socket in `group` the frame (`ER`: why) and
    close it with `close_code` (a 44xx the page does not retry on): its user may not be anywhere."""
    _after_commit(group, {"type": FRAME_MESSAGE, "close": {"text": encode_frame(code, data), "code": close_code}})

"""The one way frames leave the server: after the database commit that caused them.

A frame is encoded once, here, and the text travels through the channel layer; consumers
forward it as-is, so no viewer's connection re-encodes it.
"""

import asyncio
import logging
import os
import weakref

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from apps.realtime.protocol import Code, encode_frame

logger = logging.getLogger(__name__)

# The channel-layer message type of a frame (read by apps.realtime.hub).
FRAME_MESSAGE = "frame.send"


class _LoopSender:
    """Sends, from the event loop, the frames its database thread handed over, one at a time in
    the order they came: that thread (one per process, shared by every socket's database calls)
    goes on at once instead of waiting for a loop busy writing to thousands of sockets."""

    def __init__(self):
        self.queue: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.get_running_loop().create_task(self._send_all())

    async def _send_all(self) -> None:
        layer = get_channel_layer()
        while True:
            group, message = await self.queue.get()
            try:
                await layer.group_send(group, message)
            except Exception:  # the layer is down: the hub's watch resyncs its groups once it is back
                logger.exception("cannot send a frame to %s", group)


_senders: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopSender]" = weakref.WeakKeyDictionary()


def _hand_over(group: str, message: dict) -> None:
    """Runs on the loop: queue the frame behind those handed over before it."""
    loop = asyncio.get_running_loop()
    sender = _senders.get(loop)
    if sender is None:
        sender = _senders[loop] = _LoopSender()
    sender.queue.put_nowait((group, message))


def _serving_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop this thread does database work for (a socket's or a request's, through
    asgiref's SyncToAsync), if it still runs; None in a worker, a command or a plain test."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid() or loop.is_closed():
        return None
    return loop if loop.is_running() else None


def _group_send(group: str, message: dict) -> None:
    if loop := _serving_loop():
        loop.call_soon_threadsafe(_hand_over, group, message)
    else:
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

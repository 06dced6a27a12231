"""Helpers to watch what the server broadcasts, through the real channel layer."""

import asyncio
import json
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

WAIT_SECONDS = 5


class GroupListener:
    """A channel subscribed to one group; `next_frame()` returns the next frame sent to it."""

    def __init__(self, group: str):
        self.layer = get_channel_layer()
        self.group = group
        # A plain channel name, not a process-local "specific.*!" one: each async_to_sync call
        # runs its own event loop, and channels-redis buffers process-local channels per loop.
        self.channel = f"test-listener-{uuid.uuid4().hex}"
        async_to_sync(self.layer.group_add)(group, self.channel)

    def next_frame(self) -> dict:
        async def receive():
            return await asyncio.wait_for(self.layer.receive(self.channel), WAIT_SECONDS)

        return json.loads(async_to_sync(receive)()["text"])

    def close(self) -> None:
        async_to_sync(self.layer.group_discard)(self.group, self.channel)

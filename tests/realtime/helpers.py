"""Helpers to watch what the server broadcasts, through the real channel layer."""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


class GroupListener:
    """A channel subscribed to one group; `next_frame()` returns the next frame sent to it."""

    def __init__(self, group: str):
        self.layer = get_channel_layer()
        self.group = group
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(group, self.channel)

    def next_frame(self) -> dict:
        message = async_to_sync(self.layer.receive)(self.channel)
        return json.loads(message["text"])

    def close(self) -> None:
        async_to_sync(self.layer.group_discard)(self.group, self.channel)

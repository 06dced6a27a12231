"""Helpers to watch what the server broadcasts, through the real channel layer."""

import asyncio
import json
import threading

from channels.layers import get_channel_layer

WAIT_SECONDS = 5


class GroupListener:
    """A channel subscribed to one group; `next_frame()` returns the next frame sent to it.

    The listener keeps one event loop of its own, in a thread, for as long as it lives: the
    pub/sub layer's subscriptions (and the core layer's process-local channels) belong to the
    loop that made them, while the code under test sends from loops of its own.
    """

    def __init__(self, group: str):
        self.layer = get_channel_layer()
        self.group = group
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.channel = self._run(self.layer.new_channel("test-listener."))
        self._frames: list[dict] = []
        self._run(self.layer.group_add(group, self.channel))

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(WAIT_SECONDS + 1)

    def next_message(self) -> dict:
        """The next channel-layer message sent to the group (a frame and its delivery hints)."""
        return self._run(asyncio.wait_for(self.layer.receive(self.channel), WAIT_SECONDS))

    def next_frame(self) -> dict:
        """The next frame, whether its message carried it alone or with others."""
        if not self._frames:
            self._frames = [json.loads(text) for text in self.next_message()["texts"]]
        return self._frames.pop(0)

    def close(self) -> None:
        self._run(self.layer.group_discard(self.group, self.channel))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(WAIT_SECONDS)
        self.loop.close()

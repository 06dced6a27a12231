"""Per-process fan-out of group frames.

Stock Channels sends one channel-layer message to every socket of a group, and each
consumer re-encodes it: at a few hundred viewers a process spends all its time there.
Here each process subscribes ONCE per group it has local sockets in; a frame arrives once
per process, already encoded, and is written to each local socket's outbox. Frames that
arrive within a short window go out together as one batch frame; aggregates (viewer count,
leaderboards) are coalesced so each socket gets at most one per second, and always the last.
"""

import asyncio
import time
import weakref

from channels.layers import get_channel_layer
from django.conf import settings

from apps.realtime.outbox import SharedFrame
from apps.realtime.protocol import now_ms

# Aggregates (marked `coalesce`) go out at most this often per group, the latest value winning.
COALESCE_INTERVAL = 1.0
GROUP_RENEW_SECONDS = 3600


def batch_text(texts: list[str]) -> str:
    """Join already-encoded frames into one batch frame without decoding them."""
    return f'{{"t":"B","ts":{now_ms()},"d":[{",".join(texts)}]}}'


class GroupFeed:
    """One group's frames for this process: read once from the channel layer, written to every member."""

    def __init__(self, group: str):
        self.group = group
        self.members: set = set()
        self.layer = get_channel_layer()
        self._urgent: list[str] = []
        self._aggregates: dict[str, str] = {}
        self._aggregates_sent_at: dict[str, float] = {}
        self._flush_handle: asyncio.TimerHandle | None = None
        self._reader: asyncio.Task | None = None

    async def start(self) -> None:
        self.channel = await self.layer.new_channel("hub.")
        await self.layer.group_add(self.group, self.channel)
        self._reader = asyncio.create_task(self._read())
        self._renewer = asyncio.create_task(self._keep_subscribed())

    async def stop(self) -> None:
        if self._reader:
            self._reader.cancel()
            self._renewer.cancel()
        if self._flush_handle:
            self._flush_handle.cancel()
        await self.layer.group_discard(self.group, self.channel)

    async def _keep_subscribed(self) -> None:
        # Some layers forget a group membership after a day (channels-redis core's
        # group_expiry); a feed can outlive that, so it renews its membership.
        while True:
            await asyncio.sleep(GROUP_RENEW_SECONDS)
            await self.layer.group_add(self.group, self.channel)

    async def _read(self) -> None:
        while True:
            message = await self.layer.receive(self.channel)
            if message.get("recheck"):  # apps.realtime.broadcast.recheck_members
                for member in list(self.members):
                    member.recheck()
            for text in message.get("texts", ()):
                self.add(text, coalesce=message.get("coalesce"))

    def add(self, text: str, *, coalesce: str | None = None) -> None:
        if coalesce:
            self._aggregates[coalesce] = text
        else:
            self._urgent.append(text)
        self._schedule(settings.REALTIME_BATCH_WINDOW)

    def _schedule(self, delay: float) -> None:
        """Flush after `delay`, or sooner if a flush is already due sooner. An urgent frame must
        not wait for an aggregate's once-a-second slot."""
        loop = asyncio.get_running_loop()
        at = loop.time() + delay
        if self._flush_handle is not None:
            if self._flush_handle.when() <= at:
                return
            self._flush_handle.cancel()
        self._flush_handle = loop.call_at(at, self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        now = time.monotonic()
        texts, self._urgent = self._urgent, []
        next_due = None
        for key, text in list(self._aggregates.items()):
            due = self._aggregates_sent_at.get(key, 0.0) + COALESCE_INTERVAL
            if now >= due:
                texts.append(text)
                self._aggregates_sent_at[key] = now
                del self._aggregates[key]
            else:
                next_due = min(next_due or due, due)
        if next_due is not None:
            self._schedule(next_due - now)
        if not texts:
            return
        frame = SharedFrame(texts[0] if len(texts) == 1 else batch_text(texts))
        for member in list(self.members):
            member.deliver(frame)


class Hub:
    """This process's group feeds (one hub per event loop)."""

    def __init__(self):
        self.feeds: dict[str, GroupFeed] = {}
        self._lock = asyncio.Lock()

    async def join(self, group: str, member) -> None:
        async with self._lock:
            feed = self.feeds.get(group)
            if feed is None:
                feed = self.feeds[group] = GroupFeed(group)
                await feed.start()
            feed.members.add(member)

    async def leave(self, group: str, member) -> None:
        async with self._lock:
            feed = self.feeds.get(group)
            if feed is None:
                return
            feed.members.discard(member)
            if not feed.members:
                del self.feeds[group]
                await feed.stop()

    def local_members(self, group: str) -> int:
        feed = self.feeds.get(group)
        return len(feed.members) if feed else 0


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub

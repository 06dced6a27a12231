"""Per-process fan-out of group frames.

Stock Channels sends one channel-layer message to every socket of a group, and each
consumer re-encodes it: at a few hundred viewers a process spends all its time there.
Here each process subscribes ONCE per group it has local sockets in; a frame arrives once
per process, already encoded, and is written to each local socket's outbox. Frames that
arrive within a short window go out together as one batch frame; aggregates (viewer count,
leaderboards) are coalesced so each socket gets at most one per second, and always the last.

The channel layer (Redis) may go away for a while: frames sent meanwhile are lost, while the
sockets stay open. Each hub checks its layer with a round trip every LAYER_PROBE_SECONDS, and once
the layer answers again after failing, each feed subscribes again and sends its sockets what
replaces all they may have missed (their consumer's `resync_frames`, read from the database).
"""

import asyncio
import logging
import time
import uuid
import weakref

from channels.layers import get_channel_layer
from django.conf import settings

from apps.realtime.holds import Hold
from apps.realtime.outbox import SharedFrame
from apps.realtime.protocol import now_ms

# Aggregates (marked `coalesce`) go out at most this often per group, the latest value winning.
COALESCE_INTERVAL = 1.0
GROUP_RENEW_SECONDS = 3600
# How often a hub checks its channel layer. Shorter than channels-redis's pause before it reconnects
# a broken subscription (1 s): a probe sent while the subscription is down is lost, so no break
# between two probes goes unnoticed.
LAYER_PROBE_SECONDS = 0.5
# A probe that has not come back within this long was lost: the layer is down.
LAYER_PROBE_TIMEOUT = 2.0
# While the layer is down, probes back off up to this interval.
LAYER_DOWN_PROBE_MAX_SECONDS = 5.0

logger = logging.getLogger(__name__)


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
        # When urgent frames last went out (loop time): a window after it, the next go at once.
        self._urgent_sent_at = float("-inf")
        self._aggregates: dict[str, str] = {}
        self._aggregates_sent_at: dict[str, float] = {}
        self._flush_handle: asyncio.TimerHandle | None = None
        self._reader: asyncio.Task | None = None
        self.channel: str | None = None
        # While a resync reads the state, or members compute their own frames, frames from the layer
        # wait here (text, coalesce).
        self._hold = Hold(lambda held: self.add(held[0], coalesce=held[1]))
        self._refreshes: set[asyncio.Task] = set()

    async def start(self) -> bool:
        """Subscribe to the group; False when the layer is unreachable (the hub's watch retries)."""
        try:
            self.channel = await self.layer.new_channel("hub.")
            await self.layer.group_add(self.group, self.channel)
        except Exception as exc:  # the layer is down: sockets still open, frames follow once it is back
            logger.warning("hub: cannot subscribe to %s: %s", self.group, exc)
            self.channel = None
            return False
        self._reader = asyncio.create_task(self._read())
        self._renewer = asyncio.create_task(self._keep_subscribed())
        return True

    async def stop(self) -> None:
        if self._reader:
            self._reader.cancel()
            self._renewer.cancel()
        for task in self._refreshes:
            task.cancel()
        if self._flush_handle:
            self._flush_handle.cancel()
        if self.channel is not None:
            try:
                await self.layer.group_discard(self.group, self.channel)
            except Exception as exc:  # the layer is down: its memberships go with it
                logger.info("hub: cannot leave %s: %s", self.group, exc)

    async def restore(self) -> None:
        """The layer answers again: subscribe again (a Redis that restarted forgot the core layer's
        groups), then send the members what replaces the frames they may have missed."""
        if self.channel is None:
            if not await self.start():
                raise ConnectionError(f"cannot subscribe to {self.group}")
        else:
            await self.layer.group_add(self.group, self.channel)
        await self.resync()

    async def resync(self) -> None:
        """Send every member its subject's whole state, read now; frames arriving meanwhile wait
        and follow it, so nothing newer is overwritten by the older state. A recheck sent while
        the layer was down was lost too: every member is asked again whether it may stay, and one
        that may not is closed before the state reaches it."""
        member = next(iter(self.members), None)
        if member is None:
            return
        for each in list(self.members):
            each.recheck()
        self._hold.hold()
        try:
            if text := await member.resync_frames():
                frame = SharedFrame(text)
                for each in list(self.members):
                    each.deliver(frame)
        finally:
            self._hold.release()

    async def _refresh(self) -> None:
        """A frame sent with `refresh` (held meanwhile) changes what each member's user may do: each
        gets its own frames first (asked of one member for all), then the frame."""
        try:
            members = list(self.members)
            if members:
                for member, text in zip(members, await members[0].own_frames(members), strict=True):
                    if text:
                        member.push(text)
        except Exception:  # the frame goes out all the same; a member's next refresh or recheck corrects it
            logger.exception("hub: members of %s could not compute their own frames", self.group)
        finally:
            self._hold.release()

    async def _keep_subscribed(self) -> None:
        # Some layers forget a group membership after a day (channels-redis core's
        # group_expiry); a feed can outlive that, so it renews its membership.
        while True:
            await asyncio.sleep(GROUP_RENEW_SECONDS)
            try:
                await self.layer.group_add(self.group, self.channel)
            except Exception as exc:  # down now: the hub's watch subscribes again once it is back
                logger.info("hub: cannot renew %s: %s", self.group, exc)

    async def _read(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except Exception:  # the core layer while Redis is down: wait, the watch resyncs after
                await asyncio.sleep(LAYER_PROBE_SECONDS)
                continue
            if closing := message.get("close"):  # apps.realtime.broadcast.close_members
                for member in list(self.members):
                    member.close_with(closing["text"], closing["code"])
                continue
            if message.get("recheck"):  # apps.realtime.broadcast.recheck_members
                for member in list(self.members):
                    member.recheck()
            if message.get("refresh"):  # apps.realtime.broadcast.broadcast(refresh=True)
                self._hold.hold()
                task = asyncio.create_task(self._refresh())
                self._refreshes.add(task)
                task.add_done_callback(self._refreshes.discard)
            for text in message.get("texts", ()):
                self.add(text, coalesce=message.get("coalesce"))

    def add(self, text: str, *, coalesce: str | None = None) -> None:
        if self._hold.offer((text, coalesce)):
            return
        if coalesce:
            self._aggregates[coalesce] = text
            self._schedule(settings.REALTIME_BATCH_WINDOW)
            return
        self._urgent.append(text)
        # A frame after a quiet spell leaves on the next turn of the loop (with whatever arrived in
        # the same turn); in a burst, frames wait for the end of the window the last flush opened.
        waited = asyncio.get_running_loop().time() - self._urgent_sent_at
        self._schedule(max(0.0, settings.REALTIME_BATCH_WINDOW - waited))

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
        if texts:
            self._urgent_sent_at = asyncio.get_running_loop().time()
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
    """This process's group feeds (one hub per event loop), and the watch on their channel layer."""

    def __init__(self):
        self.feeds: dict[str, GroupFeed] = {}
        self._lock = asyncio.Lock()
        self.layer = get_channel_layer()
        self.layer_down = False
        self._watch: asyncio.Task | None = None
        self._probe: str | None = None  # the channel the watch sends itself probes on

    async def join(self, group: str, member) -> None:
        async with self._lock:
            feed = self.feeds.get(group)
            if feed is None:
                feed = self.feeds[group] = GroupFeed(group)
                if not await feed.start():
                    self.layer_down = True
            feed.members.add(member)
            if self._watch is None:
                self._watch = asyncio.create_task(self._watch_layer())

    async def leave(self, group: str, member) -> None:
        async with self._lock:
            feed = self.feeds.get(group)
            if feed is None:
                return
            feed.members.discard(member)
            if not feed.members:
                del self.feeds[group]
                await feed.stop()
            if not self.feeds and self._watch is not None:
                self._watch.cancel()
                self._watch = None

    def local_members(self, group: str) -> int:
        feed = self.feeds.get(group)
        return len(feed.members) if feed else 0

    async def _watch_layer(self) -> None:
        failures = 0
        while True:
            try:
                self._probe = self._probe or await self.layer.new_channel("hub-probe.")
                await self._round_trip(self._probe)
            except TimeoutError:  # the probe was lost, and the layer dropped its channel on the cancelled wait
                self._probe = None
                failures = self._down(failures, "a probe was lost")
            except Exception as exc:  # unreachable
                failures = self._down(failures, exc)
            else:
                failures = 0
                if self.layer_down:
                    await self._restore()
            # While down, probe less often (each try may leave a little behind in the layer).
            await asyncio.sleep(min(LAYER_PROBE_SECONDS * 2**failures, LAYER_DOWN_PROBE_MAX_SECONDS))

    def _down(self, failures: int, why) -> int:
        if not self.layer_down:
            logger.warning("hub: channel layer down (%s); %d groups will resync", why, len(self.feeds))
        self.layer_down = True
        return min(failures + 1, 8)

    async def _round_trip(self, probe: str) -> None:
        token = uuid.uuid4().hex
        await self.layer.send(probe, {"type": "hub.probe", "token": token})
        async with asyncio.timeout(LAYER_PROBE_TIMEOUT):
            while (await self.layer.receive(probe)).get("token") != token:
                pass  # a probe that came back after its time

    async def _restore(self) -> None:
        logger.warning("hub: channel layer back; resyncing %d groups", len(self.feeds))
        self.layer_down = False
        async with self._lock:
            for feed in list(self.feeds.values()):
                try:
                    await feed.restore()
                except Exception as exc:  # down again: the next probe notices, and all resync again
                    logger.warning("hub: cannot restore %s: %s", feed.group, exc)
                    self.layer_down = True


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub

"""The consumer base every WebSocket subject builds on.

It authenticates, speaks the frame format, answers heartbeats, closes idle sockets, turns
bad frames into `ER` frames without dropping the connection, and receives group frames
through this process's hub (one channel-layer subscription per group per process) into a
bounded outbox. A subject's consumer names its groups and adds `handle_<CODE>` methods.
"""

import asyncio
import logging

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from apps.realtime.groups import user_group
from apps.realtime.hub import get_hub
from apps.realtime.outbox import Outbox, SharedFrame, daphne_protocol
from apps.realtime.protocol import Code, ProtocolError, encode_frame, error_frame, parse_client_frame

logger = logging.getLogger(__name__)

# WebSocket close codes (4000-4999 are the application's own).
CLOSE_TOO_SLOW = 4008
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_IDLE = 4408

# Sockets get group frames from the hub, not from a channel of their own: an alias with no
# configured layer tells Channels not to open one per socket.
NO_CHANNEL_PER_SOCKET = "hub-delivers-group-frames"


class FrameConsumer(AsyncWebsocketConsumer):
    requires_login = False
    channel_layer_alias = NO_CHANNEL_PER_SOCKET

    async def connect(self):
        self.user = self.scope.get("user")
        self.joined_groups: list[str] = []
        if self.requires_login and not (self.user and self.user.is_authenticated):
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        refusal = await self.authorize()
        if refusal is not None:
            await self.close(code=refusal)
            return
        await self.accept()
        self._protocol = daphne_protocol(self.base_send)
        self.outbox = Outbox(self._send_text, on_overflow=self._drop_slow_client, protocol=self._protocol)
        self._last_seen = asyncio.get_running_loop().time()
        self._idle_watch = asyncio.create_task(self._close_when_idle())
        # Join the groups first, holding their frames until on_connected has queued its own
        # (history, counts): nothing committed in between is missed, and nothing jumps ahead.
        self._held: list[str] | None = []
        hub = get_hub()
        for group in await self.get_groups():
            await hub.join(group, self)
            self.joined_groups.append(group)
        await self.on_connected()
        held, self._held = self._held, None
        for text in held:
            self.outbox.put(text)

    async def disconnect(self, code):
        hub = get_hub()
        for group in self.joined_groups:
            await hub.leave(group, self)
        watch = getattr(self, "_idle_watch", None)
        if watch and watch is not asyncio.current_task():
            watch.cancel()
        if hasattr(self, "outbox"):
            self.outbox.close()
            await self.on_disconnected()

    async def dispatch(self, message):
        # Channels closes stale database connections before every message, on the one shared
        # database thread: with thousands of sockets sending heartbeats, that queue delays the
        # chat itself. Our database calls (database_sync_to_async) close them already.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- hooks for subjects -----------------------------------------------------------
    @property
    def idle_timeout(self) -> float:
        return settings.REALTIME_IDLE_TIMEOUT

    async def authorize(self) -> int | None:
        """Return a close code to refuse the socket, or None to accept it."""
        return None

    async def get_groups(self) -> list[str]:
        return []

    async def on_connected(self) -> None:
        """Runs once the socket is accepted, before group frames flow (send history, count the viewer...)."""

    async def on_disconnected(self) -> None:
        """Runs when an accepted socket closes, whatever the reason."""

    async def on_heartbeat(self) -> None:
        """Runs on each client heartbeat (refresh presence, ...)."""

    async def resync_frames(self) -> str | None:
        """After a channel-layer outage, in which this socket's groups may have lost frames: an
        encoded frame that replaces what the page shows, sent alike to every socket of the group
        (the hub asks one of them). None: nothing to replace."""
        return None

    # --- incoming frames ----------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        self._last_seen = asyncio.get_running_loop().time()
        try:
            code, data = parse_client_frame(text_data)
            if code == Code.HEARTBEAT:
                self.push(encode_frame(Code.HEARTBEAT))
                await self.on_heartbeat()
                return
            handler = getattr(self, f"handle_{code}", None) if code.isalnum() else None
            if handler is None:
                raise ProtocolError("unknown_type", f"Unknown frame type {code!r}.")
            await handler(data)
        except ProtocolError as exc:
            self.send_error(exc.code, exc.detail)

    # --- outgoing frames ----------------------------------------------------------------
    def push(self, text: str) -> None:
        """Queue an encoded frame for this socket, in order with group frames."""
        if self._held is not None:
            self._held.append(text)
        else:
            self.outbox.put(text)

    def deliver(self, frame: SharedFrame) -> None:
        """A group frame from the hub: written at once when this socket's queue is empty."""
        if self._held is not None or not self.outbox.write_now(frame):
            self.push(frame.text)

    def push_first(self, text: str) -> None:
        """Queue a frame ahead of group frames still held while the socket connects."""
        self.outbox.put(text)

    def send_error(self, code: str, detail: str) -> None:
        self.push(error_frame(code, detail))

    async def _send_text(self, text: str) -> None:
        await self.send(text_data=text)

    def _drop_slow_client(self) -> None:
        logger.info("dropping a websocket client that fell %s frames behind", "too many")
        transport = getattr(self._protocol, "transport", None)
        if transport is not None:
            # Its buffers are full of frames it will never read in time: free them now.
            transport.abortConnection()
        else:
            self._closing = asyncio.create_task(self.close(code=CLOSE_TOO_SLOW))

    async def _close_when_idle(self):
        loop = asyncio.get_running_loop()
        # The deadline moves with every frame, so sleep to it and look again.
        while (remaining := self._last_seen + self.idle_timeout - loop.time()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(remaining)
        await self.close(code=CLOSE_IDLE)


class MeConsumer(FrameConsumer):
    """`/ws/me/`: the signed-in user's own notifications (badge changes, achievements, ...)."""

    requires_login = True

    async def get_groups(self) -> list[str]:
        return [user_group(self.user.pk)]

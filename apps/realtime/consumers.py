"""The consumer base every WebSocket subject builds on.

It authenticates, speaks the frame format, answers heartbeats, closes idle sockets, turns
bad frames into `ER` frames without dropping the connection, and receives group frames
through this process's hub (one channel-layer subscription per group per process) into a
bounded outbox. A subject's consumer names its groups, decides who may be there (`authorize`,
asked again whenever the group is told to recheck) and adds `handle_<CODE>` methods.
"""

import asyncio
import logging
from dataclasses import dataclass

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from apps.core.exceptions import ApplicationError
from apps.realtime.groups import user_group
from apps.realtime.hub import get_hub
from apps.realtime.outbox import Outbox, SharedFrame, daphne_protocol
from apps.realtime.protocol import Code, ProtocolError, encode_frame, error_frame, parse_client_frame

logger = logging.getLogger(__name__)

# WebSocket close codes (4000-4999 are the application's own). A refusal closes with 4000 + the
# HTTP status of its reason (4401, 4402, 4403, 4404): static/js/live-socket.js does not retry those.
CLOSE_TOO_SLOW = 4008
CLOSE_UNAUTHORIZED = 4401
CLOSE_IDLE = 4408

# Sockets get group frames from the hub, not from a channel of their own: an alias with no
# configured layer tells Channels not to open one per socket.
NO_CHANNEL_PER_SOCKET = "hub-delivers-group-frames"


@dataclass(frozen=True)
class Refusal:
    """Why a socket may not be here: sent to the client as an `ER` frame, then the close code."""

    close_code: int
    code: str
    detail: str

    @classmethod
    def from_error(cls, error: ApplicationError) -> "Refusal":
        return cls(4000 + error.status, error.code, error.detail)


class FrameConsumer(AsyncWebsocketConsumer):
    requires_login = False
    channel_layer_alias = NO_CHANNEL_PER_SOCKET

    async def connect(self):
        self.user = self.scope.get("user")
        self.joined_groups: list[str] = []
        self.admitted = self.refused = False
        # Accepted first, refused after: a socket refused at the handshake reaches the browser as
        # a bare failure (1006), which it retries forever; an ER frame and a 44xx close say why and
        # that retrying will not help.
        await self.accept()
        if self.requires_login and not (self.user and self.user.is_authenticated):
            await self.refuse(Refusal(CLOSE_UNAUTHORIZED, "login_required", "Sign in first."))
            return
        self._protocol = daphne_protocol(self.base_send)
        self.outbox = Outbox(self._send_text, on_overflow=self._drop_slow_client, protocol=self._protocol)
        self._last_seen = asyncio.get_running_loop().time()
        self._idle_watch = asyncio.create_task(self._close_when_idle())
        self._rechecks: set[asyncio.Task] = set()
        # Group frames are held while anything decides about this socket (here: until on_connected
        # has queued its own history and counts; later: while a recheck runs).
        self._held: list[str] | None = None
        self._holds = 0
        self._hold()
        # Access is judged after joining the groups, so a change committed meanwhile is either
        # seen by authorize() or followed by a recheck, which waits for this to finish.
        self._access = asyncio.Lock()
        async with self._access:
            hub = get_hub()
            for group in await self.get_groups():
                await hub.join(group, self)
                self.joined_groups.append(group)
            if refusal := await self.authorize():
                await self.refuse(refusal)
                return
            await self.on_connected()
            self.admitted = True
        self._release()

    async def disconnect(self, code):
        hub = get_hub()
        for group in self.joined_groups:
            await hub.leave(group, self)
        for task in (getattr(self, "_idle_watch", None), *getattr(self, "_rechecks", ())):
            if task and task is not asyncio.current_task():
                task.cancel()
        if hasattr(self, "outbox"):
            self.outbox.close()
        if self.admitted:
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

    async def authorize(self) -> Refusal | None:
        """A refusal if this socket's user may not be here (now), else None. Asked once the socket
        is in its groups, and again on every recheck of them."""
        return None

    async def get_groups(self) -> list[str]:
        return []

    async def on_connected(self) -> None:
        """Runs once authorize() let the socket in, before group frames flow (send history, count the viewer...)."""

    async def on_disconnected(self) -> None:
        """Runs when a socket that was let in closes, whatever the reason."""

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

    # --- access -------------------------------------------------------------------------
    def recheck(self) -> None:
        """The hub says who may be in a group changed: hold group frames until authorize() says
        again whether this socket's user may stay."""
        self._hold()
        task = asyncio.create_task(self._recheck())
        self._rechecks.add(task)
        task.add_done_callback(self._rechecks.discard)

    async def _recheck(self) -> None:
        async with self._access:
            if self.refused or not self.admitted:  # on its way out already
                return
            refusal = await self.authorize()
        if refusal:
            await self.refuse(refusal)  # what was held is never sent
        else:
            self._release()

    async def refuse(self, refusal: Refusal) -> None:
        """Tell the client why it may not be here, then close with a code it does not retry on."""
        self.refused = True
        await self.send(text_data=error_frame(refusal.code, refusal.detail))
        await self.close(code=refusal.close_code)

    def _hold(self) -> None:
        self._holds += 1
        if self._held is None:
            self._held = []

    def _release(self) -> None:
        self._holds -= 1
        if self._holds == 0:
            held, self._held = self._held, None
            for text in held:
                self.outbox.put(text)

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

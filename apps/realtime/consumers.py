"""The consumer base every WebSocket subject builds on.

It authenticates, speaks the frame format, answers heartbeats, closes idle sockets and
turns bad frames into `ER` frames without dropping the connection. A subject's consumer
names its groups and adds `handle_<CODE>` methods for the frames clients may send.
"""

import asyncio
import logging

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from apps.realtime.groups import user_group
from apps.realtime.protocol import Code, ProtocolError, encode_frame, error_frame, parse_client_frame

logger = logging.getLogger(__name__)

# WebSocket close codes (4000-4999 are the application's own).
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_IDLE = 4408


class FrameConsumer(AsyncWebsocketConsumer):
    requires_login = False

    async def connect(self):
        self.user = self.scope.get("user")
        if self.requires_login and not (self.user and self.user.is_authenticated):
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        refusal = await self.authorize()
        if refusal is not None:
            await self.close(code=refusal)
            return
        self.joined_groups = await self.get_groups()
        for group in self.joined_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self._last_seen = asyncio.get_running_loop().time()
        self._idle_watch = asyncio.create_task(self._close_when_idle())
        await self.on_connected()

    async def disconnect(self, code):
        watch = getattr(self, "_idle_watch", None)
        if watch and watch is not asyncio.current_task():
            watch.cancel()
        for group in getattr(self, "joined_groups", ()):
            await self.channel_layer.group_discard(group, self.channel_name)
        await self.on_disconnected()

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
        """Runs once the socket is accepted (send history, count the viewer, ...)."""

    async def on_disconnected(self) -> None:
        """Runs when the socket closes, whatever the reason."""

    # --- incoming frames ----------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        self._last_seen = asyncio.get_running_loop().time()
        try:
            code, data = parse_client_frame(text_data)
            if code == Code.HEARTBEAT:
                await self.send(text_data=encode_frame(Code.HEARTBEAT))
                return
            handler = getattr(self, f"handle_{code}", None) if code.isalnum() else None
            if handler is None:
                raise ProtocolError("unknown_type", f"Unknown frame type {code!r}.")
            await handler(data)
        except ProtocolError as exc:
            await self.send_error(exc.code, exc.detail)

    async def send_error(self, code: str, detail: str) -> None:
        await self.send(text_data=error_frame(code, detail))

    # --- outgoing frames (from apps.realtime.broadcast) -------------------------------
    async def frame_send(self, message):
        await self.send(text_data=message["text"])

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

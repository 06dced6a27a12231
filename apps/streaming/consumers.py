"""`/ws/streams/<id>/`: chat, viewer count and stream status for one stream."""

import asyncio

from channels.db import database_sync_to_async

from apps.core.bounds import is_id
from apps.core.exceptions import ApplicationError
from apps.devices import events as devices_events
from apps.devices import selectors as devices_selectors
from apps.gifting import events as gifting_events
from apps.gifting import selectors as gifting_selectors
from apps.pk import events as pk_events
from apps.pk import selectors as pk_selectors
from apps.pk import services as pk_services
from apps.realtime.consumers import FrameConsumer, Refusal
from apps.realtime.hub import batch_text
from apps.realtime.protocol import Code, ProtocolError, encode_frame
from apps.streaming import events, rules, selectors, services
from apps.streaming.errors import StreamNotFound
from apps.streaming.models import ChatMessage, Stream

# Refresh a socket's presence in the database at most this often.
PRESENCE_REFRESH_SECONDS = 30


class StreamConsumer(FrameConsumer):
    @property
    def stream_id(self):
        return self.scope["url_route"]["kwargs"]["stream_id"]

    async def authorize(self) -> Refusal | None:
        problem = await database_sync_to_async(self._watch_problem)()
        return Refusal.from_error(problem) if problem else None

    def _watch_problem(self) -> ApplicationError | None:
        """rules.watch_problem on the stream as it is now. Until the socket is admitted a private
        stream looks absent, as everywhere; once admitted, its user knew the stream and hears why."""
        stream = Stream.objects.filter(pk=self.stream_id).first()
        if stream is None or not (self.admitted or rules.can_see(stream, self.user)):
            return StreamNotFound("No such stream.")
        self.stream = stream
        return rules.watch_problem(stream, self.user)

    async def get_groups(self) -> list[str]:
        return [events.stream_group(self.stream_id)]

    async def on_connected(self) -> None:
        self.is_owner = rules.is_owner(self.stream, self.user)
        self._presence_refreshed = 0.0
        self.push_first(await database_sync_to_async(self._join_and_welcome)())

    async def on_disconnected(self) -> None:
        if self.viewer_key is not None:
            await database_sync_to_async(services.viewer_leave)(
                stream=self.stream, viewer_key=self.viewer_key, socket=True
            )

    async def resync_frames(self) -> str:
        """The page starts over (RS) from the stream's whole state: chat and gifts written while the
        channel layer was down are in its chat history, counts and the leaderboard are current."""
        return await database_sync_to_async(welcome_batch)(self.stream, resync=True)

    async def on_heartbeat(self) -> None:
        if self.viewer_key is None:  # not counted (the creator always is)
            return
        now = asyncio.get_running_loop().time()
        if now - self._presence_refreshed < PRESENCE_REFRESH_SECONDS:
            return
        self._presence_refreshed = now
        await database_sync_to_async(self._refresh_presence)()

    # --- client frames ------------------------------------------------------------------
    async def handle_CM(self, data: dict) -> None:
        await self._call(services.chat_post, stream=self.stream, user=self.user, content=data.get("content"))

    async def handle_CD(self, data: dict) -> None:
        message_id = data.get("id")
        if not is_id(message_id):
            raise ProtocolError("bad_frame", 'CD needs the "id" of a message.')
        message = await database_sync_to_async(
            ChatMessage.objects.select_related("stream").filter(pk=message_id, stream=self.stream).first
        )()
        if message is None:
            raise ProtocolError("not_found", "No such message in this stream.")
        await self._call(services.chat_delete, message=message, by=self.user)

    async def handle_PK(self, data: dict) -> None:
        """The page's battle countdown ran out: the server clock decides whether it is over."""
        await self._call(pk_services.battle_end_if_due, stream=self.stream)

    # --- helpers --------------------------------------------------------------------------
    async def _call(self, service, **kwargs) -> None:
        try:
            await database_sync_to_async(service)(**kwargs)
        except ApplicationError as exc:
            raise ProtocolError(exc.code, exc.detail) from None

    def _join_and_welcome(self) -> str:
        """Count this socket's viewer (services.viewer_key_for), then welcome it."""
        self.viewer_key = services.viewer_key_for(user=self.user, session=self.scope.get("session"))
        if self.viewer_key is not None:
            services.viewer_join(stream=self.stream, viewer_key=self.viewer_key, user=self.user, socket=True)
        return welcome_batch(self.stream)

    def _refresh_presence(self) -> None:
        services.viewer_seen(stream=self.stream, viewer_key=self.viewer_key)
        if self.is_owner:
            services.stream_heartbeat(stream=self.stream)


def welcome_batch(stream: Stream, *, resync: bool = False) -> str:
    """What a socket needs first: the stream's status, viewer count, cameras, goal, leaderboard and
    chat history; after a channel-layer outage the same, led by RS (the page starts over from it)."""
    stream = Stream.objects.get(pk=stream.pk)  # the whole row: the counts just changed
    frames = [encode_frame(Code.RESYNC)] if resync else []
    frames.append(encode_frame(Code.EVENT_STATUS, events.status_payload(stream)))
    frames.append(encode_frame(Code.VIEWER_COUNT, events.viewer_count_payload(stream)))
    angles = devices_selectors.stream_angles(stream=stream)
    frames.append(encode_frame(Code.ANGLES, devices_events.angles_payload(angles)))
    frames.append(encode_frame(Code.GOAL_PROGRESS, gifting_events.goal_payload(stream)))
    leaders = gifting_selectors.leaderboard(stream=stream)
    frames.append(encode_frame(Code.LEADERBOARD, gifting_events.leaderboard_payload(leaders)))
    if battle := pk_selectors.stream_battle(stream=stream):
        frames.append(encode_frame(Code.PK_STATE, pk_events.state_payload(battle)))
    history = selectors.chat_history(stream=stream)
    frames += [encode_frame(Code.CHAT_MESSAGE, events.message_payload(message)) for message in history]
    return batch_text(frames)

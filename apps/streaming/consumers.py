"""`/ws/streams/<id>/`: one stream's socket. Who may be there is the may-watch rule; its viewers are
counted here. What it says and answers comes from the sections registered for `STREAM`
(apps/streaming/sockets.py and the apps above streaming), so this module imports none of them."""

import asyncio

from channels.db import database_sync_to_async

from apps.core.exceptions import ApplicationError
from apps.realtime.consumers import SubjectConsumer
from apps.realtime.hub import batch_text
from apps.realtime.protocol import Code, ProtocolError, encode_frame
from apps.streaming import events, rules, selectors, services
from apps.streaming.errors import StreamNotFound
from apps.streaming.models import Stream
from apps.streaming.sockets import STREAM

# Refresh a socket's presence in the database at most this often.
PRESENCE_REFRESH_SECONDS = 30


class StreamConsumer(SubjectConsumer):
    subject_name = STREAM

    @property
    def stream_id(self):
        return self.scope["url_route"]["kwargs"]["stream_id"]

    @property
    def stream(self) -> Stream:
        return self.subject

    async def get_groups(self) -> list[str]:
        groups = [events.stream_group(self.stream_id)]
        self.moderates = False
        if self.user and self.user.is_authenticated:
            groups.append(events.stream_user_group(self.stream_id, self.user.pk))
            self.moderates = await database_sync_to_async(self._moderates)()
            if self.moderates:
                groups.append(events.stream_moderators_group(self.stream_id))
        return groups

    def _moderates(self) -> bool:
        """Whether the user is on the channel's team (as they connect: someone appointed later
        joins the moderators' group on their next connection)."""
        stream = Stream.objects.filter(pk=self.stream_id).only("creator_id").first()
        return stream is not None and rules.is_moderator(stream, self.user)

    def load_subject(self) -> Stream | None:
        return Stream.objects.filter(pk=self.stream_id).first()

    def admission_problem(self, stream: Stream | None) -> ApplicationError | None:
        """rules.watch_problem on the stream as it is now. Until the socket is admitted a private
        stream looks absent, as everywhere; once admitted, its user knew the stream and hears why."""
        if stream is None or not (self.admitted or rules.can_see(stream, self.user)):
            return StreamNotFound("No such stream.")
        return rules.watch_problem(stream, self.user)

    async def on_connected(self) -> None:
        self.is_owner = rules.is_owner(self.stream, self.user)
        self._presence_refreshed = 0.0
        for text in await database_sync_to_async(self._join_and_welcome)():
            self.push_first(text)

    async def on_disconnected(self) -> None:
        if self.viewer_key is not None:
            await database_sync_to_async(services.viewer_leave)(
                stream=self.stream, viewer_key=self.viewer_key, socket=True
            )

    async def on_heartbeat(self) -> None:
        if self.viewer_key is None and not self.is_owner:  # neither counted nor vouching for the stream
            return
        now = asyncio.get_running_loop().time()
        if now - self._presence_refreshed < PRESENCE_REFRESH_SECONDS:
            return
        self._presence_refreshed = now
        await database_sync_to_async(self._refresh_presence)()

    def _join_and_welcome(self) -> list[str]:
        """Count this socket's viewer (services.viewer_key_for), then welcome it (the counts just
        changed). A moderator's socket also gets the stream's held messages (HM), oldest first:
        the welcome is everyone's, the queue theirs alone."""
        self.viewer_key = services.viewer_key_for(stream=self.stream, user=self.user, session=self.scope.get("session"))
        if self.viewer_key is not None:
            services.viewer_join(stream=self.stream, viewer_key=self.viewer_key, user=self.user, socket=True)
        texts = [self.welcome()]
        if self.moderates and (held := self._held_queue()):
            texts.append(held)
        return texts

    def _held_queue(self) -> str | None:
        """The stream's held messages as HM frames, oldest first (a batch), or None when none."""
        held = selectors.held_on_stream(stream_id=self.stream_id)
        return batch_text([encode_frame(Code.HELD_MESSAGE, events.held_payload(m)) for m in held]) if held else None

    async def handle_HM(self, data: dict) -> None:
        """A moderator's page asks for the held queue again (after `RS`, whose welcome is everyone's)."""
        if not self.moderates:
            raise ProtocolError("not_moderator", "Only the channel's moderators see held messages.")
        if held := await database_sync_to_async(self._held_queue)():
            self.push(held)

    def _refresh_presence(self) -> None:
        if self.viewer_key is not None:
            services.viewer_seen(stream=self.stream, viewer_key=self.viewer_key)
        if self.is_owner:
            services.stream_heartbeat(stream=self.stream)

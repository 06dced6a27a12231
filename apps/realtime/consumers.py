"""The consumer base every WebSocket subject builds on.

It authenticates, speaks the frame format, answers heartbeats, closes idle sockets, turns
bad frames into `ER` frames without dropping the connection, and receives group frames
through this process's hub (one channel-layer subscription per group per process) into a
bounded outbox. A socket's consumer names its groups, decides who may be there (`authorize`,
asked again whenever the group is told to recheck) and answers client frames (`handle_<CODE>`).
`SubjectConsumer` builds the rest from the sections apps register (apps.realtime.sections);
docs/realtime.md tells the whole story.
"""

import asyncio
import logging
from dataclasses import dataclass
from functools import partial

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from apps.core.exceptions import ApplicationError
from apps.realtime import sections
from apps.realtime.groups import user_group
from apps.realtime.holds import Hold
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
        self._hold = Hold(self.outbox.put)
        self._hold.hold()
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
        self._hold.release()

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

    async def own_frames(self, members: list["FrameConsumer"]) -> list[str | None]:
        """Before a group frame sent with `refresh`: for each of `members` (sockets of this one's
        group, this one among them) the encoded frame only it gets, or None. The hub asks one of
        them for all, so the work they share is done once."""
        return [None] * len(members)

    def handler_for(self, code: str):
        """The coroutine function answering client frames with `code` (called with their data), or None."""
        return getattr(self, f"handle_{code}", None)

    # --- incoming frames ----------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        self._last_seen = asyncio.get_running_loop().time()
        try:
            code, data = parse_client_frame(text_data)
            if code == Code.HEARTBEAT:
                self.push(encode_frame(Code.HEARTBEAT))
                await self.on_heartbeat()
                return
            handler = self.handler_for(code) if code.isalnum() else None
            if handler is None:
                raise ProtocolError("unknown_type", f"Unknown frame type {code!r}.")
            await handler(data)
        except ProtocolError as exc:
            self.send_error(exc.code, exc.detail)

    # --- access -------------------------------------------------------------------------
    def recheck(self) -> None:
        """The hub says who may be in a group changed: hold group frames until authorize() says
        again whether this socket's user may stay."""
        self._hold.hold()
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
            self._hold.release()

    async def refuse(self, refusal: Refusal) -> None:
        """Tell the client why it may not be here, then close with a code it does not retry on."""
        await self._close_with(error_frame(refusal.code, refusal.detail), refusal.close_code)

    def close_with(self, text: str, close_code: int) -> None:
        """Its group says this socket's user may not be here at all (apps.realtime.broadcast.close_members):
        send `text` (why), then close with `close_code`."""
        if self.refused:
            return
        self.refused = True
        self._hold.hold()  # whatever the group sends meanwhile never reaches it
        task = asyncio.create_task(self._close_with(text, close_code))
        self._rechecks.add(task)
        task.add_done_callback(self._rechecks.discard)

    async def _close_with(self, text: str, close_code: int) -> None:
        self.refused = True
        await self.send(text_data=text)
        await self.close(code=close_code)

    # --- outgoing frames ----------------------------------------------------------------
    def push(self, text: str) -> None:
        """Queue an encoded frame for this socket, in order with group frames."""
        if not self._hold.offer(text):
            self.outbox.put(text)

    def deliver(self, frame: SharedFrame) -> None:
        """A group frame from the hub: written at once when this socket's queue is empty."""
        if self._hold.waiting is not None or not self.outbox.write_now(frame):
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


class SubjectConsumer(FrameConsumer):
    """A socket about one subject (a stream; later a tournament): who may be there is the subject's
    own rule, and everything else it says and answers comes from the sections apps registered for
    `subject_name` (apps.realtime.sections). The subject's row, as last read, is `self.subject`."""

    subject_name = ""

    def load_subject(self):
        """The subject as the database has it now, or None (runs on the database thread)."""
        raise NotImplementedError

    def admission_problem(self, subject) -> ApplicationError | None:
        """Why this socket's user may not be here (`subject` None: it does not exist), or None."""
        raise NotImplementedError

    async def authorize(self) -> Refusal | None:
        problem, mine = await database_sync_to_async(self._admission)()
        if problem is not None:
            return Refusal.from_error(problem)
        if mine:  # a recheck: ahead of the group frames it holds
            self.push_first(mine)
        return None

    def _admission(self) -> tuple[ApplicationError | None, str | None]:
        subject = self.load_subject()
        if problem := self.admission_problem(subject):
            return problem, None
        self.subject = subject
        # Let in again after a change of who may be here: what the user may do there may have changed too.
        return None, sections.may_frame(self.subject_name, subject, self.user) if self.admitted else None

    def welcome(self) -> str:
        """This socket's welcome (on the database thread): the sections' frames for the subject as it
        is now, and its own MY."""
        mine = self._mine()
        return sections.welcome_batch(self.subject_name, self.subject, extra=[mine] if mine else [])

    def _mine(self) -> str | None:
        """This socket's MY, from the subject read again."""
        self.subject = self.load_subject() or self.subject
        return sections.may_frame(self.subject_name, self.subject, self.user)

    async def on_connected(self) -> None:
        self.push_first(await database_sync_to_async(self.welcome)())

    async def resync_frames(self) -> str:
        """The page starts over (RS) from the subject's whole state, read now."""
        return await database_sync_to_async(self._resync_frames)()

    def _resync_frames(self) -> str:
        return sections.welcome_batch(self.subject_name, self.load_subject() or self.subject, resync=True)

    async def own_frames(self, members: list[FrameConsumer]) -> list[str | None]:
        return await database_sync_to_async(self._own_frames)(members)

    def _own_frames(self, members: list[FrameConsumer]) -> list[str | None]:
        """Each member's MY from one read of the subject, and one answer per user: many sockets
        share a user (tabs), and every signed-out one the same answers."""
        subject = self.load_subject()
        answers: dict[int | None, str | None] = {}
        frames = []
        for member in members:
            if subject is None or not member.admitted or member.refused:
                frames.append(None)  # its welcome or its refusal comes instead
                continue
            user = member.user
            key = user.pk if user and user.is_authenticated else None
            if key not in answers:
                answers[key] = sections.may_frame(self.subject_name, subject, user)
            frames.append(answers[key])
        return frames

    async def handle_MY(self, data: dict) -> None:
        """The page changed something the questions read (its user followed the creator): answer again."""
        if mine := await database_sync_to_async(self._mine)():
            self.push(mine)

    def handler_for(self, code: str):
        if own := super().handler_for(code):
            return own
        answer = sections.handler(self.subject_name, code)
        return None if answer is None else partial(self._answer, answer)

    async def _answer(self, answer, data: dict) -> None:
        try:
            await database_sync_to_async(answer)(self.subject, self.user, data)
        except ApplicationError as exc:
            raise ProtocolError(exc.code, exc.detail) from None

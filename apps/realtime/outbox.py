"""Each socket's outgoing queue: bounded, and aware of the network's backpressure.

A viewer whose connection cannot keep up must not grow the server's memory or hold up
other viewers. Frames for a socket wait in its outbox; when the kernel and Twisted buffers
are full (daphne tells us through a Twisted push producer), the outbox stops writing; if
it then fills up, the socket is dropped and its client reconnects and reloads history.
"""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)

# Frames (each possibly a batch) a socket may have waiting before it is dropped.
OUTBOX_LIMIT = 200


class _TransportWatch:
    """A Twisted push producer: Twisted pauses it when the socket's write buffer is full."""

    def __init__(self):
        self.writable = asyncio.Event()
        self.writable.set()

    def pauseProducing(self):
        self.writable.clear()

    def resumeProducing(self):
        self.writable.set()

    def stopProducing(self):
        self.writable.set()


def daphne_protocol(send):
    """The daphne WebSocket protocol behind an ASGI `send`, if there is one; None under test
    communicators. Daphne passes `partial(server.handle_reply, protocol)`; middleware (Channels'
    session wrapper) may wrap it, keeping the original as `real_send` on a bound method's owner."""
    for _ in range(4):
        args = getattr(send, "args", ())
        if args and hasattr(args[0], "registerProducer"):
            return args[0]
        owner = getattr(send, "__self__", None)
        send = getattr(owner, "real_send", None)
        if send is None:
            return None
    return None


class Outbox:
    def __init__(self, send: Callable[[str], Awaitable[None]], *, on_overflow: Callable[[], None], protocol=None):
        self._send = send
        self._on_overflow = on_overflow
        self._frames: deque[str] = deque()
        self._ready = asyncio.Event()
        self._watch = _TransportWatch()
        self.overflowed = False
        if protocol is not None:
            try:
                protocol.registerProducer(self._watch, True)
            except RuntimeError:  # another producer is registered; fall back to the bound alone
                logger.debug("transport already has a producer")
        self._task = asyncio.create_task(self._drain())

    def put(self, text: str) -> bool:
        if self.overflowed:
            return False
        if len(self._frames) >= OUTBOX_LIMIT:
            self.overflowed = True
            self._frames.clear()
            self._on_overflow()
            return False
        self._frames.append(text)
        self._ready.set()
        return True

    async def _drain(self):
        while True:
            await self._ready.wait()
            while self._frames:
                await self._watch.writable.wait()
                await self._send(self._frames.popleft())
            self._ready.clear()

    def close(self):
        self._task.cancel()

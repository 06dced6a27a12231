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


def _send_now(transport, data: bytes) -> None:
    """Give `data` to the kernel now when Twisted holds no unsent bytes for this connection.
    Twisted's write() always waits for the reactor to report the socket writable: two epoll calls
    and a loop turn per frame per socket, an eighth of daphne's time under a gift storm (py-spy,
    bench/fanout.py --gifts). Anything unusual (TLS, bytes already waiting, an error, a full
    kernel buffer) goes through write(), which keeps the order and handles the rest."""
    sock = getattr(transport, "socket", None)
    idle = getattr(transport, "_tempDataLen", None) == 0 and len(getattr(transport, "dataBuffer", b"?")) == getattr(
        transport, "offset", None
    )
    if sock is None or not idle or not transport.connected or transport.disconnecting:
        transport.write(data)
        return
    try:
        sent = sock.send(data)
    except (BlockingIOError, InterruptedError):
        sent = 0
    except OSError:
        transport.write(data)  # Twisted meets the error on its own attempt and closes the connection
        return
    if sent < len(data):
        transport.write(data[sent:])


class SharedFrame:
    """One encoded frame on its way to many sockets. It is framed for the wire once, on first use
    (autobahn's prepared message, its broadcast path), and the same bytes go to every socket."""

    __slots__ = ("_prepared", "text")

    def __init__(self, text: str):
        self.text = text
        self._prepared = None

    def prepared_for(self, protocol):
        if self._prepared is None:
            self._prepared = protocol.factory.prepareMessage(self.text.encode())
        return self._prepared


class Outbox:
    def __init__(self, send: Callable[[str], Awaitable[None]], *, on_overflow: Callable[[], None], protocol=None):
        self._send = send
        self._on_overflow = on_overflow
        self._frames: deque[str] = deque()
        self._ready = asyncio.Event()
        self._watch = _TransportWatch()
        self._protocol = protocol
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

    def write_now(self, frame: SharedFrame) -> bool:
        """Hand a shared frame straight to the connection when nothing waits ahead of it and the
        connection takes data now: no task wake-up, no per-socket framing. False: put() it."""
        protocol = self._protocol
        if protocol is None or self._frames or self.overflowed or not self._watch.writable.is_set():
            return False
        if protocol.state != protocol.STATE_OPEN:
            return False
        prepared = frame.prepared_for(protocol)
        if protocol._perMessageCompress is None:
            _send_now(protocol.transport, prepared.payloadHybi)
        else:  # compressed per connection: autobahn frames it for this socket
            protocol.sendPreparedMessage(prepared)
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

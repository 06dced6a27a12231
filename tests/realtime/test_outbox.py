"""Each socket's outbox: bounded, and paused while the network cannot take more."""

import asyncio

from autobahn.twisted.websocket import WebSocketServerFactory, WebSocketServerProtocol
from twisted.internet.testing import StringTransport

from apps.realtime.outbox import OUTBOX_LIMIT, Outbox, SharedFrame


class FakeTwistedProtocol:
    """Stands in for daphne's protocol: Twisted calls the registered producer's pause/resume."""

    def __init__(self):
        self.producer = None

    def registerProducer(self, producer, streaming):
        self.producer = producer


class Socket:
    """Records what the outbox writes, and lets a test wait for it."""

    def __init__(self):
        self.sent: list[str] = []
        self._changed = asyncio.Event()

    async def send(self, text: str) -> None:
        self.sent.append(text)
        self._changed.set()

    async def received(self, count: int) -> list[str]:
        async with asyncio.timeout(2):
            while len(self.sent) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.sent


async def test_frames_go_out_in_order():
    socket = Socket()
    outbox = Outbox(socket.send, on_overflow=lambda: None)
    for n in range(5):
        outbox.put(str(n))
    assert await socket.received(5) == ["0", "1", "2", "3", "4"]
    outbox.close()


async def test_a_stalled_connection_is_paused_then_dropped_when_its_outbox_is_full():
    protocol, socket, dropped = FakeTwistedProtocol(), Socket(), []
    outbox = Outbox(socket.send, on_overflow=lambda: dropped.append(True), protocol=protocol)
    protocol.producer.pauseProducing()  # the socket's write buffer is full
    for n in range(OUTBOX_LIMIT):
        assert outbox.put(str(n))
    await asyncio.sleep(0.01)
    assert socket.sent == []  # nothing is written while paused
    assert dropped == []
    assert outbox.put("one too many") is False
    assert dropped == [True]
    assert outbox.put("after the drop") is False  # nothing more is held for it
    assert len(outbox._frames) == 0
    outbox.close()


async def test_writing_resumes_when_the_network_drains():
    protocol, socket = FakeTwistedProtocol(), Socket()
    outbox = Outbox(socket.send, on_overflow=lambda: None, protocol=protocol)
    protocol.producer.pauseProducing()
    outbox.put("held")
    await asyncio.sleep(0.01)
    assert socket.sent == []
    protocol.producer.resumeProducing()
    assert await socket.received(1) == ["held"]
    outbox.close()


async def test_the_daphne_protocol_is_found_behind_the_session_middleware():
    """Daphne's send reaches the consumer wrapped by Channels' session middleware."""
    from functools import partial

    from channels.sessions import InstanceSessionWrapper

    from apps.realtime.outbox import daphne_protocol

    protocol = FakeTwistedProtocol()

    async def handle_reply(protocol, message):
        return None

    daphne_send = partial(handle_reply, protocol)
    wrapper = InstanceSessionWrapper.__new__(InstanceSessionWrapper)
    wrapper.real_send = daphne_send
    assert daphne_protocol(daphne_send) is protocol
    assert daphne_protocol(wrapper.send) is protocol
    assert daphne_protocol(Socket().send) is None


def _open_websocket() -> tuple[WebSocketServerProtocol, StringTransport]:
    """autobahn's real server protocol (daphne's base) on a Twisted test transport, past the handshake."""
    factory = WebSocketServerFactory()
    factory.protocol = WebSocketServerProtocol
    factory.setProtocolOptions(openHandshakeTimeout=0, autoPingInterval=0)
    protocol = factory.buildProtocol(None)
    transport = StringTransport()
    protocol.makeConnection(transport)
    protocol.state = protocol.STATE_OPEN
    return protocol, transport


async def test_a_shared_frame_is_framed_once_and_written_straight_to_every_idle_socket():
    sockets = [_open_websocket() for _ in range(3)]
    outboxes = [Outbox(Socket().send, on_overflow=lambda: None, protocol=protocol) for protocol, _ in sockets]
    frame = SharedFrame('{"t":"GF"}')
    assert all(outbox.write_now(frame) for outbox in outboxes)
    assert [transport.value() for _, transport in sockets] == [b'\x81\x0a{"t":"GF"}'] * 3
    assert frame.prepared_for(sockets[0][0]) is frame.prepared_for(sockets[2][0])
    for outbox in outboxes:
        outbox.close()


async def test_a_shared_frame_waits_its_turn_behind_queued_frames_and_a_full_network():
    protocol, transport = _open_websocket()
    outbox = Outbox(Socket().send, on_overflow=lambda: None, protocol=protocol)
    protocol.transport.producer.pauseProducing()  # the socket's write buffer is full
    assert outbox.write_now(SharedFrame("paused")) is False
    protocol.transport.producer.resumeProducing()
    outbox.put("queued first")
    assert outbox.write_now(SharedFrame("behind it")) is False  # order is kept: it goes through put()
    protocol.state = protocol.STATE_CLOSING
    outbox._frames.clear()
    assert outbox.write_now(SharedFrame("closing")) is False
    assert transport.value() == b""
    outbox.close()


async def test_without_daphne_shared_frames_take_the_queue():
    socket = Socket()
    outbox = Outbox(socket.send, on_overflow=lambda: None)
    assert outbox.write_now(SharedFrame("x")) is False
    outbox.close()

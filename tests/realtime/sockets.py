"""Open sockets on the real ASGI application, as a signed-in user or anonymously.

Every socket opened here is closed by the `fresh_sockets` fixture, even when a test fails
half-way: a socket left open keeps its consumer (and its database work) running into the
next test.
"""

import contextlib

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1")
FRAME_TIMEOUT_SECONDS = 3

_open_sockets: list[WebsocketCommunicator] = []


def _session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def open_socket(path: str, user=None, headers=None):
    """Returns (communicator, connected, close_code)."""
    headers = headers if headers is not None else [ORIGIN]
    if user is not None:
        headers = [*headers, await sync_to_async(_session_cookie)(user)]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    _open_sockets.append(communicator)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def close_open_sockets() -> None:
    while _open_sockets:
        communicator = _open_sockets.pop()
        # Closed already by the test, or refused at the handshake: nothing left to close.
        with contextlib.suppress(Exception):
            await communicator.disconnect()


async def frames_until(communicator, code: str, where=lambda data: True) -> list[dict]:
    """Frames received (batches unpacked) up to and including the first with `code` whose
    data satisfies `where`."""
    seen = []
    while True:
        frame = await communicator.receive_json_from(timeout=FRAME_TIMEOUT_SECONDS)
        batch = frame["d"] if frame["t"] == "B" else [frame]
        seen.extend(batch)
        if any(f["t"] == code and where(f.get("d")) for f in batch):
            return seen

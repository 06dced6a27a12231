"""Open sockets on the real ASGI application, as a signed-in user or anonymously."""

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1")


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
    connected, code = await communicator.connect()
    return communicator, connected, code


async def frames_until(communicator, code: str) -> list[dict]:
    """Frames received (batches unpacked) up to and including the first with `code`."""
    seen = []
    while True:
        frame = await communicator.receive_json_from(timeout=3)
        batch = frame["d"] if frame["t"] == "B" else [frame]
        seen.extend(batch)
        if any(f["t"] == code for f in batch):
            return seen

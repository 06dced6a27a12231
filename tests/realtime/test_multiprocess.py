"""Two daphne processes on one Redis channel layer behave as one site."""

import json

import pytest
import websockets
from channels.db import database_sync_to_async
from django.test import Client
from websockets.exceptions import InvalidStatus

from tests.factories import UserFactory
from tests.realtime.servers import daphne_servers, wait_for_sockets_to_close
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def _connect(port: int, stream, cookie: str | None = None):
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    socket = await websockets.connect(f"ws://127.0.0.1:{port}/ws/streams/{stream.pk}/", additional_headers=headers)
    welcome = json.loads(await socket.recv())
    assert welcome["t"] == "B"
    return socket


async def _next_chat(socket) -> dict:
    while True:
        frame = json.loads(await socket.recv())
        for item in frame["d"] if frame["t"] == "B" else [frame]:
            if item["t"] == "CM":
                return item


async def test_chat_sent_on_one_process_reaches_a_viewer_on_the_other():
    stream = await database_sync_to_async(LiveStreamFactory)()
    sender = await database_sync_to_async(UserFactory)()
    cookie = await database_sync_to_async(_cookie)(sender)
    with daphne_servers(2) as (first, second):
        viewer = await _connect(second, stream)
        writer = await _connect(first, stream, cookie)
        await writer.send(json.dumps({"t": "CM", "d": {"content": "across processes"}}))
        message = await _next_chat(viewer)
        assert message["d"]["c"] == "across processes"
        assert message["d"]["a"]["u"] == sender.username
        await writer.close()
        await viewer.close()
        await database_sync_to_async(wait_for_sockets_to_close)()


async def test_another_sites_origin_is_refused_with_debug_off():
    stream = await database_sync_to_async(LiveStreamFactory)()
    with daphne_servers(1) as (port,):
        with pytest.raises(InvalidStatus) as refused:
            await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/streams/{stream.pk}/", additional_headers={"Origin": "https://evil.example"}
            )
        assert refused.value.response.status_code == 403

"""PK on `/ws/streams/<id>/` through the real ASGI app: the welcome carries the battle, and a page
whose countdown ran out asks the server, whose clock decides."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from apps.pk.models import Battle
from tests.pk.conftest import start, stream_of
from tests.realtime.sockets import frames_until, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


def _path(host) -> str:
    return f"/ws/streams/{stream_of(host).pk}/"


async def test_the_welcome_carries_the_battle_the_stream_is_in(hosts):
    ana, bo, cy = hosts[:3]
    battle = await sync_to_async(start)(ana, bo)
    paths = [await sync_to_async(_path)(host) for host in (ana, cy)]
    fighting, _, _ = await open_socket(paths[0])
    welcome = (await fighting.receive_json_from())["d"]
    [state] = [f["d"] for f in welcome if f["t"] == "PK"]
    assert (state["id"], state["s"], [s["label"] for s in state["sides"]]) == (battle.pk, "active", ["ana", "bo"])
    idle, _, _ = await open_socket(paths[1])
    assert "PK" not in [f["t"] for f in (await idle.receive_json_from())["d"]]


async def test_a_countdown_that_ran_out_ends_the_battle_when_the_server_agrees(hosts):
    ana, bo = hosts[:2]
    battle = await sync_to_async(start)(ana, bo)
    viewer, _, _ = await open_socket(await sync_to_async(_path)(ana))
    other, _, _ = await open_socket(await sync_to_async(_path)(bo))
    await viewer.receive_json_from()
    await other.receive_json_from()

    await viewer.send_json_to({"t": "PD"})  # too early by the server's clock: nothing happens
    await viewer.send_json_to({"t": "HB"})
    assert "PK" not in [f["t"] for f in await frames_until(viewer, "HB")]
    assert (await Battle.objects.aget(pk=battle.pk)).status == "active"

    await Battle.objects.filter(pk=battle.pk).aupdate(ends_at=timezone.now() - timedelta(milliseconds=1))
    await viewer.send_json_to({"t": "PD"})
    for socket in (viewer, other):
        frames = await frames_until(socket, "PK", lambda d: d["s"] == "ended")
        result = next(f for f in frames if f["t"] == "PK")["d"]
        assert result["result"] == {"winner": None, "reason": "time"}
    assert (await Battle.objects.aget(pk=battle.pk)).status == "ended"


async def test_a_bad_pk_frame_gets_an_error_frame(hosts):
    socket, _, _ = await open_socket(await sync_to_async(_path)(hosts[0]))
    await socket.receive_json_from()
    await socket.send_to(text_data='{"t": "PD", "d": []}')
    error = await socket.receive_json_from()
    assert (error["t"], error["d"]["code"]) == ("ER", "bad_frame")

"""A database thread serving a running event loop (a socket's or a request's, through asgiref's
SyncToAsync) hands its frames to one sender on that loop and goes on, in the order it sent them;
anywhere else (a Celery worker, a command) the send completes before the call returns."""

import asyncio

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from apps.realtime import broadcast

FRAMES = 30


def _send_numbered(group: str) -> list[str]:
    for number in range(FRAMES):
        broadcast._group_send(group, {"type": broadcast.FRAME_MESSAGE, "texts": [str(number)]})
    return [str(number) for number in range(FRAMES)]


async def test_a_database_thread_hands_its_frames_to_the_loop_in_order():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("handover", channel)
    sent = await sync_to_async(_send_numbered)("handover")
    loop_sender = broadcast._senders.get(asyncio.get_running_loop())
    assert loop_sender is not None  # they went through the loop's sender, not a blocking send each
    assert [(await layer.receive(channel))["texts"][0] for _ in sent] == sent


def test_without_a_loop_to_serve_the_send_completes_in_the_call():
    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("no-loop", channel)
        # A plain thread (a worker's, a command's): asgiref serves no loop from it.
        sent = await asyncio.to_thread(_send_numbered, "no-loop")
        assert asyncio.get_running_loop() not in broadcast._senders
        return sent, [(await layer.receive(channel))["texts"][0] for _ in sent]

    sent, received = async_to_sync(scenario)()
    assert received == sent

"""Messages that act on every socket of a group after the commit: `close_members` (tell why, then
close with a code the page does not retry) and `refresh_members` (each socket's own `MY` again)."""

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from apps.realtime.broadcast import broadcast, close_members, refresh_members
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code
from apps.streaming.events import stream_group
from tests.factories import UserFactory
from tests.realtime.sockets import FRAME_TIMEOUT_SECONDS, frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


def _in_a_transaction(send, *args, **kwargs):
    with transaction.atomic():
        send(*args, **kwargs)


async def test_close_members_tells_each_socket_why_then_closes_it_and_no_later_frame_reaches_it():
    user, other = await sync_to_async(UserFactory.create_batch)(2)
    closing, _, _ = await open_socket("/ws/me/", user)
    staying, _, _ = await open_socket("/ws/me/", other)
    await sync_to_async(_in_a_transaction)(
        close_members, user_group(user.pk), Code.ERROR, {"code": "platform_banned", "detail": "Gone."}, close_code=4403
    )
    error = await closing.receive_json_from(timeout=FRAME_TIMEOUT_SECONDS)
    assert (error["t"], error["d"]) == ("ER", {"code": "platform_banned", "detail": "Gone."})
    assert await closing.receive_output(timeout=FRAME_TIMEOUT_SECONDS) == {"type": "websocket.close", "code": 4403}
    await staying.send_to(text_data='{"t": "HB"}')
    assert (await staying.receive_json_from(timeout=FRAME_TIMEOUT_SECONDS))["t"] == "HB"  # the other is untouched


async def test_nothing_is_closed_when_the_transaction_rolls_back():
    user = await sync_to_async(UserFactory)()
    socket, _, _ = await open_socket("/ws/me/", user)

    def rolled_back():
        with transaction.atomic():
            close_members(user_group(user.pk), Code.ERROR, {"code": "x", "detail": "x"}, close_code=4403)
            transaction.set_rollback(True)

    await sync_to_async(rolled_back)()
    await socket.send_to(text_data='{"t": "HB"}')
    assert (await socket.receive_json_from(timeout=FRAME_TIMEOUT_SECONDS))["t"] == "HB"


async def test_refresh_members_sends_each_socket_its_own_answers_again():
    stream = await sync_to_async(LiveStreamFactory)()
    socket, _, _ = await open_socket(f"/ws/streams/{stream.pk}/", await sync_to_async(UserFactory)())
    await socket.receive_json_from()  # the welcome
    await sync_to_async(_in_a_transaction)(refresh_members, stream_group(stream.pk))
    await sync_to_async(_in_a_transaction)(broadcast, stream_group(stream.pk), Code.CHAT_DELETED, {"id": 1})
    seen = [frame["t"] for frame in await frames_until(socket, "CD")]
    assert [code for code in seen if code in ("MY", "CD")] == ["MY", "CD"]

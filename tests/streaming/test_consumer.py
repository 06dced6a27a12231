"""`/ws/streams/<id>/` through the real ASGI app: history, chat in and out, counts, errors, access."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from apps.streaming import services
from apps.streaming.models import ChatMessage, PayPerViewAccess, Stream, StreamViewer
from tests.factories import UserFactory
from tests.realtime.sockets import ORIGIN, frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


def _path(stream) -> str:
    return f"/ws/streams/{stream.pk}/"


async def test_connect_gets_status_count_history_and_what_the_user_may_do():
    stream = await sync_to_async(LiveStreamFactory)()
    fan = await sync_to_async(UserFactory)()
    for n in range(3):
        await sync_to_async(services.chat_post)(stream=stream, user=fan, content=f"old {n}")
    socket, connected, _ = await open_socket(_path(stream), fan)
    assert connected
    welcome = await socket.receive_json_from()
    assert welcome["t"] == "B"
    frames = {}
    for frame in welcome["d"]:
        frames.setdefault(frame["t"], []).append(frame["d"])
    # Each app's section adds its own: streaming ES, VC, CM; gifting GL, LB; devices AV; and MY.
    assert sorted(frames) == ["AV", "CM", "ES", "GL", "LB", "MY", "ST", "VC"]
    assert frames["VC"] == [{"c": 1, "p": 1}]
    assert frames["AV"] == [{"angles": []}]  # no camera yet
    assert [message["c"] for message in frames["CM"]] == ["old 0", "old 1", "old 2"]
    assert frames["MY"] == [{"watch": None, "chat": None, "gift": None}]
    await socket.disconnect()


async def test_chat_goes_from_one_socket_to_the_others():
    stream = await sync_to_async(LiveStreamFactory)()
    alice, bob = await sync_to_async(UserFactory.create_batch)(2)
    a, _, _ = await open_socket(_path(stream), alice)
    b, _, _ = await open_socket(_path(stream), bob)
    await a.receive_json_from()
    await b.receive_json_from()
    await a.send_json_to({"t": "CM", "d": {"content": "<b>hi</b> bob"}})
    frames = await frames_until(b, "CM")
    message = next(f for f in frames if f["t"] == "CM")
    assert message["d"]["c"] == "<b>hi</b> bob"  # stored and sent as text; clients escape it
    assert message["d"]["a"]["u"] == alice.username
    assert await sync_to_async(ChatMessage.objects.count)() == 1
    await a.disconnect()
    await b.disconnect()


async def test_anonymous_viewers_read_but_cannot_write():
    stream = await sync_to_async(LiveStreamFactory)()
    socket, connected, _ = await open_socket(_path(stream))
    assert connected
    await socket.receive_json_from()
    await socket.send_json_to({"t": "CM", "d": {"content": "hello"}})
    error = next(f for f in await frames_until(socket, "ER") if f["t"] == "ER")  # the viewer count may come first
    assert error["d"]["code"] == "login_required"
    assert await sync_to_async(ChatMessage.objects.count)() == 0
    await socket.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ('{"t": "XX"}', "unknown_type"),
        ('{"t": "CM", "d": {"content": ""}}', "chat_refused"),
        ('{"t": "CM", "d": {"content": "' + "x" * 501 + '"}}', "chat_refused"),
        ('{"t": "CD", "d": {"id": "1"}}', "bad_frame"),
    ],
)
async def test_bad_frames_get_error_frames(frame, code):
    stream = await sync_to_async(LiveStreamFactory)()
    user = await sync_to_async(UserFactory)()
    socket, _, _ = await open_socket(_path(stream), user)
    await socket.receive_json_from()
    await socket.send_to(text_data=frame)
    # The count of this socket's own join may come first (VC, sent after its commit).
    error = next(f for f in await frames_until(socket, "ER") if f["t"] == "ER")
    assert error["d"]["code"] == code
    await socket.disconnect()


async def test_viewers_cannot_delete_others_messages_but_the_creator_can():
    stream = await sync_to_async(LiveStreamFactory)()
    fan = await sync_to_async(UserFactory)()
    message = await sync_to_async(services.chat_post)(stream=stream, user=fan, content="spam")
    viewer, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    creator, _, _ = await open_socket(_path(stream), stream.creator)
    await viewer.receive_json_from()
    await creator.receive_json_from()
    await viewer.send_json_to({"t": "CD", "d": {"id": message.pk}})
    error = (await frames_until(viewer, "ER"))[-1]
    assert error["d"]["code"] == "not_moderator"
    await creator.send_json_to({"t": "CD", "d": {"id": message.pk}})
    deleted = next(f for f in await frames_until(viewer, "CD") if f["t"] == "CD")
    assert deleted["d"] == {"id": message.pk}
    await viewer.disconnect()
    await creator.disconnect()


async def test_viewer_count_follows_sockets():
    stream = await sync_to_async(LiveStreamFactory)()
    first, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    await first.receive_json_from()
    second, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    # The first socket's own join may still be on its way (VC 1): wait for the count that
    # includes the second socket; a count that never comes times out and fails the test.
    await frames_until(first, "VC", where=lambda count: count["c"] == 2)
    await second.disconnect()
    await frames_until(first, "VC", where=lambda count: count["c"] == 1)
    await first.disconnect()
    assert await sync_to_async(StreamViewer.objects.filter(connections__gt=0).count)() == 0


async def test_the_creators_own_tabs_and_studio_are_no_viewers():
    stream = await sync_to_async(LiveStreamFactory)()
    creator = await sync_to_async(lambda: stream.creator)()
    # Two watch tabs and the studio: the studio's socket is the stream's socket, opened as its creator.
    creator_sockets = [(await open_socket(_path(stream), creator))[0] for _ in range(3)]
    for socket in creator_sockets:
        welcome = await frames_until(socket, "VC")
        assert next(f["d"] for f in welcome if f["t"] == "VC") == {"c": 0, "p": 0}
    await open_socket(_path(stream), await sync_to_async(UserFactory)())
    await frames_until(creator_sockets[0], "VC", where=lambda count: count["c"] == 1)
    await sync_to_async(stream.refresh_from_db)()
    assert (stream.current_viewers, stream.total_viewers) == (1, 1)
    assert not await sync_to_async(StreamViewer.objects.filter(user=creator).exists)()


async def _until_closed(socket) -> tuple[list[dict], int]:
    """The frames a socket receives (batches unpacked) until the server closes it, and the close code."""
    frames = []
    while (output := await socket.receive_output(timeout=3))["type"] == "websocket.send":
        frame = json.loads(output["text"])
        frames.extend(frame["d"] if frame["t"] == "B" else [frame])
    assert output["type"] == "websocket.close"
    return frames, output["code"]


async def _refused(socket) -> tuple[str, int]:
    """A refused socket's last words: its ER frame's code (with a detail), then the close code."""
    frames, close_code = await _until_closed(socket)
    assert frames[-1]["t"] == "ER"
    assert frames[-1]["d"]["detail"]
    return frames[-1]["d"]["code"], close_code


async def test_anonymous_sockets_count_once_per_session_the_page_made_and_cookieless_ones_not_at_all():
    stream = await sync_to_async(LiveStreamFactory)()
    session = await sync_to_async(SessionStore)()
    await sync_to_async(session.create)()  # what the watch page does for an anonymous visitor
    cookie = [ORIGIN, (b"cookie", f"sessionid={session.session_key}".encode())]
    made_up = [ORIGIN, (b"cookie", b"sessionid=madeupsessionkey0000000000000000")]
    tabs = [await open_socket(_path(stream), headers=cookie) for _ in range(2)]
    others = [await open_socket(_path(stream), headers=headers) for headers in ([ORIGIN], [ORIGIN], made_up)]
    for socket, connected, _ in tabs + others:
        assert connected  # all are served the stream...
        await frames_until(socket, "VC")
    viewers = await sync_to_async(list)(StreamViewer.objects.values_list("viewer_key", "connections"))
    assert viewers == [(f"s{session.session_key}", 2)]  # ...one is counted, however many tabs
    assert (await sync_to_async(Stream.objects.get)(pk=stream.pk)).current_viewers == 1


async def test_private_streams_do_not_exist_for_others():
    stream = await sync_to_async(StreamFactory)(visibility="private")
    socket, connected, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    assert connected  # accepted, to be told why, rather than failing the handshake
    assert await _refused(socket) == ("stream_not_found", 4404)
    owner, connected, _ = await open_socket(_path(stream), stream.creator)
    assert connected
    assert (await owner.receive_json_from())["t"] == "B"
    await owner.disconnect()


@pytest.mark.parametrize(
    ("signed_in", "refusal"), [(True, ("payment_required", 4402)), (False, ("login_required", 4401))]
)
async def test_pay_per_view_needs_payment_first(signed_in, refusal):
    stream = await sync_to_async(LiveStreamFactory)(pay_per_view_cost=50)
    fan = await sync_to_async(UserFactory)() if signed_in else None
    socket, connected, _ = await open_socket(_path(stream), fan)
    assert connected
    assert await _refused(socket) == refusal
    assert await sync_to_async(StreamViewer.objects.count)() == 0  # never counted


async def _welcomed(stream, user=None):
    socket, _, _ = await open_socket(_path(stream), user)
    assert (await socket.receive_json_from())["t"] == "B"
    return socket


@pytest.mark.parametrize(
    ("change", "fan_refusal"),
    [({"pay_per_view_cost": 30}, ("payment_required", 4402)), ({"visibility": "private"}, ("stream_private", 4403))],
)
async def test_sockets_that_may_no_longer_watch_are_closed_with_the_reason(change, fan_refusal):
    """Sockets opened while the stream was free and public: when it turns pay-per-view or private,
    those whose user may no longer watch get an ER frame and a close the client does not retry;
    the rest stay and go on receiving its chat."""
    stream = await sync_to_async(LiveStreamFactory)()
    fan, payer = await sync_to_async(UserFactory.create_batch)(2)
    await sync_to_async(PayPerViewAccess.objects.create)(stream=stream, user=payer, coins=30, transfer_id=1)
    refused = {await _welcomed(stream, fan): fan_refusal, await _welcomed(stream): ("login_required", 4401)}
    staying = [await _welcomed(stream, stream.creator)]
    if "pay_per_view_cost" in change:
        staying.append(await _welcomed(stream, payer))
    await sync_to_async(services.stream_update)(stream=stream, by=stream.creator, data=change)
    await sync_to_async(services.chat_post)(stream=stream, user=stream.creator, content="after the change")

    for socket, refusal in refused.items():
        frames, close_code = await _until_closed(socket)
        assert "CM" not in [frame["t"] for frame in frames]  # nothing said after the change reaches them
        assert (frames[-1]["t"], frames[-1]["d"]["code"], close_code) == ("ER", *refusal)
    for socket in staying:
        message = next(f for f in await frames_until(socket, "CM") if f["t"] == "CM")
        assert message["d"]["c"] == "after the change"


async def test_a_change_that_keeps_everyone_in_closes_nothing():
    stream = await sync_to_async(LiveStreamFactory)(pay_per_view_cost=30)
    socket = await _welcomed(stream, stream.creator)
    await sync_to_async(services.stream_update)(stream=stream, by=stream.creator, data={"pay_per_view_cost": 60})
    await sync_to_async(services.chat_post)(stream=stream, user=stream.creator, content="still here")
    assert "ER" not in [f["t"] for f in await frames_until(socket, "CM")]


async def test_the_product_spec_address_works_too():
    stream = await sync_to_async(LiveStreamFactory)()
    socket, connected, _ = await open_socket(f"/api/v1/streams/{stream.pk}/chat")
    assert connected
    await socket.disconnect()


async def test_settings_changed_after_connect_are_enforced_on_open_sockets():
    stream = await sync_to_async(LiveStreamFactory)()
    socket, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    await socket.receive_json_from()
    await sync_to_async(services.chat_settings_update)(stream=stream, by=stream.creator, chat_enabled=False)
    await socket.send_json_to({"t": "CM", "d": {"content": "still here?"}})
    error = next(f for f in await frames_until(socket, "ER") if f["t"] == "ER")
    assert error["d"]["code"] == "chat_refused"
    assert await sync_to_async(ChatMessage.objects.count)() == 0
    await socket.disconnect()


async def test_a_message_committed_while_connecting_is_not_missed():
    stream = await sync_to_async(LiveStreamFactory)()
    fan = await sync_to_async(UserFactory)()
    socket, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    welcome = await socket.receive_json_from()
    assert [f["t"] for f in welcome["d"]][:2] == ["ES", "VC"]  # the welcome comes first
    await sync_to_async(services.chat_post)(stream=stream, user=fan, content="right after")
    message = next(f for f in await frames_until(socket, "CM") if f["t"] == "CM")
    assert message["d"]["c"] == "right after"
    await socket.disconnect()

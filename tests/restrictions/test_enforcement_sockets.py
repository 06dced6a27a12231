"""A restriction reaches the user's open sockets at once: an `ER` frame with its reason and end,
after their own `MY`; a ban hides their earlier lines for everyone (`CD`); a platform ban closes
their sockets with a code the page does not retry on."""

import json

import pytest
from asgiref.sync import sync_to_async

from apps.restrictions.services import actions
from apps.streaming import services
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.realtime.sockets import FRAME_TIMEOUT_SECONDS, frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


async def _welcomed(path: str, user):
    socket, connected, _ = await open_socket(path, user)
    assert connected
    await socket.receive_json_from()
    return socket


async def _frames_through(socket, code: str) -> list[dict]:
    frames = []
    while code not in (codes := [f["t"] for f in frames]):
        frame = json.loads(await socket.receive_from(timeout=FRAME_TIMEOUT_SECONDS))
        frames += frame["d"] if frame["t"] == "B" else [frame]
    return frames[: codes.index(code) + 1]


async def _stream_with_a_troll():
    stream = await sync_to_async(LiveStreamFactory)()
    troll, viewer = await sync_to_async(UserFactory.create_batch)(2)
    line = await sync_to_async(services.chat_post)(stream=stream, user=troll, content="buy followers at spam.example")
    path = f"/ws/streams/{stream.pk}/"
    return stream, troll, line, await _welcomed(path, troll), await _welcomed(path, viewer)


async def test_a_ban_reaches_the_banned_users_socket_and_hides_their_lines_for_everyone():
    stream, troll, line, trolls_socket, viewers_socket = await _stream_with_a_troll()
    await sync_to_async(actions.ban)(actor=stream.creator, channel=stream.creator, user=troll, reason="Spam")

    frames = [f for f in await _frames_through(trolls_socket, "ER") if f["t"] in ("MY", "ER")]
    assert [f["t"] for f in frames] == ["MY", "ER"]  # what they may do now, then why
    mine, error = frames[0]["d"], frames[1]["d"]
    assert mine["gift"] == error
    assert error == {
        "code": "banned",
        "detail": "You are banned from this channel. Reason: Spam",
        "until": None,
        "reason": "Spam",
    }
    seen = await frames_until(viewers_socket, "CD")
    assert {"t": "CD", "d": {"id": line.pk}} in [{"t": f["t"], "d": f.get("d")} for f in seen]
    assert not any(f["t"] == "ER" for f in seen)  # the viewer is not told about someone else's ban
    history = await sync_to_async(lambda: list(stream.messages.filter(deleted_at__isnull=True)))()
    assert history == []


async def test_a_timeout_says_when_it_ends_and_the_lift_gives_the_socket_its_answers_again():
    stream, troll, _, trolls_socket, _ = await _stream_with_a_troll()
    restriction = await sync_to_async(actions.timeout)(
        actor=stream.creator, channel=stream.creator, user=troll, seconds=600, reason="Calm down"
    )
    error = (await _frames_through(trolls_socket, "ER"))[-1]["d"]
    assert (error["code"], error["reason"]) == ("timed_out", "Calm down")
    assert error["until"] == int(restriction.ends_at.timestamp() * 1000)

    await sync_to_async(actions.lift)(actor=stream.creator, restriction=restriction)
    assert (await _frames_through(trolls_socket, "MY"))[-1]["d"]["gift"] is None


async def test_a_platform_ban_closes_the_users_sockets():
    _stream, troll, _, trolls_socket, viewers_socket = await _stream_with_a_troll()
    me_socket, connected, _ = await open_socket("/ws/me/", troll)
    assert connected
    moderator = await sync_to_async(PlatformModeratorFactory)()
    await sync_to_async(actions.platform_ban)(actor=moderator, user=troll, reason="Spam bot")

    for socket in (trolls_socket, me_socket):
        while (output := await socket.receive_output(timeout=FRAME_TIMEOUT_SECONDS))["type"] == "websocket.send":
            frame = json.loads(output["text"])
            if frame["t"] == "ER":
                assert (frame["d"]["code"], frame["d"]["reason"]) == ("platform_banned", "Spam bot")
                break
        else:
            pytest.fail(f"closed before the ER frame: {output}")
        assert await socket.receive_output(timeout=FRAME_TIMEOUT_SECONDS) == {"type": "websocket.close", "code": 4403}
    assert any(f["t"] == "CD" for f in await frames_until(viewers_socket, "CD"))  # the viewer's stays open

"""`MY` on `/ws/streams/<id>/`: what the socket's user may do there (watch, chat, gift), and if not,
why, in the rules' own words. The stream's status (`ES`) is one frame shared by every socket; each
socket's own MY comes just before it, so the page shows the reason rather than working it out."""

import json

import pytest
from asgiref.sync import sync_to_async

from apps.accounts.services import follow_create
from apps.streaming import services
from tests.factories import UserFactory
from tests.realtime.sockets import FRAME_TIMEOUT_SECONDS, open_socket
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]

FOLLOW_TO_CHAT = {"code": "chat_refused", "detail": "Followers-only mode: follow the creator to chat."}


def _path(stream) -> str:
    return f"/ws/streams/{stream.pk}/"


async def _welcomed(stream, user=None):
    socket, connected, _ = await open_socket(_path(stream), user)
    assert connected
    welcome = await socket.receive_json_from()
    return socket, next(frame["d"] for frame in welcome["d"] if frame["t"] == "MY")


async def _frames_through(socket, code: str) -> list[dict]:
    """Frames (batches unpacked, timestamps kept) up to the first with `code`, which is last."""
    frames = []
    while code not in (codes := [f["t"] for f in frames]):
        frame = json.loads(await socket.receive_from(timeout=FRAME_TIMEOUT_SECONDS))
        frames += frame["d"] if frame["t"] == "B" else [frame]
    return frames[: codes.index(code) + 1]


async def test_each_socket_hears_its_own_answers_before_the_status_everyone_shares():
    stream = await sync_to_async(LiveStreamFactory)()
    follower, passerby = await sync_to_async(UserFactory.create_batch)(2)
    await sync_to_async(follow_create)(follower=follower, creator=stream.creator)
    (follows, _), (passes, welcome_answers) = await _welcomed(stream, follower), await _welcomed(stream, passerby)
    assert welcome_answers == {"watch": None, "chat": None, "gift": None}

    await sync_to_async(services.chat_settings_update)(stream=stream, by=stream.creator, followers_only=True)
    seen = {user: await _frames_through(socket, "ES") for user, socket in (("follower", follows), ("passerby", passes))}
    for frames in seen.values():
        assert [f["t"] for f in frames if f["t"] in ("MY", "ES")] == ["MY", "ES"]
    assert seen["follower"][-1] == seen["passerby"][-1]  # one ES, timestamp and all
    own = {user: next(f["d"] for f in frames if f["t"] == "MY") for user, frames in seen.items()}
    assert own == {
        "follower": {"watch": None, "chat": None, "gift": None},
        "passerby": {"watch": None, "chat": FOLLOW_TO_CHAT, "gift": None},
    }


async def test_a_socket_asks_again_once_its_user_followed():
    stream = await sync_to_async(LiveStreamFactory)(followers_only=True)
    fan = await sync_to_async(UserFactory)()
    socket, answers = await _welcomed(stream, fan)
    assert answers["chat"] == FOLLOW_TO_CHAT
    await sync_to_async(follow_create)(follower=fan, creator=stream.creator)
    await socket.send_json_to({"t": "MY"})
    assert (await _frames_through(socket, "MY"))[-1]["d"]["chat"] is None


async def test_when_the_stream_ends_the_reasons_come_before_the_status_that_closes_the_page():
    """The page closes its socket on an ended ES: what it shows about chat and gifts came first."""
    stream = await sync_to_async(LiveStreamFactory)()
    socket, _ = await _welcomed(stream, await sync_to_async(UserFactory)())
    await sync_to_async(services.stream_end)(stream=stream, by=stream.creator)
    frames = [f for f in await _frames_through(socket, "ES") if f["t"] in ("MY", "ES")]
    assert [f["t"] for f in frames] == ["MY", "ES"]
    assert frames[0]["d"]["chat"]["detail"] == "This stream has ended; its chat is closed."
    assert frames[0]["d"]["gift"]["detail"] == "This stream is over; it takes no more gifts."


@pytest.mark.parametrize(
    ("who", "chat", "gift"),
    [
        ("anonymous", "Log in to chat.", "Log in to send gifts."),
        ("creator", None, "You cannot send gifts to your own stream."),
        ("fan", None, "Gifts open when the stream goes live."),
    ],
)
async def test_the_answers_depend_on_who_is_asking(who, chat, gift):
    stream = await sync_to_async(StreamFactory)()  # scheduled
    user = {"anonymous": None, "creator": stream.creator, "fan": await sync_to_async(UserFactory)()}[who]
    _, answers = await _welcomed(stream, user)
    details = {name: answer and answer["detail"] for name, answer in answers.items()}
    assert details == {"watch": None, "chat": chat, "gift": gift}

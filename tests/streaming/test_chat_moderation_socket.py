"""Held messages on `/ws/streams/<id>/` through the real ASGI app: they reach the channel's
moderators only, and everyone once approved (AutoMod holding a global blocked term: `automod_holds`)."""

import pytest
from asgiref.sync import sync_to_async

from apps.restrictions.models import ChannelModerator
from apps.streaming import services
from apps.streaming.models import ChatMessage
from tests.factories import UserFactory
from tests.realtime.sockets import frames_until, open_socket
from tests.streaming.chat_moderation import BAD_WORD, BAD_WORD_RULE
from tests.streaming.factories import LiveStreamFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_sockets", "automod_holds"),
]


def _path(stream) -> str:
    return f"/ws/streams/{stream.pk}/"


async def _joined(stream, user):
    socket, connected, _ = await open_socket(_path(stream), user)
    assert connected
    await socket.receive_json_from()  # the welcome
    return socket


def _codes_about(frames, message_id) -> list[str]:
    return [f["t"] for f in frames if isinstance(f["d"], dict) and f["d"].get("id") == message_id]


async def test_a_held_message_reaches_moderators_only_and_everyone_after_approval():
    stream = await sync_to_async(LiveStreamFactory)()
    author, viewer = await sync_to_async(UserFactory.create_batch)(2)
    host = await _joined(stream, stream.creator)
    watching = await _joined(stream, viewer)
    writing = await _joined(stream, author)

    await writing.send_json_to({"t": "CM", "d": {"content": f"you {BAD_WORD}"}})
    hm = next(f for f in await frames_until(host, "HM") if f["t"] == "HM")
    held = await sync_to_async(ChatMessage.objects.get)()
    assert held.review == "held"
    assert (hm["d"]["id"], hm["d"]["rule"]) == (held.pk, BAD_WORD_RULE)
    assert hm["d"]["a"]["u"] == author.username
    notice = await frames_until(writing, "CM", lambda d: d["id"] == held.pk)
    assert notice[-1]["d"]["held"] is True  # its author sees it greyed, "held for review"

    # The viewer's next line is the one written after it: the held one never reached them.
    await writing.send_json_to({"t": "CM", "d": {"content": "after"}})
    seen = await frames_until(watching, "CM", lambda d: d["c"] == "after")
    assert _codes_about(seen, held.pk) == []

    await sync_to_async(services.held_approve)(actor=stream.creator, message=held)
    approved = await frames_until(watching, "CM", lambda d: d["id"] == held.pk)
    assert "held" not in approved[-1]["d"]
    resolved = await frames_until(host, "HR")
    assert resolved[-1]["d"] == {"id": held.pk, "review": "approved"}


async def test_a_moderator_connecting_later_gets_the_held_queue_and_a_viewer_does_not():
    stream = await sync_to_async(LiveStreamFactory)()
    author, mod, viewer = await sync_to_async(UserFactory.create_batch)(3)
    await sync_to_async(ChannelModerator.objects.create)(creator=stream.creator, moderator=mod)
    await sync_to_async(services.chat_post)(stream=stream, user=author, content="clean")
    held = await sync_to_async(services.chat_post)(stream=stream, user=author, content=f"{BAD_WORD}!")

    moderating, connected, _ = await open_socket(_path(stream), mod)
    assert connected
    welcome = await moderating.receive_json_from()
    assert [f["d"]["c"] for f in welcome["d"] if f["t"] == "CM"] == ["clean"]  # the shared welcome
    queue = await moderating.receive_json_from()
    assert [(f["t"], f["d"]["id"]) for f in queue["d"]] == [("HM", held.pk)]

    watching, connected, _ = await open_socket(_path(stream), viewer)
    assert connected
    welcome = await watching.receive_json_from()
    assert [f["d"]["c"] for f in welcome["d"] if f["t"] == "CM"] == ["clean"]
    assert "HM" not in {f["t"] for f in welcome["d"]}


async def test_a_moderators_page_asks_for_the_held_queue_again_and_a_viewers_may_not():
    stream = await sync_to_async(LiveStreamFactory)()
    author, viewer = await sync_to_async(UserFactory.create_batch)(2)
    host = await _joined(stream, stream.creator)
    watching = await _joined(stream, viewer)
    held = await sync_to_async(services.chat_post)(stream=stream, user=author, content=BAD_WORD)
    await frames_until(host, "HM")  # as it was held
    await host.send_json_to({"t": "HM", "d": {}})  # after a resync, say
    again = await frames_until(host, "HM")
    assert [f["d"]["id"] for f in again if f["t"] == "HM"] == [held.pk]
    await watching.send_json_to({"t": "HM", "d": {}})
    refused = await frames_until(watching, "ER")
    assert refused[-1]["d"]["code"] == "not_moderator"
    assert "HM" not in {f["t"] for f in refused}

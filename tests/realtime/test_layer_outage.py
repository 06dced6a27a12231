"""The channel layer (Redis) goes away and comes back while sockets stay open: chat and gifts
written meanwhile reach them once it is back, and nobody is told their message failed."""

import asyncio
import importlib

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.apps import apps

from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.realtime import hub
from apps.realtime.hub import get_hub
from apps.streaming import services
from apps.streaming.models import ChatMessage
from apps.wallet import services as wallet
from tests.factories import UserFactory
from tests.realtime.sockets import frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 5


class FlakyLayer(InMemoryChannelLayer):
    """The in-memory layer with an outage switch: while `down`, every call fails as it would on a
    Redis that is gone, and nothing sent meanwhile arrives."""

    down = False

    def _check(self) -> None:
        if self.down:
            raise ConnectionError("Error 111 connecting to the channel layer. Connection refused.")

    async def new_channel(self, prefix="specific."):
        self._check()
        return await super().new_channel(prefix)

    async def send(self, channel, message):
        self._check()
        await super().send(channel, message)

    async def group_add(self, group, channel):
        self._check()
        await super().group_add(group, channel)

    async def group_send(self, group, message):
        self._check()
        await super().group_send(group, message)


@pytest.fixture
def layer(settings, fresh_sockets, monkeypatch):
    monkeypatch.setattr(hub, "LAYER_PROBE_SECONDS", 0.05)
    monkeypatch.setattr(hub, "LAYER_PROBE_TIMEOUT", 0.5)
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": f"{__name__}.FlakyLayer"}}
    return get_channel_layer()


async def _until(condition, what: str) -> None:
    """Poll `condition` (a coroutine function) until it is true, for at most WAIT_SECONDS."""
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while not await condition():  # noqa: ASYNC110 (a database row or the hub's state: nothing to wait on)
                await asyncio.sleep(0.01)
    except TimeoutError:
        pytest.fail(f"waited {WAIT_SECONDS} s for {what}")


async def _hub_sees_layer(down: bool) -> None:
    async def seen():
        return get_hub().layer_down is down

    await _until(seen, f"the hub to see the layer {'down' if down else 'back'}")


def _catalog_gift():
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    return Gift.objects.order_by("coin_cost").first()


def _path(stream) -> str:
    return f"/ws/streams/{stream.pk}/"


async def test_chat_and_gifts_sent_while_the_layer_was_down_reach_the_open_sockets_once_it_is_back(layer):
    stream = await sync_to_async(LiveStreamFactory)()
    writer_user, poster = await sync_to_async(UserFactory.create_batch)(2)
    viewer, _, _ = await open_socket(_path(stream))
    writer, _, _ = await open_socket(_path(stream), writer_user)
    await viewer.receive_json_from()
    await writer.receive_json_from()

    layer.down = True
    await _hub_sees_layer(down=True)
    await writer.send_json_to({"t": "CM", "d": {"content": "sent in the dark"}})
    gift = await sync_to_async(_catalog_gift)()
    await sync_to_async(wallet.wallet_grant)(user=poster, amount=gift.coin_cost, reason="test", granted_by=poster)
    await sync_to_async(gifting.gift_send)(stream=stream, sender=poster, gift_id=gift.pk)
    await _until(sync_to_async(ChatMessage.objects.filter(content="sent in the dark").exists), "the chat to commit")
    layer.down = False

    for socket in (viewer, writer):
        frames = await frames_until(socket, "CM", where=lambda d: d["c"] == "sent in the dark")
        codes = [f["t"] for f in frames]
        assert "ER" not in codes  # the message was sent: nobody is told it failed
        assert codes.index("RS") < codes.index("ES")  # the page starts over from the state that follows
        chat = sorted((f["d"]["k"], f["d"]["c"]) for f in frames if f["t"] == "CM")
        assert chat == [("chat", "sent in the dark"), ("gift", f"{poster.public_name} sent {gift.emoji} {gift.name}")]


async def test_a_socket_opened_while_the_layer_is_down_gets_frames_once_it_is_back(layer):
    stream = await sync_to_async(LiveStreamFactory)()
    layer.down = True
    socket, connected, _ = await open_socket(_path(stream))
    assert connected
    welcome = await socket.receive_json_from()  # from the database, layer or not
    assert welcome["t"] == "B"
    assert get_hub().layer_down
    layer.down = False
    await _hub_sees_layer(down=False)
    poster = await sync_to_async(UserFactory)()
    await sync_to_async(services.chat_post)(stream=stream, user=poster, content="live again")
    await frames_until(socket, "CM", where=lambda d: d["c"] == "live again")


async def test_a_socket_whose_stream_turned_pay_per_view_while_the_layer_was_down_is_refused_not_resynced(layer):
    """The stream's recheck went out while the layer was down and was lost: the resync asks again."""
    stream = await sync_to_async(LiveStreamFactory)()
    viewer, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    await viewer.receive_json_from()
    layer.down = True
    await _hub_sees_layer(down=True)
    await sync_to_async(services.stream_update)(stream=stream, by=stream.creator, data={"pay_per_view_cost": 50})
    await sync_to_async(services.chat_post)(stream=stream, user=stream.creator, content="for payers only")
    layer.down = False

    frames = await frames_until(viewer, "ER")
    assert frames[-1]["d"]["code"] == "payment_required"
    assert all(f["t"] not in ("RS", "CM") for f in frames)
    assert (await viewer.receive_output(WAIT_SECONDS))["type"] == "websocket.close"


async def test_after_an_outage_each_socket_hears_again_what_its_user_may_do(layer):
    """The status change and the MY before it were lost: the resync's recheck sends MY again, ahead
    of the state (RS) that follows."""
    stream = await sync_to_async(LiveStreamFactory)()
    viewer, _, _ = await open_socket(_path(stream), await sync_to_async(UserFactory)())
    await viewer.receive_json_from()
    layer.down = True
    await _hub_sees_layer(down=True)
    await sync_to_async(services.chat_settings_update)(stream=stream, by=stream.creator, chat_enabled=False)
    layer.down = False

    frames = await frames_until(viewer, "RS")
    codes = [f["t"] for f in frames]
    assert codes.index("MY") < codes.index("RS")
    assert next(f for f in frames if f["t"] == "MY")["d"]["chat"]["detail"] == "Chat is off for this stream."

"""The per-process hub: frames batched in short windows, aggregates coalesced to one a second."""

import asyncio
import json

import pytest

from apps.realtime import hub
from apps.realtime.hub import GroupFeed, get_hub
from apps.realtime.protocol import encode_frame


class Member:
    def __init__(self):
        self.received: list[dict] = []
        self._changed = asyncio.Event()

    def deliver(self, frame) -> None:
        self.received.append(json.loads(frame.text))
        self._changed.set()

    async def frames(self, count: int, within: float = 3) -> list[dict]:
        """The first `count` frames, batches unpacked."""
        async with asyncio.timeout(within):
            while len(unpacked := self.unpacked()) < count:
                self._changed.clear()
                await self._changed.wait()
        return unpacked[:count]

    def unpacked(self) -> list[dict]:
        return [f for frame in self.received for f in (frame["d"] if frame["t"] == "B" else [frame])]


def _feed_with(*members) -> GroupFeed:
    feed = GroupFeed("stream.test")
    feed.members.update(members)
    return feed


async def test_frames_within_the_window_go_out_as_one_batch():
    member = Member()
    feed = _feed_with(member)
    for n in range(3):
        feed.add(encode_frame("CM", {"n": n}))
    frames = await member.frames(3)
    assert [f["d"]["n"] for f in frames] == [0, 1, 2]
    assert len(member.received) == 1
    assert member.received[0]["t"] == "B"


async def test_a_frame_after_a_quiet_window_leaves_at_once_and_a_burst_waits_for_the_window(settings):
    settings.REALTIME_BATCH_WINDOW = 0.5
    member = Member()
    feed = _feed_with(member)
    loop = asyncio.get_running_loop()
    started = loop.time()
    feed.add(encode_frame("CM", {"n": 1}))
    await member.frames(1)
    assert loop.time() - started < 0.25  # not held for the window
    feed.add(encode_frame("CM", {"n": 2}))
    feed.add(encode_frame("CM", {"n": 3}))
    frames = await member.frames(3)
    assert loop.time() - started >= 0.45  # the burst waited for the window the first flush opened
    assert [f["d"]["n"] for f in frames] == [1, 2, 3]
    assert len(member.received) == 2


async def test_a_single_frame_is_not_wrapped():
    member = Member()
    _feed_with(member).add(encode_frame("CM", {"n": 1}))
    await member.frames(1)
    assert member.received[0]["t"] == "CM"


async def test_aggregates_are_coalesced_to_one_a_second_and_the_last_value_wins(monkeypatch):
    monkeypatch.setattr(hub, "COALESCE_INTERVAL", 0.3)
    member = Member()
    feed = _feed_with(member)
    feed.add(encode_frame("VC", {"c": 1}), coalesce="VC")
    first = await member.frames(1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    for count in range(2, 30):
        feed.add(encode_frame("VC", {"c": count}), coalesce="VC")
    second = await member.frames(2)
    assert loop.time() - started >= 0.2  # held back until the interval passed
    assert [f["d"]["c"] for f in (first + second[1:])] == [1, 29]
    await asyncio.sleep(0.4)
    assert len(member.unpacked()) == 2  # nothing else was owed


async def test_every_member_gets_the_same_encoded_batch():
    members = [Member() for _ in range(3)]
    _feed_with(*members).add(encode_frame("CM", {"n": 7}))
    for member in members:
        assert (await member.frames(1))[0]["d"] == {"n": 7}


@pytest.mark.usefixtures("fresh_sockets")
async def test_the_process_subscribes_once_per_group_however_many_sockets():
    the_hub = get_hub()
    members = [Member() for _ in range(5)]
    for member in members:
        await the_hub.join("stream.once", member)
    assert list(the_hub.feeds) == ["stream.once"]
    assert the_hub.local_members("stream.once") == 5
    await the_hub.feeds["stream.once"].layer.group_send(
        "stream.once", {"type": "frame.send", "texts": [encode_frame("CM", {"n": 1})]}
    )
    for member in members:
        await member.frames(1)
    for member in members:
        await the_hub.leave("stream.once", member)
    assert the_hub.feeds == {}


@pytest.mark.usefixtures("fresh_sockets")
async def test_a_layer_message_with_several_frames_reaches_members_in_their_order():
    # broadcast_together: a gift's chat line and its GF travel as one message.
    the_hub, member = get_hub(), Member()
    await the_hub.join("stream.together", member)
    texts = [encode_frame("CM", {"n": 1}), encode_frame("GF", {"n": 2})]
    await the_hub.feeds["stream.together"].layer.group_send("stream.together", {"type": "frame.send", "texts": texts})
    assert [(f["t"], f["d"]["n"]) for f in await member.frames(2)] == [("CM", 1), ("GF", 2)]
    await the_hub.leave("stream.together", member)


async def test_an_urgent_frame_does_not_wait_for_an_aggregates_slot(monkeypatch):
    monkeypatch.setattr(hub, "COALESCE_INTERVAL", 5.0)
    member = Member()
    feed = _feed_with(member)
    feed.add(encode_frame("LB", {"n": 1}), coalesce="LB")
    await member.frames(1)
    feed.add(encode_frame("LB", {"n": 2}), coalesce="LB")  # held for its slot, 5 s away
    loop = asyncio.get_running_loop()
    started = loop.time()
    feed.add(encode_frame("GF", {"n": 1}))
    frames = await member.frames(2, within=1)
    assert frames[1]["t"] == "GF"
    assert loop.time() - started < 0.5
    assert feed._aggregates  # the aggregate still waits for its slot
    feed._flush_handle.cancel()

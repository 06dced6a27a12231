"""The stream socket's welcome and its MY frames cost a fixed number of queries, however much chat,
however many gifters, cameras, battle sides and sockets there are."""

import json

import pytest

from apps.devices import services as devices
from apps.realtime.sections import welcome_batch
from apps.streaming import services as streaming
from apps.streaming.consumers import StreamConsumer
from apps.streaming.sockets import STREAM
from tests.devices.helpers import register
from tests.factories import FollowFactory, UserFactory
from tests.pk.conftest import gift, start, stream_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_stream(hosts, make_fan):
    """ana's stream with chat from several people, several gifters, two cameras and a goal."""
    ana = hosts[0]
    stream = stream_of(ana)
    streaming.stream_update(stream=stream, by=ana, data={"donation_goal_title": "Ball", "donation_goal_target": 500})
    for fan in (make_fan() for _ in range(3)):
        streaming.chat_post(stream=stream, user=fan, content="hello")
        gift(fan, ana, "Rose")
    for name in ("Baseline", "Rim"):
        device, _key = register(owner=ana, name=name)
        devices.angle_attach(stream=stream, device=device, by=ana)
    return stream


# The channel's safety settings (ES: shield mode), the chat history with its authors and the
# channel's team (their mod badges), the leaderboard, the goal (gifting's own row), the pinned tips
# (with their senders), the stream's battle (none), the cameras, the shooting (per type with the
# creator's career; the make streak and version; the last shot), the open shot challenges with their
# challengers, the prediction on show (none).
WELCOME_QUERIES = 13
# A battle's sides, their hosts, each of the two sides' top gifters, and those gifters.
BATTLE_QUERIES = 5


def _codes(batch: str) -> list[str]:
    return [frame["t"] for frame in json.loads(batch)["d"]]


def test_the_welcome_without_a_battle(busy_stream, django_assert_num_queries):
    with django_assert_num_queries(WELCOME_QUERIES):
        batch = welcome_batch(STREAM, busy_stream)
    assert _codes(batch).count("CM") == 3 + 3  # three said hello, three sent a rose


def test_the_welcome_with_a_battle(busy_stream, hosts, make_fan, django_assert_num_queries):
    start(hosts[0], hosts[1])
    gift(make_fan(), hosts[1], "Rose")
    gift(make_fan(), hosts[0], "Rose")
    with django_assert_num_queries(WELCOME_QUERIES + BATTLE_QUERIES):
        batch = welcome_batch(STREAM, busy_stream)
    assert "PK" in _codes(batch)


class Member:
    """What the hub hands a consumer's own_frames: admitted sockets and their users."""

    def __init__(self, user, *, admitted=True):
        self.user, self.admitted, self.refused = user, admitted, False


def _consumer_of(stream) -> StreamConsumer:
    consumer = StreamConsumer()
    consumer.scope = {"url_route": {"kwargs": {"stream_id": stream.pk}}}
    return consumer


def test_each_sockets_own_frame_costs_one_read_of_the_stream_for_all(busy_stream, django_assert_num_queries):
    """Sockets of one user (tabs) and all anonymous ones share an answer; a plain stream's rules
    need nothing but the stream, its channel's safety settings (shield mode) and, once per
    signed-in user, their restrictions in the channel."""
    fans = UserFactory.create_batch(3)
    members = [Member(fan) for fan in fans for _tab in range(2)] + [Member(None), Member(None)]
    with django_assert_num_queries(2 + len(fans)):
        frames = _consumer_of(busy_stream)._own_frames(members)
    answers = [json.loads(frame)["d"] for frame in frames]
    assert answers[:6] == [{"watch": None, "chat": None, "gift": None}] * 6
    assert [(a["chat"]["code"], a["gift"]["code"]) for a in answers[6:]] == [("login_required", "gift_refused")] * 2


def test_followers_only_asks_once_per_user(busy_stream, django_assert_num_queries):
    busy_stream.followers_only = True
    busy_stream.save()
    fans = UserFactory.create_batch(3)
    FollowFactory(follower=fans[0], creator=busy_stream.creator)
    members = [Member(fan) for fan in fans for _tab in range(2)] + [Member(fans[0], admitted=False)]
    # The stream and its channel's safety settings, then per user: are they a moderator (a channel
    # moderator row), do they follow, and their restrictions in the channel (read once for all the
    # questions).
    with django_assert_num_queries(2 + 3 * len(fans)):
        frames = _consumer_of(busy_stream)._own_frames(members)
    assert frames[-1] is None  # still connecting: its welcome carries its own
    assert '"chat":null' in frames[0]
    assert "Followers-only mode" in frames[2]

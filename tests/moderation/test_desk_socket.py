"""`/ws/moderation/` through the real ASGI application: only moderators get in, the welcome counts
each queue, and an item announced after commit reaches the desks that may see it as `MQ`."""

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from apps.moderation.consumers import CLOSE_FORBIDDEN
from apps.realtime.consumers import CLOSE_UNAUTHORIZED
from apps.restrictions import desk
from apps.restrictions.desk import DeskQueue, Op
from apps.tournaments.models import MatchStatus
from apps.tournaments.services import matches
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.desk_support import channel_with_moderator
from tests.realtime.sockets import frames_until, open_socket
from tests.tournaments.factories import live_tournament

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]
PATH = "/ws/moderation/"
CHANNEL_QUEUE = "test_channel_items"


@pytest.fixture
def channel_queue(monkeypatch):
    """A queue whose items belong to channels (not platform-only), for the duration of a test."""
    monkeypatch.setattr(desk, "_queues", dict(desk._queues))
    desk.register(
        DeskQueue(
            name=CHANNEL_QUEUE,
            title="Channel items",
            count=lambda scope: 3,
            items=lambda scope, limit: [],
            template="moderation/queues/_signup_bursts.html",
        )
    )


async def test_signed_out_sockets_are_refused():
    communicator, connected, _ = await open_socket(PATH)
    assert connected
    assert (await communicator.receive_json_from())["d"]["code"] == "login_required"
    assert await communicator.receive_output() == {"type": "websocket.close", "code": CLOSE_UNAUTHORIZED}


async def test_a_viewer_is_told_why_and_closed_with_4403():
    viewer = await sync_to_async(UserFactory)()
    communicator, connected, _ = await open_socket(PATH, viewer)
    assert connected
    error = await communicator.receive_json_from()
    assert (error["t"], error["d"]["code"]) == ("ER", "not_moderator")
    assert await communicator.receive_output() == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}


async def test_the_welcome_counts_each_queue_the_desk_shows(channel_queue):
    _creator, moderator = await sync_to_async(channel_with_moderator)()
    communicator, _, _ = await open_socket(PATH, moderator)
    welcome = await communicator.receive_json_from()
    assert welcome["t"] == "MC"
    counts = welcome["d"]["counts"]
    assert counts[CHANNEL_QUEUE] == 3
    # A channel moderator's desk: none of the platform's own queues.
    assert not {"verification", "disputes", "signup_bursts"} & set(counts)


def _announce_in_a_transaction(item_id, channel_id):
    with transaction.atomic():
        desk.announce(CHANNEL_QUEUE, item_id, Op.ADD, channel_id=channel_id)


async def test_an_announced_item_reaches_the_platform_and_its_channels_desks_only(channel_queue):
    creator, moderator = await sync_to_async(channel_with_moderator)()
    _other_creator, other_moderator = await sync_to_async(channel_with_moderator)()
    platform = await sync_to_async(PlatformModeratorFactory)()
    sockets = {}
    for name, user in (("platform", platform), ("mine", moderator), ("other", other_moderator)):
        sockets[name], _, _ = await open_socket(PATH, user)
        assert (await sockets[name].receive_json_from())["t"] == "MC"

    await sync_to_async(_announce_in_a_transaction)(41, creator.pk)

    for name in ("platform", "mine"):
        frames = await frames_until(sockets[name], "MQ")
        assert frames[-1]["d"] == {"queue": CHANNEL_QUEUE, "id": 41, "op": "add"}
    assert await sockets["other"].receive_nothing(timeout=0.5)


def _dispute():
    tournament, (s1, _s2, _s3, s4) = live_tournament(4)
    first = tournament.matches.get(code="W1-M1")
    matches.match_report(match=first, reporter=s1, games=[[11, 5]])
    matches.match_report(match=first, reporter=s4, games=[[11, 5]])
    first.refresh_from_db()
    assert first.status == MatchStatus.DISPUTED
    return first


async def test_a_match_disputed_by_its_players_appears_on_the_platforms_desk():
    platform = await sync_to_async(PlatformModeratorFactory)()
    communicator, _, _ = await open_socket(PATH, platform)
    welcome = await communicator.receive_json_from()
    assert welcome["d"]["counts"]["disputes"] == 0

    match = await sync_to_async(_dispute)()

    frames = await frames_until(communicator, "MQ", lambda d: d["queue"] == "disputes")
    assert frames[-1]["d"] == {"queue": "disputes", "id": match.pk, "op": "add"}

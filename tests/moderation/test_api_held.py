"""`/api/v1/moderation/held` and `channels/<creator_id>/safety` (AutoMod holding a global blocked
term: `automod_holds`)."""

import pytest

from apps.restrictions.models import AuditEntry, ChannelModerator, ChannelSafety
from apps.streaming import services
from apps.streaming.models import HELD_MESSAGE_TTL, ChatMessage, Review
from tests.factories import PlatformModeratorFactory, UserFactory, api_client_for
from tests.streaming.chat_moderation import BAD_WORD, BAD_WORD_RULE
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("automod_holds")]

HELD = "/api/v1/moderation/held"


@pytest.fixture
def stream():
    return LiveStreamFactory()


@pytest.fixture
def mod(stream):
    mod = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=mod)
    return mod


@pytest.fixture
def held(stream):
    return services.chat_post(stream=stream, user=UserFactory(), content=f"{BAD_WORD} alert")


def test_the_queue_shows_each_moderator_their_channels(stream, mod, held):
    elsewhere = services.chat_post(stream=LiveStreamFactory(), user=UserFactory(), content=BAD_WORD)
    mine = api_client_for(mod).get(HELD)
    assert mine.status_code == 200
    [row] = mine.json()["results"]
    assert row["id"] == held.pk
    assert (row["channel"], row["stream"]) == (stream.creator_id, str(stream.pk))
    assert row["rule"] == BAD_WORD_RULE
    assert row["author"]["username"] == held.user.username
    everything = api_client_for(PlatformModeratorFactory()).get(HELD).json()
    assert [row["id"] for row in everything["results"]] == [held.pk, elsewhere.pk]
    assert api_client_for(UserFactory()).get(HELD).json()["count"] == 0


def test_a_channel_the_caller_does_not_moderate_is_refused(stream, held):
    viewer = UserFactory()
    answer = api_client_for(viewer).get(HELD, {"channel": stream.creator_id})
    assert (answer.status_code, answer.json()["code"]) == (403, "not_moderator")
    assert api_client_for(viewer).get(HELD, {"channel": "x"}).status_code == 400
    assert api_client_for().get(HELD).status_code in (401, 403)


def test_approve_and_deny(stream, mod, held):
    answer = api_client_for(mod).post(f"{HELD}/{held.pk}/approve")
    assert answer.status_code == 200
    assert answer.json() == {"id": held.pk, "review": "approved"}
    again = api_client_for(mod).post(f"{HELD}/{held.pk}/deny")
    assert (again.status_code, again.json()["code"]) == (409, "not_held")
    other = services.chat_post(stream=stream, user=UserFactory(), content=BAD_WORD)
    denied = api_client_for(stream.creator).post(f"{HELD}/{other.pk}/deny", {"reason": "slur"})
    assert denied.json()["review"] == "denied"
    assert list(AuditEntry.objects.order_by("id").values_list("action", "reason")) == [
        ("held.approve", ""),
        ("held.deny", "slur"),
    ]


def test_a_viewer_may_not_review_and_nothing_is_written(held):
    viewer = api_client_for(UserFactory())
    for action in ("approve", "deny"):
        answer = viewer.post(f"{HELD}/{held.pk}/{action}")
        assert (answer.status_code, answer.json()["code"]) == (403, "not_moderator")
    held.refresh_from_db()
    assert held.review == Review.HELD
    assert not AuditEntry.objects.exists()


def test_approving_an_expired_message_is_a_conflict(stream, held, clock):
    clock.advance(seconds=HELD_MESSAGE_TTL.total_seconds() + 1)
    answer = api_client_for(stream.creator).post(f"{HELD}/{held.pk}/approve")
    assert (answer.status_code, answer.json()["code"]) == (409, "held_expired")
    assert ChatMessage.objects.get(pk=held.pk).review == Review.HELD
    assert not AuditEntry.objects.exists()


def test_bad_input(stream, held):
    client = api_client_for(stream.creator)
    assert client.post(f"{HELD}/{held.pk + 1000}/approve").json()["code"] == "message_not_found"
    assert client.post(f"{HELD}/{held.pk}/deny", {"reason": "x" * 501}).status_code == 400
    assert client.post(f"{HELD}/{held.pk}/deny", {"reason": 5}).status_code == 400


def test_a_channels_moderators_switch_its_safety(stream, mod):
    url = f"/api/v1/moderation/channels/{stream.creator_id}/safety"
    answer = api_client_for(mod).patch(url, {"shield_mode": True, "unique_chat": True})
    assert answer.status_code == 200
    assert answer.json() | {"channel": stream.creator_id} == {
        "channel": stream.creator_id,
        "shield_mode": True,
        "established_only": False,
        "unique_chat": True,
        "escalating_penalties": False,
        "automod_level": 0,
        "effective_automod_level": 4,
    }
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["shield.on", "unique_chat.on"]


def test_others_may_not_switch_a_channels_safety_and_bad_input_is_refused(stream):
    url = f"/api/v1/moderation/channels/{stream.creator_id}/safety"
    viewer = api_client_for(UserFactory())
    answer = viewer.patch(url, {"shield_mode": True})
    assert (answer.status_code, answer.json()["code"]) == (403, "not_moderator")
    assert not ChannelSafety.objects.exists()
    assert not AuditEntry.objects.exists()
    creator = api_client_for(stream.creator)
    assert creator.patch(url, {"shield_mode": "maybe"}).status_code == 400
    assert creator.patch("/api/v1/moderation/channels/999999/safety", {"shield_mode": True}).status_code == 404


def test_the_desk_panel_lists_them_with_approve_and_deny(client, stream, mod, held):
    client.force_login(mod)
    page = client.get("/moderation/panels/held/").content.decode()
    assert held.content in page
    assert f'action="/moderation/held/{held.pk}/"' in page
    assert 'value="approve"' in page
    assert 'value="deny"' in page
    client.force_login(UserFactory())
    assert client.get("/moderation/panels/held/").status_code == 403

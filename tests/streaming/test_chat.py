"""Chat rules, enforced on the server: length, modes, rate limits, moderation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.services import follow_create
from apps.restrictions.models import ChannelModerator
from apps.streaming import selectors, services
from apps.streaming.errors import ChatRateLimited, ChatRefused, LoginRequired, NotModerator
from apps.streaming.models import ChatMessage
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stream():
    return LiveStreamFactory()


@pytest.fixture
def fan():
    return UserFactory()


def test_messages_are_saved_and_broadcast_with_author_and_badge(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.chat_post(stream=stream, user=fan, content="  Cash! 🏀 @hooper  ")
    frame = listener.next_frame()
    listener.close()
    assert message.content == "Cash! 🏀 @hooper"
    assert frame["t"] == "CM"
    assert frame["d"]["c"] == "Cash! 🏀 @hooper"
    assert frame["d"]["a"]["u"] == fan.username
    assert frame["d"]["a"]["tier"] == "UNVERIFIED"


@pytest.mark.parametrize("content", ["", "   ", None, 42, "x" * 501])
def test_empty_or_oversized_messages_are_refused(stream, fan, content):
    with pytest.raises(ChatRefused):
        services.chat_post(stream=stream, user=fan, content=content)
    assert not ChatMessage.objects.exists()


def test_logged_out_viewers_cannot_write(stream):
    with pytest.raises(LoginRequired):
        services.chat_post(stream=stream, user=AnonymousUser(), content="hi")


def test_chat_off_or_ended_is_refused(stream, fan):
    stream.chat_enabled = False
    stream.save()
    with pytest.raises(ChatRefused, match="off"):
        services.chat_post(stream=stream, user=fan, content="hi")
    stream.chat_enabled = True
    stream.status = "ended"
    stream.save()
    with pytest.raises(ChatRefused, match="ended"):
        services.chat_post(stream=stream, user=fan, content="hi")


def test_flooding_is_refused_after_five_messages_in_five_seconds(stream, fan):
    for n in range(5):
        services.chat_post(stream=stream, user=fan, content=f"msg {n}")
    with pytest.raises(ChatRateLimited) as error:
        services.chat_post(stream=stream, user=fan, content="one more")
    assert error.value.status == 429
    assert ChatMessage.objects.count() == 5
    services.chat_post(stream=stream, user=stream.creator, content="the creator is not limited")


def test_slow_mode(stream, fan):
    services.chat_settings_update(stream=stream, by=stream.creator, slow_mode_seconds=30)
    stream.refresh_from_db()
    services.chat_post(stream=stream, user=fan, content="first")
    with pytest.raises(ChatRateLimited, match="Slow mode"):
        services.chat_post(stream=stream, user=fan, content="second")
    ChatMessage.objects.update(created_at=ChatMessage.objects.get().created_at - timedelta(seconds=31))
    services.chat_post(stream=stream, user=fan, content="second, later")


def test_emote_only(stream, fan):
    services.chat_settings_update(stream=stream, by=stream.creator, emote_only=True)
    stream.refresh_from_db()
    with pytest.raises(ChatRefused, match="Emote-only"):
        services.chat_post(stream=stream, user=fan, content="words")
    services.chat_post(stream=stream, user=fan, content="🏀🔥 👏🏽")


def test_followers_only(stream, fan):
    services.chat_settings_update(stream=stream, by=stream.creator, followers_only=True)
    stream.refresh_from_db()
    with pytest.raises(ChatRefused, match="Followers-only"):
        services.chat_post(stream=stream, user=fan, content="hi")
    follow_create(follower=fan, creator=stream.creator)
    services.chat_post(stream=stream, user=fan, content="hi")


def test_viewers_cannot_change_chat_settings(stream, fan):
    with pytest.raises(NotModerator):
        services.chat_settings_update(stream=stream, by=fan, slow_mode_seconds=10)
    with pytest.raises(ChatRefused):
        services.chat_settings_update(stream=stream, by=stream.creator, slow_mode_seconds=-1)


def test_creator_and_moderators_delete_messages(stream, fan, django_capture_on_commit_callbacks):
    message = services.chat_post(stream=stream, user=fan, content="spam")
    with pytest.raises(NotModerator):
        services.chat_delete(message=message, by=UserFactory())
    mod = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=mod)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.chat_delete(message=message, by=mod)
    frame = listener.next_frame()
    listener.close()
    assert (frame["t"], frame["d"]) == ("CD", {"id": message.pk})
    assert selectors.chat_history(stream=stream) == []


def test_history_pages_back_by_id(stream, fan):
    ids = [services.chat_post(stream=stream, user=user, content="x").pk for user in UserFactory.create_batch(6)]
    assert [m.pk for m in selectors.chat_history(stream=stream, limit=3)] == ids[3:]
    assert [m.pk for m in selectors.chat_history(stream=stream, before=ids[3], limit=3)] == ids[:3]

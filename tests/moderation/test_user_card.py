"""The user card the chat line menu loads (apps/moderation/views_card.py): for the channel's team
only, with account age, follower since, what stands against the user, past moderator actions in this
channel and their recent messages here, nothing from other channels."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from apps.restrictions import audit
from apps.restrictions.models import ChannelModerator, Restriction
from apps.streaming.models import ChatMessage
from tests.factories import FollowFactory, UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    creator = UserFactory(username="hooperjay")
    return creator, LiveStreamFactory(creator=creator)


def _card(client, user, channel_id, subject_id):
    if user is not None:
        client.force_login(user)
    return client.get(f"/moderation/card/{channel_id}/{subject_id}/", HTTP_HX_REQUEST="true")


def test_the_card_shows_the_team_what_happened_here(client, channel):
    creator, stream = channel
    moderator = UserFactory(username="courtmod")
    ChannelModerator.objects.create(creator=creator, moderator=moderator)
    subject = UserFactory(username="rowdy_fan")
    FollowFactory(follower=subject, creator=creator)
    ChatMessage.objects.create(stream=stream, user=subject, content="ref is blind")
    ChatMessage.objects.create(stream=stream, user=subject, content="gone line", deleted_at=timezone.now())
    ChatMessage.objects.create(stream=LiveStreamFactory(), user=subject, content="elsewhere line")
    now = timezone.now()
    Restriction.objects.create(
        user=subject, channel=creator, kind="timeout", reason="Keep it friendly", created_by=moderator,
        created_at=now, ends_at=now + timedelta(minutes=10),
    )  # fmt: skip
    with transaction.atomic():
        audit.record(actor=moderator, action="timeout", user=subject, channel=creator, reason="Keep it friendly")
        audit.record(actor=moderator, action="ban", user=subject, channel=UserFactory(), reason="other channel")

    response = _card(client, moderator, creator.pk, subject.pk)

    assert response.status_code == 200
    html = response.content.decode()
    assert "rowdy_fan" in html
    assert "since" in html  # follower since
    assert "ref is blind" in html
    assert "gone line" not in html
    assert "elsewhere line" not in html
    assert "timeout by courtmod: Keep it friendly" in html
    assert "other channel" not in html
    assert "Timeout until" in html  # in force now


def test_the_creator_and_a_platform_moderator_see_it_too(client, channel):
    from django.contrib.auth.models import Permission

    creator, _stream = channel
    subject = UserFactory()
    assert _card(client, creator, creator.pk, subject.pk).status_code == 200
    platform = UserFactory()
    platform.user_permissions.add(Permission.objects.get(codename="moderate_platform"))
    assert _card(client, platform, creator.pk, subject.pk).status_code == 200


def test_anyone_else_is_refused(client, channel):
    creator, _stream = channel
    subject = UserFactory()
    assert _card(client, UserFactory(), creator.pk, subject.pk).status_code == 403
    staff = UserFactory(is_staff=True)  # staff alone do not moderate
    assert _card(client, staff, creator.pk, subject.pk).status_code == 403
    client.logout()
    anonymous = _card(client, None, creator.pk, subject.pk)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_an_unknown_user_is_not_found(client, channel):
    creator, _stream = channel
    assert _card(client, creator, creator.pk, 999_999).status_code == 404

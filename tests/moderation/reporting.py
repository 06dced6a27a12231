"""People and things the report, appeal and audit tests share: moderators of each kind, chat lines,
bans."""

from django.utils import timezone

from apps.restrictions.models import ChannelModerator, Restriction, RestrictionKind
from apps.streaming.models import ChatMessage
from tests.factories import UserFactory


def channel_moderator(creator):
    moderator = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=moderator)
    return moderator


def say(stream, user, content: str = "hello") -> ChatMessage:
    return ChatMessage.objects.create(stream=stream, user=user, content=content)


def ban(user, channel=None, **fields) -> Restriction:
    return Restriction.objects.create(
        user=user, channel=channel, kind=RestrictionKind.BAN, created_at=timezone.now(), **fields
    )

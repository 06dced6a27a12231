"""People for the desk's tests: a platform moderator (the staff-granted group, not superuser or
staff), a channel moderator appointed by a creator who has streamed, and a plain viewer."""

from django.contrib.auth.models import Group

from apps.restrictions.models import ChannelModerator
from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory


def platform_moderator(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=PLATFORM_MODERATORS_GROUP))
    return user


def channel_with_moderator():
    """(creator, their appointed moderator): the creator has a stream, so a channel."""
    creator = UserFactory()
    StreamFactory(creator=creator)
    moderator = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=moderator)
    return creator, moderator

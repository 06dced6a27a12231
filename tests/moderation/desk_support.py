"""People for the desk's tests: a platform moderator (the staff-granted group, not superuser or
staff), a channel moderator appointed by a creator who has streamed, and a plain viewer."""

from apps.restrictions.models import ChannelModerator
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory


def channel_with_moderator():
    """(creator, their appointed moderator): the creator has a stream, so a channel."""
    creator = UserFactory()
    StreamFactory(creator=creator)
    moderator = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=moderator)
    return creator, moderator

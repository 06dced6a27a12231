"""A channel (a creator live on a stream), its people, and a clock the services read."""

import pytest

from tests.factories import PlatformModeratorFactory, UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture
def stream(db):
    return LiveStreamFactory()


@pytest.fixture
def creator(stream):
    return stream.creator


@pytest.fixture
def viewer(db):
    return UserFactory()


@pytest.fixture
def platform_moderator(db):
    return PlatformModeratorFactory()


@pytest.fixture
def channel_moderator(creator):
    from apps.restrictions.models import ChannelModerator

    moderator = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=moderator)
    return moderator

"""A channel (a creator live on a stream), its people, and a clock the services read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PlatformModeratorFactory, UserFactory
from tests.streaming.factories import LiveStreamFactory


class Clock:
    """django.utils.timezone.now, moved by the test: services and rules read it through the module."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


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

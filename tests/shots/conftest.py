import importlib

import pytest
from django.apps import apps

from apps.restrictions.services.roles import moderator_add
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture
def shot_types(db):
    """The shot types migration 0002 seeds (a transactional test elsewhere may have flushed them)."""
    importlib.import_module("apps.shots.migrations.0002_shot_types").add_shot_types(apps, None)


@pytest.fixture
def stream(shot_types):
    return LiveStreamFactory()


@pytest.fixture
def scorekeeper(stream):
    """A moderator the creator appointed."""
    user = UserFactory()
    moderator_add(actor=stream.creator, channel=stream.creator, user=user)
    return user

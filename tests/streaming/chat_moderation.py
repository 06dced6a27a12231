"""What the chat-moderation tests share: a clock the test moves, platform moderators, and a
blocked term AutoMod holds.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from apps.restrictions.models import Term
from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP
from tests.factories import UserFactory

BAD_WORD = "dunkface"
# What AutoMod tells moderators it matched (a global blocked term).
BAD_WORD_RULE = f"Blocked term (everywhere): {BAD_WORD}"


class Clock:
    """`timezone.now()` as the test sets it (every caller reads it through the module)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def chat_clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def automod_holds(db):
    """AutoMod holding every message with BAD_WORD in it, in every channel (a global blocked term)."""
    return Term.objects.create(channel=None, text=BAD_WORD)


def platform_moderator(**kwargs):
    user = UserFactory(**kwargs)
    Group.objects.get(name=PLATFORM_MODERATORS_GROUP).user_set.add(user)
    return user


def old_user(**kwargs):
    """An account older than the established-users age (a day)."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=3), **kwargs)

"""What the chat-moderation tests share: a clock the test moves, platform moderators, and a
stand-in for AutoMod's matcher.

AutoMod's matcher (`apps.restrictions.automod.check_message`) and the shadow-hide rule
(`apps.restrictions.rules.is_shadow_hidden`) are other modules' (helpers A and B1 of issue #18);
until they are merged the `automod_holds` and `shadow_hides` fixtures stand in for them, matching
what the tests name, at the module the chat service calls them through.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP
from tests.factories import UserFactory

BAD_WORD = "dunkface"


@dataclass(frozen=True)
class Hit:
    rule: str
    category: str | None = None
    term: str = ""


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
def automod_holds(monkeypatch):
    """AutoMod holding every message with BAD_WORD in it."""

    def check_message(channel_id, text):
        return Hit(rule=f"Blocked term: {BAD_WORD}", term=BAD_WORD) if BAD_WORD in text.lower() else None

    monkeypatch.setattr("apps.restrictions.automod.check_message", check_message)


@pytest.fixture
def shadow_hides(monkeypatch):
    """Shadow-hides the users the test adds to the returned set."""
    hidden: set[int] = set()
    monkeypatch.setattr("apps.restrictions.rules.is_shadow_hidden", lambda user, channel_id: user.pk in hidden)
    return hidden


def platform_moderator(**kwargs):
    user = UserFactory(**kwargs)
    Group.objects.get(name=PLATFORM_MODERATORS_GROUP).user_set.add(user)
    return user


def old_user(**kwargs):
    """An account older than the established-users age (a day)."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=3), **kwargs)

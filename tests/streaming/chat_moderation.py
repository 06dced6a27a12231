"""What the chat-moderation tests share: a clock the test moves, platform moderators, and a
blocked term AutoMod holds.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.restrictions.models import Term
from tests.factories import UserFactory

BAD_WORD = "dunkface"
# What AutoMod tells moderators it matched (a global blocked term).
BAD_WORD_RULE = f"Blocked term (everywhere): {BAD_WORD}"


@pytest.fixture
def automod_holds(db):
    """AutoMod holding every message with BAD_WORD in it, in every channel (a global blocked term)."""
    return Term.objects.create(channel=None, text=BAD_WORD)


def old_user(**kwargs):
    """An account older than the established-users age (a day)."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=3), **kwargs)

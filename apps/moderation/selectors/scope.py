"""Which channels a moderator's queues and logs show."""

from apps.restrictions.models import ChannelModerator
from apps.restrictions.rules import is_platform_moderator


def moderated_channel_ids(user) -> list[int] | None:
    """The channels `user` moderates: their own and those they were appointed to; None for a
    platform moderator (everywhere, including what belongs to no channel)."""
    if is_platform_moderator(user):
        return None
    if not (user and user.is_authenticated):
        return []
    return [user.pk, *ChannelModerator.objects.filter(moderator=user).values_list("creator_id", flat=True)]

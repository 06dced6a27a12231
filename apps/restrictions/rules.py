"""Who moderates where. Each `*_problem` returns the error the service raises, or None; the pages,
the API and the sockets ask the same functions (docs/architecture.md, "Rules")."""

from apps.restrictions.errors import NotChannelModerator, NotPlatformModerator
from apps.restrictions.models import ChannelModerator

PLATFORM_MODERATOR_PERMISSION = "restrictions.moderate_platform"
# The group staff put platform moderators in (migration 0002 gives it the permission).
PLATFORM_MODERATORS_GROUP = "Platform moderators"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_platform_moderator(user) -> bool:
    """A staff-granted role (the permission, usually through the group): moderates everywhere and
    works the dashboard. Superusers hold every permission."""
    return _signed_in(user) and user.has_perm(PLATFORM_MODERATOR_PERMISSION)


def is_channel_moderator(user, channel_id) -> bool:
    """The channel's creator, someone they appointed, or a platform moderator."""
    if not _signed_in(user):
        return False
    if user.pk == channel_id or is_platform_moderator(user):
        return True
    return ChannelModerator.objects.filter(creator_id=channel_id, moderator=user).exists()


def moderate_problem(user, channel_id) -> NotChannelModerator | None:
    if is_channel_moderator(user, channel_id):
        return None
    return NotChannelModerator("Only the channel's creator and its moderators can do that.")


def platform_moderate_problem(user) -> NotPlatformModerator | None:
    if is_platform_moderator(user):
        return None
    return NotPlatformModerator("Only platform moderators can do that.")

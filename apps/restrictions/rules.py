"""Who moderates where. Each `*_problem` returns the error the service raises, or None; the pages,
the API and the sockets ask the same functions (docs/architecture.md, "Rules")."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.restrictions.errors import NotChannelModerator, NotPlatformModerator

PLATFORM_MODERATOR_PERMISSION = "restrictions.moderate_platform"
_HOLDS_PERMISSION = {"codename": "moderate_platform", "content_type__app_label": "restrictions"}
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
    if user.pk == channel_id or user.is_superuser:
        return True
    # One query whatever the answer: every page and socket of a stream asks it for each viewer.
    appointed = Q(moderates__creator_id=channel_id)
    permitted = Q(**{f"user_permissions__{k}": v for k, v in _HOLDS_PERMISSION.items()})
    grouped = Q(**{f"groups__permissions__{k}": v for k, v in _HOLDS_PERMISSION.items()})
    return get_user_model().objects.filter(Q(pk=user.pk) & (appointed | permitted | grouped)).exists()


def moderate_problem(user, channel_id) -> NotChannelModerator | None:
    if is_channel_moderator(user, channel_id):
        return None
    return NotChannelModerator("Only the channel's creator and its moderators can do that.")


def platform_moderate_problem(user) -> NotPlatformModerator | None:
    if is_platform_moderator(user):
        return None
    return NotPlatformModerator("Only platform moderators can do that.")

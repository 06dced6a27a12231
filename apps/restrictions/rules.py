"""Who moderates where, and what limits whom. Each `*_problem` returns the error the service raises, or None; the pages,
the API and the sockets ask the same functions (docs/architecture.md, "Rules")."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats, timezone

from apps.core.memo import remembered
from apps.restrictions.errors import (
    Banned,
    NotChannelModerator,
    NotPlatformModerator,
    PlatformBanned,
    Restricted,
    TimedOut,
    WarningPending,
)
from apps.restrictions.models import Restriction, RestrictionKind

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


# --- Restrictions: what limits a user in a channel ------------------------------------------
def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y, H:i T")


def _because(reason: str) -> str:
    return f" Reason: {reason}" if reason else ""


def _standing(user, channel_id) -> list[Restriction]:
    """The user's restrictions standing now in the channel (`channel_id` None: platform-wide ones
    only), shadow hides included: one query, once per `remembering()` block (chat asks both
    restriction_problem and is_shadow_hidden of every message)."""
    where = Q(channel__isnull=True) if channel_id is None else Q(channel_id=channel_id) | Q(channel__isnull=True)
    return remembered(
        ("restrictions", user.pk, channel_id),
        lambda: list(
            Restriction.objects.filter(where, user_id=user.pk, lifted_at__isnull=True)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
            .exclude(kind=RestrictionKind.WARNING, acknowledged_at__isnull=False)
            .only("kind", "channel_id", "reason", "ends_at", "created_at")
        ),
    )


def restriction_error(restriction: Restriction) -> Restricted:
    """The error a standing restriction answers with: its reason and end, in words and as values."""
    reason, until = restriction.reason, restriction.ends_at
    if restriction.kind == RestrictionKind.BAN and restriction.channel_id is None:
        return PlatformBanned(f"Your account is banned.{_because(reason)}", reason=reason)
    if restriction.kind == RestrictionKind.BAN:
        return Banned(f"You are banned from this channel.{_because(reason)}", until=until, reason=reason)
    if restriction.kind == RestrictionKind.TIMEOUT:
        return TimedOut(f"You are timed out in this channel until {_when(until)}.{_because(reason)}", until=until,
                        reason=reason)  # fmt: skip
    return WarningPending(
        f"A moderator warned you: acknowledge the warning to chat again.{_because(reason)}", reason=reason
    )


# Which standing restriction a user hears about first.
_PRECEDENCE = {RestrictionKind.BAN: 0, RestrictionKind.TIMEOUT: 1, RestrictionKind.WARNING: 2}


def restriction_problem(user, channel_id) -> Restricted | None:
    """What limits `user` in the channel (a creator's id; None: anywhere) now, or None: a platform
    ban, a ban from the channel, a timeout (the one ending last), or a warning not acknowledged
    yet, in that order. Chat, gifts with a message, PK and the socket's MY ask here."""
    if not (user and user.is_authenticated):
        return None
    standing = [r for r in _standing(user, channel_id) if r.kind != RestrictionKind.SHADOW]
    if not standing:
        return None
    first = min(
        standing,
        key=lambda r: (r.channel_id is not None, _PRECEDENCE[r.kind], -(r.ends_at or r.created_at).timestamp()),
    )
    return restriction_error(first)


def is_shadow_hidden(user, channel_id) -> bool:
    """Whether the user's messages in the channel reach only themselves and its moderators."""
    if not (user and user.is_authenticated):
        return False
    return any(r.kind == RestrictionKind.SHADOW for r in _standing(user, channel_id))


def restriction_among(users) -> Restriction | None:
    """A ban or running timeout of one of `users` in another one's channel, or a platform ban of one
    of them (users brought together on each other's streams: a PK battle's hosts): one query."""
    ids = [user.pk for user in users]
    return (
        Restriction.objects.filter(Q(channel_id__in=ids) | Q(channel__isnull=True, kind=RestrictionKind.BAN),
                                   user_id__in=ids, kind__in=[RestrictionKind.BAN, RestrictionKind.TIMEOUT],
                                   lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        .select_related("user__profile", "channel__profile")
        .order_by("channel_id", "id")
        .first()
    )  # fmt: skip

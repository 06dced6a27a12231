"""The audit log as a moderator may read it: everything for platform moderators, their channels'
actions for channel moderators; newest first."""

from apps.core.query import LIMIT_DEFAULT
from apps.moderation.selectors.scope import moderated_channel_ids
from apps.restrictions.models import AuditEntry


def audit_log(
    user, *, channel_id=None, actor_id=None, user_id=None, before=None, limit: int = LIMIT_DEFAULT
) -> list[AuditEntry]:
    """Filtered by the channel, the moderator who acted, the user acted on, and `before` (an entry's
    id: the page after it)."""
    entries = AuditEntry.objects.select_related("actor", "user", "channel")
    if (scope := moderated_channel_ids(user)) is not None:
        entries = entries.filter(channel_id__in=scope)
    filters = {"channel_id": channel_id, "actor_id": actor_id, "user_id": user_id, "pk__lt": before}
    entries = entries.filter(**{name: value for name, value in filters.items() if value is not None})
    return list(entries.order_by("-pk")[:limit])

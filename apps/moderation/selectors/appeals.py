"""The appeal queue: pending unban requests a moderator may decide, oldest first."""

from apps.core.query import LIMIT_DEFAULT
from apps.moderation.models import Appeal, AppealStatus
from apps.moderation.selectors.scope import moderated_channel_ids


def appeal_queue(user, *, limit: int = LIMIT_DEFAULT) -> list[Appeal]:
    appeals = Appeal.objects.filter(status=AppealStatus.PENDING).select_related(
        "user", "restriction__channel", "restriction__created_by"
    )
    if (scope := moderated_channel_ids(user)) is not None:
        appeals = appeals.filter(restriction__channel_id__in=scope)
    return list(appeals.order_by("created_at", "pk")[:limit])


def appeal_detail(appeal_id: int) -> Appeal | None:
    return (
        Appeal.objects.select_related("user", "restriction__channel", "restriction__created_by", "decided_by")
        .filter(pk=appeal_id)
        .first()
    )

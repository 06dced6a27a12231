"""The report queue: open reports grouped by target, oldest first, each with what was reported and,
for a chat message, the messages around it. A page costs the same number of queries however many
targets it holds (tests/moderation/test_reports_api.py pins it)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import BigIntegerField, Count, Min, Q, Subquery, Value
from django.db.models.functions import Coalesce

from apps.core.bounds import ID_MAX
from apps.core.query import LIMIT_DEFAULT
from apps.moderation.models import Report, ReportStatus, TargetType, target_key
from apps.moderation.selectors.scope import moderated_channel_ids
from apps.moderation.targets import Target, find_targets
from apps.streaming.models import ChatMessage

# Messages shown before and after a reported one.
CONTEXT_MESSAGES = 3


@dataclass
class QueueItem:
    """One reported target and its open reports."""

    target_type: str
    target_id: str
    count: int
    first_reported_at: datetime
    reports: list[Report]
    target: Target | None  # None: gone since it was reported
    before: list[ChatMessage] = field(default_factory=list)
    after: list[ChatMessage] = field(default_factory=list)

    @property
    def key(self) -> str:
        return target_key(self.target_type, self.target_id)

    @property
    def channel_id(self) -> int | None:
        return self.reports[0].channel_id

    @property
    def reported_user(self):
        return self.reports[0].reported_user


def open_reports_for(user):
    """The open reports `user` may work: everything for a platform moderator, their channels'
    for a channel moderator."""
    reports = Report.objects.filter(status=ReportStatus.OPEN)
    if (scope := moderated_channel_ids(user)) is not None:
        reports = reports.filter(channel_id__in=scope)
    return reports


def report_queue(user, *, limit: int = LIMIT_DEFAULT) -> list[QueueItem]:
    """The oldest `limit` reported targets `user` may work, with their open reports."""
    reports = open_reports_for(user)
    groups = list(
        reports.values("target_type", "target_id")
        .annotate(count=Count("pk"), first_reported_at=Min("created_at"), first_id=Min("pk"))
        .order_by("first_reported_at", "first_id")[:limit]
    )
    if not groups:
        return []
    keys = [(group["target_type"], group["target_id"]) for group in groups]
    by_key = defaultdict(list)
    for report in (
        reports.filter(reduce(or_, (Q(target_type=kind, target_id=pk) for kind, pk in keys)))
        .select_related("reporter", "reported_user", "channel")
        .order_by("pk")
    ):
        by_key[(report.target_type, report.target_id)].append(report)
    targets = find_targets(keys)
    items = [
        QueueItem(
            target_type=group["target_type"],
            target_id=group["target_id"],
            count=group["count"],
            first_reported_at=group["first_reported_at"],
            reports=by_key[key],
            target=targets.get(key),
        )
        for group, key in zip(groups, keys, strict=True)
    ]
    _add_context([item for item in items if item.target and item.target.type == TargetType.MESSAGE])
    return items


def _window(message: ChatMessage) -> Q:
    """The CONTEXT_MESSAGES messages either side of `message` in its stream: between it and the
    one that many places away (a scalar subquery on the stream's index), or the stream's end."""
    in_stream = ChatMessage.objects.filter(stream_id=message.stream_id)
    earlier = in_stream.filter(pk__lt=message.pk).order_by("-pk").values("pk")[CONTEXT_MESSAGES - 1 : CONTEXT_MESSAGES]
    later = in_stream.filter(pk__gt=message.pk).order_by("pk").values("pk")[CONTEXT_MESSAGES - 1 : CONTEXT_MESSAGES]
    return Q(stream_id=message.stream_id) & (
        Q(pk__lt=message.pk, pk__gte=Coalesce(Subquery(earlier), Value(0, output_field=BigIntegerField())))
        | Q(pk__gt=message.pk, pk__lte=Coalesce(Subquery(later), Value(ID_MAX, output_field=BigIntegerField())))
    )


def _add_context(items: list[QueueItem]) -> None:
    """The messages before and after each reported message, for all of them in one query."""
    if not items:
        return
    windows = reduce(or_, (_window(item.target.obj) for item in items))
    by_stream = defaultdict(list)
    for around in ChatMessage.objects.filter(windows).select_related("user").order_by("pk"):
        by_stream[around.stream_id].append(around)
    for item in items:
        message = item.target.obj
        nearby = by_stream[message.stream_id]
        item.before = [m for m in nearby if m.pk < message.pk][-CONTEXT_MESSAGES:]
        item.after = [m for m in nearby if m.pk > message.pk][:CONTEXT_MESSAGES]

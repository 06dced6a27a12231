"""The user card's reads (views_card.py): what a channel's team sees about someone in its chat."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Follow, User
from apps.restrictions.models import AuditEntry, Restriction, RestrictionKind
from apps.streaming.models import ChatMessage

CARD_ACTIONS_SHOWN = 10
CARD_MESSAGES_SHOWN = 10


@dataclass(frozen=True)
class UserCard:
    user: User
    follower_since: datetime | None
    standing: list[Restriction]  # in force now, in this channel or everywhere
    actions: list[AuditEntry]  # moderators' past actions on them in this channel, newest first
    messages: list[ChatMessage]  # their latest in this channel's streams, newest first


def user_card(*, user: User, channel_id) -> UserCard:
    """`user`'s card for the channel (the creator's user id)."""
    follow = Follow.objects.filter(follower=user, creator_id=channel_id).only("created_at").first()
    now = timezone.now()
    standing = (
        Restriction.objects.filter(user=user, lifted_at__isnull=True)
        .filter(Q(channel_id=channel_id) | Q(channel__isnull=True))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .exclude(kind=RestrictionKind.WARNING, acknowledged_at__isnull=False)
        .order_by("-created_at")
    )
    actions = (
        AuditEntry.objects.filter(user=user, channel_id=channel_id)
        .select_related("actor")
        .order_by("-created_at", "-id")[:CARD_ACTIONS_SHOWN]
    )
    messages = (
        ChatMessage.objects.filter(user=user, stream__creator_id=channel_id, deleted_at__isnull=True)
        .select_related("stream")
        .order_by("-id")[:CARD_MESSAGES_SHOWN]
    )
    return UserCard(
        user=user,
        follower_since=follow.created_at if follow else None,
        standing=list(standing),
        actions=list(actions),
        messages=list(messages),
    )

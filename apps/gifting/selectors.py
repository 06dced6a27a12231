"""Reads of gifting: the catalog, a stream's gifts, totals, goal and leaderboard, a user's gift history."""

from django.db.models import QuerySet
from django.utils import timezone

from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals, Tip
from apps.wallet.services import split_for

LEADERBOARD_SIZE = 10
# The pinned tips at the top of a stream's chat, newest first.
PINNED_TIPS_SHOWN = 3


def catalog(*, category: str | None = None, rarity: str | None = None) -> QuerySet[Gift]:
    gifts = Gift.objects.on_sale()
    if category:
        gifts = gifts.filter(category=category)
    if rarity:
        gifts = gifts.filter(rarity=rarity)
    return gifts


def stream_gifts(*, stream, limit: int = 50) -> list[GiftSend]:
    return list(
        GiftSend.objects.filter(stream=stream).select_related("gift", "sender__profile").order_by("-id")[:limit]
    )


def creator_share(send: GiftSend) -> int:
    """The coins a gift added to its creator's earnings: the wallet's own split of what it cost."""
    return split_for(send.total_coins).creator


def gift_totals(*, stream) -> StreamGiftTotals:
    """The stream's gift totals and donation goal: its row, or zeros (unsaved) before its first gift
    or goal. At most one query per stream object, none after select_related("gift_totals")."""
    try:
        return stream.gift_totals
    except StreamGiftTotals.DoesNotExist:
        return StreamGiftTotals(stream=stream)  # a one-to-one: the stream keeps it too, no second query


def leaderboard(*, stream, limit: int = LEADERBOARD_SIZE) -> list[StreamGifter]:
    return list(
        StreamGifter.objects.filter(stream=stream, coins__gt=0)
        .select_related("sender__profile")
        .order_by("-coins", "updated_at")[:limit]
    )


def gifts_of(*, user, direction: str) -> QuerySet[GiftSend]:
    """A user's gifts, `sent` or `received`, newest first."""
    field = "sender" if direction == "sent" else "recipient"
    return (
        GiftSend.objects.filter(**{field: user})
        .select_related("gift", "stream", "sender__profile", "recipient__profile")
        .order_by("-id")
    )


def pinned_tips(*, stream, limit: int = PINNED_TIPS_SHOWN) -> list[Tip]:
    """The stream's tips still pinned now, newest first."""
    return list(
        Tip.objects.filter(stream=stream, pinned_until__gt=timezone.now())
        .select_related("sender__profile")
        .order_by("-id")[:limit]
    )
